"""The supervision ledger's 待办: tasks at or near their deadline (`service.reminders`, the
same working-day rule as the ledger's reminders) — for a responsible unit's head, its own
tasks to report on or close; for the 督查室 and the office that keep the ledger, every such task
to chase (催办)."""

from __future__ import annotations

from zhengwu.core.tenants import profile_on
from zhengwu.documents.events import INSTRUCTION_SOURCE
from zhengwu.org import rules as org_rules
from zhengwu.org.service import load_state
from zhengwu.supervision import service
from zhengwu.todo import Asker, Found, Item, link_object, register

# A 批示件's report is the documents' 待办 (报告批示件办理结果) for its unit: not listed twice.


def _headed(asker: Asker) -> list[int]:
    """The departments whose head's authority the person exercises today (held or acting)."""
    state = load_state(asker.session, asker.tenant.id)
    profile = profile_on(asker.session, asker.tenant.id, asker.today)
    return sorted({s.department_id for s in state.seats if s.kind == "department_head" and s.department_id
                   and org_rules.authority(profile, state, s.post_id, asker.now).acting_id == asker.user_id})


def tasks(asker: Asker) -> Found:
    if not asker.may("supervision.report"):
        return Found.none()
    keeper = asker.may("supervision.manage")
    departments = None if keeper else _headed(asker)
    if departments == []:
        return Found.none()
    rows = service.reminders(asker.session, asker.tenant.id, asker.today, limit=asker.limit,
                             department_ids=departments, except_source=None if keeper else INSTRUCTION_SOURCE)
    items = []
    for row in rows:
        overdue = row.standing.overdue
        if keeper:
            kind, step = "催办督办事项", f"{row.department}承办，请督促按期办结"
        else:
            kind, step = "办理督办事项", f"{row.department}承办，请按期报告进展或办结"
        items.append(Item(kind, row.task.title, f"supervision#task-{row.task.id}", step, due=row.task.deadline,
                          overdue=overdue))
    # The reminder window holds few tasks; the first page of them is read, its length counted.
    return Found(items[: asker.limit], len(items), False)


def register_todo() -> None:
    register("supervision.tasks", "督查督办", tasks, order=40)
    link_object("task", lambda object_id: f"supervision#task-{object_id}")
