"""Helpers: fire the processor at a Beijing date and read what it recorded."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from zhengwu import wiring
from zhengwu.calendar import CHINA_TZ, FixedClock
from zhengwu.core import audit
from zhengwu.deadlines.models import PendingDeadline
from zhengwu.deadlines.processor import SYSTEM, fire_due

wiring.install()


def beijing(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHINA_TZ)


def fire_on(db, day: date, hour: int = 9):
    return fire_due(db, FixedClock(beijing(day, hour)))


def system_events(db, tenant_id: int) -> list[audit.AuditEvent]:
    """The processor's events on a tenant's chain, oldest first."""
    with db.read() as session:
        return list(session.execute(select(audit.AuditEvent).where(
            audit.AuditEvent.chain == audit.chain_of(tenant_id), audit.AuditEvent.actor == SYSTEM.label)
            .order_by(audit.AuditEvent.seq)).scalars())


def rows(db, tenant_id: int, kind: str | None = None) -> list[PendingDeadline]:
    with db.read() as session:
        query = select(PendingDeadline).where(PendingDeadline.tenant_id == tenant_id)
        if kind:
            query = query.where(PendingDeadline.kind == kind)
        return list(session.execute(query.order_by(PendingDeadline.id)).scalars())
