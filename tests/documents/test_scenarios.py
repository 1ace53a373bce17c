"""Per seed government, on SQLite and PostgreSQL: a department's 请示 to the signed 批复, and a
normative document from the department's proxy draft to the issued (and, where the profile
says, filed) document — with every refusal the profile implies, each with its cite.

Run one government alone with `-k dalian-2014`.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from documents_support import at, executive_resolution, seen_document
from sqlalchemy import select

from support import assert_refused_and_audited
from zhengwu.core import audit
from zhengwu.core.verdict import RuleViolation
from zhengwu.documents import countersigning, drafting, events, intake, issuing, reading, signing
from zhengwu.documents.models import CountersignRequest, Document, Instruction
from zhengwu.org import service as org
from zhengwu.supervision import service as supervision

COMPLETE = ["dawa-2017", "dalian-2014", "wuhai-hainan-2023", "xishi-2024"]


def refused(office, who, action, use_case, now=None):
    """Run a use case that must be refused; return its first reason, after checking that the
    refusal is on the audit chain."""
    with pytest.raises(RuleViolation) as caught:
        office.run(who, action, use_case, now=now)
    assert_refused_and_audited(office.db, office.tenant, action)
    return caught.value.verdict.reasons[0]


def load(office, doc_id) -> Document:
    with office.db.read() as session:
        return session.get(Document, doc_id)


# --- a 请示 from a department to the signed 批复 ----------------------------------------------

COUNTERSIGN_DUTY = {"dawa-2017": "dawa-2017:43", "dalian-2014": "dalian-2014:44",
                    "wuhai-hainan-2023": "wuhai-hainan-2023:57", "xishi-2024": "xishi-2024:29"}
TO_OFFICE = {"dawa-2017": "dawa-2017:43", "dalian-2014": "dalian-2014:44",
             "wuhai-hainan-2023": "wuhai-hainan-2023:56", "xishi-2024": "xishi-2024:27"}
RETURN = {"dawa-2017": "law-gongwen-2012:24.3", "dalian-2014": "law-gongwen-2012:24.3",
          "wuhai-hainan-2023": "wuhai-hainan-2023:63", "xishi-2024": "law-gongwen-2012:24.3"}
BY_PORTFOLIO = {"dawa-2017": "dawa-2017:44", "dalian-2014": "dalian-2014:46",
                "wuhai-hainan-2023": "wuhai-hainan-2023:59", "xishi-2024": "xishi-2024:30"}
# The 批复's chain, as (kind, who takes it); the office's 审核 by its director or clerk. The 请示
# touched the 财政局, which the executive deputy oversees: the reply crosses portfolios.
REPLY_CHAIN = {
    "dawa-2017": [("review", "office"), ("review", "dep1"), ("countersign", "exec"), ("sign_off", "head")],  # 大洼 46
    "dalian-2014": [("review", "office"), ("review", "dep1"), ("review", "exec"), ("sign_off", "head")],  # 大连 48
    "wuhai-hainan-2023": [("review", "sun"), ("sign_off", "dep1")],  # 海南区 57, 62
    "xishi-2024": [("countersign", "exec"), ("sign_off", "dep1")],  # 西市 31(三)(八)
}
REPLY_SIGNER_CITE = {"dawa-2017": "dawa-2017:46", "dalian-2014": "dalian-2014:48",
                     "wuhai-hainan-2023": "wuhai-hainan-2023:62", "xishi-2024": "xishi-2024:31.3"}


def _submit(office, now=None, **extra):
    zjj = office.department("zjj")
    args = dict(department_id=zjj, doc_type="request", title="关于老旧小区改造项目资金的请示",
                body="一、项目概况\n我局拟对3个老旧小区实施改造。\n妥否，请批示。",
                decision_needed_by=at(40).date())
    args.update(extra)
    return office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(uow, **args), now=now)


@pytest.mark.parametrize("profile_id", COMPLETE)
def test_request_to_signed_reply(make_office, profile_id, monkeypatch):
    office = make_office(profile_id)
    czj = office.department("czj")

    # Touching the 财政局's powers without its countersign: kept, flagged, not routable, returned.
    bad = _submit(office, touches_department_ids=(czj,))
    assert [r["code"] for r in bad.check_reasons] == ["countersign_missing"]
    assert bad.check_reasons[0]["cite"] == COUNTERSIGN_DUTY[profile_id]
    reason = refused(office, "office", "document.route", lambda uow: intake.route(uow, doc_id=bad.id, expected_version=seen_document(uow, bad.id)))
    assert (reason.code, reason.cite) == ("nonconforming_not_routed", COUNTERSIGN_DUTY[profile_id])
    returned = office.run("office", "document.return", lambda uow: intake.return_document(
        uow, doc_id=bad.id, expected_version=seen_document(uow, bad.id), reasons=["请与区财政局会签后重新报送。"]))
    assert returned.state == "returned" and returned.return_reasons[0]["cite"] == COUNTERSIGN_DUTY[profile_id]
    with office.db.read() as session:
        event = audit.recent(session, audit.chain_of(office.tenant.id), limit=1)[0]
    assert (event.action, event.cite) == ("document.return", RETURN[profile_id])

    # Sent to a leader personally.
    personal = _submit(office, addressed_to="leader", touches_department_ids=(czj,), countersigned_by_ids=(czj,))
    assert [(r["code"], r["cite"]) for r in personal.check_reasons] == [("addressed_to_leader", TO_OFFICE[profile_id])]

    # A conforming 请示, countersigned by the 财政局.
    request = _submit(office, touches_department_ids=(czj,), countersigned_by_ids=(czj,))
    assert request.check_reasons == []
    dep1, dep2 = office.user("dep1"), office.user("dep2")
    reason = refused(office, "office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id), leader_id=dep2.id))
    assert (reason.code, reason.cite) == ("not_by_portfolio", BY_PORTFOLIO[profile_id])
    routed = office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))
    assert routed.routed_to_id == dep1.id  # 王副区长 oversees the 住建局

    reason = refused(office, "dep2", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="agree", text="同意。"))
    assert reason.code == "not_routed_to_you"
    if profile_id != "dawa-2017":  # 大洼's text does not require the opinion be written out
        reason = refused(office, "dep1", "document.instruct", lambda uow: intake.instruct(
            uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="agree", text=" "))
        assert (reason.code, reason.cite) == ("opinion_text_missing", BY_PORTFOLIO[profile_id])
    office.run("dep1", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="agree", text="同意，请办公室拟文批复。"))

    # The office drafts the 批复; the matrix decides who reviews and signs.
    reply = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="reply", title="关于老旧小区改造项目资金的批复",
        body="你局《关于老旧小区改造项目资金的请示》收悉。经研究，同意所请。", main_recipients="区住房和城乡建设局",
        reply_to_id=request.id), now=at(1))
    reply = office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id)), now=at(1))
    expected = REPLY_CHAIN[profile_id]
    assert [(s["kind"]) for s in reply.chain] == [kind for kind, _ in expected]

    reason = refused(office, "dep2", "document.step", lambda uow: signing.take_step(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id), kind="sign_off"), now=at(1))
    assert (reason.code, reason.cite) == ("not_named_by_matrix", REPLY_SIGNER_CITE[profile_id])
    if len(expected) > 1:
        signer = expected[-1][1]
        reason = refused(office, signer, "document.step", lambda uow: signing.take_step(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id), kind="sign_off"), now=at(1))
        assert reason.code == "chain_incomplete" and reason.cite == reply.chain[0]["cite"]
    def queue(who: str) -> list[int]:
        with office.db.read() as session:
            listed = [d.id for d, _ in reading.sign_off_queue(session, office.tenant, office.user(who).id, at(2))]
        with monkeypatch.context() as many:  # as when many documents await the posts: checked one by one
            many.setattr(reading, "LISTED_AWAITING", 0)
            with office.db.read() as session:
                walked = [d.id for d, _ in reading.sign_off_queue(session, office.tenant, office.user(who).id, at(2))]
        assert walked == listed
        return listed

    assert reply.id not in queue("dep2")  # not on the chain, not overseeing: not in the queue
    for kind, who in expected:
        assert reply.id in queue(who)  # the queue finds it by the posts the chain awaits now
        office.run(who, "document.step", lambda uow, kind=kind: signing.take_step(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id), kind=kind, opinion="同意"), now=at(2))
    assert all(reply.id not in queue(who) for _, who in expected)  # signed: awaited by no one
    signed = load(office, reply.id)
    assert signed.state == "signed" and signed.signer_id == office.user(expected[-1][1]).id

    issued = office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id)), now=at(2))
    prefix = {"dawa-2017": "大政发", "dalian-2014": "大政发", "wuhai-hainan-2023": "海南政发", "xishi-2024": "营西政发"}[profile_id]
    assert issued.doc_number == f"{prefix}〔2024〕1号"
    assert load(office, request.id).state == "closed"
    with office.db.read() as session:
        assert audit.verify(session, audit.chain_of(office.tenant.id)).ok


# --- a normative document from proxy draft to issued, filed document ----------------------

NORMATIVE_CHAIN = {
    "dawa-2017": [("review", "dep1"), ("sign_off", "exec")],  # 大洼 45
    "dalian-2014": [("review", "office"), ("review", "dep1"), ("review", "exec"), ("sign_off", "exec")],  # 大连 48
    "wuhai-hainan-2023": [("review", "sun"), ("sign_off", "exec")],  # 海南区 57, 62
    "xishi-2024": [("review", "office"), ("review", "dep1"), ("countersign", "exec"), ("sign_off", "exec")],  # 西市 31(二)(八)
}
# The head is away (on the occasion each text names) and the executive deputy acts.
HEAD_AWAY = {"dawa-2017": "abroad", "dalian-2014": "out_of_area", "wuhai-hainan-2023": "out_of_area",
             "xishi-2024": "out_of_area"}
LEGALITY = {"dawa-2017": "dawa-2017:17", "dalian-2014": "dalian-2014:48",
            "wuhai-hainan-2023": "wuhai-hainan-2023:21", "xishi-2024": "xishi-2024:30"}
# Texts that put the legality review before the draft is decided (so before the sign-off).
REVIEW_BEFORE_SIGNING = {"wuhai-hainan-2023": "wuhai-hainan-2023:21", "dawa-2017": "dawa-2017:17"}
FILING = {"wuhai-hainan-2023": (["superior_legal_office", "congress_standing_committee"], "wuhai-hainan-2023:23"),
          "xishi-2024": (["congress_standing_committee"], "xishi-2024:14"),
          "dawa-2017": (["congress_standing_committee"], "dawa-2017:28"),
          "dalian-2014": (["congress_standing_committee"], "dalian-2014:29")}


@pytest.mark.parametrize("profile_id", COMPLETE)
def test_normative_document_from_proxy_draft_to_issue_and_filing(make_office, profile_id):
    office = make_office(profile_id)
    zjj, czj, zrj, sfj = (office.department(s) for s in ("zjj", "czj", "zrj", "sfj"))
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", normative=True, policy=True, department_id=zjj,
        title="关于印发老旧小区改造管理办法的通知", main_recipients="各街道办事处，区政府各部门",
        body="现将《老旧小区改造管理办法》印发给你们，请认真贯彻执行。", touches_department_ids=(czj,)))
    assert draft.facts["proxy_draft"] is True
    office.document_id = draft.id
    office.run("office", "document.revise", lambda uow: drafting.revise(
        uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id), title=draft.title, body=draft.body + "\n本办法自印发之日起施行。"))

    reason = refused(office, "office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)))
    assert (reason.code, reason.cite) == ("countersign_first", COUNTERSIGN_DUTY[profile_id])

    # 会签 with the 财政局 and the 自然资源局 (parallel), sent Monday 2024-03-04.
    asked = office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id), department_ids=[czj, zrj], mode="parallel"))
    seven = profile_id in ("wuhai-hainan-2023", "xishi-2024")
    assert [r.due.isoformat() if r.due else None for r in asked] == (["2024-03-13"] * 2 if seven else [None, None])
    office.run("czj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
        uow, request_id=asked[0].id, expected_version=seen_document(uow, asked[0].id, CountersignRequest), outcome="disagree", their_reasons="资金来源未落实"), now=at(1))
    reason = refused(office, "zjj", "document.countersign_close", lambda uow: countersigning.close_countersign(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)), now=at(1))
    assert reason.code in ("disagreement_unrecorded", "countersign_pending")
    office.run("zjj", "document.countersign_disagreement", lambda uow: countersigning.record_disagreement(
        uow, request_id=asked[0].id, expected_version=seen_document(uow, asked[0].id, CountersignRequest), our_reasons="已列入年度财政预算", proposal="请区政府协调资金来源"), now=at(1))
    # The 自然资源局 never answers. Past the 7 working days (Thursday 03-14), silence is consent
    # where the text says so; elsewhere the round waits.
    if seven:
        office.run("zjj", "document.countersign_close", lambda uow: countersigning.close_countersign(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)), now=at(10))
        clocks = office.read(lambda s, t: reading.countersign_clocks(s, t, at(10), doc_id=draft.id))
        assert [(c.department.endswith("自然资源局"), c.status, c.cite) for c in clocks][1] == (True, "deemed_consent", COUNTERSIGN_DUTY[profile_id])
    else:
        reason = refused(office, "zjj", "document.countersign_close", lambda uow: countersigning.close_countersign(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)), now=at(10))
        assert (reason.code, reason.cite) == ("countersign_pending", COUNTERSIGN_DUTY[profile_id])
        office.run("zrj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
            uow, request_id=asked[1].id, expected_version=seen_document(uow, asked[1].id, CountersignRequest), outcome="agree"), now=at(10))
        office.run("zjj", "document.countersign_close", lambda uow: countersigning.close_countersign(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)), now=at(10))

    doc = office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)), now=at(10))
    expected = NORMATIVE_CHAIN[profile_id]
    assert [s["kind"] for s in doc.chain] == [k for k, _ in expected]

    # Reviews and countersigns before the sign-off.
    for kind, who in expected[:-1]:
        office.run(who, "document.step", lambda uow, kind=kind: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind=kind, opinion="同意"), now=at(10))
    if profile_id in REVIEW_BEFORE_SIGNING:  # 海南区 21, 大洼 17: the legality review comes before the decision
        reason = refused(office, "head", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(10))
        assert (reason.code, reason.cite) == ("legality_review_missing", REVIEW_BEFORE_SIGNING[profile_id])
        office.run("sfj", "document.review", lambda uow: issuing.record_review(
            uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), review="legality_review", passed=True, note="经审查，未发现违法内容"), now=at(10))
    # A government normative document is a matter the 常务会议 decides (大洼 21, 大连 22, 海南区 21):
    # signed only once the resolution that decided it is named.
    reason = refused(office, "head", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(10))
    assert reason.code == "reserved_matter_resolution_missing"
    resolution_id = executive_resolution(office)
    office.run("office", "document.name_resolution", lambda uow: issuing.name_resolution(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), resolution_id=resolution_id), now=at(10))
    # The executive deputy may not sign while the head is present…
    reason = refused(office, "exec", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(10, 2))
    assert reason.code == "not_named_by_matrix" and reason.cite == doc.chain[-1]["cite"]
    # …but signs for the head while the head is away.
    head_post = office.read(lambda s, t: org.load_state(s, t.id).seats_of("head")[0].post_id)
    office.run("head", "leave.request", lambda uow: org.request_leave(
        uow, post_id=head_post, occasion=HEAD_AWAY[profile_id], starts_at=at(11), ends_at=at(14), mandate=True), now=at(10, 3))
    signed = office.run("exec", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(11, 2))
    assert signed.state == "signed" and signed.signer_id == office.user("exec").id
    steps = office.read(lambda s, t: reading.steps_of(s, signed))
    assert "（代行）" in steps[-1].capacity

    # Reviews before issue.
    if profile_id not in REVIEW_BEFORE_SIGNING:
        reason = refused(office, "office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)), now=at(12))
        assert (reason.code, reason.cite) == ("legality_review_missing", LEGALITY[profile_id])
        office.run("sfj", "document.review", lambda uow: issuing.record_review(
            uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), review="legality_review", passed=True, note="经审查，未发现违法内容"), now=at(12))
    if profile_id == "wuhai-hainan-2023":
        with pytest.raises(RuleViolation) as caught:
            office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)), now=at(12))
        assert {(r.code, r.cite) for r in caught.value.verdict.reasons} == {
            ("public_comment_missing", "wuhai-hainan-2023:21"),
            ("fair_competition_review_missing", "wuhai-hainan-2023:22"),
            ("interpretation_missing", "wuhai-hainan-2023:37"),
            ("legality_statement_missing", "wuhai-hainan-2023:57"),
        }
        for review, extra in (("public_comment", {"on": at(-30).date(), "period_end": at(-1).date()}),
                              ("fair_competition_review", {}), ("interpretation", {"on": at(11).date()})):
            office.run("zjj", "document.review", lambda uow, review=review, extra=extra: issuing.record_review(
                uow, doc_id=doc.id, review=review, passed=True, expected_version=seen_document(uow, doc.id), **extra), now=at(12))
        office.run("zjj", "document.legality_statement", lambda uow: issuing.attach_legality_statement(
            uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), statement="本文件经区司法局合法性审查，符合法律法规规定。"), now=at(12))
    issued = office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)), now=at(12))
    assert issued.state == "issued" and issued.doc_number.endswith("〔2024〕1号")

    # Filing with the bodies the profile names (大洼 28 and 大连 29: the congress standing committee).
    to, cite = FILING[profile_id]
    reason = refused(office, "office", "document.file", lambda uow: issuing.file_document(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), to=to[:-1]), now=at(13))
    assert (reason.code, reason.cite) == ("filing_incomplete", cite)
    filed = office.run("office", "document.file", lambda uow: issuing.file_document(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), to=to), now=at(13))
    assert filed.state == "filed"

    # After issue: clean-up and post-evaluation reminders where the text asks for them (海南区 21).
    issued_on = issued.issued_on
    a_year = issued_on.replace(year=issued_on.year + 1)
    reminders = lambda on: [(r.kind, r.due_on, r.cite) for r in office.read(  # noqa: E731
        lambda s, t: issuing.after_issue_reminders(s, t, on))]
    assert reminders(a_year - timedelta(days=1)) == []
    if profile_id == "wuhai-hainan-2023":
        assert reminders(a_year) == [("normative_cleanup", a_year, "wuhai-hainan-2023:21"),
                                     ("normative_post_evaluation", a_year, "wuhai-hainan-2023:21")]
        office.run("office", "document.after_issue", lambda uow: issuing.record_after_issue(
            uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="normative_cleanup", on=a_year, note="继续有效"), now=at(400))
        assert reminders(a_year) == [("normative_post_evaluation", a_year, "wuhai-hainan-2023:21")]
        office.run("zjj", "document.after_issue", lambda uow: issuing.record_after_issue(
            uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="normative_post_evaluation", on=a_year, note="实施效果良好"), now=at(400))
        assert reminders(a_year) == []
        next_cycle = a_year.replace(year=a_year.year + 1)
        assert reminders(next_cycle) == [("normative_cleanup", next_cycle, "wuhai-hainan-2023:21")]
    else:
        assert reminders(a_year.replace(year=a_year.year + 5)) == []
        reason = refused(office, "office", "document.after_issue", lambda uow: issuing.record_after_issue(
            uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="normative_cleanup"), now=at(400))
        assert (reason.code, reason.cite) == ("no_after_issue_rule", None)

    # The trail: every step and refusal, who, when, under which article.
    trail = office.read(lambda s, t: reading.trail(s, t, load(office, doc.id)))
    actions = [(e.action, e.outcome) for e in trail]
    assert ("document.send_for_signing", "refused") in actions and ("document.issue", "done") in actions
    assert all(e.cite for e in trail if e.outcome == "refused" and e.action != "document.after_issue")
    assert [e.action for e in trail if e.outcome == "done" and not e.cite] == []
    versions = office.read(lambda s, t: reading.versions(s, load(office, doc.id)))
    assert [v.note for v in versions] == ["代拟稿", "办公室审改"]


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_dalian_51_instruction_report_within_ten_days_late_explained(make_office, profile_id):
    office = make_office(profile_id)
    zjj = office.department("zjj")
    request = _submit(office)
    office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))
    reason = refused(office, "dep1", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="handle", text="请住建局抓紧办理并报告结果。", asks_report=True,
        handler_department_id=zjj))
    assert reason.code == "handler_missing"
    row = office.run("dep1", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="handle", text="请住建局抓紧办理并报告结果。", asks_report=True,
        handler_department_id=zjj, handler="住建局李科长"))
    assert (row.report_due.isoformat(), row.due_cite) == ("2024-03-14", "dalian-2014:51")
    office.run("zjj", "document.progress", lambda uow: intake.report_progress(uow, instruction_id=row.id, expected_version=seen_document(uow, row.id, Instruction), text="已完成现场踏勘"), now=at(5))
    reason = refused(office, "zjj", "document.report", lambda uow: intake.report_instruction(
        uow, instruction_id=row.id, expected_version=seen_document(uow, row.id, Instruction), text="已办结"), now=at(12))
    assert (reason.code, reason.cite) == ("report_late_unexplained", "dalian-2014:51")
    done = office.run("zjj", "document.report", lambda uow: intake.report_instruction(
        uow, instruction_id=row.id, expected_version=seen_document(uow, row.id, Instruction), text="已办结", late_explanation="需待省厅批复，已书面说明"), now=at(12))
    assert done.reported_on.isoformat() == "2024-03-16"
    # The 批示件 was on the supervision ledger from the instruction until the (late) report.
    [task] = office.read(lambda s, t: supervision.tasks_from(s, t.id, events.INSTRUCTION_SOURCE, [str(row.id)]))
    assert (task.department_id, task.person, task.deadline.isoformat(), task.cite) == (
        zjj, "住建局李科长", "2024-03-14", "dalian-2014:51")
    assert (task.state, task.closed_on.isoformat()) == ("done", "2024-03-16")


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_dalian_45_and_50_lead_time_and_dual_request(make_office, profile_id):
    office = make_office(profile_id)
    late = _submit(office, decision_needed_by=at(3).date())
    assert [(r["code"], r["cite"]) for r in late.check_reasons] == [("lead_time_short", "dalian-2014:45")]
    dual = _submit(office, also_to_party_committee=True)
    assert [(r["code"], r["cite"]) for r in dual.check_reasons] == [("dual_request", "dalian-2014:50")]


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_xishi_33_office_documents_carry_the_consent_note(make_office, profile_id):
    office = make_office(profile_id)
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="office", doc_type="notice", title="关于做好春季森林防火工作的通知", body="各街道：……",
        department_id=office.department("zrj"),
        main_recipients="各街道办事处"))
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    office.run("dep1", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"))
    office.run("exec", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"))
    issued = office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    assert issued.annotation == "经区政府同意" and issued.doc_number == "营西政办发〔2024〕1号"


def test_classified_documents_only_to_the_cleared_on_the_routing(make_office):
    office = make_office("dawa-2017")
    secret = _submit(office, classification="confidential", classification_term="1年")
    office.run("head", "document.clear", lambda uow: reading.grant_clearance(uow, user_id=office.user("office").id, level="top_secret"))
    office.run("head", "document.clear", lambda uow: reading.grant_clearance(uow, user_id=office.user("dep2").id, level="top_secret"))

    def sees(who):
        user = office.user(who)
        return office.read(lambda s, t: [d.id for d in reading.documents(s, t, user.id, at())])

    assert secret.id in sees("office")  # cleared and handles it
    assert secret.id not in sees("dep2")  # cleared but not on the routing
    assert secret.id not in sees("zjj")  # on the routing, not cleared
    with office.db.read() as session:
        ids = session.execute(select(Document.id)).scalars().all()
    assert secret.id in ids


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_sequential_round_each_clock_starts_when_its_turn_comes(make_office, profile_id):
    office = make_office(profile_id)
    zjj, czj, zrj = (office.department(s) for s in ("zjj", "czj", "zrj"))
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于加强物业管理的通知", body="……"))
    asked = office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id), department_ids=[czj, zrj], mode="sequential"))
    assert [(r.sent_on and r.sent_on.isoformat(), r.due and r.due.isoformat()) for r in asked] == [
        ("2024-03-04", "2024-03-13"), (None, None)]
    # 财政局 stays silent past its 7 working days: consent recorded (西市 29), the 自然资源局 asked next.
    deemed = office.run("zjj", "document.countersign_silence", lambda uow: countersigning.record_silence(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)), now=at(10))
    assert [(r.department_id, r.outcome_cite) for r in deemed] == [(czj, "xishi-2024:29")]
    reason = refused(office, "zjj", "document.countersign_close", lambda uow: countersigning.close_countersign(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)), now=at(10))
    assert (reason.code, reason.cite) == ("countersign_pending", "xishi-2024:29")
    clocks = office.read(lambda s, t: reading.countersign_clocks(s, t, at(10), doc_id=draft.id))
    assert [(c.status, c.request.sent_on and c.request.sent_on.isoformat()) for c in clocks] == [
        ("deemed_consent", "2024-03-04"), ("pending", "2024-03-14")]
    assert clocks[1].request.due.isoformat() == "2024-03-25"
    # The 自然资源局 agrees an extension with the lead department, then answers.
    row = office.run("zrj", "document.countersign_extend", lambda uow: countersigning.extend_countersign(
        uow, request_id=clocks[1].request.id, expected_version=seen_document(uow, clocks[1].request.id, CountersignRequest), new_due=at(25).date(), agreed_by_lead=True), now=at(11))
    assert (row.due.isoformat(), row.basis, row.cite) == ("2024-03-29", "agreed_extension", "xishi-2024:29")
    office.run("zrj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
        uow, request_id=row.id, expected_version=seen_document(uow, row.id, CountersignRequest), outcome="agree"), now=at(20))
    closed = office.run("zjj", "document.countersign_close", lambda uow: countersigning.close_countersign(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)), now=at(20))
    assert closed.state == "draft"


def test_a_classified_reply_is_listed_only_to_those_who_may_read_it(make_office):
    """The document page lists the replies to a 请示 through the same `may_read` as the document
    itself: a 机密 批复 is not named to a department head who is not cleared."""
    office = make_office("dawa-2017")
    request = _submit(office)
    reply = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="reply", title="关于老旧小区改造项目资金的批复", body="同意所请。",
        main_recipients="区住房和城乡建设局", reply_to_id=request.id, classification="confidential",
        classification_term="1年"), now=at(1))
    office.run("head", "document.clear", lambda uow: reading.grant_clearance(uow, user_id=office.user("office").id, level="top_secret"))

    def replies(who):
        user = office.user(who)
        return office.read(lambda s, t: [d.id for d in reading.replies(s, t, load(office, request.id), user.id, at(2))])

    assert replies("office") == [reply.id]
    assert replies("zjj") == []


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_xishi_29_a_disagreement_answered_on_day_one_never_becomes_deemed_consent(make_office, profile_id):
    """Only an unanswered request turns into consent after its deadline (西市 29): the 财政局
    disagreed on the first day, so passing the deadline changes nothing for it."""
    office = make_office(profile_id)
    zjj, czj, zrj = (office.department(s) for s in ("zjj", "czj", "zrj"))
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于加强物业管理的通知", body="……"))
    asked = office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id), department_ids=[czj, zrj], mode="parallel"))
    office.run("czj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
        uow, request_id=asked[0].id, expected_version=seen_document(uow, asked[0].id, CountersignRequest), outcome="disagree", opinion="资金来源未落实", their_reasons="预算未列"), now=at(1))
    deemed = office.run("zjj", "document.countersign_silence", lambda uow: countersigning.record_silence(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)), now=at(10))
    assert [r.department_id for r in deemed] == [zrj]
    clocks = office.read(lambda s, t: reading.countersign_clocks(s, t, at(10), doc_id=draft.id))
    assert {c.request.department_id: c.request.outcome for c in clocks} == {czj: "disagree", zrj: "deemed_consent"}
