"""The org domain's 待办: leave requests the person may decide now (`service.pending_for`, the
rules' own list of approvers: the approver post's holder, or whoever acts in it that day)."""

from __future__ import annotations

from zhengwu.calendar import china_date
from zhengwu.core import paging
from zhengwu.org import service
from zhengwu.org.service import OCCASION_LABELS, load_state
from zhengwu.todo import Asker, Found, Item, link_object, register


def leave(asker: Asker) -> Found:
    if not asker.may("leave.decide"):
        return Found.none()
    session, tenant = asker.session, asker.tenant
    # Requested leaves are few at any time; at most a page of them is read (index: tenant, state).
    rows = service.pending_for(session, tenant, asker.user_id, asker.now, limit=paging.MAX_PAGE_SIZE)
    if not rows:
        return Found.none()
    who, state = service.people(session, tenant.id), load_state(session, tenant.id)
    items = []
    for row in rows:
        seat = state.seat(row.post_id)
        post = f"（{seat.title}）" if seat else ""
        starts = china_date(row.starts_at)
        items.append(Item("审批请假", f"{who(row.requester_id)}{post}{OCCASION_LABELS.get(row.occasion, '请假')}，"
                                    f"{starts.month}月{starts.day}日起", "leave#pending", "请假须经您审批",
                          since=china_date(row.created_at)))
    return Found(items[: asker.limit], len(items), len(rows) >= paging.MAX_PAGE_SIZE)


def register_todo() -> None:
    register("org.leave", "请销假", leave, order=30)
    link_object("leave", lambda _object_id: "leave")
