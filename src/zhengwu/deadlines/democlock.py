"""The operator's demo clock: move a demo deployment forward by N working days and fire what
fell due, so deemed consent, a late 批示件 report or an overdue task can be shown. Refused on a
deployment not started in demo mode: a real government's clock is the wall clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhengwu.calendar import Clock, DemoClock, default_calendar
from zhengwu.core import audit, permissions
from zhengwu.core.db import Database
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import Verdict
from zhengwu.deadlines.processor import Firing, fire_due
from zhengwu.deadlines.registry import REGISTRY, Registry

MAX_WORKDAYS = 250  # about a year of working days: enough for any deadline the rules set

permissions.define("platform.demo_clock", "拨动演示时钟", "演示模式下的平台管理员", permissions.platform_admin)
audit.label(actions={"platform.demo_clock": "拨动演示时钟"})

NOT_DEMO = "本平台不是以演示模式启动的，时钟以实际时间为准，不能拨动；只有演示模式下，平台管理员可以拨动演示时钟。"


@dataclass(frozen=True)
class Advanced:
    before: date
    after: date
    firings: list[Firing]


def is_demo(clock: Clock) -> bool:
    return isinstance(clock, DemoClock)


def check_advance(clock: Clock, workdays: int) -> Verdict:
    if not is_demo(clock):
        return Verdict.refused("not_demo_mode", NOT_DEMO)
    if not 1 <= workdays <= MAX_WORKDAYS:
        return Verdict.refused("bad_workdays", f"请填写 1 至 {MAX_WORKDAYS} 之间的工作日数。")
    return Verdict.passed()


def advance(db: Database, clock: Clock, actor: Actor, workdays: int, *, registry: Registry = REGISTRY) -> Advanced:
    """Move the demo clock `workdays` working days forward (audited on the platform chain), then
    run the deadline processor at once, as its next tick would."""
    with unit_of_work(db, actor, "platform.demo_clock", now=clock.now()) as uow:
        permissions.require(uow, "platform.demo_clock")
        check_advance(clock, workdays).raise_if_refused()
        before = uow.today
        after = default_calendar().add_workdays(before, workdays)
        uow.record(before={"today": before.isoformat()}, after={"today": after.isoformat()},
                   detail={"workdays": workdays})
    assert isinstance(clock, DemoClock)  # check_advance refused any other clock
    clock.advance_to(after)
    return Advanced(before, after, fire_due(db, clock, registry))
