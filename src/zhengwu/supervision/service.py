"""Supervision use cases, called by other domains inside their own unit of work."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.core.uow import UnitOfWork
from zhengwu.core.verdict import Verdict
from zhengwu.supervision.models import Task


def create_task(uow: UnitOfWork, *, source: str, source_id: str | int, title: str, department_id: int | None,
                deadline: date | None, cite: str | None = None) -> Task:
    """Put a task on the ledger (audited in the caller's transaction). A task needs a
    responsible department and a deadline: the ledger cannot chase one without them."""
    verdict = Verdict.passed()
    if not title.strip():
        verdict &= Verdict.refused("supervision.missing_title", "督办事项须写明内容。")
    if department_id is None:
        verdict &= Verdict.refused("supervision.missing_department", "督办事项须明确责任单位。")
    if deadline is None:
        verdict &= Verdict.refused("supervision.missing_deadline", "督办事项须明确办理时限。")
    verdict.raise_if_refused()
    task = Task(tenant_id=uow.tenant_id, source=source, source_id=str(source_id), title=title.strip(),
                department_id=department_id, deadline=deadline, state="open", cite=cite, created_at=uow.now)
    uow.session.add(task)
    uow.session.flush()
    uow.record("supervision.create_task", object_type="task", object_id=task.id, after=task.summary(), cite=cite)
    return task


def tasks_from(session: Session, tenant_id: int, source: str, source_ids: list[str]) -> list[Task]:
    if not source_ids:
        return []
    return list(session.execute(select(Task).where(Task.tenant_id == tenant_id, Task.source == source,
                                                   Task.source_id.in_(source_ids)).order_by(Task.id)).scalars())
