"""Meetings on the calendar: scheduling one (the chair checked, the members invited, the materials
deadline set), sending its materials, recording who attended. Each use case runs inside the
caller's unit of work (one transaction, audited with the article that decided it); the rules live
in `meetings.rules`."""

from __future__ import annotations

from datetime import datetime


from zhengwu.calendar import default_calendar
from zhengwu.core import permissions
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.deadlines import service as deadlines
from zhengwu.meetings import department_meetings, finalizing, rules
from zhengwu.meetings.models import Attendance, Meeting
from zhengwu.org import rules as org_rules
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import refusal, rule_of
from zhengwu.meetings.deadlines import MATERIALS_DEADLINE
from zhengwu.meetings.queries import agenda, attendance
from zhengwu.meetings.scene import Scene, _fresh, _raise, pinned, roles_of, scene_for


def _member_posts(profile: Profile, kind: str) -> set[str]:
    block = profile.meeting(kind)
    members: set[str] = set(block.members.value) if block and block.members else set()
    if "deputy" in members:
        members.add("executive_deputy")
    return members & set(org_rules.POST_KINDS)


def schedule_meeting(uow: TenantWork, *, kind: str, title: str, starts_at: datetime, ends_at: datetime,
                     chair_id: int, location: str = "", delegated_by_id: int | None = None,
                     matters: list[str] | None = None, invoked: list[str] | None = None,
                     classified: bool = False, attendee_ids: list[int] | None = None,
                     observer_ids: list[int] | None = None) -> Meeting:
    """Put a meeting on the calendar; the chair (and any delegation) is checked, and the members
    the profile names for the type are invited unless attendees are given."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    block = rules.meeting_type(scene.profile, kind)  # refused when this government's text has no such meeting
    verdict = Verdict.passed()
    if not title.strip():
        verdict &= Verdict.refused("meetings.missing_title", "会议名称不能为空。")
    if ends_at <= starts_at:
        verdict &= Verdict.refused("meetings.bad_times", "会议结束时间须晚于开始时间。")
    delegated = roles_of(scene, delegated_by_id) if delegated_by_id is not None else None
    verdict &= rules.check_chair(scene.profile, kind, roles_of(scene, chair_id), delegated)
    verdict.raise_if_refused()
    meeting = Meeting(tenant_id=uow.tenant_id, kind=kind, title=title.strip(), starts_at=starts_at, ends_at=ends_at,
                      location=location.strip(), state="planned", chair_id=chair_id, delegated_by_id=delegated_by_id,
                      matters=sorted(matters or []), invoked=sorted(invoked or []), classified=classified,
                      created_at=uow.now)
    uow.session.add(meeting)
    uow.session.flush()
    if attendee_ids is None:
        wanted = _member_posts(scene.profile, kind)
        attendee_ids = [s.holder_id for s in scene.state.seats if s.kind in wanted and s.holder_id is not None]
    members = list(dict.fromkeys([chair_id, *attendee_ids]))
    # 列席: people invited to sit in (department heads for their topic), printed apart (GB/T 9704 10.3).
    # 「一般安排常设列席单位负责人列席会议」(大洼 37): the heads of the units set for the kind sit in too.
    standing = department_meetings.standing_observer_heads(uow.session, scene, kind)
    observers = [u for u in dict.fromkeys([*(observer_ids or []), *standing]) if u not in members]
    for role, user_ids in (("member", members), ("observer", observers)):
        for user_id in user_ids:
            uow.session.add(Attendance(tenant_id=uow.tenant_id, meeting_id=meeting.id, user_id=user_id, role=role,
                                       status="invited", absence_reason="", substitute=""))
    uow.session.flush()
    uow.record("meetings.schedule", object_type="meeting", object_id=meeting.id, subject=meeting,
               cite=rule_of(scene.profile, block.chair).cite if block.chair else None)
    _schedule_materials_deadline(uow, scene, meeting)
    return meeting


def _schedule_materials_deadline(uow: TenantWork, scene: Scene, meeting: Meeting) -> None:
    """会前 N 个工作日: topic materials are due at the office; 催办 before, and the cut-off
    recorded, where the profile sets a lead time and the day is still ahead."""
    lead = rules.meeting_type(scene.profile, meeting.kind).materials_lead_workdays
    if lead is None or not lead.value:
        return
    day = meeting.day
    due = default_calendar().add_workdays(day, -lead.value)
    if due < uow.today:
        return
    deadlines.schedule(uow, MATERIALS_DEADLINE, meeting.id, due=due, title=f"{meeting.title}议题材料报送",
                       trail_type="meeting", trail_id=meeting.id, cite=rule_of(scene.profile, lead).cite,
                       start_on=day, count=-lead.value, unit="workdays")


def send_materials(uow: TenantWork, *, meeting_id: int, expected_version: int) -> Meeting:
    """The office sends the agenda's materials to those attending; it must do so before the
    meeting (海南区 51 「会前送达与会人员」, 大洼 40, 大连 41, 西市 21)."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    meeting = get_in_tenant(uow.session, Meeting, meeting_id, uow.tenant_id, "会议")
    _fresh(meeting, expected_version, f"会议「{meeting.title}」")
    leaf = rules.meeting_type(scene.profile, meeting.kind).materials_before_meeting
    if uow.now >= meeting.starts_at and leaf is not None and leaf.value:
        refusal("meetings.materials_after_start", "会议材料应在会前送达与会人员，会议已开始", rule_of(scene.profile, leaf)).raise_if_refused()
    if not agenda(uow.session, meeting.id):
        Verdict.refused("meetings.empty_agenda", "会议尚无议程，没有可送达的材料。").raise_if_refused()
    for topic in agenda(uow.session, meeting.id):  # 会议文件审定 before they go out (meetings.finalizing)
        _raise(finalizing.check_finalized(pinned(uow.session, scene, topic).profile, finalizing.papers_of(topic)))
    meeting.materials_sent_at = uow.now
    uow.session.flush()
    uow.record("meetings.send_materials", object_type="meeting", object_id=meeting.id, subject=meeting, cite=rule_of(scene.profile, leaf).cite if leaf else None)
    return meeting


def record_attendance(uow: TenantWork, *, meeting_id: int, present_ids: list[int], expected_version: int) -> Meeting:
    """The office records who attended; the meeting is then held. An absentee who sent a
    substitute without the consent the profile requires is refused (大连 42)."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    meeting = get_in_tenant(uow.session, Meeting, meeting_id, uow.tenant_id, "会议")
    _fresh(meeting, expected_version, f"会议「{meeting.title}」")
    _raise(rules.check_on_or_after_meeting_day(meeting.day, uow.today, "登记出席情况"))
    rows = attendance(uow.session, meeting.id)
    for row in rows:
        if row.user_id not in present_ids and row.substitute:
            rules.check_substitute(scene.profile, row.substitute_consented_by_id is not None).raise_if_refused()
        row.status = "present" if row.user_id in present_ids else "absent"
    meeting.state = "held"
    uow.session.flush()
    uow.record("meetings.record_attendance", object_type="meeting", object_id=meeting.id, subject=meeting,
               detail={"present": sorted(present_ids)})
    return meeting
