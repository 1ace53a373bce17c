"""The ledger's deadlines: a task's time limit and its milestones, reported to the 督查室 when
they pass unfinished (the ledger chases them; nothing is settled by silence)."""

from __future__ import annotations

from zhengwu.core.uow import UnitOfWork
from zhengwu.deadlines.registry import Kind, Registry
from zhengwu.supervision.models import Milestone, Task
from zhengwu.supervision.service import MILESTONE_DEADLINE, TASK_DEADLINE


def _task_moved(uow: UnitOfWork, row) -> None:
    uow.session.get(Task, int(row.object_id)).deadline = row.due


def _milestone_moved(uow: UnitOfWork, row) -> None:
    uow.session.get(Milestone, int(row.object_id)).due = row.due


def register_deadlines(registry: Registry) -> None:
    registry.register(Kind(TASK_DEADLINE, "督办事项办理时限", "督查室", on_move=_task_moved))
    registry.register(Kind(MILESTONE_DEADLINE, "督办事项办理节点", "督查室", on_move=_milestone_moved))
