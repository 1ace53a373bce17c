"""待办 and 已办 (issue 15.1): each domain's provider lists a step for the person who may take
it — not for another unit's head, not in another government — and the item leaves the list
once the step is taken, because the list is computed from the objects' state.

A 请示 walks from the bureau through the office, the overseeing deputy and the signing chain of
its 批复, and each list shows it exactly while it waits for that person.
"""

from __future__ import annotations

from datetime import date

from documents_support import at, seen_document
from support import TEST_NOW

from zhengwu.core import permissions
from zhengwu.core.tenants import Tenant
from zhengwu.decisions import service as decisions
from zhengwu.disclosure import service as disclosure
from zhengwu.documents import countersigning, drafting, intake, issuing, reading, signing
from zhengwu.documents.models import CountersignRequest, Instruction
from zhengwu.meetings import conference_approval, minutes_flow, scheduling, topic_flow
from zhengwu.org import service as org
from zhengwu.org.models import Post
from zhengwu.supervision import service as supervision
from zhengwu.todo import done_by, todo_for
from zhengwu.wiring import install
from zhengwu.disclosure.rules import Application
from meeting_support import seen

install()  # the providers, as every entry point registers them


def todo(office, who: str, now=None) -> set[tuple[str, str]]:
    """(kind, title) of every item on `who`'s list in the office's government."""
    now = now or at()
    user = office.user(who)
    with office.db.read() as session:
        subject = permissions.subject_for(session, user.id, office.tenant.id, now)
        listed = todo_for(session, session.get(Tenant, office.tenant.id), user.id, now, subject)
    return {(i.kind, i.title) for g in listed.groups for i in g.items}


def items(office, who: str, now=None):
    user = office.user(who)
    now = now or at()
    with office.db.read() as session:
        subject = permissions.subject_for(session, user.id, office.tenant.id, now)
        listed = todo_for(session, session.get(Tenant, office.tenant.id), user.id, now, subject)
    return [i for g in listed.groups for i in g.items]


TITLE = "关于老旧小区改造项目资金的请示"


def _submit(office, **extra):
    args = dict(department_id=office.department("zjj"), doc_type="request", title=TITLE,
                body="一、项目概况\n我局拟对3个老旧小区实施改造。\n妥否，请批示。", decision_needed_by=at(40).date())
    args.update(extra)
    return office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(uow, **args))


def test_a_request_moves_from_one_list_to_the_next(make_office):
    office = make_office("dawa-2017")
    other = make_office("dalian-2014")  # another government: its office sees none of this
    czj = office.department("czj")
    request = _submit(office, touches_department_ids=(czj,), countersigned_by_ids=(czj,))

    # Submitted: the office's to check and route; nobody else's.
    assert ("办理收文", TITLE) in todo(office, "office")
    assert ("办理收文", TITLE) in todo(office, "sun")  # the clerk handles incoming documents too
    assert all(TITLE not in t for _, t in todo(office, "head") | todo(office, "dep1") | todo(office, "czj"))
    assert all(TITLE not in t for _, t in todo(other, "office"))

    # Routed to 王副区长, who oversees the 住建局: his to instruct on, no longer the office's.
    office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))
    assert ("批示呈批件", TITLE) in todo(office, "dep1")
    assert ("办理收文", TITLE) not in todo(office, "office")
    assert all(TITLE not in t for _, t in todo(office, "dep2") | todo(office, "head"))

    # Instructed: handled — off his list and off 呈批给我的收文; back to the office to close.
    office.run("dep1", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="agree", text="同意，请办公室拟文批复。"))
    assert all(TITLE not in t for _, t in todo(office, "dep1"))
    with office.db.read() as session:
        assert list(reading.routed_to(session, session.get(Tenant, office.tenant.id), office.user("dep1").id)) == []
    assert ("办结已批示收文", TITLE) in todo(office, "office")

    # The 批复 goes through 大洼 46's chain: the office and the deputies review and countersign
    # (in any order), then the head signs; each sees it only while it waits for them.
    reply_title = "关于老旧小区改造项目资金的批复"
    reply = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="reply", title=reply_title,
        body="你局《关于老旧小区改造项目资金的请示》收悉。经研究，同意所请。", main_recipients="区住房和城乡建设局",
        reply_to_id=request.id), now=at(1))
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id)), now=at(1))
    chain = [("review", "office", "审核公文"), ("review", "dep1", "审核公文"), ("countersign", "exec", "会签公文")]
    assert (chain[0][2], reply_title) in todo(office, "office", at(2))
    assert ("签发公文", reply_title) not in todo(office, "head", at(2))  # not before the reviews
    for kind, who, label in chain:
        assert (label, reply_title) in todo(office, who, at(2))
        office.run(who, "document.step", lambda uow, kind=kind: signing.take_step(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id), kind=kind, opinion="同意"),
                   now=at(2))
        assert (label, reply_title) not in todo(office, who, at(2))
    assert ("签发公文", reply_title) in todo(office, "head", at(2))
    assert all(reply_title not in t for _, t in todo(other, "head", at(2)))
    office.run("head", "document.step", lambda uow: signing.take_step(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id), kind="sign_off"), now=at(2))
    assert all(reply_title not in t for who in ("head", "office", "exec", "dep1") for _, t in todo(office, who, at(2)))

    # Issued: the 请示 is closed with it, and leaves the office's list.
    office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id)), now=at(2))
    assert all(TITLE not in t for _, t in todo(office, "office", at(2)))

    # 已办: what each did, newest first, linked to the document.
    with office.db.read() as session:
        tenant = session.get(Tenant, office.tenant.id)
        mine = done_by(session, tenant, office.user("dep1").id)
        theirs = done_by(session, tenant, office.user("czj").id)
    assert [(d.action, d.link) for d in mine][:2] == [("document.step", f"documents/{reply.id}"),
                                                      ("document.instruct", f"documents/{request.id}")]
    assert mine.total == 2 and theirs.total == 0


def test_a_returned_request_waits_for_its_bureau(make_office):
    office = make_office("dawa-2017")
    bad = _submit(office, touches_department_ids=(office.department("czj"),))  # countersign missing
    assert ("退回的请示", TITLE) not in todo(office, "zjj")
    office.run("office", "document.return", lambda uow: intake.return_document(uow, doc_id=bad.id, expected_version=seen_document(uow, bad.id),
                                                                                    reasons=["未经财政局会签"]))
    assert ("退回的请示", TITLE) in todo(office, "zjj")
    assert all(TITLE not in t for _, t in todo(office, "czj") | todo(office, "office"))


def test_countersign_requests_wait_for_the_asked_unit(make_office):
    office = make_office("wuhai-hainan-2023")
    zjj, czj, zrj = (office.department(s) for s in ("zjj", "czj", "zrj"))
    title = "关于加强物业管理的通知"
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title=title, body="物业服务企业应当……"))
    asked = office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id), department_ids=[czj, zrj], mode="parallel"))
    [mine] = [i for i in items(office, "czj") if i.title == title]
    assert (mine.kind, mine.due, mine.overdue) == ("会签（本部门）", date(2024, 3, 13), False)
    assert mine.link == f"documents/{draft.id}"
    assert ("会签（本部门）", title) not in todo(office, "rsj")  # another bureau
    [late] = [i for i in items(office, "zrj", at(12)) if i.title == title]
    assert late.overdue
    office.run("czj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
        uow, request_id=asked[0].id, expected_version=seen_document(uow, asked[0].id, CountersignRequest), outcome="agree", opinion="无意见。"), now=at(1))
    assert ("会签（本部门）", title) not in todo(office, "czj", at(1))
    assert ("会签（本部门）", title) in todo(office, "zrj", at(1))


def test_an_instruction_asking_for_a_report_waits_for_its_handler(make_office):
    office = make_office("dalian-2014")
    request = _submit(office, touches_department_ids=(office.department("czj"),),
                      countersigned_by_ids=(office.department("czj"),))
    office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))
    instruction = office.run("dep1", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="agree", text="请住建局抓紧落实并报告结果。", asks_report=True,
        handler_department_id=office.department("zjj"), handler="住建局李科长"))
    [mine] = [i for i in items(office, "zjj") if i.kind == "报告批示件办理结果"]
    assert mine.due == instruction.report_due and mine.title == TITLE
    # The 督查室's ledger tracks the same 批示件; the unit is not told twice.
    assert [i.kind for i in items(office, "zjj")].count("办理督办事项") == 0
    assert all(i.kind != "报告批示件办理结果" for i in items(office, "czj"))
    office.run("zjj", "document.report", lambda uow: intake.report_instruction(
        uow, instruction_id=instruction.id, expected_version=seen_document(uow, instruction.id, Instruction), text="已落实。"), now=at(2))
    assert all(i.kind != "报告批示件办理结果" for i in items(office, "zjj", at(2)))


def test_minutes_wait_for_countersigns_then_for_the_head(make_office):
    office = make_office("dawa-2017")
    head, dep1, dep2 = office.user("head"), office.user("dep1"), office.user("dep2")
    meeting = office.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="head_office", title="区长办公会议", starts_at=TEST_NOW, ends_at=at(hours=2),
        chair_id=head.id, attendee_ids=[dep1.id, dep2.id]))
    office.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id, dep1.id, dep2.id], expected_version=seen(uow, meeting_id=meeting.id)))
    minutes = office.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
    title = "区长办公会议纪要"
    # 大洼 38: the attending deputies countersign first; the head's 签发 waits for them.
    assert ("会签纪要", title) in todo(office, "dep1") and ("会签纪要", title) in todo(office, "dep2")
    assert ("会签纪要", title) not in todo(office, "dep3")
    assert ("签发纪要", title) not in todo(office, "head")
    for who in ("dep1", "dep2"):
        office.run(who, "meetings.countersign_minutes", lambda uow: minutes_flow.countersign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
        assert ("会签纪要", title) not in todo(office, who)
    [sign] = [i for i in items(office, "head") if i.title == title]
    assert (sign.kind, sign.link) == ("签发纪要", f"meetings/{meeting.id}#minutes")
    assert ("签发纪要", title) not in todo(office, "exec")
    office.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
    assert ("签发纪要", title) not in todo(office, "head")


def test_leave_waits_for_its_approver(make_office):
    office = make_office("xishi-2024")
    dep1 = office.user("dep1")
    with office.db.read() as session:
        post = session.query(Post).filter(Post.tenant_id == office.tenant.id, Post.holder_id == dep1.id).first()
    leave = office.run("dep1", "leave.request", lambda uow: org.request_leave(
        uow, post_id=post.id, occasion="out_of_area", starts_at=at(1), ends_at=at(3), reason="赴省里汇报工作"))
    assert any(k == "审批请假" and dep1.display_name in t for k, t in todo(office, "head"))
    assert not any(k == "审批请假" for k, _ in todo(office, "exec") | todo(office, "office"))
    office.run("head", "leave.approve", lambda uow: org.decide_leave(
        uow, leave_id=leave.id, approve=True, expected_version=leave.version, note="同意"))
    assert not any(k == "审批请假" for k, _ in todo(office, "head"))


def test_a_ledger_task_waits_for_its_unit_and_the_office_chases_it(make_office):
    office = make_office("dawa-2017")
    title = "完成城区老旧小区改造12个"
    task = office.run("office", "supervision.manage", lambda uow: supervision.enter_task(
        uow, source="work_report", reference="政府工作报告", title=title, department_id=office.department("czj"),
        person="周局长", deadline=date(2024, 3, 6)))
    assert ("办理督办事项", title) in todo(office, "czj")
    assert ("催办督办事项", title) in todo(office, "office")
    assert ("办理督办事项", title) not in todo(office, "rsj")
    [late] = [i for i in items(office, "czj", at(7)) if i.title == title]
    assert late.overdue
    office.run("czj", "supervision.report", lambda uow: supervision.close_task(
        uow, task_id=task.id, report="已全部完工。", expected_version=task.version))
    assert not any(t == title for _, t in todo(office, "czj") | todo(office, "office"))


def test_a_public_request_waits_for_the_office_until_answered(make_office):
    office = make_office("dawa-2017")
    request = office.run("office", "disclosure.register", lambda uow: disclosure.register_request(
        uow, Application(applicant="张三", identity_type="resident_id", identity_number="210102198001011234",
                         contact="13800000000", description="本区老旧小区改造项目清单", medium="paper", delivery="post"),
        channel="in_person", on=TEST_NOW.date()))
    [mine] = [i for i in items(office, "office") if i.kind == "答复公开申请"]
    assert mine.title.startswith("张三") and mine.due is not None and not mine.overdue
    assert not any(k == "答复公开申请" for k, _ in todo(office, "czj") | todo(office, "head"))
    office.run("office", "disclosure.reply", lambda uow: disclosure.reply_request(
        uow, request.id, request.version, reply_kind="provided", text="已公开，见附件。"))
    assert not any(k == "答复公开申请" for k, _ in todo(office, "office"))


def test_a_conference_request_waits_for_each_approver_of_its_chain(make_office):
    """大洼 42: the office reviews, the overseeing deputy approves, the head where it is needed."""
    office = make_office("dawa-2017")
    title = "全区财政工作会议"
    request = office.run("czj", "meetings.request_conference", lambda uow: conference_approval.request_conference(
        uow, department_id=office.department("czj"), title=title, held_on=date(2024, 4, 10), duration_minutes=60,
        speech_minutes=10))
    for who in ("sun", "exec", "head"):
        mine = [i for i in items(office, who) if i.title == title]
        assert len(mine) == 1 and mine[0].kind.endswith("会议申请"), who
        assert all(i.title != title for i in items(office, "dep2"))
        request = office.run(who, "meetings.approve_conference", lambda uow, who=who, request=request: conference_approval.approve_conference(
            uow, request_id=request.id, needed=who == "exec", expected_version=seen(uow, request_id=request.id)))
        assert all(i.title != title for i in items(office, who)), who
    assert request.state == "approved"


def test_a_topic_waits_for_its_bureau_then_the_consulted_one(make_office):
    office = make_office("dawa-2017")
    czj, zrj = office.department("czj"), office.department("zrj")
    title = "关于2024年农村公路养护资金安排的议题"
    topic = office.run("czj", "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind="executive", title=title, lead_department_id=czj))
    assert ("报送议题材料", title) in todo(office, "czj")
    assert ("报送议题材料", title) not in todo(office, "rsj")
    office.run("czj", "meetings.consult", lambda uow: topic_flow.consult_departments(
        uow, topic_id=topic.id, department_ids=[zrj], expected_version=seen(uow, topic_id=topic.id)))
    # Out for the 自然资源局's written opinion: its step now, not yet the materials.
    assert ("回复议题征求意见", title) in todo(office, "zrj")
    assert ("报送议题材料", title) not in todo(office, "czj")
    assert ("回复议题征求意见", title) not in todo(office, "rsj")
    office.run("zrj", "meetings.answer_consultation", lambda uow: topic_flow.answer_consultation(
        uow, topic_id=topic.id, department_id=zrj, agrees=True, expected_version=seen(uow, topic_id=topic.id)))
    assert ("回复议题征求意见", title) not in todo(office, "zrj")
    assert ("报送议题材料", title) in todo(office, "czj")


def test_an_open_decision_waits_for_the_office_with_what_it_lacks(make_office):
    office = make_office("dawa-2017")
    title = "城区供热价格调整"
    decision = office.run("office", "decision.register", lambda uow: decisions.register_decision(
        uow, year=2024, title=title, lead_department="发展和改革局", touches_public_interest=True))
    decision = office.run("office", "decision.catalog", lambda uow: decisions.list_in_catalog(
        uow, decision.id, decision.version, date(2024, 1, 15)))
    [mine] = [i for i in items(office, "sun") if i.title == title]
    assert mine.kind == "办理重大行政决策" and mine.step.startswith("尚缺：")
    assert all(i.title != title for i in items(office, "czj") + items(office, "head"))
    steps = [("public_participation", {"opened_on": date(2024, 1, 16), "closed_on": date(2024, 2, 20)}),
             ("expert_review", {}), ("risk_assessment", {}), ("legality_review", {}),
             ("stability_risk_assessment", {}), ("hearing", {}), ("consultation", {})]
    for step, extra in steps:
        decision = office.run("office", "decision.record_step", lambda uow, step=step, extra=extra, decision=decision: decisions.record_step(
            uow, decision.id, decision.version, step=step, done_on=date(2024, 3, 1), evidence=f"{step}报告", **extra))
    assert ("提请集体讨论决定", title) in todo(office, "office")
    office.run("office", "decision.decide", lambda uow: decisions.decide(
        uow, decision.id, decision.version, meeting_kind="executive", meeting_on=date(2024, 3, 4),
        responsible=[("赵刚", "发展和改革局局长")]))
    assert all(t != title for _, t in todo(office, "office"))
