"""Server-side login sessions (browser cookies and API tokens) with their CSRF tokens.

Only a hash of the session token is stored, so a copy of the database does not let anyone in.
A browser session ends after the configured idle time; an API token after its lifetime.
The web tier keeps no state of its own: any worker can serve any request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhengwu.core.base import Base, UtcDateTime
from zhengwu.core.settings import Settings
from zhengwu.core.uow import UnitOfWork
from zhengwu.core.users import User

BROWSER = "browser"
API = "api"
# Refresh the idle deadline at most this often, so reads do not write on every request.
_TOUCH_EVERY = timedelta(minutes=1)


class LoginSession(Base):
    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    csrf_token: Mapped[str] = mapped_column(String(64), nullable=False)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(uow: UnitOfWork, settings: Settings, user: User, *, kind: str = BROWSER,
                  tenant_id: int | None = None) -> tuple[str, LoginSession]:
    """Open a session for a user who just proved who they are; returns the secret token."""
    # Sweep the user's expired sessions here rather than in a background job.
    uow.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                                   LoginSession.expires_at <= uow.now))
    token = secrets.token_urlsafe(32)
    lifetime = settings.session_idle if kind == BROWSER else settings.token_lifetime
    row = LoginSession(token_hash=_hash(token), kind=kind, user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                       tenant_id=tenant_id, created_at=uow.now, last_seen_at=uow.now,
                       expires_at=uow.now + lifetime)
    uow.session.add(row)
    uow.session.flush()
    uow.record("login" if kind == BROWSER else "token.issue", object_type="user", object_id=user.username,
               tenant_id=None, detail={"kind": kind})
    return token, row


def find_session(session: Session, token: str | None, now: datetime) -> LoginSession | None:
    if not token:
        return None
    row = session.execute(select(LoginSession).where(LoginSession.token_hash == _hash(token))).scalar_one_or_none()
    if row is None or row.expires_at <= now:
        return None
    return row


def needs_touch(row: LoginSession, now: datetime) -> bool:
    return row.kind == BROWSER and now - row.last_seen_at >= _TOUCH_EVERY


def touch(session: Session, settings: Settings, row: LoginSession, now: datetime) -> None:
    """Slide a browser session's idle deadline forward."""
    row.last_seen_at = now
    row.expires_at = now + settings.session_idle


def end_session(uow: UnitOfWork, row: LoginSession, user: User) -> None:
    uow.session.execute(delete(LoginSession).where(LoginSession.id == row.id))
    uow.record("logout", object_type="user", object_id=user.username, tenant_id=None)


def end_other_sessions(uow: UnitOfWork, user: User, keep: LoginSession | None) -> int:
    """End every session and API token of the user but `keep` (the one asking); audited."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep is not None:
        query = query.where(LoginSession.id != keep.id)
    ended = uow.session.execute(query).rowcount or 0  # type: ignore[attr-defined]  # a DELETE gives a CursorResult
    uow.record("session.end_others", object_type="user", object_id=user.username, tenant_id=None,
               detail={"ended": ended})
    return ended


def csrf_matches(row: LoginSession, given: str | None) -> bool:
    return given is not None and given != "" and hmac.compare_digest(row.csrf_token, given)


def select_tenant(session: Session, row: LoginSession, tenant_id: int) -> None:
    """Remember the tenant the user switched to, for the next visit to the home page."""
    session.get_one(LoginSession, row.id).tenant_id = tenant_id
