"""Calendar subscription links: one secret link per person and government, fetched by calendar
programs without a browser session, revocable at any time (a new link revokes the old one)."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.core import permissions
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import TenantWork
from zhengwu.meetings.models import CalendarFeed
from zhengwu.meetings.scene import person

FEED_PATH = "/calendar/{token}.ics"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + FEED_PATH.format(token=token)


def active_feed(session: Session, tenant_id: int, user_id: int) -> CalendarFeed | None:
    return session.execute(select(CalendarFeed).where(
        CalendarFeed.tenant_id == tenant_id, CalendarFeed.user_id == user_id,
        CalendarFeed.revoked_at.is_(None))).scalar_one_or_none()


def create_feed(uow: TenantWork) -> str:
    """A new subscription link for the acting person; any earlier one stops working. Returns
    the token, shown to the person once (only its hash is stored)."""
    permissions.require(uow, "meetings.view")
    user_id = person(uow)
    _revoke(uow, user_id)
    token = secrets.token_urlsafe(32)
    row = CalendarFeed(tenant_id=uow.tenant_id, user_id=user_id, token_hash=_hash(token), created_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
    uow.record("meetings.create_feed", object_type="calendar_feed", object_id=row.id)
    return token


def revoke_feed(uow: TenantWork) -> bool:
    """The acting person's subscription link stops working; False if there was none."""
    permissions.require(uow, "meetings.view")
    row = _revoke(uow, person(uow))
    if row is not None:
        uow.record("meetings.revoke_feed", object_type="calendar_feed", object_id=row.id)
    return row is not None


def _revoke(uow: TenantWork, user_id: int) -> CalendarFeed | None:
    row = active_feed(uow.session, uow.tenant_id, user_id)
    if row is not None:
        row.revoked_at = uow.now
        uow.session.flush()
    return row


def owner_of(session: Session, token: str) -> tuple[Tenant, int] | None:
    """The government and person a live link belongs to, or None (unknown or revoked)."""
    row = session.execute(select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token),
                                                     CalendarFeed.revoked_at.is_(None))).scalar_one_or_none()
    if row is None:
        return None
    return session.get_one(Tenant, row.tenant_id), row.user_id
