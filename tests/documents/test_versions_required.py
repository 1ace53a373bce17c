"""Issue 11, point 5: versions required on every mutating call of the documents domain. Each
use case that changes a document (or a child row of it: a 批示, a review, a countersign answer, a
转办, a 传阅 round) takes the version of the object the user saw, without a default; a stale one
is refused (409, 「已被他人修改」) and changes nothing. What creates a new object, or replaces an
unversioned setting whole, has nothing seen to check and is listed below with its reason; what
the system does by itself (the deadline processor deeming silence as consent) takes no user's
version and is listed too."""

from __future__ import annotations

import inspect
import types

import pytest
from documents_support import at, issued_normative_notice, seen_document
from sqlalchemy import func, select

from support import api_token
from zhengwu.core.errors import StaleVersion
from zhengwu.documents import (
    chain,
    circulation_service,
    countersigning,
    drafting,
    intake,
    issuing,
    printed,
    reading,
    signing,
    standing,
    superior,
)
from zhengwu.documents.models import CountersignRequest, ImplementationDraft, Instruction, ReviewRecord
from zhengwu.org.models import Post

PASSWORD = "zhengwu-demo"
USE_CASE_MODULES = (standing, chain, intake, drafting, superior, countersigning, signing, issuing, reading, printed,
                    circulation_service)

# Mutating calls with nothing seen to check, each with its reason. Keep this list short and true.
NO_VERSION = {
    "intake.submit_incoming": "creates a new incoming document",
    "drafting.create_draft": "creates a new draft",
    "superior.assign_implementation_draft": "creates a new 转办",
    "issuing.set_number_prefix": "replaces an unversioned setting (the 机关代字) whole",
    "reading.grant_clearance": "replaces an unversioned setting (a user's clearance) whole",
    "countersigning.deem_consent": "the deadline processor's, by itself: no user saw anything",
}


def _mutating(module: types.ModuleType) -> list[tuple[str, inspect.Signature]]:
    """The public use cases a module defines that run in a unit of work (first parameter `uow`)."""
    found = []
    for name, fn in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
            continue
        signature = inspect.signature(fn)
        params = list(signature.parameters.values())
        if params and params[0].name == "uow":
            found.append((f"{module.__name__.rsplit('.', 1)[-1]}.{name}", signature))
    return found


def _without_required_version(calls: list[tuple[str, inspect.Signature]]) -> list[str]:
    wrong = []
    for name, signature in calls:
        param = signature.parameters.get("expected_version")
        if param is None or param.default is not inspect.Parameter.empty or param.kind is not param.KEYWORD_ONLY:
            wrong.append(name)
    return wrong


def test_issue_11_versions_required_on_every_mutating_documents_call():
    calls = [c for m in USE_CASE_MODULES for c in _mutating(m)]
    assert len(calls) >= 25  # the walk sees the use cases (a walk that finds nothing proves nothing)
    wrong = [name for name in _without_required_version(calls) if name not in NO_VERSION]
    assert wrong == []
    # Each exemption is still a use case that takes no version (else it comes off the list).
    assert sorted(_without_required_version(calls)) == sorted(NO_VERSION)


def test_issue_11_the_version_walk_catches_an_optional_or_missing_version():
    def optional(uow, *, doc_id: int, expected_version: int | None = None): ...
    def missing(uow, *, doc_id: int): ...
    def positional(uow, doc_id: int, expected_version: int): ...
    def required(uow, *, doc_id: int, expected_version: int): ...
    calls = [(f.__name__, inspect.signature(f)) for f in (optional, missing, positional, required)]
    assert _without_required_version(calls) == ["optional", "missing", "positional"]


def _routed(office):
    zjj = office.department("zjj")
    request = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=zjj, doc_type="request", title="关于老旧小区改造项目资金的请示", body="妥否，请批示。",
        decision_needed_by=at(40).date()))
    return office.run("office", "document.route", lambda uow: intake.route(
        uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))


def _stale(office, who: str, action: str, use_case) -> StaleVersion:
    with pytest.raises(StaleVersion) as refused:
        office.run(who, action, use_case)
    assert refused.value.status == 409 and "已被他人修改" in str(refused.value)
    return refused.value


def _count(office, model) -> int:
    return office.read(lambda session, _tenant: session.execute(select(func.count()).select_from(model)).scalar_one())


def test_issue_11_a_stale_document_version_refuses_a_batch_instruction_and_its_report(make_office):
    """批示 is a child row of the document: checked against the document's version. The handler's
    progress and report are checked against the 批示件's own version."""
    office = make_office("dalian-2014")
    request = _routed(office)
    zjj = office.department("zjj")
    _stale(office, "dep1", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, opinion="handle", text="请住建局办理。", asks_report=True, handler_department_id=zjj,
        handler="李科长", expected_version=seen_document(uow, request.id) - 1))
    assert _count(office, Instruction) == 0
    row = office.run("dep1", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, opinion="handle", text="请住建局办理。", asks_report=True, handler_department_id=zjj,
        handler="李科长", expected_version=seen_document(uow, request.id)))
    office.run("zjj", "document.progress", lambda uow: intake.report_progress(
        uow, instruction_id=row.id, text="已开展调研", expected_version=seen_document(uow, row.id, Instruction)))
    # The report based on the 批示件 as it was before the progress note is stale.
    _stale(office, "zjj", "document.report", lambda uow: intake.report_instruction(
        uow, instruction_id=row.id, text="已办结", expected_version=row.version))
    _stale(office, "zjj", "document.progress", lambda uow: intake.report_progress(
        uow, instruction_id=row.id, text="再报", expected_version=row.version))
    assert office.read(lambda session, _tenant: session.get_one(Instruction, row.id).reported_on) is None


def _round(office):
    zjj, zrj = office.department("zjj"), office.department("zrj")
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于加强物业管理的通知",
        main_recipients="各街道办事处", body="请认真贯彻执行。", touches_department_ids=(zrj,)))
    [asked] = office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, department_ids=[zrj], expected_version=seen_document(uow, draft.id)))
    return draft, asked


def test_issue_11_a_stale_countersign_request_version_refuses_answer_disagreement_and_extension(make_office):
    office = make_office("wuhai-hainan-2023")
    draft, asked = _round(office)
    _stale(office, "zrj", "document.countersign_extend", lambda uow: countersigning.extend_countersign(
        uow, request_id=asked.id, new_due=at(20).date(), agreed_by_lead=True, expected_version=asked.version + 1))
    _stale(office, "zrj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
        uow, request_id=asked.id, outcome="disagree", their_reasons="涉及本局职权", expected_version=asked.version - 1))
    assert office.read(lambda session, _tenant: session.get_one(CountersignRequest, asked.id).outcome) is None
    office.run("zrj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
        uow, request_id=asked.id, outcome="disagree", their_reasons="涉及本局职权", expected_version=asked.version))
    _stale(office, "zjj", "document.countersign_disagreement", lambda uow: countersigning.record_disagreement(
        uow, request_id=asked.id, our_reasons="依法由本局牵头", proposal="报请分管领导协调", expected_version=asked.version))
    assert office.read(lambda session, _tenant: session.get_one(CountersignRequest, asked.id).our_reasons) == ""
    # Recording silence and closing the round are checked against the document.
    _stale(office, "zjj", "document.countersign_silence", lambda uow: countersigning.record_silence(
        uow, doc_id=draft.id, expected_version=draft.version))


def test_issue_11_a_stale_document_version_refuses_reviews_and_after_issue_records(make_office):
    office = make_office("wuhai-hainan-2023")
    issued = issued_normative_notice(office)
    before = _count(office, ReviewRecord)
    _stale(office, "office", "document.after_issue", lambda uow: issuing.record_after_issue(
        uow, doc_id=issued.id, kind="normative_cleanup", note="继续有效", expected_version=seen_document(uow, issued.id) - 1))
    _stale(office, "office", "document.review", lambda uow: issuing.record_review(
        uow, doc_id=issued.id, review="public_comment", passed=True, expected_version=seen_document(uow, issued.id) + 1))
    assert _count(office, ReviewRecord) == before


def test_issue_11_a_stale_implementation_draft_version_refuses_the_special_circumstance(make_office):
    office = make_office("wuhai-hainan-2023")
    row = office.run("office", "document.assign_implementation", lambda uow: superior.assign_implementation_draft(
        uow, title="关于进一步优化营商环境的意见", issued_by="自治区人民政府", department_id=office.department("zjj")))
    _stale(office, "zjj", "document.implementation_special", lambda uow: superior.claim_special_circumstance(
        uow, implementation_id=row.id, reason="需征求自治区意见", expected_version=row.version + 1))
    assert office.read(lambda session, _tenant: session.get_one(ImplementationDraft, row.id).basis) == "text"


def test_issue_11_a_stale_version_refuses_starting_urging_and_reading_a_circulation(make_office):
    """传阅 is started on the document as the office saw it; 催阅 and 已阅 are checked against the
    round (one reader's 已阅 does not make another reader's page stale)."""
    office = make_office("dalian-2014")
    request = _routed(office)
    head = office.read(lambda session, _tenant: session.execute(select(Post.id).where(
        Post.tenant_id == office.tenant.id, Post.kind == "head")).scalar_one())
    czj = office.department("czj")
    _stale(office, "office", "document.circulate", lambda uow: circulation_service.start(
        uow, doc_id=request.id, post_ids=[head], expected_version=seen_document(uow, request.id) - 1))
    started = office.run("office", "document.circulate", lambda uow: circulation_service.start(
        uow, doc_id=request.id, post_ids=[head], department_ids=[czj], expected_version=seen_document(uow, request.id)))
    page = started.version  # the round as the readers' pages show it
    _stale(office, "office", "document.urge_read", lambda uow: circulation_service.urge(
        uow, doc_id=request.id, expected_version=page + 1))
    # The head reads; the 财政局 reader's page (same round version) is still current.
    office.run("head", "document.read_circulated", lambda uow: circulation_service.mark_read(
        uow, doc_id=request.id, comment="已阅。", expected_version=page))
    _stale(office, "czj", "document.read_circulated", lambda uow: circulation_service.mark_read(
        uow, doc_id=request.id, expected_version=page - 1))
    done = office.run("czj", "document.read_circulated", lambda uow: circulation_service.mark_read(
        uow, doc_id=request.id, expected_version=page))
    assert done.completed_at is not None


def test_issue_11_a_missing_version_is_refused_422_naming_the_field(client, make_office):
    office = make_office("dalian-2014")
    request = _routed(office)
    dep1 = api_token(client, "dalian.dep1", PASSWORD)
    missing = client.post(f"/api/tenants/dalian/documents/{request.id}/instructions", headers=dep1,
                          json={"opinion": "agree", "text": "同意。"})
    assert missing.status_code == 422 and "「所见版本」（version）缺少必填项" in missing.json()["message"]
    stale = client.post(f"/api/tenants/dalian/documents/{request.id}/instructions", headers=dep1,
                        json={"version": request.version - 1, "opinion": "agree", "text": "同意。"})
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["message"]
    assert _count(office, Instruction) == 0
