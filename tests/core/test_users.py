"""Users: argon2 passwords, lock-out after repeated failures, memberships."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from zhengwu.cli.main import app as cli
from zhengwu.core import audit, users
from zhengwu.core.settings import Settings
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation

from support import TEST_NOW, TEST_PASSWORD

SETTINGS = Settings(lockout_threshold=3, lockout_duration=timedelta(minutes=15))


def test_passwords_are_stored_as_argon2_hashes(db, make_user):
    user = make_user("zhang")
    assert user.password_hash.startswith("$argon2id$")
    assert TEST_PASSWORD not in user.password_hash


def test_right_and_wrong_password(db, make_user):
    make_user("zhang")
    assert users.authenticate(db, SETTINGS, "zhang", TEST_PASSWORD, TEST_NOW).user.username == "zhang"
    wrong = users.authenticate(db, SETTINGS, "zhang", "nope-nope", TEST_NOW)
    assert wrong.user is None and wrong.verdict.reasons[0].message.startswith("用户名或密码不正确")
    unknown = users.authenticate(db, SETTINGS, "nobody", TEST_PASSWORD, TEST_NOW)
    assert unknown.user is None and unknown.verdict == wrong.verdict  # no hint whether the user exists


def test_lockout_after_repeated_failures_and_release_after_the_duration(db, make_user):
    make_user("zhang")
    for _ in range(SETTINGS.lockout_threshold):
        result = users.authenticate(db, SETTINGS, "zhang", "wrong-pass", TEST_NOW)
    # Locked: even the right password is refused until the lock expires, with the same answer.
    locked = users.authenticate(db, SETTINGS, "zhang", TEST_PASSWORD, TEST_NOW + timedelta(minutes=14))
    assert locked.user is None and locked.verdict == result.verdict
    released = users.authenticate(db, SETTINGS, "zhang", TEST_PASSWORD, TEST_NOW + timedelta(minutes=16))
    assert released.user is not None
    with db.read() as session:
        refusals = [e for e in audit.recent(session, audit.PLATFORM_CHAIN) if e.action == "login"]
        reasons = [e.summary["detail"]["reason"] for e in reversed(refusals)]
        assert reasons == ["wrong_password", "wrong_password", "locked", "account_locked"]
        assert "locked_until" in refusals[1].summary["detail"]


def test_unknown_locked_and_wrong_answer_alike(db, make_user):
    """Issue 14, finding 4: a locked name must not answer differently from an unknown one."""
    make_user("zhang")
    for _ in range(SETTINGS.lockout_threshold):
        users.authenticate(db, SETTINGS, "zhang", "wrong-pass", TEST_NOW)
    locked = users.authenticate(db, SETTINGS, "zhang", "wrong-pass", TEST_NOW)
    unknown = users.authenticate(db, SETTINGS, "nobody", "wrong-pass", TEST_NOW)
    assert locked.verdict == unknown.verdict and locked.verdict.reasons[0].code == "wrong_credentials"


def test_a_success_resets_the_failure_count(db, make_user):
    make_user("zhang")
    for _ in range(SETTINGS.lockout_threshold - 1):
        users.authenticate(db, SETTINGS, "zhang", "wrong-pass", TEST_NOW)
    users.authenticate(db, SETTINGS, "zhang", TEST_PASSWORD, TEST_NOW)
    for _ in range(SETTINGS.lockout_threshold - 1):
        users.authenticate(db, SETTINGS, "zhang", "wrong-pass", TEST_NOW)
    assert users.authenticate(db, SETTINGS, "zhang", TEST_PASSWORD, TEST_NOW).user is not None


def test_a_success_does_not_lift_a_lock_in_force(db, make_user):
    make_user("zhang")
    for _ in range(SETTINGS.lockout_threshold):
        users.authenticate(db, SETTINGS, "zhang", "wrong-pass", TEST_NOW)
    assert users.authenticate(db, SETTINGS, "zhang", TEST_PASSWORD, TEST_NOW).user is None
    with db.read() as session:
        assert users.find_user(session, "zhang").locked_until is not None


def test_user_rules(db, make_user):
    make_user("zhang")
    with pytest.raises(RuleViolation) as refused:
        with unit_of_work(db, Actor.system(), "user.create", now=TEST_NOW) as uow:
            users.create_user(uow, username="zhang", display_name="", password="short")
    assert {r.code for r in refused.value.verdict.reasons} == {"duplicate_username", "missing_display_name",
                                                                "weak_password"}


def test_a_user_may_belong_to_several_tenants(db, make_tenant, make_user):
    dawa, dalian, wolong = make_tenant("dawa"), make_tenant("dalian", "dalian-2014"), make_tenant("wolong", "wolong-2018")
    user = make_user("li", tenants=[dawa, wolong])
    admin = make_user("root", platform_admin=True)
    with db.read() as session:
        assert [t.slug for t in users.tenants_of(session, user)] == ["dawa", "wolong"]
        assert [t.slug for t in users.tenants_of(session, admin)] == ["dawa", "dalian", "wolong"]
    assert dalian.id


def test_cli_create_user(db, database_url, make_tenant, monkeypatch):
    make_tenant("dawa")
    monkeypatch.setenv("ZHENGWU_DATABASE_URL", database_url)
    result = CliRunner().invoke(cli, ["admin", "create-user", "--username", "wang", "--name", "王主任",
                                      "--tenant", "dawa"], input="long-password\nlong-password\n")
    assert result.exit_code == 0, result.output
    with db.read() as session:
        wang = users.find_user(session, "wang")
        assert [t.slug for t in users.tenants_of(session, wang)] == ["dawa"]
    missing = CliRunner().invoke(cli, ["admin", "create-user", "--username", "zhao", "--name", "赵", "--tenant",
                                       "nowhere", "--password", "long-password"])
    assert missing.exit_code == 1
    with db.read() as session:
        assert users.find_user(session, "zhao") is None
        assert session.execute(select(users.User).where(users.User.username == "zhao")).first() is None


def _checking_after(real, before_check):
    """The real password hasher, with `before_check(password)` run as each check starts (to count
    checks, make one slow, or make something happen while it runs)."""

    class Hasher:
        def __getattr__(self, name):
            return getattr(real, name)

        def verify(self, stored, password):
            before_check(password)
            return real.verify(stored, password)

    return Hasher()


def _at_once(n: int, hasher, attempt) -> None:
    """`attempt()` in `n` threads released together, with `hasher` checking the passwords."""
    real, users._hasher = users._hasher, hasher
    barrier = threading.Barrier(n)

    def run():
        barrier.wait()
        attempt()

    try:
        threads = [threading.Thread(target=run) for _ in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        users._hasher = real


def test_concurrent_wrong_guesses_are_all_counted(db, make_user):
    """Issue 14, finding 4: 40 parallel wrong passwords — only `threshold` of them reach the check."""
    make_user("zhang")
    settings = Settings(lockout_threshold=5)
    checked: list[str] = []
    _at_once(40, _checking_after(users._hasher, checked.append),
             lambda: users.authenticate(db, settings, "zhang", "wrong-pass", TEST_NOW))
    assert len(checked) <= settings.lockout_threshold
    assert users.authenticate(db, settings, "zhang", TEST_PASSWORD, TEST_NOW).user is None


def test_the_right_password_is_refused_if_guesses_lock_the_account_while_it_is_checked(db, make_user):
    """The right password whose (slow) check overlaps enough parallel wrong guesses to lock the
    account gets no token: the lock that came into force meanwhile stands."""
    make_user("zhang")
    settings = Settings(lockout_threshold=5)
    real = users._hasher

    def on_right_password(password):
        if password == TEST_PASSWORD:
            slow_part()

    def slow_part():
        guesses = [threading.Thread(target=users.authenticate, args=(db, settings, "zhang", "wrong-pass", TEST_NOW))
                   for _ in range(settings.lockout_threshold)]
        for thread in guesses:
            thread.start()
        for thread in guesses:
            thread.join()

    users._hasher = _checking_after(real, on_right_password)
    try:
        result = users.authenticate(db, settings, "zhang", TEST_PASSWORD, TEST_NOW)
    finally:
        users._hasher = real
    assert result.user is None
    with db.read() as session:
        assert users.find_user(session, "zhang").locked_until is not None


def test_the_right_password_at_once_from_many_desks_never_locks_the_account(db, make_user):
    """Eight desks sharing one account log in together with the right password: the attempts
    beyond the threshold are refused unchecked, but nothing locks — only wrong passwords, checked,
    count toward the lock."""
    make_user("zhang")
    settings = Settings(lockout_threshold=5)
    results = []
    _at_once(8, _checking_after(users._hasher, lambda _password: time.sleep(0.5)),  # every check overlaps the others
             lambda: results.append(users.authenticate(db, settings, "zhang", TEST_PASSWORD, TEST_NOW).user))
    assert any(results) and len(results) == 8
    with db.read() as session:
        assert users.find_user(session, "zhang").locked_until is None
    assert users.authenticate(db, settings, "zhang", TEST_PASSWORD, TEST_NOW).user is not None


def test_the_password_policy(db, make_user):
    for password, code in (("12345678", "common_password"), ("Password1", "common_password"),
                           ("zhangwei", "password_like_username"), ("zhangwei-2024", "password_like_username"),
                           ("short", "weak_password"), ("aaaaaaaaaa", "common_password")):
        with pytest.raises(RuleViolation) as refused:
            make_user("zhangwei", password=password)
        assert code in {r.code for r in refused.value.verdict.reasons}, password
    assert make_user("zhangwei", password="长江黄河-2024").username == "zhangwei"
