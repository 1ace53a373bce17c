"""转办: the office passes a superior document to the lead department, whose implementation draft
(实施意见代拟稿) is due by the profile's limit (海南区 60); a special circumstance extends it once."""

from __future__ import annotations

from datetime import date
from sqlalchemy import select
from sqlalchemy.orm import Session
from zhengwu.core import permissions
from zhengwu.core.paging import Page, keyset
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.realdates import real_date
from zhengwu.core.tenants import profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.deadlines import service as deadlines
from zhengwu.documents import implementation
from zhengwu.documents.models import Document, ImplementationDraft
from zhengwu.documents.standing import IMPLEMENTATION_DRAFT, Standing, _department, _heads_department, _me


def _implementation(uow: TenantWork, row_id: int) -> ImplementationDraft:
    return get_in_tenant(uow.session, ImplementationDraft, row_id, uow.tenant_id, "上级文件转办事项")


def _schedule_implementation(uow: TenantWork, row: ImplementationDraft) -> None:
    """The draft's due day fires by itself: 催报 before it, flagged overdue to the office after."""
    if row.due is None:
        return
    deadlines.schedule(uow, IMPLEMENTATION_DRAFT, row.id, due=row.due, title=f"《{row.title}》实施意见代拟稿",
                       trail_type="implementation_draft", trail_id=row.id, cite=row.cite, start_on=row.assigned_on)


def assign_implementation_draft(uow: TenantWork, *, title: str, issued_by: str, department_id: int,
                                superior_due: date | None = None, assigned_on: date | None = None) -> ImplementationDraft:
    """The office passes a superior document to the lead department for the implementation draft
    (转办意见): the draft is due by the text's months, or the superior document's own limit."""
    permissions.require(uow, "document.handle")
    verdict = Verdict.passed()
    for value, label in ((title, "上级文件标题"), (issued_by, "发文机关")):
        if not value.strip():
            verdict &= Verdict.refused("field_missing", f"请填写{label}。")
    on = real_date(assigned_on, uow.today, "转办日期")
    if superior_due is not None and superior_due < on:
        verdict &= Verdict.refused("superior_due_before_assignment", "上级文件明确的办理时限早于转办日期，请核对。")
    verdict.raise_if_refused()
    _department(uow, department_id)
    profile = profile_on(uow.session, uow.tenant_id, on)
    due = implementation.draft_due(profile, on, superior_due)
    row = ImplementationDraft(tenant_id=uow.tenant_id, title=title.strip(), issued_by=issued_by.strip(),
                              department_id=department_id, assigned_on=on, superior_due=superior_due, due=due.due,
                              basis=due.basis, cite=due.cite, late=False, created_by_id=uow.actor.user_id,
                              created_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
    _schedule_implementation(uow, row)
    uow.record("document.assign_implementation", object_type="implementation_draft", object_id=row.id,
               subject=row, cite=due.cite)
    return row


def claim_special_circumstance(uow: TenantWork, *, implementation_id: int, reason: str,
                               expected_version: int) -> ImplementationDraft:
    """「特殊情况不得超过2个月」: the lead department states the circumstance; the due day moves to
    the longer limit, counted from the same 转办, once."""
    permissions.require(uow, "document.draft")
    row = _implementation(uow, implementation_id)
    row.expect_version(expected_version, "上级文件转办事项")
    if not _heads_department(_me(uow), row.department_id):
        permissions.refuse("not_lead_department", "特殊情况由牵头起草部门说明。", row.cite)
    if row.draft_id is not None:
        Verdict.refused("already_drafted", "代拟稿已上报，无需延长时限。", row.cite).raise_if_refused()
    profile = profile_on(uow.session, uow.tenant_id, row.assigned_on)
    implementation.check_special(profile, already=row.basis == "special", superior_due=row.superior_due,
                                 reason=reason).raise_if_refused()
    due = implementation.draft_due(profile, row.assigned_on, special=True)
    row.due, row.basis, row.cite, row.special_reason = due.due, due.basis, due.cite, reason.strip()
    uow.session.flush()
    _schedule_implementation(uow, row)
    uow.record("document.implementation_special", object_type="implementation_draft", object_id=row.id,
               subject=row, cite=due.cite)
    return row


def _answer_implementation(uow: TenantWork, me: Standing, doc: Document, implementation_id: int) -> dict:
    """The proxy draft answers a 转办: by its lead department, once; late is flagged, not refused."""
    row = _implementation(uow, implementation_id)
    if doc.department_id != row.department_id or not _heads_department(me, row.department_id):
        permissions.refuse("not_lead_department", "实施意见代拟稿由转办的牵头起草部门上报。", row.cite)
    if row.draft_id is not None:
        Verdict.refused("already_drafted", "该转办事项已上报代拟稿。", row.cite).raise_if_refused()
    timing = implementation.check_on_time(implementation.DraftDue(row.due, row.cite, row.basis), uow.today)
    row.draft_id, row.drafted_on, row.late = doc.id, uow.today, not timing.ok
    uow.session.flush()
    deadlines.close(uow, IMPLEMENTATION_DRAFT, row.id, outcome="reported_late" if row.late else "reported")
    uow.record("document.draft", object_type="implementation_draft", object_id=row.id, subject=row, cite=row.cite,
               detail={"reasons": [r.as_dict() for r in timing.reasons]} if row.late else None)
    return {"implementation_id": row.id, "late": [r.message for r in timing.reasons]}


def implementation_drafts(session: Session, tenant_id: int, *, after: int | None = None,
                          limit: int | None = None) -> Page:
    """The 转办 of superior documents, newest first, a page at a time."""
    query = select(ImplementationDraft).where(ImplementationDraft.tenant_id == tenant_id)
    return keyset(session, query, ImplementationDraft.id, after=after, limit=limit)

