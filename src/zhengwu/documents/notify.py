"""Who a document's step makes work for, told through the notice events (core/notify_events.py).

Each function is called at one step of the documents' use cases (intake, countersigning, signing,
issuing), inside its unit of work, and only
publishes: the notices domain decides how each person hears of it.
"""

from __future__ import annotations

from zhengwu.core.notify_events import Decided, Item, To, WorkArrived, WorkReturned
from zhengwu.core.uow import TenantWork
from zhengwu.documents import chain, rules, signoff, standing
from zhengwu.documents.models import CountersignRequest, Document
from zhengwu.org.service import authorities


def _link(doc: Document) -> str:
    return f"documents/{doc.id}"


def _kind(doc: Document) -> str:
    return rules.DOC_TYPES.get(doc.doc_type, "公文")


def _sender(doc: Document) -> To:
    """The unit that sent or drafted it, and the person who did."""
    return To(users=(doc.created_by_id,) if doc.created_by_id else (),
              units=(doc.department_id,) if doc.department_id else ())


def submitted(uow: TenantWork, doc: Document) -> None:
    uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(posts=("office",)), what=f"{_kind(doc)}待初审登记",
                            title=doc.title, link=_link(doc), cite=f"{rules.GONGWEN}:24.3",
                            object_type="document", object_id=str(doc.id)))


def returned(uow: TenantWork, doc: Document, reasons: list[str], cite: str | None) -> None:
    uow.publish(WorkReturned(tenant_id=uow.tenant_id, to=_sender(doc), what=f"{_kind(doc)}被退回", title=doc.title,
                             link=_link(doc), cite=cite, reason="；".join(reasons),
                             object_type="document", object_id=str(doc.id)))


def routed(uow: TenantWork, doc: Document, leader_id: int, cite: str | None) -> None:
    uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(users=(leader_id,)), what=f"{_kind(doc)}呈批待批示",
                            title=doc.title, link=_link(doc), cite=cite, object_type="document",
                            object_id=str(doc.id)))


def instructed(uow: TenantWork, doc: Document, handler_department_id: int | None, due, cite: str | None) -> None:
    """A 批示 tells the sending unit its 请示 was answered by a leader; a 批示件 asking for a
    report is new work for the handling unit."""
    if doc.department_id:
        uow.publish(Decided(tenant_id=uow.tenant_id, to=_sender(doc), what=f"{_kind(doc)}已有领导批示",
                            title=doc.title, link=_link(doc), cite=cite, outcome="已批示",
                            object_type="document", object_id=str(doc.id)))
    if handler_department_id is not None and due is not None:
        uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(units=(handler_department_id,)),
                                what="批示件待办理并报告", title=doc.title, link=_link(doc), cite=cite, due=due,
                                object_type="document", object_id=str(doc.id)))


def countersign_sent(uow: TenantWork, doc: Document, request: CountersignRequest) -> None:
    uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(units=(request.department_id,)), what="会签请求",
                            title=doc.title, link=_link(doc), cite=request.cite, due=request.due,
                            object_type="document", object_id=str(doc.id)))


def awaiting_signers(uow: TenantWork, doc: Document) -> None:
    """Whoever may take the document's next step of the signing chain today (the holder of the
    post, or whoever acts for them) has it to review, countersign or sign: those whose posts for
    this document include one the chain awaits now (`signoff.awaited_posts`, the posts
    `check_step` lets through)."""
    if doc.state != "signing":
        return
    session = uow.session
    steps = chain.chain_steps(doc)
    awaited = signoff.awaited_posts(steps, chain.done_steps(session, doc))
    if not awaited:
        return
    state, _, _ = authorities(session, uow.tenant_id, uow.now)
    found = [user_id for user_id, mine in standing.everyones(session, uow.tenant_id, uow.now)
             if standing.for_document(mine, state, doc).capacities & awaited]
    if found:
        uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(users=tuple(found)), what="公文待审核签批",
                                title=doc.title, link=_link(doc), cite=steps[-1].cite if steps else None,
                                object_type="document", object_id=str(doc.id)))


def signed(uow: TenantWork, doc: Document, cite: str | None) -> None:
    uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(posts=("office",)), what="公文已签发待印发",
                            title=doc.title, link=_link(doc), cite=cite, object_type="document",
                            object_id=str(doc.id)))


def answered(uow: TenantWork, request: Document, reply: Document) -> None:
    uow.publish(Decided(tenant_id=uow.tenant_id, to=_sender(request), what=f"{_kind(request)}已批复",
                        title=request.title, link=_link(reply), cite=f"{rules.GONGWEN}:24.7",
                        outcome=f"已批复（{reply.doc_number}）", object_type="document", object_id=str(request.id)))


DONE = ("issued", "filed", "closed")


def item(session, tenant_id: int, object_id: str) -> Item | None:
    """A document as the office chases it (催办)."""
    doc = session.get(Document, int(object_id)) if str(object_id).isdigit() else None
    if doc is None or doc.tenant_id != tenant_id:
        return None
    return Item(f"{_kind(doc)}（{rules.STATES.get(doc.state, '')}）", doc.title, _link(doc), doc.state not in DONE)
