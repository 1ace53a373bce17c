"""Cross-domain wiring, done explicitly at start-up rather than by importing modules for their
side effects: every entry point that fires deadlines or enters a holiday notice (`create_app`,
`zhengwu worker`, `zhengwu calendar import`) calls `install()` first."""

from __future__ import annotations

from zhengwu.calendar import WorkCalendar
from zhengwu.core import events
from zhengwu.core.uow import UnitOfWork
from zhengwu.deadlines.registry import REGISTRY, Registry
from zhengwu.deadlines.service import recompute_provisional
from zhengwu.disclosure import deadlines as disclosure_deadlines
from zhengwu.documents import deadlines as documents_deadlines
from zhengwu.documents import notify as documents_notify
from zhengwu.holiday_notices import service as holiday_notices
from zhengwu.meetings import deadlines as meetings_deadlines
from zhengwu.meetings import notify as meetings_notify
from zhengwu.notices import service as notices
from zhengwu.supervision import deadlines as supervision_deadlines
from zhengwu.supervision import notify as supervision_notify

DEADLINE_REGISTRARS = (
    documents_deadlines.register_deadlines,
    supervision_deadlines.register_deadlines,
    disclosure_deadlines.register_deadlines,
    meetings_deadlines.register_deadlines,
)


def _move_provisional_deadlines(uow: UnitOfWork, _year: int, calendar: WorkCalendar) -> int:
    return len(recompute_provisional(uow, calendar))


def install(registry: Registry = REGISTRY) -> Registry:
    """Register every domain's deadline kinds, have an entered holiday notice move the
    provisional deadlines, and have the notices domain tell people of their work (idempotent)."""
    for register in DEADLINE_REGISTRARS:
        register(registry)
    notices.install(events.BUS)
    notices.remindable("document", documents_notify.item)
    notices.remindable("topic", meetings_notify.topic_item)
    notices.remindable("task", supervision_notify.item)
    holiday_notices.on_year_entered(_move_provisional_deadlines)
    return registry
