"""重大行政决策's 待办, for the office that carries each decision to collective discussion
(决策目录 → the required steps → 集体讨论决定): each open decision, with what it waits for —
the first required step not yet recorded, or, once the checklist is complete
(`service.readiness`), the collective decision itself."""

from __future__ import annotations

from sqlalchemy import select

from zhengwu.calendar import china_date
from zhengwu.core.tenants import pinned_profile
from zhengwu.decisions import service
from zhengwu.decisions.models import MajorDecision
from zhengwu.todo import Asker, Found, Item, link_object, register


def decisions(asker: Asker) -> Found:
    if not asker.may("decision.manage"):
        return Found.none()
    query = select(MajorDecision).where(MajorDecision.tenant_id == asker.tenant.id, MajorDecision.state == "open")
    rows = asker.session.execute(query.order_by(MajorDecision.id).limit(asker.limit)).scalars().all()
    items = []
    for decision in rows:
        profile = pinned_profile(asker.session, decision)
        link, since = f"decisions/{decision.id}", china_date(decision.created_at)
        if service.readiness(profile, decision).ok:
            items.append(Item("提请集体讨论决定", decision.title, link, "决策程序已完备，请提请会议讨论决定", since=since))
            continue
        missing = next((c for c in service.checklist(profile, decision) if c["record"] is None), None)
        step = f"尚缺：{missing['label']}（{decision.lead_department}承办）" if missing else "请办理决策程序"
        items.append(Item("办理重大行政决策", decision.title, link, step, since=since))
    return asker.found(items, query)


def register_todo() -> None:
    register("decisions.open", "重大决策", decisions, order=60)
    link_object("major_decision", lambda object_id: f"decisions/{object_id}" if object_id.isdigit() else None)
