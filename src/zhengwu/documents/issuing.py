"""Around issue: the reviews before it (审查), the meeting resolution and legality statement,
doc numbers (发文字号), 印发 and 备案, and the clean-up or post-evaluation after it."""

from __future__ import annotations

from datetime import date
from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session
from zhengwu.core import permissions, references, serials
from zhengwu.core.db import kept_for_transaction
from zhengwu.core.errors import NotFound, PermissionDenied
from zhengwu.core.tenants import Tenant, pinned_profile, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.documents import notify, numbering, reviews, rules
from zhengwu.documents.events import DocumentIssued
from zhengwu.documents.signoff import own_department_document
from zhengwu.documents.models import Document, Filing, NumberPrefix, ReviewRecord
from zhengwu.rulebook import labels, provenance
from zhengwu.disclosure import rules as disclosure_rules
from zhengwu.documents.standing import (
    _document,
    _heads_department,
    _me,
    _move,
    _record,
    _require_handler,
    _reviews_of,
    _transition,
    review_flags,
)


def record_review(uow: TenantWork, *, doc_id: int, review: str, passed: bool, on: date | None = None,
                  period_end: date | None = None, note: str = "", expected_version: int) -> ReviewRecord:
    doc = _document(uow, doc_id, expected_version)
    profile = pinned_profile(uow.session, doc)
    need = next((r for r in reviews.required_reviews(profile, issuer=doc.issuer, normative=bool(doc.facts.get("normative")),
                                                        policy=bool(doc.facts.get("policy")), flags=review_flags(doc))
                 if r.review == review), None)
    me = _me(uow, doc)
    # The government's answer to a department's 请示 is recorded by the leader the profile names
    # (大洼 18 「事先请示区政府」), who holds no office or department post.
    if need is None or need.by not in me.capacities:
        permissions.require(uow, "document.review")
    _transition(doc, "record_review")
    if need is not None:
        drafts_it = "office" in me.capacities or _heads_department(me, doc.department_id)
        verdict = reviews.check_reviewer(profile, need, set(me.capacities), drafts_it)
        if not verdict.ok:
            raise PermissionDenied(verdict)
    row = ReviewRecord(tenant_id=uow.tenant_id, document_id=doc.id, review=review, passed=passed, on=on or uow.today,
                       period_end=period_end, by_label=me.as_whom, note=note, recorded_by_id=uow.actor.user_id)
    uow.session.add(row)
    _record(uow, doc, "document.review", changed=row, cite=need.cite if need else None,
            detail={"review": labels.word(review), "passed": passed, "period_end": period_end and period_end.isoformat(),
                    "note": note})
    return row


def name_resolution(uow: TenantWork, *, doc_id: int, resolution_id: int, expected_version: int) -> Document:
    """The office names the meeting resolution that decided the document (a reserved matter is
    decided after the draft: 海南区 21 「经区司法局合法性审查后…提请区政府常务会议审议决定」)."""
    permissions.require(uow, "document.handle")
    doc = _document(uow, doc_id, expected_version)
    if doc.state not in ("draft", "countersigning", "signing"):
        Verdict.refused("illegal_transition", "只有签发前的公文可以注明议定事项。", f"{rules.GONGWEN}:22").raise_if_refused()
    ref = references.resolution(uow.session, uow.tenant_id, resolution_id)
    if ref is None:
        raise NotFound(f"本单位没有编号为 {resolution_id} 的议定事项。")
    doc.facts = {**doc.facts, "resolution_id": resolution_id}
    profile = pinned_profile(uow.session, doc)
    matter = rules.reserved_matter(profile, issuer=doc.issuer, normative=bool(doc.facts.get("normative")),
                                   declared=doc.facts.get("reserved_matter"))
    cite = rules.reserved_cite(profile, matter) if matter else provenance.rule(profile, "meetings.major_matters_decided_by").cite
    _record(uow, doc, "document.name_resolution", cite=cite,
            detail={"resolution": ref.text, "meeting_on": ref.meeting_on.isoformat()})
    return doc


def attach_legality_statement(uow: TenantWork, *, doc_id: int, statement: str,
                              expected_version: int) -> Document:
    """The drafting department attaches the legality statement to its request to issue (海南区 57)."""
    permissions.require(uow, "document.draft")
    doc = _document(uow, doc_id, expected_version)
    me = _me(uow, doc)
    if "office" not in me.capacities and not _heads_department(me, doc.department_id):
        permissions.refuse("not_lead_department", "合法性说明由起草部门附送。", None)
    if not statement.strip():
        Verdict.refused("legality_statement_empty", "合法性说明不能为空。", None).raise_if_refused()
    doc.facts = {**doc.facts, "legality_statement": True}
    cite = provenance.rule(pinned_profile(uow.session, doc), "documents.incoming.legality_statement_attached").cite
    _record(uow, doc, "document.legality_statement", cite=cite, detail={"statement": statement})
    return doc


def _number_key(issuer: str, department_id: int | None) -> str:
    """Whose numbers: the government's, its office's, or one department's own (each 代字 its own)."""
    return f"department-{department_id}" if issuer == "department" else issuer


# Built once: every issue asks it (a statement's construction costs more than running it here).
_PREFIX = select(NumberPrefix).where(NumberPrefix.tenant_id == bindparam("tenant_id"),
                                     NumberPrefix.issuer == bindparam("issuer"))


def set_number_prefix(uow: TenantWork, *, issuer: str, prefix: str, issuer_mark: str, authority: str,
                      department_id: int | None = None) -> NumberPrefix:
    if issuer == "department":
        permissions.require(uow, "document.draft")
        if department_id is None or not _heads_department(_me(uow), department_id):
            permissions.refuse("not_own_department", "部门只能设置本部门的机关代字。", f"{rules.GONGWEN}:25.2")
    else:
        permissions.require(uow, "document.handle")
    issuer = _number_key(issuer, department_id)
    row = uow.session.execute(_PREFIX, {"tenant_id": uow.tenant_id, "issuer": issuer}).scalar_one_or_none()
    if row is None:
        row = NumberPrefix(tenant_id=uow.tenant_id, issuer=issuer)
        uow.session.add(row)
    row.prefix, row.issuer_mark, row.authority = prefix.strip(), issuer_mark.strip(), authority.strip()
    uow.session.flush()
    uow.record("document.set_prefix", object_type="number_prefix", object_id=row.id,
               after={"issuer": issuer, "prefix": row.prefix, "issuer_mark": row.issuer_mark}, cite=f"{rules.GONGWEN}:25.2")
    return row


def _prefix(session: Session, tenant_id: int, issuer: str) -> NumberPrefix:
    # Read once a transaction: each document a batch issues asks for its issuer's.
    row = kept_for_transaction(session, ("number_prefix", tenant_id, issuer), (NumberPrefix,), lambda: session.execute(
        _PREFIX, {"tenant_id": tenant_id, "issuer": issuer}).scalar_one_or_none())
    if row is None:
        whose = rules.ISSUERS.get(issuer.split("-")[0], issuer)
        raise RuleViolation(Verdict.refused("no_prefix", f"尚未设置{whose}的机关代字，无法编发文字号。",
                                            f"{rules.GONGWEN}:25.2"))
    return row


def next_number(session: Session, tenant_id: int, issuer: str, year: int) -> str:
    """Take the next doc number of an issuer and year (gap-free, one at a time: core.serials)."""
    prefix = _prefix(session, tenant_id, issuer)
    return numbering.doc_number(prefix.prefix, year, serials.take(session, tenant_id, f"doc_number.{issuer}", year))


def issue(uow: TenantWork, *, doc_id: int, expected_version: int) -> Document:
    """印发: reviews recorded, legality statement attached, then the next doc number."""
    doc = _document(uow, doc_id, expected_version)
    _require_handler(uow, doc)
    _transition(doc, "issue")
    profile = pinned_profile(uow.session, doc)
    normative = bool(doc.facts.get("normative"))
    verdict = reviews.check_reviews(profile, issuer=doc.issuer, normative=normative, policy=bool(doc.facts.get("policy")),
                                    recorded=_reviews_of(uow.session, doc), signed_on=doc.signed_on, issue_on=uow.today,
                                    flags=review_flags(doc))
    verdict &= reviews.check_legality_statement(profile, normative=normative, proxy_draft=bool(doc.facts.get("proxy_draft")),
                                                attached=bool(doc.facts.get("legality_statement")))
    verdict.raise_if_refused()
    note, note_cite = reviews.consent_note(profile, doc.issuer)
    doc.doc_number = next_number(uow.session, uow.tenant_id, _number_key(doc.issuer, doc.department_id), uow.today.year)
    doc.issued_on = uow.today
    doc.annotation = note
    _move(uow, doc, "issue", cite=f"{rules.GONGWEN}:25.2",
          detail={"doc_number": doc.doc_number, "annotation": note, "annotation_cite": note_cite})
    _publish_issued(uow, profile, doc)
    if doc.reply_to_id is not None:
        request = _document(uow, doc.reply_to_id)
        if request.state == "routed":
            _move(uow, request, "close", cite=f"{rules.GONGWEN}:24.4",
                  detail={"reply": doc.doc_number})
            notify.answered(uow, request, doc)
    return doc


def _publish_issued(uow: TenantWork, profile, doc: Document) -> None:
    """An issued policy (or government document, where the text publishes those) goes to the
    disclosure queue by itself (大洼 26, 大连 27, 海南区 34, 卧龙 29): the disclosure domain
    queues it on `DocumentIssued` (a classified one recorded as withheld there), and the
    disclosure office checks confidentiality and publishes it."""
    if own_department_document(doc) and not doc.facts.get("policy"):
        return  # a department's own document is disclosed by the department, not the government's queue
    kind = "policy" if doc.facts.get("policy") else "government_document"
    needed, _ = disclosure_rules.required(profile, kind)
    uow.publish(DocumentIssued(tenant_id=uow.tenant_id, document_id=doc.id, title=doc.title, issued_on=uow.today,
                               body=doc.body, classification=doc.classification, doc_number=doc.doc_number,
                               disclosure_kind=kind if needed else None))


def file_document(uow: TenantWork, *, doc_id: int, to: list[str], expected_version: int) -> Document:
    """备案 with the bodies the profile names."""
    doc = _document(uow, doc_id, expected_version)
    _require_handler(uow, doc)
    _transition(doc, "file")
    profile = pinned_profile(uow.session, doc)
    normative = bool(doc.facts.get("normative"))
    reviews.check_filing(profile, doc.issuer, normative, set(to)).raise_if_refused()
    need = reviews.filing_rule(profile, doc.issuer, normative)
    if need is None:  # check_filing has refused it already: no filing applies to this document
        raise RuleViolation(Verdict.refused("no_filing_rule", reviews.NO_FILING_BODY, None))
    for target in to:
        uow.session.add(Filing(tenant_id=uow.tenant_id, document_id=doc.id, to=target, filed_on=uow.today, cite=need.cite))
    _move(uow, doc, "file", cite=need.cite, detail={"to": need.labels(), "catalogue_published_by": need.catalogue_published_by})
    return doc


def record_after_issue(uow: TenantWork, *, doc_id: int, kind: str, on: date | None = None, note: str = "",
                       expected_version: int) -> ReviewRecord:
    """定期清理 or 实施后评估 of an issued normative document (海南区 21) or 规章 (大连 18): clears its reminder."""
    permissions.require(uow, "document.review")
    doc = _document(uow, doc_id, expected_version)
    profile = pinned_profile(uow.session, doc)
    verdict = reviews.check_after_issue(profile, kind, doc.state, normative=bool(doc.facts.get("normative")),
                                        regulation=reviews.REGULATION in review_flags(doc))
    verdict.raise_if_refused()
    me = _me(uow, doc)
    row = ReviewRecord(tenant_id=uow.tenant_id, document_id=doc.id, review=kind, passed=True, on=on or uow.today,
                       by_label=me.as_whom, note=note, recorded_by_id=uow.actor.user_id)
    uow.session.add(row)
    _record(uow, doc, "document.after_issue", changed=row, cite=reviews.after_issue_kinds(profile)[kind],
            detail={"review": labels.word(kind), "on": row.on.isoformat(), "note": note})
    return row


def after_issue_reminders(session: Session, tenant: Tenant, on: date) -> list[reviews.Reminder]:
    """Issued normative documents due for clean-up or post-evaluation on `on`."""
    profile = profile_on(session, tenant.id, on)
    if not reviews.after_issue_kinds(profile):
        return []
    # Only the normative ones, picked out by the database (not every issued document loaded).
    docs = session.execute(select(Document.id, Document.title, Document.doc_number, Document.issuer,
                                  Document.issued_on, Document.facts["normative"].as_boolean().label("normative"),
                                  Document.facts["reserved_matter"].as_string().label("matter")).where(
        Document.tenant_id == tenant.id, Document.state.in_(("issued", "filed")),
        Document.issued_on.is_not(None), or_(Document.facts["normative"].as_boolean().is_(True),
                                             Document.facts["reserved_matter"].as_string() == reviews.REGULATION))).all()
    issued = [reviews.IssuedNormative(d.id, d.title, d.doc_number, d.issuer, d.issued_on, normative=bool(d.normative),
                                      regulation=d.matter == reviews.REGULATION) for d in docs]
    done: dict[tuple[int, str], date] = {}
    rows = session.execute(select(ReviewRecord.document_id, ReviewRecord.review, ReviewRecord.on).where(
        ReviewRecord.tenant_id == tenant.id, ReviewRecord.review.in_(tuple(reviews.AFTER_ISSUE))))
    for document_id, kind, day in rows:
        done[(document_id, kind)] = max(day, done.get((document_id, kind), day))
    return reviews.after_issue_reminders(profile, issued, done, on)

