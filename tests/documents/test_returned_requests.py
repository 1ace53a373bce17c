"""A department's 请示 through the initial check (《党政机关公文处理工作条例》第二十四条第（三）项):
the bureau sees the check's result on its page; 退回 says why (required, limited); the bureau
revises the returned 请示 from its previous text and resubmits it, the history kept; the 主送
printed once; a 批示 said once; 收文编号 and 申请编号 counted per government and per Beijing year.
On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from html import unescape
from threading import Barrier

import pytest
from docx import Document as Docx

from documents_support import at, issued_normative_notice, seen_document
from support import assert_refused_and_audited, csrf_of, log_in
from zhengwu.core import serials
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.disclosure import service as disclosure
from zhengwu.documents import rules
from zhengwu.documents import drafting, intake, reading, standing
from zhengwu.documents.routing import instruction_text
from zhengwu.disclosure.rules import Application

PASSWORD = "zhengwu-demo"
RETURN_CITE = "law-gongwen-2012:24.3"


def _request(office, now=None, **extra):
    args = dict(department_id=office.department("zjj"), doc_type="request", title="关于老旧小区改造项目资金的请示",
                body="我局拟对3个老旧小区实施改造。\n妥否，请批示。", decision_needed_by=at(40).date(),
                touches_department_ids=(office.department("czj"),))  # not countersigned: fails the check
    args.update(extra)
    return office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(uow, **args), now=now)


def _refused(office, who, action, use_case, error=RuleViolation):
    with pytest.raises(error) as caught:
        office.run(who, action, use_case)
    assert_refused_and_audited(office.db, office.tenant, action)
    return caught.value.verdict.reasons[0]


def test_gongwen_24_3_return_says_why(make_office):
    office = make_office("dawa-2017")
    doc = _request(office)
    assert doc.check_reasons  # the initial check's findings alone are not the office's reason
    for reasons in ([], ["  "]):
        reason = _refused(office, "office", "document.return",
                          lambda uow, reasons=reasons: intake.return_document(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), reasons=reasons))
        assert (reason.code, reason.cite) == ("no_return_reason", RETURN_CITE) and "退回理由" in reason.message
    reason = _refused(office, "office", "document.return",
                      lambda uow: intake.return_document(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), reasons=["理" * (rules.MAX_RETURN_REASON + 1)]))
    assert reason.code == "return_reason_too_long" and "最多1000字" in reason.message
    returned = office.run("office", "document.return", lambda uow: intake.return_document(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), reasons=["未与区财政局会签，请会签后重新报送。"]), now=at(0, 1))
    assert returned.state == "returned"
    assert returned.return_reasons[-1]["message"] == "未与区财政局会签，请会签后重新报送。"
    history = office.read(lambda s, t: intake.submission_history(s, t, reading.get_document(s, t, doc.id, None, at(1))))
    last = history[-1]
    assert (last.action, last.actor_user_id, last.at) == ("document.return", office.user("office").id, at(0, 1))


def test_returned_request_revised_and_resubmitted_history_kept(make_office):
    office = make_office("dawa-2017")
    czj = office.department("czj")
    doc = _request(office)
    number = doc.register_no
    office.run("office", "document.return", lambda uow: intake.return_document(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), reasons=["未会签。"]))
    # Only the sending bureau resubmits.
    reason = _refused(office, "czj", "document.resubmit", lambda uow: intake.resubmit(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), title=doc.title, body=doc.body), PermissionDenied)
    assert reason.code == "not_own_department"
    again = office.run("zjj", "document.resubmit", lambda uow: intake.resubmit(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), title=doc.title, body=doc.body + "\n已与区财政局会签。", decision_needed_by=at(40).date(),
        touches_department_ids=(czj,), countersigned_by_ids=(czj,)), now=at(1))
    assert (again.state, again.check_reasons, again.register_no) == ("submitted", [], number)
    assert again.return_reasons == []
    # A second resubmission from submitted is refused: only a returned document is sent again.
    reason = _refused(office, "zjj", "document.resubmit", lambda uow: intake.resubmit(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), title="x", body=""))
    assert (reason.code, reason.cite) == ("illegal_transition", RETURN_CITE)
    steps = office.read(lambda s, t: [(e.action, (e.summary.get("detail") or {}).get("check"))
                                      for e in intake.submission_history(s, t, reading.get_document(s, t, doc.id, None, at(1)))])
    assert steps == [("document.submit", "不合格"), ("document.return", None), ("document.resubmit", "合格")]
    notes = office.read(lambda s, t: [v.note for v in reading.versions(s, reading.get_document(s, t, doc.id, None, at(1)))])
    assert notes == ["报送稿", "修改后重新报送稿（第1次）"]


def test_the_bureau_sees_the_check_and_revises_from_its_previous_text(client, make_office):
    office = make_office("dawa-2017")
    doc = _request(office, decision_needed_by=at(30).date())
    url = f"/t/dawa/documents/{doc.id}"
    log_in(client, "dawa.zjj", PASSWORD)
    page = client.get(url)
    assert 'id="intake-failed"' in page.text and "初审不符合规定" in page.text and "初审不合格" in page.text
    assert 'id="intake-passed"' not in page.text

    log_in(client, "dawa.office", PASSWORD)
    page = client.get(url)
    empty = client.post(f"{url}/return", data={"csrf_token": csrf_of(page.text), "version": doc.version, "reason": ""})
    assert empty.status_code == 422 and "退回理由：不能为空" in empty.text
    client.post(f"{url}/return", data={"csrf_token": csrf_of(page.text), "version": doc.version,
                                       "reason": "未与区财政局会签。"}, follow_redirects=True)

    log_in(client, "dawa.zjj", PASSWORD)
    page = client.get(url)
    returned = unescape(re.search(r'<div class="alert alert-error" id="returned">.*?</div>\s*</div>', page.text, re.S).group(0))
    assert "未与区财政局会签。" in returned and office.user("office").display_name in returned  # who, when, why
    form = re.search(r'<form[^>]*id="resubmit-form".*?</form>', page.text, re.S).group(0)
    assert f'value="{doc.title}"' in form and "我局拟对3个老旧小区实施改造。" in unescape(form)
    assert f'value="{at(30).date().isoformat()}"' in form
    czj = office.department("czj")
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    sent = client.post(f"{url}/resubmit", data={
        "csrf_token": csrf_of(page.text), "version": version, "title": doc.title, "body": doc.body,
        "decision_needed_by": at(30).date().isoformat(), "touches": str(czj), "countersigned": str(czj)},
        follow_redirects=True)
    assert sent.status_code == 200 and 'id="intake-passed"' in sent.text and 'id="history"' in sent.text
    assert "修改后重新报送（第1次）" in unescape(sent.text)


# --- 主送 once ------------------------------------------------------------------------------


@pytest.mark.parametrize("main, body, expected", [
    ("各街道办事处", "各街道办事处：\n现将有关事项通知如下。", ("各街道办事处", "现将有关事项通知如下。")),
    ("各街道办事处：", "现将有关事项通知如下。", ("各街道办事处", "现将有关事项通知如下。")),
    ("主送：各街道办事处", "各街道办事处:\n正文。", ("各街道办事处", "正文。")),
    ("", "主送：区政府各部门：\n正文。", ("区政府各部门", "正文。")),
    # A first line that is the body's own (it ends with a colon, but is no 主送) is left alone.
    ("各街道办事处", "现将有关事项通知如下：\n一、……", ("各街道办事处", "现将有关事项通知如下：\n一、……")),
])
def test_gongwen_9_8_recipients_printed_once(main, body, expected):
    got_main, got_body, verdict = rules.recipients_and_body(main, body)
    assert verdict.ok and (got_main, got_body) == expected


def test_recipients_typed_twice_differently_is_refused():
    verdict = rules.recipients_and_body("各街道办事处", "主送：区政府各部门：\n正文。")[2]
    assert verdict.reasons[0].code == "recipients_twice" and verdict.reasons[0].cite == "law-gongwen-2012:9.8"


def test_the_clerks_typed_recipients_line_is_not_printed_twice(client, make_office):
    office = make_office("wuhai-hainan-2023")
    doc = issued_normative_notice(office)  # main_recipients「各街道办事处」
    draft = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", title="关于做好防汛工作的通知", main_recipients="各街道办事处",
        body="各街道办事处：\n请做好防汛准备。", department_id=office.department("zjj")))
    assert draft.body == "请做好防汛准备。"
    log_in(client, "hainan.office", PASSWORD)
    page = unescape(client.get(f"/t/hainan/documents/{draft.id}").text)
    assert page.count("各街道办事处：") == 1
    data = client.get(f"/t/hainan/documents/{doc.id}/download.docx").content
    text = [p.text for p in Docx(io.BytesIO(data)).paragraphs]
    assert sum(1 for p in text if p.startswith("各街道办事处")) == 1


# --- 批示 said once -------------------------------------------------------------------------


def test_instruction_said_once():
    assert instruction_text("agree", "同意。") == "同意。"  # was 「同意。同意。」
    assert instruction_text("agree", "同意，请办公室拟文批复。") == "同意，请办公室拟文批复。"
    assert instruction_text("agree", "请财政局研究办理。") == "同意。请财政局研究办理。"
    assert instruction_text("disagree", "同意的条件尚不具备。") == "不同意。同意的条件尚不具备。"
    assert instruction_text("agree", "  ") == "同意。"


def test_the_document_page_prints_the_instruction_once(client, make_office):
    office = make_office("dawa-2017")
    czj = office.department("czj")
    doc = _request(office, countersigned_by_ids=(czj,))
    office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    office.run("dep1", "document.instruct", lambda uow: intake.instruct(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), opinion="agree", text="同意。"))
    log_in(client, "dawa.office", PASSWORD)
    section = re.search(r'<section class="panel" id="instructions">.*?</section>', client.get(f"/t/dawa/documents/{doc.id}").text, re.S)
    assert "同意。同意。" not in section.group(0) and "同意。" in section.group(0)


# --- numbers per government and per Beijing year ---------------------------------------------


def test_register_numbers_restart_on_the_first_of_january_in_beijing(make_office):
    office = make_office("dawa-2017")
    other = make_office("dalian-2014")
    new_years_eve = datetime(2024, 12, 31, 15, 30, tzinfo=timezone.utc)  # 23:30 in Beijing
    new_year = datetime(2024, 12, 31, 16, 10, tzinfo=timezone.utc)  # 00:10 on 1 January 2025 in Beijing
    numbers = [_request(office, now=new_years_eve, decision_needed_by=None).register_no for _ in range(2)]
    assert numbers == ["收文〔2024〕1号", "收文〔2024〕2号"]
    assert _request(office, now=new_year, decision_needed_by=None).register_no == "收文〔2025〕1号"
    assert _request(other, now=new_year, decision_needed_by=None).register_no == "收文〔2025〕1号"  # per government

    requests = [office.run(None, "disclosure.request", lambda uow: disclosure.file_request(
        uow, Application(applicant="王某", identity_type="resident_id", identity_number="210102198001011234",
                         contact="13800000000", description="申请公开老旧小区改造资金使用情况。", medium="paper",
                         delivery="post")), now=now)
        for now in (new_years_eve, new_year)]
    assert [r.number for r in requests] == ["依申请〔2024〕1号", "依申请〔2025〕1号"]


def test_register_numbers_are_gap_free_under_concurrency(make_office):
    office = make_office("xishi-2024")
    n = 6
    barrier = Barrier(n)

    def submit(_):
        barrier.wait()
        return _request(office, decision_needed_by=None).register_no

    with ThreadPoolExecutor(n) as pool:
        numbers = list(pool.map(submit, range(n)))
    assert sorted(numbers, key=lambda s: int(s.split("〕")[1][:-1])) == [f"收文〔2024〕{i}号" for i in range(1, n + 1)]
    # A rolled-back registration gives its number back.
    with pytest.raises(RuntimeError):
        with office.db.write() as session:
            assert serials.take(session, office.tenant.id, standing.INCOMING_SERIES, 2024) == n + 1
            raise RuntimeError("registration failed")
    assert _request(office, decision_needed_by=None).register_no == f"收文〔2024〕{n + 1}号"
