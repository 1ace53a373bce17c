"""What the supervision domain tells the others (data only; see `zhengwu.core.events`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class TaskOpened:
    """A task was put on the ledger for the record `source`/`source_id` of another domain, which
    may keep the task's id with its record (a resolution shows its task)."""

    tenant_id: int
    task_id: int
    source: str
    source_id: str
