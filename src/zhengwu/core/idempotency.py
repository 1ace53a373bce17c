"""Idempotency-Key: a retried mutating request is applied once.

The first request with a key runs its use case and stores the response in the same
transaction, keyed by user and key together with a fingerprint of the request (method, path,
body). A retry with the same key and request gets the stored response without running again;
the same key with a different request is an error. Two concurrent requests with one key: the
second one's claim of the key collides on the unique index, its transaction rolls back, and it
returns the first one's stored response; the key is claimed before the use case runs, so the
second one never runs it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhengwu.core.base import Base, UtcDateTime
from zhengwu.core.db import Database
from zhengwu.core.errors import IdempotencyKeyReused
from zhengwu.core.uow import Actor, UnitOfWork, unit_of_work


# How long a key is remembered: retries come within minutes; a day covers a client that was offline.
RETENTION = timedelta(hours=24)


class IdempotentResponse(Base):
    __tablename__ = "idempotent_responses"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_idempotent_responses_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    status_code: Mapped[int] = mapped_column(Integer, nullable=False)
    body: Mapped[Any] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b"\n" + path.encode() + b"\n" + body).hexdigest()


@dataclass(frozen=True)
class Outcome:
    status_code: int
    body: Any
    replayed: bool = False


def _stored(session: Session, user_id: int, key: str) -> IdempotentResponse | None:
    return session.execute(
        select(IdempotentResponse).where(IdempotentResponse.user_id == user_id, IdempotentResponse.key == key)
    ).scalar_one_or_none()


def _replay(row: IdempotentResponse, print_: str) -> Outcome:
    if row.fingerprint != print_:
        raise IdempotencyKeyReused("该 Idempotency-Key 已用于另一个不同的请求，请为新请求使用新的键。")
    return Outcome(row.status_code, row.body, replayed=True)


def run_once(
    db: Database,
    actor: Actor,
    action: str,
    use_case: Callable[[UnitOfWork], Any],
    *,
    key: str | None,
    request_fingerprint: str,
    status_code: int = 200,
    tenant_id: int | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Run a use case (returning a JSON-able body) once per Idempotency-Key."""
    if key is None or actor.user_id is None:
        with unit_of_work(db, actor, action, tenant_id=tenant_id, now=now) as uow:
            return Outcome(status_code, use_case(uow))
    with db.read() as session:
        row = _stored(session, actor.user_id, key)
        if row is not None:
            return _replay(row, request_fingerprint)
    try:
        with unit_of_work(db, actor, action, tenant_id=tenant_id, now=now) as uow:
            # Claim the key before running: a concurrent request with the same key waits here on
            # the unique index and then fails, instead of running the use case a second time.
            uow.session.execute(delete(IdempotentResponse).where(
                IdempotentResponse.user_id == actor.user_id, IdempotentResponse.created_at < uow.now - RETENTION))
            claim = IdempotentResponse(user_id=actor.user_id, key=key, fingerprint=request_fingerprint,
                                       status_code=status_code, created_at=uow.now)
            uow.session.add(claim)
            uow.session.flush()
            claim.body = use_case(uow)
            uow.session.flush()
            return Outcome(status_code, claim.body)
    except IntegrityError:
        with db.read() as session:
            row = _stored(session, actor.user_id, key)
        if row is None:
            raise
        return _replay(row, request_fingerprint)
