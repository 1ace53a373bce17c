"""Scheduling deadlines from the domains, and recomputing provisional ones.

A domain calls `schedule` when an object starts waiting (a countersign request sent, a 批示件
asking for a report, a task put on the ledger), `schedule` again when its due date moves (an
agreed extension), and `close` when the wait ends (answered, reported, closed). All run in the
domain's own unit of work, so the row and the domain's change commit together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import String, bindparam, cast, select
from sqlalchemy.orm import Session

from zhengwu.calendar import WorkCalendar, default_calendar
from zhengwu.core import audit
from zhengwu.core.db import reading
from zhengwu.core.paging import Page, keyset
from zhengwu.core.settings import Settings
from zhengwu.core.uow import TenantWork, UnitOfWork
from zhengwu.deadlines.models import OPEN_STATES, PendingDeadline
from zhengwu.deadlines.registry import REGISTRY, Registry

audit.label(actions={"deadline.remind": "期限催办", "deadline.overdue": "逾期提醒并报告",
                     "deadline.moved": "期限随法定节假日安排调整", "deadline.materials_closed": "会议材料报送截止"},
            objects={})


def is_provisional(calendar: WorkCalendar, day: date) -> bool:
    """Whether `day` lies in a year whose State Council notice is not entered (暂定)."""
    return calendar.is_provisional(day)


def reminder_days(calendar: WorkCalendar, due: date, today: date, lead_workdays: int) -> list[date]:
    """催办 dates: `lead_workdays` working days before the due date, and the due date itself,
    those not already past."""
    days = {due}
    if lead_workdays > 0:
        days.add(calendar.add_workdays(due, -lead_workdays))
    return sorted(d for d in days if d >= today)


def _next_fire(row: PendingDeadline) -> date:
    waiting = [date.fromisoformat(d) for d in row.reminders if d not in row.reminded]
    # The end of the due day is when silence turns into consent or the deadline is overdue.
    return min(waiting) if waiting else row.due + timedelta(days=1)


_FIND = select(PendingDeadline).where(PendingDeadline.tenant_id == bindparam("tenant_id"),
                                      PendingDeadline.kind == bindparam("kind"),
                                      PendingDeadline.object_id == bindparam("object_id"))  # built once: asked by every answer


def find(session: Session, tenant_id: int, kind: str, object_id) -> PendingDeadline | None:
    with reading(session, PendingDeadline, rows=True, of=("object_id", (str(object_id),))):  # by kind and object, which never change
        return session.execute(_FIND, {"tenant_id": tenant_id, "kind": kind, "object_id": str(object_id)}).scalar_one_or_none()


def schedule(uow: TenantWork, kind: str, object_id, *, due: date, title: str, trail_type: str, trail_id,
             cite: str | None, start_on: date | None = None, count: int | None = None, unit: str | None = None,
             calendar: WorkCalendar | None = None, lead_workdays: int | None = None) -> PendingDeadline:
    """Start (or restart, with a new due date) the deadline of one object.

    `start_on`, `count` and `unit` ("workdays" | "days") say how `due` was computed, so it can
    be computed again when the official calendar of a provisional year is entered.
    """
    calendar = calendar or default_calendar()
    lead = Settings.from_env().reminder_lead_workdays if lead_workdays is None else lead_workdays
    row = find(uow.session, uow.tenant_id, kind, object_id)
    if row is None:
        row = PendingDeadline(tenant_id=uow.tenant_id, kind=kind, object_id=str(object_id), moves=[], attempts=0,
                              created_at=uow.now)
        uow.session.add(row)
    row.trail_type, row.trail_id, row.title = trail_type, str(trail_id), title[:500]
    row.due, row.cite, row.start_on, row.count, row.unit = due, cite, start_on, count, unit
    row.provisional = unit == "workdays" and is_provisional(calendar, due)
    row.reminders = [d.isoformat() for d in reminder_days(calendar, due, uow.today, lead)]
    row.reminded = []
    row.state, row.outcome, row.fired_at, row.last_error = "pending", None, None, None
    row.next_fire_on = _next_fire(row)
    row.updated_at = uow.now
    uow.session.flush()
    return row


def close(uow: TenantWork, kind: str, object_id, outcome: str = "answered") -> PendingDeadline | None:
    """The wait is over (answered, reported, closed): nothing more fires for this object."""
    row = find(uow.session, uow.tenant_id, kind, object_id)
    if row is None or row.state not in OPEN_STATES:
        return row
    row.state, row.outcome, row.next_fire_on, row.updated_at = "done", outcome, None, uow.now
    uow.session.flush()
    return row


def for_trail(session: Session, tenant_id: int, trail_type: str, trail_id) -> list[PendingDeadline]:
    """The deadlines whose events show on one object's page."""
    return list(session.execute(select(PendingDeadline).where(
        PendingDeadline.tenant_id == tenant_id, PendingDeadline.trail_type == trail_type,
        PendingDeadline.trail_id == str(trail_id)).order_by(PendingDeadline.id)).scalars())


def for_trails(session: Session, tenant_id: int, trail_type: str, trail_ids) -> dict[str, list[PendingDeadline]]:
    """The deadlines of many objects' pages at once (a list shows each row's), by object id."""
    found: dict[str, list[PendingDeadline]] = {str(i): [] for i in trail_ids}
    if found:
        for row in session.execute(select(PendingDeadline).where(
                PendingDeadline.tenant_id == tenant_id, PendingDeadline.trail_type == trail_type,
                PendingDeadline.trail_id.in_(list(found))).order_by(PendingDeadline.id)).scalars():
            found[row.trail_id].append(row)
    return found


def open_deadlines(session: Session, tenant_id: int, *, after: int | None = None,
                   limit: int | None = None) -> Page[PendingDeadline]:
    """A page of the tenant's open deadlines (keyset on the id, oldest first), shown by due date."""
    page = keyset(session, select(PendingDeadline).where(
        PendingDeadline.tenant_id == tenant_id, PendingDeadline.state.in_(OPEN_STATES)),
        PendingDeadline.id, after=after, limit=limit, descending=False)
    return Page(sorted(page.rows, key=lambda r: (r.due, r.id)), page.next_after, page.total, page.capped)


def recently_moved(session: Session, tenant_id: int, limit: int = 10) -> list[PendingDeadline]:
    """Open deadlines the official calendar moved, newest first: the owner's home panel. The
    empty JSON list reads '[]' as text on both databases."""
    return list(session.execute(select(PendingDeadline).where(
        PendingDeadline.tenant_id == tenant_id, PendingDeadline.state.in_(OPEN_STATES),
        cast(PendingDeadline.moves, String) != "[]")
        .order_by(PendingDeadline.updated_at.desc(), PendingDeadline.id.desc()).limit(limit)).scalars())


def move_notes(row: PendingDeadline) -> list[str]:
    """What the owner reads: 「期限由 2027-01-11 调整为 2027-01-12（…）」."""
    return [f"期限由 {m['from']} 调整为 {m['to']}（{m['reason']}）" for m in row.moves]


@dataclass(frozen=True)
class Moved:
    tenant_id: int
    deadline_id: int
    kind: str
    object_id: str
    old_due: date
    new_due: date


MOVE_REASON = "国务院办公厅节假日安排录入后按正式安排重新计算"


def recompute_provisional(uow: UnitOfWork, calendar: WorkCalendar, *, registry: Registry = REGISTRY) -> list[Moved]:
    """After the operator enters a year's official schedule: every open deadline computed
    provisionally is computed again from its start date and working-day count on `calendar`
    (the new one). Each move updates the domain's object (its kind's `on_move`), is audited on
    the owner's chain (old → new date, the rule's cite) and is listed on the object's page.
    Deadlines that did not move are only marked no longer provisional where that is so.
    Runs inside the caller's unit of work (the import's), across all tenants."""
    rows = uow.session.execute(select(PendingDeadline).where(
        PendingDeadline.state.in_(OPEN_STATES), PendingDeadline.provisional.is_(True))
        .order_by(PendingDeadline.id).with_for_update()).scalars().all()
    moved = []
    for row in rows:
        if row.unit != "workdays" or row.start_on is None or row.count is None:
            continue
        new_due = calendar.add_workdays(row.start_on, row.count)
        old_due = row.due
        row.provisional = is_provisional(calendar, new_due)
        row.updated_at = uow.now
        if new_due == old_due:
            continue
        kind = registry.get(row.kind)
        row.due = new_due
        row.moves = [*row.moves, {"from": old_due.isoformat(), "to": new_due.isoformat(), "cite": row.cite,
                                  "reason": MOVE_REASON, "at": uow.now.isoformat()}]
        if row.state == "pending":
            row.reminders = [d.isoformat() for d in reminder_days(
                calendar, new_due, uow.today, Settings.from_env().reminder_lead_workdays)]
            row.reminded = []
            row.next_fire_on = _next_fire(row)
        elif new_due >= uow.today:
            # It was flagged overdue on a provisional date it no longer has: waiting again.
            row.state, row.outcome, row.fired_at = "pending", None, None
            row.reminders, row.reminded = [], []
            row.next_fire_on = _next_fire(row)
        if kind.on_move is not None:
            kind.on_move(TenantWork(uow.session, uow.actor, row.tenant_id, uow.now, "deadline.moved"), row)
        uow.session.flush()
        uow.record("deadline.moved", object_type=row.trail_type, object_id=row.trail_id, tenant_id=row.tenant_id,
                   before={"due": old_due.isoformat()}, after={"due": new_due.isoformat()}, cite=row.cite,
                   detail={"deadline": kind.label, "title": row.title, "from": old_due.isoformat(),
                           "to": new_due.isoformat(), "start_on": row.start_on.isoformat(),
                           "workdays": row.count, "reason": MOVE_REASON})
        moved.append(Moved(row.tenant_id, row.id, row.kind, row.object_id, old_due, new_due))
    return moved
