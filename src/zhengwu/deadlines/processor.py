"""Firing due deadlines: claim one row under a lock, fire its stage, commit — exactly once.

Each firing runs in one write transaction that (1) claims the row — `SELECT … FOR UPDATE SKIP
LOCKED` on PostgreSQL, so two workers never take the same row and neither waits on the other;
on SQLite the transaction already holds the single writer lock (BEGIN IMMEDIATE) — (2) makes the
domain's change through the kind's handler, (3) writes the one audit event and (4) moves the
row to its next stage. All four commit together or not at all: a worker killed in the middle
leaves the row as it was, and the next worker fires it once.

Row locks were chosen over a job library (procrastinate): the rows are the domain's own durable
record (shown on pages, recomputed when the calendar changes), and the same code must run on
SQLite, which procrastinate does not support.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date
from typing import Callable

from sqlalchemy import select

from zhengwu.calendar import Clock, china_date, default_calendar
from zhengwu.core.db import Database
from zhengwu.core.notify_events import Reminded, To
from zhengwu.core.uow import Actor, TenantWork
from zhengwu.deadlines.models import PendingDeadline
from zhengwu.deadlines.registry import REGISTRY, Fired, Kind, Registry

log = logging.getLogger(__name__)

SYSTEM = Actor.system("期限自动处理")
# A handler that keeps failing is left for the operator after this many tries, not retried forever.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Firing:
    deadline_id: int
    tenant_id: int
    kind: str
    stage: str  # remind | expire | failed (the handler raised; retried up to MAX_ATTEMPTS)
    action: str


def _reminder(kind: Kind, row: PendingDeadline, today: date) -> Fired:
    left = default_calendar().workdays_between(today, row.due)
    when = "今日到期" if today == row.due else f"还有 {left} 个工作日到期（{row.due.isoformat()}）"
    return Fired("deadline.remind", row.cite, {"message": f"催办：{kind.label}「{row.title}」{when}。",
                                               "workdays_left": left}, outcome="reminded")


def _overdue(kind: Kind, row: PendingDeadline) -> Fired:
    return Fired("deadline.overdue", row.cite, {
        "message": f"逾期：{kind.label}「{row.title}」应于 {row.due.isoformat()} 前办结，已报告{kind.escalate_to}。",
        "escalated_to": kind.escalate_to})


def _fire(uow: TenantWork, row: PendingDeadline, registry: Registry) -> Firing:
    kind = registry.get(row.kind)
    today = uow.today
    if today > row.due:
        stage = "expire"
        fired = (kind.on_expiry and kind.on_expiry(uow, row)) or _overdue(kind, row)
        row.state = "done" if fired.settled else "overdue"
        row.outcome, row.fired_at, row.next_fire_on = fired.outcome, uow.now, None
        row.reminded = list(row.reminders)
    else:
        stage = "remind"
        # Reminders passed over while nobody ran the processor are not sent late: the latest one counts.
        passed = [d for d in row.reminders if d not in row.reminded and date.fromisoformat(d) <= today]
        row.reminded = [*row.reminded, *passed]
        fired = _reminder(kind, row, today)
        waiting = [date.fromisoformat(d) for d in row.reminders if d not in row.reminded]
        row.next_fire_on = min(waiting) if waiting else date.fromordinal(row.due.toordinal() + 1)
    row.updated_at = uow.now
    uow.session.flush()
    uow.record(fired.action, object_type=row.trail_type, object_id=row.trail_id, cite=fired.cite,
               detail={"deadline": kind.label, "title": row.title, "due": row.due.isoformat(),
                       "provisional": row.provisional, "stage": stage, **fired.detail})
    _tell(uow, kind, row, fired, stage)
    return Firing(row.id, row.tenant_id, row.kind, stage, fired.action)


def _tell(uow: TenantWork, kind: Kind, row: PendingDeadline, fired: Fired, stage: str) -> None:
    """The firing as a notice to the people and units concerned (and, once it runs out
    unanswered, to those it is reported to)."""
    to, link = kind.concerned(uow, row) if kind.concerned else (To(posts=("office",)), "deadlines")
    overdue = stage == "expire"
    if overdue and not fired.settled:
        to = To(tuple(dict.fromkeys((*to.users, *kind.escalate.users))),
                tuple(dict.fromkeys((*to.units, *kind.escalate.units))),
                tuple(dict.fromkeys((*to.posts, *kind.escalate.posts))))
    message = fired.detail.get("message") or f"{kind.label}「{row.title}」期限已过，按工作规则视为同意。"
    uow.publish(Reminded(tenant_id=row.tenant_id, to=to, what=kind.label, title=row.title, link=link,
                         cite=row.cite, due=row.due, message=message, by=SYSTEM.label, overdue=overdue,
                         object_type=row.trail_type, object_id=row.trail_id))


def fire_next(db: Database, clock: Clock, registry: Registry = REGISTRY) -> Firing | None:
    """Fire the stage of one due deadline; None when nothing is due."""
    now = clock.now()
    claimed: tuple[int, int, str] | None = None  # plain values: a rollback expires the row
    try:
        with db.write() as session:
            row = session.execute(
                select(PendingDeadline).where(PendingDeadline.state == "pending",
                                              PendingDeadline.next_fire_on <= china_date(now))
                .order_by(PendingDeadline.next_fire_on, PendingDeadline.id).limit(1)
                .with_for_update(skip_locked=True)).scalar_one_or_none()
            if row is None:
                return None
            claimed = (row.id, row.tenant_id, row.kind)
            return _fire(TenantWork(session, SYSTEM, row.tenant_id, now, "deadline.fire"), row, registry)
    except Exception as exc:  # noqa: BLE001 — one broken handler must not stop every other deadline
        if claimed is None:
            raise
        log.exception("deadline %s failed", claimed[0])
        _record_failure(db, claimed[0], exc, clock)
        return Firing(*claimed, "failed", "")


def _record_failure(db: Database, deadline_id: int, exc: Exception, clock: Clock) -> None:
    with db.write() as session:
        row = session.get_one(PendingDeadline, deadline_id)
        row.attempts += 1
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        row.updated_at = clock.now()
        if row.attempts >= MAX_ATTEMPTS:
            row.state = "failed"


def fire_due(db: Database, clock: Clock, registry: Registry = REGISTRY, *, limit: int | None = None) -> list[Firing]:
    """Fire every due stage (up to `limit`), one transaction each."""
    fired: list[Firing] = []
    while limit is None or len(fired) < limit:
        firing = fire_next(db, clock, registry)
        if firing is None:
            break
        fired.append(firing)
    return fired


class Ticker:
    """The processor as a background thread: fire what is due, sleep `interval` seconds, again.
    `before_tick` runs first each time (picking up holiday notices another node entered);
    `after_tick` last (delivering the notices the firings and the users' steps queued)."""

    def __init__(self, db: Database, clock: Clock, interval: float, registry: Registry = REGISTRY,
                 before_tick: Callable[[], object] | None = None, after_tick: Callable[[], object] | None = None):
        self.db, self.clock, self.interval, self.registry = db, clock, interval, registry
        self.before_tick, self.after_tick = before_tick, after_tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="zhengwu-deadlines", daemon=True)

    def start(self) -> "Ticker":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.before_tick is not None:
                    self.before_tick()
                fire_due(self.db, self.clock, self.registry)
            except Exception:  # noqa: BLE001 — a database hiccup: try again at the next tick
                log.exception("deadline processor tick failed")
            try:
                if self.after_tick is not None:
                    self.after_tick()
            except Exception:  # noqa: BLE001 — as above: the next tick tries again
                log.exception("after-tick task failed")
            self._stop.wait(self.interval)
