"""The ledger's deadlines: a task's time limit and its milestones, reported to the 督查室 when
they pass unfinished (the ledger chases them; nothing is settled by silence)."""

from __future__ import annotations

from zhengwu.core.notify_events import To
from zhengwu.core.uow import TenantWork
from zhengwu.deadlines.registry import Kind, Registry
from zhengwu.supervision.models import Milestone, PeriodicReport, Task
from zhengwu.supervision.service import ANNUAL_PLAN_DEADLINE, MILESTONE_DEADLINE, RESOLUTION_REPORT_DEADLINE, TASK_DEADLINE


def _task_moved(uow: TenantWork, row) -> None:
    uow.session.get_one(Task, int(row.object_id)).deadline = row.due


def _milestone_moved(uow: TenantWork, row) -> None:
    uow.session.get_one(Milestone, int(row.object_id)).due = row.due


def _lead_unit(task: Task) -> tuple[To, str]:
    return (To(units=(task.department_id,)) if task.department_id else To(posts=("supervision_office",))), "supervision"


def _task_concerned(uow: TenantWork, row) -> tuple[To, str]:
    return _lead_unit(uow.session.get_one(Task, int(row.object_id)))


def _milestone_concerned(uow: TenantWork, row) -> tuple[To, str]:
    return _lead_unit(uow.session.get_one(Task, uow.session.get_one(Milestone, int(row.object_id)).task_id))


# Reported to the 督查室 (and the office, which runs the ledger where there is no 督查室).
_SUPERVISORS = To(posts=("supervision_office", "office"))


def _plan_moved(uow: TenantWork, row) -> None:
    uow.session.get_one(PeriodicReport, int(row.object_id)).due = row.due


def register_deadlines(registry: Registry) -> None:
    registry.register(Kind(TASK_DEADLINE, "督办事项办理时限", "督查室", on_move=_task_moved,
                           concerned=_task_concerned, escalate=_SUPERVISORS))
    registry.register(Kind(MILESTONE_DEADLINE, "督办事项办理节点", "督查室", on_move=_milestone_moved,
                           concerned=_milestone_concerned, escalate=_SUPERVISORS))
    registry.register(Kind(ANNUAL_PLAN_DEADLINE, "下一年度重点工作安排提交", "政府办公室", on_move=_plan_moved))
    # The next report's day is the platform's cadence (the text names none): flagged, never moved.
    registry.register(Kind(RESOLUTION_REPORT_DEADLINE, "会议决定事项落实情况报告", "区政府领导同志"))
