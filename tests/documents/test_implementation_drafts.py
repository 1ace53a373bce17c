"""海南区 60: 「对于未明确办理时限的文件，牵头起草部门一般应在收到区政府办公室转办意见后1个月内将
文件代拟稿上报区政府，特殊情况不得超过2个月」 — the rule, and the 转办 through the services with
its durable deadline."""

from __future__ import annotations

from datetime import date

import pytest
from documents_support import at, seen_document

from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.deadlines import service as deadlines
from zhengwu.documents import implementation
from zhengwu.documents.models import ImplementationDraft
from zhengwu.documents import drafting, standing, superior
from zhengwu.rulebook.profile import load_profile

HAINAN = load_profile("wuhai-hainan-2023")


def test_wuhai_hainan_60_draft_due_a_month_after_the_assignment_two_at_most():
    due = implementation.draft_due(HAINAN, date(2024, 1, 31))
    assert (due.due, due.cite, due.basis) == (date(2024, 2, 29), "wuhai-hainan-2023:60", "text")
    special = implementation.draft_due(HAINAN, date(2024, 1, 31), special=True)
    assert (special.due, special.basis) == (date(2024, 3, 31), "special")
    # 「严格按时限要求」: the superior document's own limit comes first.
    assert implementation.draft_due(HAINAN, date(2024, 1, 31), date(2024, 2, 10)).due == date(2024, 2, 10)
    assert not implementation.check_on_time(due, date(2024, 3, 1)).ok
    assert implementation.check_on_time(due, date(2024, 2, 29)).ok


def test_wuhai_hainan_60_special_circumstance_stated_once_never_against_a_superior_limit():
    assert implementation.check_special(HAINAN, already=False, superior_due=None, reason="需征求自治区意见").ok
    codes = [implementation.check_special(HAINAN, already=True, superior_due=None, reason="再延").reasons[0].code,
             implementation.check_special(HAINAN, already=False, superior_due=date(2024, 2, 1), reason="x").reasons[0].code,
             implementation.check_special(HAINAN, already=False, superior_due=None, reason=" ").reasons[0].code]
    assert codes == ["special_already", "superior_limit", "special_reason_missing"]


def test_text_without_a_limit_sets_no_due_day():
    """大洼's text sets no time limit for implementation drafts: the 转办 is recorded, never late."""
    due = implementation.draft_due(load_profile("dawa-2017"), date(2024, 3, 4))
    assert due.due is None and implementation.check_on_time(due, date(2025, 1, 1)).ok


def _assign(office, **extra):
    args = dict(title="关于进一步优化营商环境的意见", issued_by="自治区人民政府", department_id=office.department("zjj"))
    args.update(extra)
    return office.run("office", "document.assign_implementation",
                      lambda uow: superior.assign_implementation_draft(uow, **args))


def _draft(office, row, who="zjj", now=None):
    return office.run(who, "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="opinion", department_id=office.department("zjj"),
        title="关于进一步优化营商环境的实施意见", body="……", implementation_id=row.id), now=now)


def test_wuhai_hainan_60_assignment_schedules_the_draft_and_a_late_draft_is_flagged(make_office):
    office = make_office("wuhai-hainan-2023")
    row = _assign(office)
    assert (row.due, row.cite) == (date(2024, 4, 4), "wuhai-hainan-2023:60")
    with office.db.read() as session:
        pending = deadlines.find(session, office.tenant.id, standing.IMPLEMENTATION_DRAFT, row.id)
    assert (pending.due, pending.state) == (date(2024, 4, 4), "pending")
    with pytest.raises(PermissionDenied):  # another department does not state the lead's circumstance
        office.run("czj", "document.implementation_special", lambda uow: superior.claim_special_circumstance(
            uow, implementation_id=row.id, expected_version=seen_document(uow, row.id, ImplementationDraft), reason="需征求意见"))
    with pytest.raises(PermissionDenied):  # nor send the lead's draft
        office.run("czj", "document.draft", lambda uow: drafting.create_draft(
            uow, issuer="government", doc_type="opinion", department_id=office.department("czj"), title="关于……的实施意见",
            body="……", implementation_id=row.id))
    _draft(office, row, now=at(days=40))
    with office.db.read() as session:
        done = session.get(type(row), row.id)
        pending = deadlines.find(session, office.tenant.id, standing.IMPLEMENTATION_DRAFT, row.id)
    assert done.late and done.draft_id is not None and pending.outcome == "reported_late"


def test_wuhai_hainan_60_special_circumstance_moves_the_due_day_to_two_months(make_office):
    office = make_office("wuhai-hainan-2023")
    row = _assign(office)
    with pytest.raises(RuleViolation) as caught:
        office.run("zjj", "document.implementation_special", lambda uow: superior.claim_special_circumstance(
            uow, implementation_id=row.id, expected_version=seen_document(uow, row.id, ImplementationDraft), reason=""))
    assert [(r.code, r.cite) for r in caught.value.verdict.reasons] == [("special_reason_missing", "wuhai-hainan-2023:60")]
    moved = office.run("zjj", "document.implementation_special", lambda uow: superior.claim_special_circumstance(
        uow, implementation_id=row.id, expected_version=seen_document(uow, row.id, ImplementationDraft), reason="须待自治区配套细则出台"))
    assert (moved.due, moved.basis) == (date(2024, 5, 4), "special")
    _draft(office, moved, now=at(days=40))
    with office.db.read() as session:
        assert not session.get(type(row), row.id).late
