"""Departments' own meetings (大洼 42, 大连 43, 海南区 55/85, 西市 25), the standing observer units
set by the 区长 (大洼 37) and the office's attendance bulletin (大连 42), through the services as
the pages and the API run them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from meeting_support import china, seen
from support import TEST_NOW
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.meetings import department_meetings as dm
from zhengwu.meetings import scheduling
from zhengwu.notices.models import Notice
from zhengwu.org import service as org_service

TODAY = TEST_NOW.date()  # Monday 2024-03-04


def _codes(excinfo):
    return [(r.code, r.cite) for r in excinfo.value.verdict.reasons]


def _file(gov, who="czj", department="财政局", leaders=(), locals_=(), **extra):
    args = dict(department_id=gov.department(department).id, title="全区财政系统工作会议",
                held_on=TODAY + timedelta(days=10), leader_ids=[gov.user(u).id for u in leaders],
                local_department_ids=[gov.department(d).id for d in locals_])
    args.update(extra)
    return gov.run(who, "meetings.request_department_meeting", lambda uow: dm.request_department_meeting(uow, **args))


def _whats(gov, who: str) -> list[str]:
    """The notices of new work a person received."""
    with gov.db.read() as session:
        return list(session.execute(select(Notice.what).where(Notice.user_id == gov.user(who).id)
                                    .order_by(Notice.id)).scalars())


def _consent(gov, who, row):
    return gov.run(who, "meetings.consent_department_meeting", lambda uow: dm.consent_department_meeting(
        uow, request_id=row.id, expected_version=seen(uow, department_meeting_id=row.id)))


# --- 大洼 42 ----------------------------------------------------------------------------------


def test_dawa_42_township_heads_invited_only_with_the_district_approval(make_gov):
    """「不邀请各镇、各园区负责人出席，确需邀请的，须报区政府批准」: the 区政府's approval is the
    分管副区长's (a department's request is decided by portfolio); anyone else is refused."""
    gov = make_gov("dawa-2017")
    row = _file(gov, locals_=["街道"])
    assert row.state == "requested" and [c["approver"] for c in row.required] == ["oversight_deputy"]
    with pytest.raises(PermissionDenied) as refused:
        _consent(gov, "dep1", row)  # not the 财政局's 分管副区长
    assert _codes(refused) == [("meetings.wrong_step_actor", "dawa-2017:42")]
    with pytest.raises(PermissionDenied):
        _consent(gov, "czj", row)  # the department cannot approve its own invitation
    done = _consent(gov, "exec", row)
    assert done.state == "approved" and done.consents[0]["user_id"] == gov.user("exec").id


def test_dawa_42_leaders_attend_a_department_meeting_only_as_an_exception(make_gov):
    """「区政府领导同志一般不出席部门的工作会议」: a meeting inviting no one needs nothing; one inviting
    a 副区长 waits for that leader's own consent, which no one else can give."""
    gov = make_gov("dawa-2017")
    assert _file(gov).state == "approved"
    row = _file(gov, leaders=["dep1"])
    assert row.state == "requested"
    with pytest.raises(PermissionDenied) as refused:
        _consent(gov, "head", row)
    assert _codes(refused) == [("meetings.wrong_step_actor", "dawa-2017:42")]
    assert _consent(gov, "dep1", row).state == "approved"


def test_dawa_42_only_a_department_files_its_own_meeting(make_gov):
    gov = make_gov("dawa-2017")
    with pytest.raises(PermissionDenied):
        _file(gov, who="rsj")  # the head of another bureau
    with pytest.raises(RuleViolation) as refused:
        _file(gov, leaders=["czj"])  # not a government leader
    assert _codes(refused) == [("department_meeting.not_a_leader", None)]


# --- 大连 43 ----------------------------------------------------------------------------------


def test_dalian_43_local_heads_invited_only_with_the_mayor_consent(make_gov):
    """「不邀请地区负责人出席，确需邀请的，须报市政府主要领导同意」: the 市长's consent, not a 副市长's."""
    gov = make_gov("dalian-2014")
    row = _file(gov, locals_=["街道"])
    with pytest.raises(PermissionDenied) as refused:
        _consent(gov, "exec", row)
    assert _codes(refused) == [("meetings.wrong_step_actor", "dalian-2014:43")]
    assert _consent(gov, "head", row).state == "approved"


def test_dalian_43_city_leaders_attend_only_by_their_consent(make_gov):
    """「市政府领导同志一般不出席部门的工作会议」: both invitations wait, each for its own approver."""
    gov = make_gov("dalian-2014")
    row = _file(gov, leaders=["dep2"], locals_=["街道"])
    assert [c["approver"] for c in row.required] == ["invited_leader", "head"]
    assert _whats(gov, "dep2") == _whats(gov, "head") == ["部门会议邀请待同意"] and _whats(gov, "exec") == []
    row = _consent(gov, "head", row)
    assert row.state == "requested"
    assert _consent(gov, "dep2", row).state == "approved"


# --- 海南区 55 / 85 ----------------------------------------------------------------------------


def test_wuhai_hainan_55_department_meetings_never_invite_the_head(make_gov):
    """「一律不邀请区长出席」: refused with the article, nothing stored."""
    gov = make_gov("wuhai-hainan-2023")
    with pytest.raises(RuleViolation) as refused:
        _file(gov, leaders=["head"])
    assert _codes(refused) == [("department_meeting.leader_not_invited", "wuhai-hainan-2023:55")]
    with gov.db.read() as session:
        assert list(dm.department_meetings(session, gov.tenant)) == []


def test_wuhai_hainan_85_deputy_attends_only_once_approved(make_gov):
    """「邀请副区长出席的，要严格按程序报批」「确需政府领导参加的，应履行报批手续」: the invitation
    of a 副区长 (the 常务副区长 too) waits for that leader's approval."""
    gov = make_gov("wuhai-hainan-2023")
    row = _file(gov, leaders=["exec"])
    assert row.state == "requested" and row.required[0]["cite"] == "wuhai-hainan-2023:55"
    with pytest.raises(PermissionDenied):
        _consent(gov, "dep1", row)
    assert _consent(gov, "exec", row).state == "approved"


# --- 西市 25 ----------------------------------------------------------------------------------


def test_xishi_25_leader_heading_the_department_attends_its_meeting(make_gov):
    """「兼任部门负责人同志的参加本部门会议除外」: a 副区长 who also heads 自然资源局 attends its meeting
    without approval (by the org); invited to another department's meeting, his consent is needed."""
    gov = make_gov("xishi-2024")
    land = gov.department("自然资源局")
    gov.run(None, "org.create_post", lambda uow: org_service.create_post(
        uow, kind="department_head", title="自然资源局局长（兼）", department_id=land.id,
        holder_id=gov.user("dep1").id, rank=60))
    own = _file(gov, who="zrj", department="自然资源局", leaders=["dep1"])
    assert own.state == "approved" and own.required[0]["name"] == "own_department"
    other = _file(gov, leaders=["dep1"])
    assert other.state == "requested" and other.required[0]["name"] == "with_consent"
    assert _consent(gov, "dep1", other).state == "approved"


# --- 大洼 37 常设列席单位 ------------------------------------------------------------------------


def test_dawa_37_standing_observers_set_by_the_head_only(make_gov):
    """「常设列席单位由区长确定」: the office is refused with the article; the 区长 sets them; a text
    naming nobody (西市) lets no one set them."""
    gov = make_gov("dawa-2017")
    units = [gov.department("财政局").id, gov.department("司法局").id]
    with pytest.raises(PermissionDenied) as refused:
        gov.run("sun", "meetings.set_standing_observers", lambda uow: dm.set_standing_observers(
            uow, meeting_kind="executive", department_ids=units, expected_version=None))
    assert _codes(refused) == [("meetings.wrong_step_actor", "dawa-2017:37")]
    row = gov.run("head", "meetings.set_standing_observers", lambda uow: dm.set_standing_observers(
        uow, meeting_kind="executive", department_ids=units, expected_version=None))
    with gov.db.read() as session:
        listed = dm.standing_observers(session, gov.tenant)
    assert row.set_by_id == gov.user("head").id and listed["executive"][1] == ["区财政局", "区司法局"]
    other = make_gov("xishi-2024")
    with pytest.raises(RuleViolation):
        other.run("head", "meetings.set_standing_observers", lambda uow: dm.set_standing_observers(
            uow, meeting_kind="executive", department_ids=[], expected_version=None))


# --- 大连 42 会议出席通报 ----------------------------------------------------------------------


def _held_meeting(gov, day: date, present: list[str]):
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="市政府常务会议", starts_at=china(day.year, day.month, day.day),
        ends_at=china(day.year, day.month, day.day, 11), chair_id=head.id), now=china(2024, 2, 1))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[gov.user(u).id for u in present], expected_version=seen(uow, meeting_id=meeting.id)))
    return meeting


def test_dalian_42_office_issues_the_attendance_bulletin_from_the_records(make_gov):
    """「市政府办公厅负责定期通报会议出席和会议纪律情况」: the office issues a bulletin of the period
    from the attendance records; a deputy cannot; a period not yet over is refused; 大洼's text has
    no such bulletin."""
    gov = make_gov("dalian-2014")
    _held_meeting(gov, date(2024, 2, 20), ["head", "exec"])
    with pytest.raises(PermissionDenied):
        gov.run("dep1", "meetings.issue_attendance_bulletin", lambda uow: dm.issue_attendance_bulletin(
            uow, since=date(2024, 2, 1), until=date(2024, 2, 29)))
    with pytest.raises(RuleViolation) as refused:
        gov.run("sun", "meetings.issue_attendance_bulletin", lambda uow: dm.issue_attendance_bulletin(
            uow, since=date(2024, 3, 1), until=date(2024, 3, 31)))
    assert _codes(refused) == [("meetings.bad_period", "dalian-2014:42")]
    bulletin = gov.run("sun", "meetings.issue_attendance_bulletin", lambda uow: dm.issue_attendance_bulletin(
        uow, since=date(2024, 2, 1), until=date(2024, 2, 29), note="二月份会议纪律良好"))
    by_person = {line["user_id"]: line for line in bulletin.lines}
    assert by_person[gov.user("head").id]["present"] == 1
    assert by_person[gov.user("dep1").id]["unexcused"] == 1 and bulletin.cite == "dalian-2014:42"
    dawa = make_gov("dawa-2017")
    with pytest.raises(RuleViolation) as refused:
        dawa.run("sun", "meetings.issue_attendance_bulletin", lambda uow: dm.issue_attendance_bulletin(
            uow, since=date(2024, 2, 1), until=date(2024, 2, 29)))
    assert _codes(refused) == [("meetings.no_attendance_bulletin", None)]
