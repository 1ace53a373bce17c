"""The documents' 待办: what waits for a person's step on a 公文.

- 审核/会签/签发: the sign-off queue (`reading.sign_off_queue`, the same query as 待我签批);
- 呈批件 to instruct on (`reading.routed_to`: leaves once the leader has instructed);
- for a department head: the 请示 the office returned, the countersign requests to their
  department whose clock runs, and the 批示件 whose result their department has to report;
- for the office: incoming documents to check and route, and instructed ones to close.

Each query narrows by state on an indexed column first, and by the person's departments and
posts; it reads at most a page of items and counts its matches up to `paging.COUNT_CAP`.
"""

from __future__ import annotations

from sqlalchemy import exists, select

from zhengwu.calendar.clock import china_date
from zhengwu.documents import reading, rules, standing
from zhengwu.documents.models import CountersignRequest, Document, Instruction, Referral
from zhengwu.org.models import Department
from zhengwu.rulebook import labels
from zhengwu.todo import Asker, Found, Item, link_object, register

STEP_KINDS = {"review": "审核公文", "countersign": "会签公文", "sign_off": "签发公文"}


def _me(asker: Asker) -> standing.Standing:
    if "documents.me" not in asker.memo:
        asker.memo["documents.me"] = standing.standing(asker.session, asker.tenant, None, asker.user_id, asker.now)
    return asker.memo["documents.me"]


def _departments(asker: Asker) -> list[int]:
    """The departments the person heads today (held or acting)."""
    return sorted({s.department_id for s in _me(asker).seats if s.kind == "department_head" and s.department_id})


def _link(doc_id: int) -> str:
    return f"documents/{doc_id}"


def signing(asker: Asker) -> Found:
    if not asker.may("document.sign"):
        return Found.none()
    session, me = asker.session, _me(asker)
    # Counted by the database every time (the queue's candidates), so the statements are fixed.
    queue = reading.sign_off_queue(session, asker.tenant, asker.user_id, asker.now, limit=asker.limit, count=True)
    items = [Item(STEP_KINDS[step.kind], doc.title, _link(doc.id), f"您（{me.as_whom}）{labels.word(step.kind)}",
                  since=china_date(doc.updated_at))
             for doc, step in queue]
    return Found(items[: asker.limit], max(queue.total or 0, len(items[: asker.limit])), queue.capped)


def routed(asker: Asker) -> Found:
    if not asker.may("document.instruct"):
        return Found.none()
    page = reading.routed_to(asker.session, asker.tenant, asker.user_id, limit=asker.limit, count=True)
    items = [Item("批示呈批件", d.title, _link(d.id), "呈批给您，请批示", since=china_date(d.updated_at)) for d in page]
    return Found(items, page.total or 0, page.capped)


def returned(asker: Asker) -> Found:
    """请示 the office returned to the person or to the department they head: theirs to revise."""
    if not asker.may("document.submit"):
        return Found.none()
    mine = Document.created_by_id == asker.user_id
    departments = _departments(asker)
    whose = mine | Document.department_id.in_(departments) if departments else mine
    query = select(Document).where(Document.tenant_id == asker.tenant.id, Document.state == "returned",
                                   Document.direction == "incoming", whose)
    rows = asker.session.execute(query.order_by(Document.id).limit(asker.limit)).scalars().all()
    items = [Item(f"退回的{rules.DOC_TYPES.get(d.doc_type, '公文')}", d.title, _link(d.id),
                  "办公室已退回，请按退回理由修改后重新报送", since=china_date(d.updated_at)) for d in rows]
    return asker.found(items, query)


def countersign(asker: Asker) -> Found:
    """Countersign requests to the person's department, asked and unanswered."""
    departments = _departments(asker)
    if not departments or not asker.may("document.countersign"):
        return Found.none()
    query = (select(CountersignRequest, Document.title, Department.name)
             .join(Document, Document.id == CountersignRequest.document_id)
             .join(Department, Department.id == CountersignRequest.department_id)
             .where(CountersignRequest.tenant_id == asker.tenant.id, CountersignRequest.outcome.is_(None),
                    CountersignRequest.sent_on.is_not(None), CountersignRequest.department_id.in_(departments)))
    rows = asker.session.execute(query.order_by(CountersignRequest.due, CountersignRequest.id)
                                 .limit(asker.limit)).all()
    today = asker.today
    items = [Item("会签（本部门）", title, _link(r.document_id), f"请{name}会签回复", due=r.due,
                  overdue=r.due is not None and r.due < today, since=r.sent_on) for r, title, name in rows]
    return asker.found(items, query)


def instruction_reports(asker: Asker) -> Found:
    """批示件 whose result the person's department must report (reported_on still empty)."""
    departments = _departments(asker)
    if not departments or not asker.may("document.submit"):
        return Found.none()
    query = (select(Instruction, Document.title).join(Document, Document.id == Instruction.document_id)
             .where(Instruction.tenant_id == asker.tenant.id, Instruction.handler_department_id.in_(departments),
                    Instruction.reported_on.is_(None), Instruction.asks_report.is_(True)))
    rows = asker.session.execute(query.order_by(Instruction.report_due, Instruction.id).limit(asker.limit)).all()
    today = asker.today
    items = [Item("报告批示件办理结果", title, _link(i.document_id), "本部门承办，请按期报告办理结果", due=i.report_due,
                  overdue=i.report_due is not None and i.report_due < today, since=i.received_on)
             for i, title in rows]
    return asker.found(items, query)


def referrals(asker: Asker) -> Found:
    """请示 the office handed to the person's department (海南区 58): to answer the sender and
    report back, or to give its opinion; open until the feedback is recorded."""
    departments = _departments(asker)
    if not departments:
        return Found.none()
    query = (select(Referral, Document.title).join(Document, Document.id == Referral.document_id)
             .where(Referral.tenant_id == asker.tenant.id, Referral.state == "open",
                    Referral.department_id.in_(departments)))
    rows = asker.session.execute(query.order_by(Referral.id).limit(asker.limit)).all()
    items = [Item("答复交办的请示" if r.mode == "answer" else "提出交办请示的办理意见", title, _link(r.document_id),
                  "办公室交本部门办理，请答复报文单位并反馈办公室" if r.mode == "answer" else "请提出办理意见并反馈办公室",
                  since=r.referred_on) for r, title in rows]
    return asker.found(items, query)


def office_incoming(asker: Asker) -> Found:
    """For the office: incoming documents to check (登记审查) and route or return, and those the
    leader has instructed on, to close (办结)."""
    if not asker.may("document.handle"):
        return Found.none()
    readable = reading._readable(asker.session, asker.tenant, asker.user_id, asker.now)
    instructed = exists().where(Instruction.document_id == Document.id, Instruction.leader_id == Document.routed_to_id)
    # The columns an item shows, not the documents (their bodies and facts are not on the list).
    base = select(Document.id, Document.title, Document.updated_at).where(
        Document.tenant_id == asker.tenant.id, Document.direction == "incoming", readable)
    found = []
    for query, kind, step in (
            (base.where(Document.state == "submitted"), "办理收文", "办公室审查后呈批或退回"),
            (base.where(Document.state == "routed", instructed), "办结已批示收文", "领导已批示，办公室办结或拟复")):
        rows = asker.session.execute(query.order_by(Document.id).limit(asker.limit)).all()
        found.append(asker.found([Item(kind, title, _link(doc_id), step, since=china_date(updated_at))
                                  for doc_id, title, updated_at in rows], query))
    return Found(found[0].items + found[1].items, found[0].total + found[1].total, found[0].capped or found[1].capped)


def register_todo() -> None:
    register("documents.signing", "公文", signing, order=10)
    register("documents.routed", "公文", routed, order=11)
    register("documents.countersign", "公文", countersign, order=12)
    register("documents.reports", "公文", instruction_reports, order=13)
    register("documents.returned", "公文", returned, order=14)
    register("documents.incoming", "公文", office_incoming, order=15)
    register("documents.referrals", "公文", referrals, order=16)
    link_object("document", lambda object_id: _link(int(object_id)) if object_id.isdigit() else None)
