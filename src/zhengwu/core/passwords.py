"""The password policy: long enough, not one of the passwords everyone tries first, not the
username. Each problem is one Chinese sentence; `check` returns them all at once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from zhengwu.core.verdict import Verdict

MIN_LENGTH = 8
MAX_LENGTH = 200  # argon2 takes any length; a bound keeps a login request small
COMMON = Path(__file__).with_name("common_passwords.txt")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def check(password: str, username: str) -> Verdict:
    verdict = Verdict.passed()
    folded, name = password.lower(), username.lower()
    if len(password) < MIN_LENGTH:
        verdict &= Verdict.refused("weak_password", f"密码至少 {MIN_LENGTH} 位。")
    if len(password) > MAX_LENGTH:
        verdict &= Verdict.refused("weak_password", f"密码至多 {MAX_LENGTH} 位。")
    if folded in common_passwords() or len(set(password)) <= 2:
        verdict &= Verdict.refused("common_password", "该密码过于常见，容易被猜中，请换一个。")
    if folded == name or (len(name) >= 3 and (name in folded or folded == name[::-1])):
        verdict &= Verdict.refused("password_like_username", "密码不能与用户名相同或包含用户名。")
    return verdict
