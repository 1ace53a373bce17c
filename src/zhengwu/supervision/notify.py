"""The ledger's tasks as the office chases them (催办), for the notices domain."""

from __future__ import annotations

from zhengwu.core.notify_events import Item
from zhengwu.supervision.models import Task


def item(session, tenant_id: int, object_id: str) -> Item | None:
    task = session.get(Task, int(object_id)) if str(object_id).isdigit() else None
    if task is None or task.tenant_id != tenant_id:
        return None
    return Item("督办事项", task.title, "supervision", task.state == "open")
