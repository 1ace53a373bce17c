"""Use cases of 交部门办理 (海南区 58; rules in `documents.referrals`): the office hands a
registered 请示 to a department; that department answers the sender directly and reports the
result back to the office (or gives its handling opinion for the government's approval). Until
then the referral is open: on the department's 待办, shown open to the office (its inbox and the
document page), and the office may 催办 the department through the notices. Each step runs in the
caller's unit of work, audited on the document's trail with article 58; refusals cite it too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.calendar import china_date
from zhengwu.core import audit, permissions
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.notify_events import Decided, To, WorkArrived
from zhengwu.core.paging import Page, keyset
from zhengwu.core.tenants import Tenant, pinned_profile, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.documents import referrals, rules
from zhengwu.documents.models import Document, Referral
from zhengwu.org import rules as org_rules
from zhengwu.org.models import Department
from zhengwu.org.service import load_state

audit.label(actions={"document.refer": "交部门办理请示", "document.referral_feedback": "部门答复并反馈办公室"},
            objects={"referral": "交部门办理的请示"})

_ACTOR_CODES = ("referral_not_office", "referral_not_department")


def _seats(session: Session, tenant_id: int, user_id: int | None, at: datetime) -> list[org_rules.Seat]:
    """The seats a person holds or acts in today."""
    if user_id is None:
        return []
    profile, state = profile_on(session, tenant_id, china_date(at)), load_state(session, tenant_id)
    return [s for s in state.seats if org_rules.authority(profile, state, s.post_id, at).acting_id == user_id]


def _is_office(seats) -> bool:
    return any(s.kind in org_rules.OFFICE_KINDS for s in seats)


def _heads(seats, department_id: int) -> bool:
    return any(s.kind == "department_head" and s.department_id == department_id for s in seats)


def _refuse_actor(verdict: Verdict) -> None:
    """Who-may refusals come first and alone (403), before the object's state is told."""
    if verdict.reasons and verdict.reasons[0].code in _ACTOR_CODES:
        raise PermissionDenied(Verdict(False, verdict.reasons[:1]))


def _document(uow: TenantWork, doc_id: int) -> Document:
    return get_in_tenant(uow.session, Document, doc_id, uow.tenant_id, "公文")


def _record(uow: TenantWork, doc: Document, action: str, row: Referral, cite: str | None, detail: dict) -> None:
    doc.updated_at = uow.now
    uow.session.flush()
    uow.record(action, object_type="document", object_id=doc.id, subject=row, label=doc.title, cite=cite, detail=detail)


def refer(uow: TenantWork, *, doc_id: int, department_id: int, mode: str = "answer", note: str = "",
          expected_version: int) -> Referral:
    """交部门办理: by the office, a conforming 请示 still at the office, to another department."""
    permissions.require(uow, "document.view")
    doc = _document(uow, doc_id)
    profile = pinned_profile(uow.session, doc)
    seats = _seats(uow.session, uow.tenant_id, uow.actor.user_id, uow.now)
    department = get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")
    facts = referrals.Referral(doc.doc_type, doc.direction, nonconforming=bool(doc.check_reasons))
    verdict = referrals.check_refer(profile, facts, office=_is_office(seats), mode=mode,
                                    same_as_sender=department.id == doc.department_id)
    _refuse_actor(verdict)
    doc.expect_version(expected_version, f"公文「{doc.title}」")
    rules.check_transition(doc.state, "refer").raise_if_refused()
    verdict.raise_if_refused()
    cite = referrals.basis_rule(profile).cite
    row = Referral(tenant_id=uow.tenant_id, document_id=doc.id, department_id=department.id, mode=mode, state="open",
                   note=note.strip(), cite=cite, referred_by_id=uow.actor.user_id, referred_on=uow.today, answer="",
                   feedback="", created_at=uow.now)
    uow.session.add(row)
    doc.state = rules.next_state(doc.state, "refer")
    _record(uow, doc, "document.refer", row, cite,
            {"to": department.name, "mode": referrals.MODES[mode], "note": row.note})
    uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(units=(department.id,)),
                            what="请示交你部门办理" if mode == "answer" else "请示交你部门提出办理意见",
                            title=doc.title, link=f"documents/{doc.id}", cite=cite, object_type="document",
                            object_id=str(doc.id)))
    return row


def answer(uow: TenantWork, *, referral_id: int, answer: str = "", feedback: str,
           expected_version: int) -> Referral:
    """The department's answer to the sender and its feedback to the office (or its opinion)."""
    permissions.require(uow, "document.view")
    row = get_in_tenant(uow.session, Referral, referral_id, uow.tenant_id, "交办事项")
    doc = _document(uow, row.document_id)
    profile = pinned_profile(uow.session, doc)
    department = uow.session.get_one(Department, row.department_id)
    seats = _seats(uow.session, uow.tenant_id, uow.actor.user_id, uow.now)
    verdict = referrals.check_feedback(profile, mode=row.mode, department=department.name,
                                       heads_department=_heads(seats, row.department_id), answer=answer, feedback=feedback)
    _refuse_actor(verdict)
    row.expect_version(expected_version, "交办事项")
    if row.state != "open":
        Verdict.refused("referral_done", "该请示已答复并反馈政府办公室。", row.cite).raise_if_refused()
    action = "referral_answered" if row.mode == "answer" else "referral_opinion"
    rules.check_transition(doc.state, action).raise_if_refused()
    verdict.raise_if_refused()
    row.answer, row.feedback = answer.strip(), feedback.strip()
    row.state, row.answered_on, row.answered_by_id, row.fed_back_at = "answered", uow.today, uow.actor.user_id, uow.now
    doc.state = rules.next_state(doc.state, action)
    _record(uow, doc, "document.referral_feedback", row, row.cite,
            {"department": department.name, "answer": row.answer, "feedback": row.feedback})
    uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(posts=("office",)),
                            what="部门已反馈请示办理结果" if row.mode == "answer" else "部门已提出请示办理意见，待呈批",
                            title=doc.title, link=f"documents/{doc.id}", cite=row.cite, object_type="document",
                            object_id=str(doc.id)))
    if row.mode == "answer" and doc.department_id:
        uow.publish(Decided(tenant_id=uow.tenant_id, to=To(units=(doc.department_id,)), what="请示已由部门直接答复",
                            title=doc.title, link=f"documents/{doc.id}", cite=row.cite, outcome=row.answer[:200],
                            object_type="document", object_id=str(doc.id)))
    return row


# --- reading --------------------------------------------------------------------------------


def of_document(session: Session, doc_id: int) -> list[Referral]:
    return list(session.execute(select(Referral).where(Referral.document_id == doc_id).order_by(Referral.id)).scalars())


def open_referrals(session: Session, tenant: Tenant, *, department_ids: list[int] | None = None,
                   after: int | None = None, limit: int | None = None) -> Page[Referral]:
    """The open referrals (all, for the office; or those of some departments), oldest first."""
    query = select(Referral).where(Referral.tenant_id == tenant.id, Referral.state == "open")
    if department_ids is not None:
        query = query.where(Referral.department_id.in_(department_ids))
    return keyset(session, query, Referral.id, after=after, limit=limit, descending=False)


def actions(session: Session, tenant: Tenant, doc: Document, user_id: int, now: datetime) -> dict:
    """What the document page offers this person: refer (the office, while the 请示 is at the
    office and the text provides for it), and the open referrals they may answer."""
    seats = _seats(session, tenant.id, user_id, now)
    profile = pinned_profile(session, doc)
    facts = referrals.Referral(doc.doc_type, doc.direction, nonconforming=bool(doc.check_reasons))
    may_refer = doc.state == "submitted" and referrals.check_refer(
        profile, facts, office=_is_office(seats), mode="answer", same_as_sender=False).ok
    rows = of_document(session, doc.id)
    return {"may_refer": may_refer, "rows": rows, "modes": referrals.MODES,
            "answer_for": {r.id for r in rows if r.state == "open" and _heads(seats, r.department_id)},
            "basis": referrals.basis_rule(profile).basis if referrals.basis_rule(profile).value else ""}


def department_ids_headed(session: Session, tenant_id: int, user_id: int, at: datetime) -> list[int]:
    return sorted({s.department_id for s in _seats(session, tenant_id, user_id, at)
                   if s.kind == "department_head" and s.department_id})
