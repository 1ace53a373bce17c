"""Per seed government with a meeting chapter: a 常务会议 from topic proposal to signed minutes
and tasks, with each refusal the profile implies and its article. Runs on SQLite and PostgreSQL.
卧龙 (its meeting chapter is cut off) shows that its minutes rule is inherited, and says so."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from docx import Document
from sqlalchemy import select

from meeting_support import china, seen
from zhengwu.calendar import CHINA_TZ, default_calendar
from zhengwu.core.errors import PermissionDenied, StaleVersion
from zhengwu.core.verdict import RuleViolation
from zhengwu.rulebook.profile import load_profile
from zhengwu.meetings import absences, finalizing_service, minutes_flow, minutes_print, queries, rules, scheduling, topic_flow
from zhengwu.meetings.events import RESOLUTION_SOURCE
from zhengwu.meetings.models import Meeting
from zhengwu.meetings.objects import meeting_access
from zhengwu.org import service as org_service
from zhengwu.org.models import Post
from zhengwu.supervision.service import tasks_from

MEETING = china(2024, 3, 21, 9)  # Thursday
ON_TIME = china(2024, 3, 4, 10)  # well before 海南区's seventh working day before (03-12)
LATE = china(2024, 3, 15, 10)

# Who proposes (the profile's topic proposers), who takes each pipeline post, and the articles.
CASES = {
    "dawa-2017": dict(proposer="czj", wrong_proposer="dep1", proposers_cite="dawa-2017:37",
                      materials_cite="dawa-2017:40", signer_cite="dawa-2017:37", legality_cite="dawa-2017:17"),
    "dalian-2014": dict(proposer="czj", wrong_proposer=None, proposers_cite=None,
                        materials_cite="dalian-2014:41", signer_cite="dalian-2014:38", legality_cite="dalian-2014:48"),
    "wuhai-hainan-2023": dict(proposer="czj", wrong_proposer="dep1", proposers_cite="wuhai-hainan-2023:50",
                              materials_cite="wuhai-hainan-2023:51", signer_cite="wuhai-hainan-2023:53",
                              legality_cite="wuhai-hainan-2023:50"),
    "xishi-2024": dict(proposer="exec", wrong_proposer="czj", proposers_cite="xishi-2024:21",
                       materials_cite="xishi-2024:21", signer_cite="xishi-2024:22", legality_cite="xishi-2024:30"),
}
# The demo person in each pipeline post: 财政局 (czj) is overseen by the executive deputy.
BY = {"office": "sun", "secretary_general": "office", "executive_deputy": "exec", "head": "head",
      "oversight_deputy": "exec", "deputy": "dep1", "standing_observers": "sun"}


def _refused(excinfo, code, cite):
    reasons = excinfo.value.verdict.reasons
    assert code in [r.code for r in reasons], reasons
    reason = next(r for r in reasons if r.code == code)
    assert reason.cite == cite, reason
    if cite:
        assert "依据《" in reason.message


@pytest.mark.parametrize("profile_id", list(CASES))
def test_executive_meeting_topic_to_signed_minutes(make_gov, profile_id):
    case = CASES[profile_id]
    gov = make_gov(profile_id)
    profile = load_profile(profile_id)
    finance, land = gov.department("财政局"), gov.department("自然资源局")
    head = gov.user("head")

    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=MEETING, ends_at=china(2024, 3, 21, 11),
        chair_id=head.id, location="三楼会议室"))

    # 提出: only the profile's proposers
    if case["wrong_proposer"]:
        with pytest.raises(PermissionDenied) as refused:
            gov.run(case["wrong_proposer"], "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
                uow, meeting_kind="executive", title="越权议题", lead_department_id=finance.id))
        _refused(refused, "meetings.proposer_not_allowed", case["proposers_cite"])
    topic = gov.run(case["proposer"], "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind="executive", title="关于2024年农村公路养护资金安排的议题", lead_department_id=finance.id,
        needs_legality_review=True))

    # 书面征求意见; the 自然资源局 disagrees in writing
    gov.run(case["proposer"], "meetings.consult", lambda uow: topic_flow.consult_departments(
        uow, topic_id=topic.id, department_ids=[land.id], expected_version=seen(uow, topic_id=topic.id)))
    # an answer from a page read before the consultation went out changes nothing (409)
    with pytest.raises(StaleVersion):
        gov.run("zrj", "meetings.answer_consultation", lambda uow: topic_flow.answer_consultation(
            uow, topic_id=topic.id, department_id=land.id, agrees=True, expected_version=topic.version))
    gov.run("zrj", "meetings.answer_consultation", lambda uow: topic_flow.answer_consultation(
        uow, topic_id=topic.id, department_id=land.id, agrees=False, note="用地指标需另行安排", expected_version=seen(uow, topic_id=topic.id)))

    def submit(now=ON_TIME):
        return gov.run(case["proposer"], "meetings.submit_materials", lambda uow: topic_flow.submit_materials(
            uow, topic_id=topic.id, meeting_id=meeting.id, materials="资金安排方案及测算说明", expected_version=seen(uow, topic_id=topic.id)), now=now)

    # legality review first, wherever the profile requires it for a normative draft / major decision
    with pytest.raises(RuleViolation) as refused:
        submit()
    _refused(refused, "meetings.legality_review_missing", case["legality_cite"])
    gov.run("fzk", "meetings.legality_review", lambda uow: topic_flow.record_legality_review(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))

    block = profile.meeting("executive")
    if block.unresolved_topics_refused and block.unresolved_topics_refused.value:
        with pytest.raises(RuleViolation) as refused:
            submit()
        _refused(refused, "meetings.unresolved_disagreement", "wuhai-hainan-2023:50")
        gov.run(case["proposer"], "meetings.escalate", lambda uow: topic_flow.escalate_disagreement(
            uow, topic_id=topic.id, note="财政局主张当年安排，自然资源局主张另行安排用地", expected_version=seen(uow, topic_id=topic.id)))
        with pytest.raises(PermissionDenied) as refused:  # not the overseeing deputy
            gov.run("dep1", "meetings.coordinate", lambda uow: topic_flow.coordinate(uow, topic_id=topic.id, resolved=True, expected_version=seen(uow, topic_id=topic.id)))
        _refused(refused, "meetings.wrong_coordinator", "wuhai-hainan-2023:50")
        gov.run("exec", "meetings.coordinate", lambda uow: topic_flow.coordinate(
            uow, topic_id=topic.id, resolved=True, note="协调一致：用地指标由自然资源局在二季度安排", expected_version=seen(uow, topic_id=topic.id)))

    # materials: 海南区 7 working days before (late only with the chair's recorded consent);
    # elsewhere before the meeting
    if block.materials_lead_workdays and block.materials_lead_workdays.value:
        with pytest.raises(RuleViolation) as refused:
            submit(LATE)
        _refused(refused, "meetings.materials_late", case["materials_cite"])
        with pytest.raises(PermissionDenied):
            gov.run("dep1", "meetings.consent_late_topic", lambda uow: topic_flow.consent_late_topic(
                uow, topic_id=topic.id, meeting_id=meeting.id, note="汛期前须定", expected_version=seen(uow, topic_id=topic.id)))
        gov.run("head", "meetings.consent_late_topic", lambda uow: topic_flow.consent_late_topic(
            uow, topic_id=topic.id, meeting_id=meeting.id, note="汛期前须定，临时受理", expected_version=seen(uow, topic_id=topic.id)), now=LATE)
        topic = submit(LATE)
    else:
        with pytest.raises(RuleViolation) as refused:
            submit(MEETING)
        _refused(refused, "meetings.materials_late", case["materials_cite"])
        topic = submit()
    assert topic.state in ("submitted", "approved")

    # the approvals in the profile's order; a later post cannot jump ahead
    steps = rules.pipeline_steps(profile, "executive")
    if len(steps) > 1:
        with pytest.raises(PermissionDenied) as refused:
            gov.run(BY[steps[-1].by], "meetings.topic_step", lambda uow: topic_flow.take_step(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))
        assert refused.value.verdict.reasons[0].code == "meetings.wrong_step_actor"
    for step in steps:
        topic = gov.run(BY[step.by], "meetings.topic_step", lambda uow, topic=topic: topic_flow.take_step(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))
    assert topic.state == "approved"
    # 会议文件: the office's review where the text asks it (西市 21), then the finalizer's 审定
    # (大连 38 市长或常务副市长, 西市 21 区长批印) — the agenda waits for it
    block = profile.meeting("executive")
    if block.documents_finalized_by is not None:
        with pytest.raises(RuleViolation) as refused:
            gov.run("sun", "meetings.put_on_agenda", lambda uow: topic_flow.put_on_agenda(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))
        assert refused.value.verdict.reasons[0].code in ("meetings.documents_not_finalized",
                                                          "meetings.documents_not_reviewed")
        if block.documents_reviewed_by is not None:
            topic = gov.run("sun", "meetings.review_documents", lambda uow: finalizing_service.review_documents(
                uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))
        topic = gov.run("head", "meetings.finalize_documents", lambda uow: finalizing_service.finalize_documents(
            uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))
    topic = gov.run("sun", "meetings.put_on_agenda", lambda uow: topic_flow.put_on_agenda(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))
    assert topic.state == "scheduled" and topic.agenda_order == 1

    # the office sends the materials to those attending, before the meeting
    with pytest.raises(RuleViolation) as refused:
        gov.run("sun", "meetings.send_materials", lambda uow: scheduling.send_materials(uow, meeting_id=meeting.id, expected_version=seen(uow, meeting_id=meeting.id)),
                now=china(2024, 3, 21, 10))
    _refused(refused, "meetings.materials_after_start", case["materials_cite"])
    # the meeting's file list says the same once it has started (it raised AttributeError before)
    with gov.db.read() as session:
        late_files = meeting_access(session, gov.tenant.id, None, meeting.id, None, china(2024, 3, 21, 10)).open
    assert [(r.code, r.cite) for r in late_files.reasons] == [("meetings.materials_after_start", case["materials_cite"])]
    gov.run("sun", "meetings.send_materials", lambda uow: scheduling.send_materials(uow, meeting_id=meeting.id, expected_version=seen(uow, meeting_id=meeting.id)),
            now=china(2024, 3, 20, 10))

    # absence to the approver the profile names
    attendance = gov.run("dep3", "meetings.request_absence", lambda uow: absences.request_absence(
        uow, meeting_id=meeting.id, reason="赴省参加防汛会议", ground="higher_meetings" if profile_id == "xishi-2024" else "special", expected_version=seen(uow, own_attendance=meeting.id)))
    with pytest.raises(PermissionDenied) as refused:
        gov.run("sun", "meetings.approve_absence", lambda uow: absences.decide_absence(
            uow, attendance_id=attendance.id, approve=True, expected_version=seen(uow, attendance_id=attendance.id)))
    assert refused.value.verdict.reasons[0].code == "meetings.wrong_absence_approver"
    gov.run("head", "meetings.approve_absence", lambda uow: absences.decide_absence(
        uow, attendance_id=attendance.id, approve=True, expected_version=seen(uow, attendance_id=attendance.id)))

    present = [gov.user(w).id for w in ("head", "exec", "dep1", "dep2")] + (
        [gov.user("office").id] if "office_director" in (block.members.value if block.members else []) else [])
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=present, expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 3, 21, 12))

    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting.id, body="会议研究了农村公路养护资金安排。", expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 3, 21, 15))
    gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text="原则同意农村公路养护资金安排方案", department_id=finance.id,
        deadline=date(2024, 4, 30), topic_id=topic.id, document_title="关于印发农村公路养护资金安排方案的通知", expected_version=seen(uow, minutes_id=minutes.id)))

    # wrong signer refused with the article; the head signs
    with pytest.raises(PermissionDenied) as refused:
        gov.run("exec", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)), now=MEETING)
    _refused(refused, "meetings.wrong_signer", case["signer_cite"])
    signed = gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)),
                     now=china(2024, 3, 22, 10))
    assert signed.state == "signed"

    with gov.db.read() as session:
        [resolution] = queries.resolutions_of(session, meeting.id)
        [task] = tasks_from(session, gov.tenant.id, RESOLUTION_SOURCE, [str(resolution.id)])
        report = {line.name: line for line in absences.attendance_report(session, gov.tenant, date(2024, 3, 1), date(2024, 3, 31))}
        docx = minutes_print.minutes_docx(session, gov.tenant, minutes.id)
    assert (task.department_id, task.deadline, task.state) == (finance.id, date(2024, 4, 30), "open")
    assert resolution.task_id == task.id
    assert resolution.disclose is True
    assert report[gov.user("dep3").display_name].excused == 1
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    # 10.3: the mark names the government and the meeting (「盘锦市大洼区人民政府常务会议纪要」).
    meeting_words = block.name.value.split("政府", 1)[-1]
    assert f"{gov.tenant.name}{meeting_words}纪要" in text and "原则同意农村公路养护资金安排方案" in text
    assert gov.user("dep3").display_name in text  # under 请假
    deadline = block.issue_within_workdays.value if block.issue_within_workdays else None
    if deadline:
        assert resolution.issue_by == default_calendar().add_workdays(date(2024, 3, 21), deadline)
    else:
        assert resolution.issue_by is None


@pytest.mark.parametrize("profile_id", ["wolong-2018"])
def test_inherited_minutes_rule_says_so(make_gov, profile_id):
    gov = make_gov(profile_id)
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=MEETING, ends_at=china(2024, 3, 21, 11),
        chair_id=gov.user("head").id))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[gov.user("head").id, gov.user("dep1").id], expected_version=seen(uow, meeting_id=meeting.id)), now=MEETING)
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting.id, body="议定事项", expected_version=seen(uow, meeting_id=meeting.id)))
    with pytest.raises(PermissionDenied) as refused:
        gov.run("dep1", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)), now=MEETING)
    reason = refused.value.verdict.reasons[0]
    assert reason.code == "meetings.wrong_signer" and reason.cite is None
    assert "本规则未作规定，沿用默认规则" in reason.message
    assert gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)), now=MEETING).state == "signed"


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_head_office_minutes_countersigned_article_38(make_gov, profile_id):
    gov = make_gov(profile_id)
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="head_office", title="区长办公会议", starts_at=MEETING, ends_at=china(2024, 3, 21, 11),
        chair_id=head.id, attendee_ids=[gov.user("dep1").id, gov.user("dep2").id]))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id, gov.user("dep1").id, gov.user("dep2").id], expected_version=seen(uow, meeting_id=meeting.id)), now=MEETING)
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
    assert sorted(minutes.countersigners_due) == sorted([gov.user("dep1").id, gov.user("dep2").id])
    gov.run("dep1", "meetings.countersign_minutes", lambda uow: minutes_flow.countersign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
    with pytest.raises(RuleViolation) as refused:
        gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)), now=MEETING)
    _refused(refused, "meetings.countersign_missing", "dawa-2017:38")
    with pytest.raises(PermissionDenied):
        gov.run("dep3", "meetings.countersign_minutes", lambda uow: minutes_flow.countersign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
    gov.run("dep2", "meetings.countersign_minutes", lambda uow: minutes_flow.countersign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
    assert gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)), now=MEETING).state == "signed"


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_topical_minutes_on_land_need_the_head_article_53(make_gov, profile_id):
    gov = make_gov(profile_id)
    dep1 = gov.user("dep1")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="topical", title="专题会议", starts_at=MEETING, ends_at=china(2024, 3, 21, 11), chair_id=dep1.id,
        matters=["land_use"], attendee_ids=[gov.user("zrj").id]))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[dep1.id, gov.user("zrj").id], expected_version=seen(uow, meeting_id=meeting.id)), now=MEETING)
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
    with pytest.raises(PermissionDenied) as refused:
        gov.run("dep1", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)), now=MEETING)
    _refused(refused, "meetings.wrong_signer", "wuhai-hainan-2023:53")
    assert gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)), now=MEETING).state == "signed"


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_substitute_without_consent_refused_article_42(make_gov, profile_id):
    gov = make_gov(profile_id)
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=MEETING, ends_at=china(2024, 3, 21, 11), chair_id=head.id,
        attendee_ids=[gov.user("czj").id]))
    row = gov.run("czj", "meetings.request_absence", lambda uow: absences.request_absence(
        uow, meeting_id=meeting.id, reason="出差", substitute="财政局副局长", expected_version=seen(uow, own_attendance=meeting.id)))
    with pytest.raises(PermissionDenied) as refused:  # others ask the 秘书长, not the 市长
        gov.run("head", "meetings.approve_absence", lambda uow: absences.decide_absence(uow, attendance_id=row.id, approve=True, expected_version=seen(uow, attendance_id=row.id)))
    _refused(refused, "meetings.wrong_absence_approver", "dalian-2014:42")
    row = gov.run("office", "meetings.approve_absence", lambda uow: absences.decide_absence(uow, attendance_id=row.id, approve=True, expected_version=seen(uow, attendance_id=row.id)))
    assert row.filed_with_office is True
    with pytest.raises(RuleViolation) as refused:
        gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
            uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)), now=MEETING)
    _refused(refused, "meetings.substitute_without_consent", "dalian-2014:42")


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_delegated_topical_minutes_article_40(make_gov, profile_id):
    """大连 40: the 秘书长 chairs a 业务会议 on a 副市长's delegation, reviews its minutes, and the
    delegating 副市长 signs them — not the 市长, not the 秘书长."""
    gov = make_gov(profile_id)
    secretary, deputy = gov.user("office"), gov.user("dep1")
    with pytest.raises(RuleViolation) as refused:  # the 秘书长 chairs only by delegation
        gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
            uow, kind="topical", title="业务会议", starts_at=MEETING, ends_at=china(2024, 3, 21, 11), chair_id=secretary.id))
    _refused(refused, "meetings.delegation_required", "dalian-2014:40")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="topical", title="业务会议", starts_at=MEETING, ends_at=china(2024, 3, 21, 11), chair_id=secretary.id,
        delegated_by_id=deputy.id, attendee_ids=[gov.user("zrj").id]))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[secretary.id, gov.user("zrj").id], expected_version=seen(uow, meeting_id=meeting.id)), now=MEETING)
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
    with pytest.raises(RuleViolation) as refused:
        gov.run("dep1", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)), now=MEETING)
    _refused(refused, "meetings.minutes_not_reviewed", "dalian-2014:40")
    with pytest.raises(PermissionDenied):
        gov.run("dep2", "meetings.review_minutes", lambda uow: minutes_flow.review_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
    gov.run("office", "meetings.review_minutes", lambda uow: minutes_flow.review_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
    for who in ("head", "office"):
        with pytest.raises(PermissionDenied) as refused:
            gov.run(who, "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)), now=MEETING)
        _refused(refused, "meetings.wrong_signer", "dalian-2014:40")
    assert gov.run("dep1", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)), now=MEETING).state == "signed"


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_acting_head_signs_while_head_abroad_article_9(make_gov, profile_id):
    """Who signs follows acting authority (org): with the 区长 abroad and his mandate given, the
    常务副区长 acts for him (大洼 9) and may sign the 常务会议 minutes; back home, only the 区长."""
    gov = make_gov(profile_id)
    head = gov.user("head")
    with gov.db.read() as session:
        head_post = session.execute(select(Post).where(Post.tenant_id == gov.tenant.id, Post.kind == "head")).scalar_one()
    gov.run("head", "leave.request", lambda uow: org_service.request_leave(
        uow, post_id=head_post.id, occasion="abroad", starts_at=china(2024, 3, 22), ends_at=china(2024, 3, 29),
        mandate=True))
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=MEETING, ends_at=china(2024, 3, 21, 11), chair_id=head.id))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id, gov.user("exec").id], expected_version=seen(uow, meeting_id=meeting.id)), now=MEETING)
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
    with pytest.raises(PermissionDenied):  # the 区长 is still here on the 21st
        gov.run("exec", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)),
                now=china(2024, 3, 21, 15))
    signed = gov.run("exec", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)),
                     now=china(2024, 3, 25, 10))
    assert signed.state == "signed"


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_a_meeting_at_half_past_seven_is_on_its_beijing_date(make_gov, profile_id):
    """07:30 in Beijing is 23:30 UTC the day before: the meeting's day (from which attendance,
    minutes and deadlines count) is the Beijing date, so attendance cannot be registered the
    evening before."""
    early = datetime(2024, 3, 21, 7, 30, tzinfo=CHINA_TZ)
    gov = make_gov(profile_id)
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=early, ends_at=china(2024, 3, 21, 9),
        chair_id=gov.user("head").id))
    with gov.db.read() as session:
        assert session.get(Meeting, meeting.id).day == date(2024, 3, 21)
    present = [gov.user("head").id, gov.user("dep1").id]
    with pytest.raises(RuleViolation):
        gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
            uow, meeting_id=meeting.id, present_ids=present, expected_version=seen(uow, meeting_id=meeting.id)), now=datetime(2024, 3, 20, 23, 40, tzinfo=CHINA_TZ))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=present, expected_version=seen(uow, meeting_id=meeting.id)), now=early)
