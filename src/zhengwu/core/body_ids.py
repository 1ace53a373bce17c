"""Ids named in a request body belong to the tenant the request is about.

A body names departments, posts, meetings and people by id. Each use case looks up the objects
it acts on, but an id it only stores (a countersigning department, an attendee) would otherwise
be taken as given: another government's department, or a user who is nobody here. So every
mutating API call has its body's ids checked here first — one place, by the field's name — and
an id that is not the tenant's is a 422 naming what was wrong.
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.core.base import Base
from zhengwu.core.errors import InvalidInput

# Field name → (table, what it is in Chinese). Users are the tenant's when they are its members.
OBJECTS: dict[str, tuple[str, str]] = {
    "department_id": ("org_departments", "部门"),
    "department_ids": ("org_departments", "部门"),
    "lead_department_id": ("org_departments", "部门"),
    "handler_department_id": ("org_departments", "部门"),
    "touches_department_ids": ("org_departments", "部门"),
    "countersigned_by_ids": ("org_departments", "部门"),
    "local_department_ids": ("org_departments", "镇、园区（街道）"),
    "post_id": ("org_posts", "职务"),
    "designated_post_id": ("org_posts", "职务"),
    "first_post_id": ("org_posts", "职务"),
    "second_post_id": ("org_posts", "职务"),
    "meeting_id": ("meetings", "会议"),
    "topic_id": ("meeting_topics", "议题"),
    "milestone_id": ("supervision_milestones", "办理节点"),
    "reply_to_id": ("doc_documents", "公文"),
}
PEOPLE = frozenset({"holder_id", "to_user_id", "leader_id", "chair_id", "delegated_by_id", "attendee_ids",
                    "present_ids", "oversight_deputy_user_id", "requester_id", "leader_ids"})


def _ids(value: Any) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, int) and not isinstance(v, bool)]
    return []


def _named(body: Any) -> Iterable[tuple[str, list[int]]]:
    """Every (field, ids) in the body, nested objects included."""
    if isinstance(body, dict):
        for name, value in body.items():
            if name in OBJECTS or name in PEOPLE:
                yield name, _ids(value)
            yield from _named(value)
    elif isinstance(body, list):
        for value in body:
            yield from _named(value)


def check(session: Session, tenant_id: int, body: Any) -> None:
    """Refuse (422) a body naming an object or a person that is not this tenant's."""
    from zhengwu.core.users import Membership

    for name, ids in _named(body):
        if not ids:
            continue
        wanted = set(ids)
        if name in PEOPLE:
            found = set(session.execute(select(Membership.user_id).where(
                Membership.tenant_id == tenant_id, Membership.user_id.in_(wanted))).scalars())
            what = "人员"
        else:
            table_name, what = OBJECTS[name]
            table = Base.metadata.tables[table_name]
            found = set(session.execute(select(table.c.id).where(
                table.c.tenant_id == tenant_id, table.c.id.in_(wanted))).scalars())
        missing = sorted(wanted - found)
        if missing:
            raise InvalidInput(f"请求中的{what}（编号 {'、'.join(map(str, missing[:5]))}）不存在或不属于本单位。",
                               field=name)
