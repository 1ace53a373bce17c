"""Rules that broke when used (issue 12), each run through the meeting services as the demo runs
them: 大连 43's conference chain ending at the 常务会议, its 15-day lead for requests to convene a
市长办公会议/业务会议 and the national-meeting chain; the 党组会议 held by the 党组书记 (大洼 35);
the 常务副区长 accepted where the text says 副区长 (chair, proposer); 大洼 42 「必要时报区长批准」
and its 「原则上不超过1小时」 as an exception the approver consents to."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from meeting_support import china, seen
from support import TEST_NOW
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.meetings import conference_approval, minutes_flow, queries, rules, scheduling, topic_flow
from zhengwu.org import service as org_service
from zhengwu.rulebook.profile import load_profile

TODAY = TEST_NOW.date()  # Monday 2024-03-04


def _codes(excinfo):
    return [(r.code, r.cite) for r in excinfo.value.verdict.reasons]


def _ask(gov, who="czj", **extra):
    finance = gov.department("财政局")
    args = dict(department_id=finance.id, title="全市财政工作会议", held_on=TODAY + timedelta(days=40), duration_minutes=60)
    args.update(extra)
    return gov.run(who, "meetings.request_conference", lambda uow: conference_approval.request_conference(uow, **args))


def _approve(gov, who, request, **extra):
    return gov.run(who, "meetings.approve_conference", lambda uow: conference_approval.approve_conference(
        uow, request_id=request.id, expected_version=seen(uow, request_id=request.id), **extra))


def _signed_executive_resolution(gov, text, *, sign=True):
    """A 常务会议 held, its minutes drafted with one resolution and (optionally) signed by the head."""
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="市政府常务会议", starts_at=china(2024, 3, 1), ends_at=china(2024, 3, 1, 11),
        chair_id=head.id))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)))
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body=text, expected_version=seen(uow, meeting_id=meeting.id)))
    resolution = gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text=text, department_id=gov.department("财政局").id, deadline=date(2024, 12, 31), expected_version=seen(uow, minutes_id=minutes.id)))
    if sign:
        gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
    return resolution, minutes


def test_dalian_43_conference_approved_by_the_executive_meeting_resolution(make_gov):
    """「通过审核的会议由市政府办公厅报市政府常务会议审批」: the last step is the meeting's; the
    office records the resolution of a signed 常务会议 and the request is approved. No one person
    can take that step."""
    gov = make_gov("dalian-2014")
    request = _ask(gov, planned_on=date(2023, 11, 20))
    for _ in range(2):  # the office collects and reviews
        request = _approve(gov, "sun", request)
    for who in ("head", "exec"):
        with pytest.raises(PermissionDenied) as refused:
            _approve(gov, who, request)
        assert _codes(refused) == [("meetings.wrong_step_actor", "dalian-2014:43")]
        assert "常务会议" in refused.value.verdict.reasons[0].message
    with pytest.raises(RuleViolation) as refused:
        _approve(gov, "sun", request)
    assert _codes(refused) == [("meetings.resolution_required", "dalian-2014:43")]
    resolution, minutes = _signed_executive_resolution(gov, "同意财政局召开全市财政工作会议", sign=False)
    with pytest.raises(RuleViolation) as refused:  # the minutes are not signed yet
        _approve(gov, "sun", request, resolution_id=resolution.id)
    assert _codes(refused) == [("meetings.resolution_not_of_meeting", "dalian-2014:43")]
    gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
    done = _approve(gov, "sun", request, resolution_id=resolution.id)
    assert done.state == "approved" and done.resolution_id == resolution.id


def test_dalian_43_request_to_convene_head_office_meeting_fifteen_days_ahead(make_gov):
    """「召开市长办公会议和市政府业务会议，除特殊紧急情况外，须提前15天以文件形式向市政府请示」, then
    办公厅审核 → 秘书长审阅 → 分管副市长或市长审定 (`conference.meeting_request_chain`)."""
    gov = make_gov("dalian-2014")
    with pytest.raises(RuleViolation) as refused:
        _ask(gov, kind="meeting_request", meeting_kind="head_office", held_on=TODAY + timedelta(days=10))
    assert _codes(refused) == [("conference.request_late", "dalian-2014:43")]
    urgent = _ask(gov, kind="meeting_request", meeting_kind="topical", held_on=TODAY + timedelta(days=3),
                  exceptions=["special_urgent"])
    assert urgent.state == "requested"
    request = _ask(gov, kind="meeting_request", meeting_kind="head_office", held_on=TODAY + timedelta(days=16))
    assert (request.kind, request.meeting_kind) == ("meeting_request", "head_office")
    request = _approve(gov, "sun", request)  # 办公厅审核
    with pytest.raises(PermissionDenied):  # the 秘书长 reads it before the leaders decide
        _approve(gov, "head", request)
    request = _approve(gov, "office", request)  # 秘书长审阅
    assert _approve(gov, "head", request).state == "approved"  # 市长审定 (or the 分管副市长)


def test_dalian_43_citywide_conference_not_held_to_the_fifteen_days(make_gov):
    """The 15 days bind requests to convene meetings, not the 全市性工作会议 in the annual plan."""
    gov = make_gov("dalian-2014")
    request = _ask(gov, held_on=TODAY + timedelta(days=10), planned_on=date(2023, 11, 20))
    assert request.state == "requested"


def test_dalian_43_national_meeting_takes_its_own_chain(make_gov):
    """「承接全国性会议…经市政府办公厅审核后，报秘书长并分管副市长审阅，由市长或常务副市长审定」."""
    gov = make_gov("dalian-2014")
    with pytest.raises(RuleViolation) as refused:
        _ask(gov, national=True, held_on=TODAY + timedelta(days=20))
    assert _codes(refused) == [("conference.request_late", "dalian-2014:43")]
    request = _ask(gov, national=True, held_on=TODAY + timedelta(days=60))
    for who in ("sun", "office", "exec"):  # 办公厅 → 秘书长 → 分管副市长 (财政局: the 常务副市长)
        request = _approve(gov, who, request)
    assert request.state == "requested"
    assert _approve(gov, "exec", request).state == "approved"  # 常务副市长审定


@pytest.mark.parametrize("profile_id", ["dawa-2017", "dalian-2014"])
def test_party_group_meeting_held_by_the_party_secretary_article_35_36(make_gov, profile_id):
    """大洼 35, 大连 36: the 党组会议 is chaired by the 党组书记 and its minutes signed by him;
    大洼's 「每年至少2次」 is met when held twice."""
    gov = make_gov(profile_id)
    head = gov.user("head")
    gov.run(None, "org.create_post", lambda uow: org_service.create_post(uow, kind="party_secretary", holder_id=head.id))
    with pytest.raises(RuleViolation) as refused:
        gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
            uow, kind="party_group", title="党组会议", starts_at=china(2024, 3, 6), ends_at=china(2024, 3, 6, 11),
            chair_id=gov.user("dep1").id))
    assert _codes(refused)[0][0] == "meetings.chair_not_allowed"
    for day in (china(2024, 3, 6), china(2024, 9, 6)):
        meeting = gov.run("sun", "meetings.schedule", lambda uow, day=day: scheduling.schedule_meeting(
            uow, kind="party_group", title="党组会议", starts_at=day, ends_at=day + timedelta(hours=2), chair_id=head.id))
        # Attendance is recorded on the meeting's day, not before (GB/T 9704 10.3 rule in meetings).
        gov.run("sun", "meetings.record_attendance", lambda uow, meeting=meeting: scheduling.record_attendance(
            uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)), now=day + timedelta(hours=3))
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)),
                      now=day + timedelta(hours=3))
    assert gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)),
                   now=day + timedelta(hours=4)).state == "signed"
    with gov.db.read() as session:
        periods = queries.cadence(session, gov.tenant, date(2024, 1, 1), date(2024, 12, 31))["party_group"]
    assert all(not p.short for p in periods)


@pytest.mark.parametrize(("profile_id", "kind"), [("xishi-2024", "topical"), ("dalian-2014", "head_office"),
                                                   ("dawa-2017", "topical")])
def test_executive_deputy_chairs_where_the_text_says_deputy(make_gov, profile_id, kind):
    """西市 23 「专题会议由副区长…召开」, 大连 39 「市长办公会议由市长或副市长召集并主持」, 大洼 39:
    the 常务副区长 is one of the 副区长."""
    gov = make_gov(profile_id)
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind=kind, title="专题会议", starts_at=china(2024, 3, 6), ends_at=china(2024, 3, 6, 11),
        chair_id=gov.user("exec").id))
    assert meeting.chair_id == gov.user("exec").id


@pytest.mark.parametrize("profile_id", ["xishi-2024", "dalian-2014"])
def test_executive_deputy_proposes_where_the_text_says_deputy(make_gov, profile_id):
    """西市 23 「区长办公会议…议题由副区长提出」, 大连 39: the 常务副区长 proposes as a 副区长."""
    gov = make_gov(profile_id)
    topic = gov.run("exec", "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind="head_office", title="研究财政收支", lead_department_id=gov.department("财政局").id))
    assert topic.state == "proposed"


def test_dawa_42_head_approves_only_when_needed(make_gov):
    """「报分管副区长审批，必要时报区长批准」: the 分管副区长's approval concludes unless he finds the
    区长's needed."""
    gov = make_gov("dawa-2017")
    request = _ask(gov, title="全区财政工作会议", speech_minutes=10)
    request = _approve(gov, "sun", request)
    done = _approve(gov, "exec", request)  # 财政局 is overseen by the 常务副区长
    assert done.state == "approved"
    other = _ask(gov, title="全区预算工作会议", speech_minutes=10)
    other = _approve(gov, "sun", other)
    other = _approve(gov, "exec", other, needed=True)
    assert other.state == "requested"
    with pytest.raises(PermissionDenied) as refused:
        _approve(gov, "exec", other)
    assert _codes(refused) == [("meetings.wrong_step_actor", "dawa-2017:42")]
    assert _approve(gov, "head", other).state == "approved"


def test_dawa_42_longer_meeting_only_as_an_exception_approved(make_gov):
    """「会议用时原则上不超过1小时」: longer only as the named exception, consented to by the
    分管副区长 who approves the meeting; without it the request is refused with the article."""
    gov = make_gov("dawa-2017")
    with pytest.raises(RuleViolation) as refused:
        _ask(gov, title="全区财政工作会议", duration_minutes=90)
    assert _codes(refused) == [("conference.too_long", "dawa-2017:42")]
    assert "分管副区长同意" in refused.value.verdict.reasons[0].message
    request = _ask(gov, title="全区财政工作会议", duration_minutes=90, exceptions=["longer_meeting"])
    request = _approve(gov, "sun", request)
    done = _approve(gov, "exec", request)
    assert done.state == "approved" and done.exception_consents == [{"name": "longer_meeting", "user_id": gov.user("exec").id}]


def test_dawa_42_exception_unconsented_is_refused(make_gov):
    profile = load_profile("dawa-2017")
    request = rules.ConferenceRequest(TODAY, TODAY + timedelta(days=30), 90, exceptions=frozenset({"longer_meeting"}))
    verdict = rules.check_exceptions_consented(profile, request, frozenset())
    assert [(r.code, r.cite) for r in verdict.reasons] == [("conference.exception_unapproved", "dawa-2017:42")]
    assert rules.check_exceptions_consented(profile, request, frozenset({"longer_meeting"})).ok
