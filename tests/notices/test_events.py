"""Which steps tell whom: new work, returns, decisions, and the deadline processor's 催办 and
overdue reports — each a notice to the people and units concerned, with the item's link."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from deadlines_support import fire_on
from documents_support import at, seen_document
from zhengwu.documents import countersigning, drafting, intake, issuing, signing
from zhengwu.notices.models import Notice
from zhengwu.org import service as org
from zhengwu.org.models import Post

from notices.test_channels import notices_of


def _round(office, **extra):
    zjj, zrj = office.department("zjj"), office.department("zrj")
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于加强物业管理的通知",
        main_recipients="各街道办事处", body="请认真贯彻执行。", touches_department_ids=(zrj,)))
    office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, department_ids=[zrj], expected_version=seen_document(uow, draft.id), **extra))
    return draft


def test_a_countersign_request_is_new_work_for_the_asked_unit_and_chased_by_the_deadlines_xishi_29(make_office):
    office = make_office("xishi-2024")
    draft = _round(office)  # sent Monday 2024-03-04; 7 working days → 2024-03-13
    [asked] = notices_of(office, "zrj")
    assert (asked.kind, asked.what, asked.link, asked.due) == ("arrived", "会签请求", f"documents/{draft.id}",
                                                               date(2024, 3, 13))

    fire_on(office.db, date(2024, 3, 11))  # two working days before: 催办 to the asked unit
    reminded = notices_of(office, "zrj")[-1]
    assert (reminded.kind, reminded.what) == ("reminded", "会签回复")
    assert reminded.title.endswith("自然资源局会签《关于加强物业管理的通知》")
    assert "还有 2 个工作日到期" in reminded.body and "催办人：系统（期限自动处理）" in reminded.body
    assert "依据《西市区人民政府工作规则》第二十九条" in reminded.body
    assert not [n for n in notices_of(office, "office") if n.kind == "reminded"]  # not the office's to answer

    fire_on(office.db, date(2024, 3, 14), hour=0)  # silence became consent (西市 29): the unit is told
    settled = notices_of(office, "zrj")[-1]
    assert settled.kind == "overdue" and "期限已过，按工作规则视为同意" in settled.body
    assert not [n for n in notices_of(office, "office") if n.kind == "overdue"]  # settled: nothing to report


def test_an_unanswered_countersign_is_reported_to_the_office_when_overdue_dalian_44(make_office):
    office = make_office("dalian-2014")
    _round(office, lead_department_due=date(2024, 3, 8))
    fire_on(office.db, date(2024, 3, 11))  # the due day is over: overdue, reported
    [unit] = [n for n in notices_of(office, "zrj") if n.kind == "overdue"]
    assert unit.subject.startswith("【逾期】会签回复：") and "已报告主办部门" in unit.body
    assert [n.kind for n in notices_of(office, "office")] == ["overdue"]


def test_routing_signing_and_the_answer_tell_the_leader_the_signers_and_the_sender(make_office):
    office = make_office("xishi-2024")
    zjj, czj = office.department("zjj"), office.department("czj")
    request = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=zjj, doc_type="request", title="关于老旧小区改造项目资金的请示", body="妥否，请批示。",
        decision_needed_by=at(40).date(), touches_department_ids=(czj,), countersigned_by_ids=(czj,)))
    office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))
    assert [n.what for n in notices_of(office, "dep1")] == ["请示呈批待批示"]
    office.run("dep1", "document.instruct", lambda uow: intake.instruct(uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="agree",
                                                                     text="同意，请办公室拟文批复。"))
    assert [(n.kind, n.what) for n in notices_of(office, "zjj")] == [("decided", "请示已有领导批示")]

    reply = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="reply", title="关于老旧小区改造项目资金的批复", body="同意所请。",
        main_recipients="区住房和城乡建设局", reply_to_id=request.id), now=at(1))
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id)), now=at(1))
    # 西市 31(三)(八): the executive deputy countersigns first, then the overseeing deputy signs.
    assert [n.what for n in notices_of(office, "exec")] == ["公文待审核签批"]
    assert "公文待审核签批" not in [n.what for n in notices_of(office, "dep1")]
    office.run("exec", "document.step", lambda uow: signing.take_step(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id), kind="countersign"), now=at(2))
    assert notices_of(office, "dep1")[-1].what == "公文待审核签批"
    office.run("dep1", "document.step", lambda uow: signing.take_step(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id), kind="sign_off"), now=at(2))
    assert notices_of(office, "sun")[-1].what == "公文已签发待印发"
    office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=reply.id, expected_version=seen_document(uow, reply.id)), now=at(2))
    answered = notices_of(office, "zjj")[-1]
    assert (answered.kind, answered.what) == ("decided", "请示已批复")
    assert "结果：已批复（营西政发〔2024〕1号）" in answered.body and answered.link == f"documents/{reply.id}"
    assert "依据《党政机关公文处理工作条例》第二十四条第（七）项" in answered.body


def test_leave_to_approve_and_its_decision(make_office):
    office = make_office("dawa-2017")
    with office.db.read() as session:
        post = session.execute(select(Post).where(Post.tenant_id == office.tenant.id,
                                                  Post.holder_id == office.user("dep1").id)).scalar_one()
    leave = office.run("dep1", "leave.request", lambda uow: org.request_leave(
        uow, post_id=post.id, occasion="leave", starts_at=at(7), ends_at=at(9), reason="年休假"))
    [asked] = notices_of(office, "head")
    assert (asked.what, asked.link) == ("请假待审批", "leave") and asked.title.endswith("请假")
    office.run("head", "leave.approve", lambda uow: org.decide_leave(
        uow, leave_id=leave.id, approve=False, expected_version=leave.version, note="近期工作繁重"))
    [decided] = notices_of(office, "dep1")
    assert (decided.kind, decided.what) == ("decided", "请假审批结果") and "结果：不予批准" in decided.body
    with office.db.read() as session:
        assert session.execute(select(Notice).where(Notice.user_id == office.user("head").id,
                                                    Notice.kind == "decided")).first() is None
