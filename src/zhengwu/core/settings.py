"""Platform settings: where the data lives and how logins behave.

These are the operator's knobs (not rules of any government), read from the environment with
command-line overrides, so the same values reach the server, the CLI and the tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    database_url: str | None = None
    # Idle time after which a browser session must log in again.
    session_idle: timedelta = timedelta(hours=8)
    # API tokens live longer than browser sessions: scripts hold them.
    token_lifetime: timedelta = timedelta(days=30)
    # Lock-out: after this many consecutive wrong passwords the account is locked for a while.
    lockout_threshold: int = 5
    lockout_duration: timedelta = timedelta(minutes=15)
    # Send cookies only over HTTPS; off for the loopback demo.
    secure_cookies: bool = False
    # The address people reach the platform at: calendar subscription links and the stable UIDs
    # of .ics events are built from it, never from a request's Host header.
    base_url: str = "http://127.0.0.1:8000"

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None, **overrides) -> "Settings":
        env = os.environ
        settings = cls(
            data_dir=Path(data_dir or env.get("ZHENGWU_DATA_DIR") or "data"),
            database_url=env.get("ZHENGWU_DATABASE_URL") or None,
            lockout_threshold=int(env.get("ZHENGWU_LOCKOUT_THRESHOLD", cls.lockout_threshold)),
            secure_cookies=env.get("ZHENGWU_SECURE_COOKIES", "") == "1",
            base_url=(env.get("ZHENGWU_BASE_URL") or cls.base_url).rstrip("/"),
        )
        return replace(settings, **overrides)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'zhengwu.db').resolve()}"
