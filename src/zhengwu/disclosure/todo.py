"""政务公开's 待办: the public's requests awaiting a reply, for the office that answers them,
each with its statutory reply date (条例第三十三条, counted by `service.clock`)."""

from __future__ import annotations

from sqlalchemy import select

from zhengwu.disclosure import service
from zhengwu.disclosure.models import DisclosureRequest
from zhengwu.todo import Asker, Found, Item, link_object, register


def requests(asker: Asker) -> Found:
    if not asker.may("disclosure.manage"):
        return Found.none()
    query = select(DisclosureRequest).where(DisclosureRequest.tenant_id == asker.tenant.id,
                                            DisclosureRequest.state == "open")
    rows = asker.session.execute(query.order_by(DisclosureRequest.id).limit(asker.limit)).scalars().all()
    items = []
    for row in rows:
        clock = service.clock(asker.session, row, asker.today)
        description = row.description.strip().splitlines()[0] if row.description.strip() else "公开申请"
        items.append(Item("答复公开申请", f"{row.applicant}：{description[:40]}", "disclosure#requests",
                          "办公室依法按期答复", due=clock.due_on, overdue=clock.workdays_left < 0,
                          since=row.received_on))
    return asker.found(items, query)


def register_todo() -> None:
    register("disclosure.requests", "政务公开", requests, order=50)
    link_object("disclosure_request", lambda _object_id: "disclosure#requests")
    link_object("disclosure_item", lambda _object_id: "disclosure")
