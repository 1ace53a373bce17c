"""Platform settings: where the data lives and how logins behave.

These are the operator's knobs (not rules of any government), read from the environment with
command-line overrides, so the same values reach the server, the CLI and the tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from zhengwu.core.limits import MIB, Limits


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
    # 催办 before a deadline: no rules text names a lead time, so the platform sets one.
    reminder_lead_workdays: int = 2
    # How often the embedded deadline processor of `zhengwu serve` (and `zhengwu worker`) looks.
    deadline_tick_seconds: float = 60.0
    # How far back a real date (收文日期, the day a request was received) may be registered.
    backdate_limit_days: int = 30
    # The audit checkpoints' Ed25519 signing key (core/checkpoints.py); default <data_dir>/audit-signing.key.
    checkpoint_key: Path | None = None
    # Body sizes and request rates (core/limits.py).
    limits: Limits = Limits()
    # The address people reach the platform at: calendar subscription links and the stable UIDs
    # of .ics events are built from it, never from a request's Host header.
    base_url: str = "http://127.0.0.1:8000"
    # Uploaded files (files/storage.py): on the local disk under <data_dir>/files unless a bucket
    # of S3-compatible object storage (MinIO, Ceph RGW, a cloud's) is named.
    s3_bucket: str | None = None
    s3_endpoint: str | None = None  # e.g. http://minio.internal:9000; None: the AWS default
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_region: str = "us-east-1"

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None, **overrides) -> "Settings":
        env = os.environ
        settings = cls(
            data_dir=Path(data_dir or env.get("ZHENGWU_DATA_DIR") or "data"),
            database_url=env.get("ZHENGWU_DATABASE_URL") or None,
            lockout_threshold=int(env.get("ZHENGWU_LOCKOUT_THRESHOLD", cls.lockout_threshold)),
            secure_cookies=env.get("ZHENGWU_SECURE_COOKIES", "") == "1",
            reminder_lead_workdays=int(env.get("ZHENGWU_REMINDER_LEAD_WORKDAYS", cls.reminder_lead_workdays)),
            deadline_tick_seconds=float(env.get("ZHENGWU_DEADLINE_TICK_SECONDS", cls.deadline_tick_seconds)),
            backdate_limit_days=int(env.get("ZHENGWU_BACKDATE_LIMIT_DAYS", cls.backdate_limit_days)),
            checkpoint_key=Path(env["ZHENGWU_AUDIT_KEY"]) if env.get("ZHENGWU_AUDIT_KEY") else None,
            base_url=base_url_from_env(),
            s3_bucket=env.get("ZHENGWU_S3_BUCKET") or None,
            s3_endpoint=env.get("ZHENGWU_S3_ENDPOINT") or None,
            s3_access_key=env.get("ZHENGWU_S3_ACCESS_KEY") or None,
            s3_secret_key=env.get("ZHENGWU_S3_SECRET_KEY") or None,
            s3_region=env.get("ZHENGWU_S3_REGION") or cls.s3_region,
            limits=_upload_limits(env.get("ZHENGWU_UPLOAD_LIMITS_MB", "")),
        )
        return replace(settings, **overrides)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'zhengwu.db').resolve()}"


def base_url_from_env() -> str:
    """The platform's address alone: every notice's link is built from it, and reading all the
    settings for each (fifteen variables) was a notable part of a batch's notices."""
    return (os.environ.get("ZHENGWU_BASE_URL") or Settings.base_url).rstrip("/")


def _upload_limits(spec: str) -> Limits:
    """ZHENGWU_UPLOAD_LIMITS_MB="body=20,scan=80": megabytes per kind of file; others keep their default."""
    limits = Limits()
    for part in filter(None, (p.strip() for p in spec.split(","))):
        kind, _, megabytes = part.partition("=")
        field = f"upload_{kind.strip()}"
        if not hasattr(limits, field) or not megabytes.strip().isdigit():
            raise ValueError(f"ZHENGWU_UPLOAD_LIMITS_MB 的「{part}」应为 种类=兆字节数，种类为 body、attachment、scan、material。")
        changed: dict[str, Any] = {field: int(megabytes) * MIB}
        limits = replace(limits, **changed)
    return limits
