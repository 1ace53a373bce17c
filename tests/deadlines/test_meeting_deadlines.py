"""Meeting deadlines fire by themselves: the materials cut-off 会前7个工作日 (海南区 51) and the
issue deadline of a document the meeting approved (西市 22). No profile sets a time limit for
signing the minutes, so none is scheduled for it."""

from __future__ import annotations

from datetime import date

import pytest
from deadlines_support import fire_on, rows, system_events
from meeting_support import china, seed_gov, seen

from zhengwu.meetings import minutes_flow, scheduling
from zhengwu.rulebook.profile import MeetingType


@pytest.fixture
def make_gov(db, make_tenant):
    return lambda profile_id: seed_gov(db, make_tenant, profile_id)


def test_the_materials_cut_off_passes_by_itself_hainan_51(make_gov):
    gov = make_gov("wuhai-hainan-2023")
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 3, 20), ends_at=china(2024, 3, 20, 11),
        chair_id=head.id))
    [deadline] = rows(gov.db, gov.tenant.id, "materials_lead")
    # 7 working days before Wednesday 03-20: Monday 03-11.
    assert (deadline.due, deadline.start_on, deadline.count, deadline.cite) == (
        date(2024, 3, 11), date(2024, 3, 20), -7, "wuhai-hainan-2023:51")
    assert [f.stage for f in fire_on(gov.db, date(2024, 3, 7))] == ["remind"]
    [firing] = fire_on(gov.db, date(2024, 3, 12))
    assert (firing.stage, firing.action) == ("expire", "deadline.materials_closed")
    event = system_events(gov.db, gov.tenant.id)[-1]
    assert (event.object_type, event.object_id, event.cite) == ("meeting", str(meeting.id), "wuhai-hainan-2023:51")
    assert rows(gov.db, gov.tenant.id, "materials_lead")[0].state == "done"


def test_an_unissued_approved_document_is_flagged_overdue_xishi_22(make_gov):
    gov = make_gov("xishi-2024")
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 3, 4), ends_at=china(2024, 3, 4, 11),
        chair_id=head.id))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)))
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
    resolution = gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text="印发实施意见", department_id=gov.department("人力").id,
        deadline=date(2024, 3, 31), document_title="关于促进就业的实施意见", expected_version=seen(uow, minutes_id=minutes.id)))
    assert resolution.issue_by == date(2024, 3, 13)
    [deadline] = rows(gov.db, gov.tenant.id, "resolution_issue")
    assert (deadline.start_on, deadline.count, deadline.cite) == (date(2024, 3, 4), 7, "xishi-2024:22")
    [firing] = [f for f in fire_on(gov.db, date(2024, 3, 14)) if f.kind == "resolution_issue"]
    assert (firing.stage, firing.action) == ("expire", "deadline.overdue")
    gov.run("sun", "meetings.record_issue", lambda uow: minutes_flow.record_issue(
        uow, resolution_id=resolution.id, issued_on=date(2024, 3, 15), expected_version=seen(uow, resolution_id=resolution.id)))
    assert [(d.state, d.outcome) for d in rows(gov.db, gov.tenant.id, "resolution_issue")] == [("done", "issued")]


def test_no_profile_field_sets_a_time_limit_for_signing_minutes():
    """The schema has no time limit for signing minutes (no text sets one); the day one is added,
    this fails and asks for a deadline kind for it."""
    timed = [name for name in MeetingType.model_fields if name.endswith(("_workdays", "_days"))]
    assert sorted(timed) == ["issue_within_workdays", "materials_lead_workdays", "to_office_within_workdays"]
