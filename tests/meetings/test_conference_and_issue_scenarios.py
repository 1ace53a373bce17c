"""Conference approval through the profile's chain (大洼 42: office → 分管副区长 → 区长), its
limits refused with the article (海南区 55 quota), and the issue deadline of a document the
meeting approved flagged when late (西市 22). SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from meeting_support import china, seen
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.core import audit
from zhengwu.meetings import conference_approval, minutes_flow, queries, scheduling


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_conference_chain_article_42(make_gov, profile_id):
    gov = make_gov(profile_id)
    finance = gov.department("财政局")
    with pytest.raises(RuleViolation) as refused:
        gov.run("czj", "meetings.request_conference", lambda uow: conference_approval.request_conference(
            uow, department_id=finance.id, title="全区财政工作会议", held_on=date(2024, 4, 10), duration_minutes=90,
            speech_minutes=10))
    assert [(r.code, r.cite) for r in refused.value.verdict.reasons] == [("conference.too_long", "dawa-2017:42")]
    request = gov.run("czj", "meetings.request_conference", lambda uow: conference_approval.request_conference(
        uow, department_id=finance.id, title="全区财政工作会议", held_on=date(2024, 4, 10), duration_minutes=60,
        speech_minutes=10))
    assert request.state == "requested" and request.steps_done == 0
    with pytest.raises(PermissionDenied) as refused:  # the 分管副区长 cannot approve before the office reviews
        gov.run("exec", "meetings.approve_conference", lambda uow: conference_approval.approve_conference(uow, request_id=request.id, expected_version=seen(uow, request_id=request.id)))
    assert refused.value.verdict.reasons[0].cite == "dawa-2017:42"
    for who in ("sun", "exec", "head"):  # 财政局 is overseen by the 常务副区长, who finds the 区长's approval needed
        request = gov.run(who, "meetings.approve_conference", lambda uow, request=request, who=who: conference_approval.approve_conference(
            uow, request_id=request.id, needed=who == "exec", expected_version=seen(uow, request_id=request.id)))
    assert request.state == "approved"


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_conference_once_a_year_article_55(make_gov, profile_id):
    gov = make_gov(profile_id)
    finance = gov.department("财政局")

    def ask(held_on):
        return gov.run("czj", "meetings.request_conference", lambda uow: conference_approval.request_conference(
            uow, department_id=finance.id, title="全区财政工作会议", held_on=held_on, duration_minutes=180))

    first = ask(date(2024, 4, 10))
    assert first.state == "requested" and first.steps_done == 1  # the department's proposal is its filing
    gov.run("sun", "meetings.approve_conference", lambda uow: conference_approval.approve_conference(uow, request_id=first.id, expected_version=seen(uow, request_id=first.id)))
    with pytest.raises(RuleViolation) as refused:
        ask(date(2024, 9, 10))
    assert [(r.code, r.cite) for r in refused.value.verdict.reasons] == [("conference.quota_used", "wuhai-hainan-2023:55")]
    assert ask(date(2025, 3, 10)).state == "requested"  # a new year, a new quota


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_issue_deadline_flagged_when_late_article_22(make_gov, profile_id):
    gov = make_gov(profile_id)
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 2, 8), ends_at=china(2024, 2, 8, 11), chair_id=head.id))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)))
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
    resolution = gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text="印发实施意见", department_id=gov.department("人力").id,
        deadline=date(2024, 3, 31), document_title="关于促进就业的实施意见", expected_version=seen(uow, minutes_id=minutes.id)))
    # Spring Festival: three working days to the office, seven to issue (xishi-2024:22)
    assert (resolution.to_office_by, resolution.issue_by, resolution.issue_cite) == (
        date(2024, 2, 19), date(2024, 2, 23), "xishi-2024:22")
    assert queries.issue_overdue(resolution, date(2024, 2, 26))
    late = gov.run("sun", "meetings.record_issue", lambda uow: minutes_flow.record_issue(
        uow, resolution_id=resolution.id, issued_on=date(2024, 2, 26), expected_version=seen(uow, resolution_id=resolution.id)))
    with gov.db.read() as session:
        event = audit.recent(session, audit.chain_of(gov.tenant.id), limit=1)[0]
    assert event.action == "meetings.record_issue" and event.cite == "xishi-2024:22"
    assert event.summary["detail"]["late"] is True
    assert queries.issue_overdue(late, date(2024, 2, 26))


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_document_to_the_office_in_three_workdays_article_22(make_gov, profile_id):
    """「会议结束后3个工作日内由承办部门报区政府办公室履行发文程序」: a late arrival is recorded and
    flagged with the article; so is one that has not arrived by the deadline."""
    gov = make_gov(profile_id)
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 2, 8), ends_at=china(2024, 2, 8, 11), chair_id=head.id))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)))
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
    add = lambda title: gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(  # noqa: E731
        uow, minutes_id=minutes.id, text="印发实施意见", department_id=gov.department("人力").id,
        deadline=date(2024, 3, 31), document_title=title, expected_version=seen(uow, minutes_id=minutes.id)))
    late, missing = add("关于促进就业的实施意见"), add("关于稳岗返还的通知")
    assert late.to_office_by == date(2024, 2, 19)  # Spring Festival counted
    late = gov.run("sun", "meetings.record_to_office", lambda uow: minutes_flow.record_to_office(
        uow, resolution_id=late.id, reached_on=date(2024, 2, 20), expected_version=seen(uow, resolution_id=late.id)), now=china(2024, 2, 21))
    with gov.db.read() as session:
        event = audit.recent(session, audit.chain_of(gov.tenant.id), limit=1)[0]
        found = queries.deviations(session, gov.tenant.id, date(2024, 2, 1), date(2024, 2, 29), date(2024, 2, 21))
    assert event.action == "meetings.record_to_office" and event.cite == "xishi-2024:22"
    assert event.summary["detail"]["late"] is True
    flagged = [(d["object_id"], d["code"], d["cite"]) for d in found if d["code"] == "meetings.to_office_late"]
    assert flagged == [(late.id, "meetings.to_office_late", "xishi-2024:22"), (missing.id, "meetings.to_office_late", "xishi-2024:22")]
