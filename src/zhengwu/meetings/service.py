"""Meeting use cases: each runs inside the caller's unit of work (one transaction, audited with
the article that decided it). The rules live in `meetings.rules`; this module loads the state,
works out who a person is for the matter at hand (their *roles*: 区长, the 分管副区长 of the
topic's lead department, the chair of this meeting …), asks the rules, and stores the result.

Signed minutes are published as `meetings.events.MinutesSigned`: the supervision domain makes
each resolution a task and the disclosure domain queues the disclosed ones (in the same
transaction); this module imports neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import quote
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhengwu.calendar import china_date, default_calendar
from zhengwu.core import permissions
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.permissions import member
from zhengwu.core.paging import Page, keyset
from zhengwu.core.tenants import Tenant, pinned_profile, profile_on, segments
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Reason, Verdict
from zhengwu.deadlines import service as deadlines
from zhengwu.core.deviations import deviation
from zhengwu.printing.docx_render import render_minutes_docx
from zhengwu.printing.layout import Minutes as MinutesLayout
from zhengwu.printing.layout import chinese_date
from zhengwu.meetings.events import RESOLUTION_SOURCE, MinutesSigned, SignedResolution
from zhengwu.meetings import finalizing, notify, rules
from zhengwu.meetings.models import (Attendance, ConferenceRequest, Consultation, Meeting, Minutes,
                                     MinutesSignature, Resolution, Topic, TopicStep)
from zhengwu.org import rules as org_rules
from zhengwu.org import service as org_service
from zhengwu.org.models import Department, Post
from zhengwu.rulebook import labels
from zhengwu.rulebook.cite import basis
from zhengwu.rulebook.profile import Profile, load_profile
from zhengwu.rulebook.provenance import refusal, rule_of

TASK_SOURCE = RESOLUTION_SOURCE  # how a resolution's task is found on the supervision ledger

permissions.define("meetings.view", "查看会议", "本单位成员", member)
permissions.define("meetings.organise", "组织会议（安排会议、议程、出席、纪要）", "政府办公室工作人员",
                   permissions.holds(*org_rules.OFFICE_KINDS))
# Proposing, answering, approving and signing are open to members: the meeting rules then say
# whose step it is (the lead department, the 分管副职, the head …) and refuse anyone else.
permissions.define("meetings.take_part", "办理会议事项", "本单位成员", member)


# --- who is who for a matter ----------------------------------------------------------------


@dataclass(frozen=True)
class Scene:
    tenant: Tenant
    profile: Profile
    state: org_rules.OrgState
    now: datetime

    @property
    def today(self) -> date:
        return china_date(self.now)


def scene_for(uow_or_session, tenant_id: int, now: datetime) -> Scene:
    session = getattr(uow_or_session, "session", uow_or_session)
    tenant = session.get(Tenant, tenant_id)
    return Scene(tenant, profile_on(session, tenant_id, china_date(now)), org_service.load_state(session, tenant_id), now)


def pinned(session: Session, scene: Scene, row: Topic | ConferenceRequest) -> Scene:
    """The scene under the rules the topic or conference request started under (it keeps them
    after a new version takes effect, until the office moves it)."""
    return replace(scene, profile=pinned_profile(session, row))


def _acts_in(scene: Scene, seat: org_rules.Seat | None, user_id: int) -> bool:
    return seat is not None and org_rules.authority(scene.profile, scene.state, seat.post_id, scene.now).acting_id == user_id


def roles_of(scene: Scene, user_id: int, *, department_id: int | None = None, meeting: Meeting | None = None) -> frozenset[str]:
    """The actor codes a person fills for a matter: their posts (held and present, or acted in),
    `office` for the office's staff, `lead_department`/`oversight_deputy` for the department the
    matter belongs to, `chair`/`delegating_leader` for the meeting."""
    roles = set(org_rules.posts_of(scene.profile, scene.state, user_id, scene.now))
    if roles & set(org_rules.OFFICE_KINDS):
        roles.add("office")
    if "department_head" in roles:
        roles.add("department")
    if department_id is not None:
        heads = [s for s in scene.state.seats if s.kind == "department_head" and s.department_id == department_id]
        if any(_acts_in(scene, s, user_id) for s in heads):
            roles.add("lead_department")
        if _acts_in(scene, scene.state.overseer(department_id), user_id):
            roles.add("oversight_deputy")
    if meeting is not None:
        if meeting.chair_id == user_id:
            roles.add("chair")
        if meeting.delegated_by_id == user_id:
            roles.add("delegating_leader")
    return frozenset(roles)


def _require_topic_reach(uow: TenantWork, scene: Scene, topic_id: int) -> None:
    """A topic's steps are taken by its lead department, its overseeing deputy, the government's
    leaders, the chair or the office; anyone else is refused before the topic's state is told."""
    topic = get_in_tenant(uow.session, Topic, topic_id, uow.tenant_id, "议题")
    meeting = uow.session.get(Meeting, topic.meeting_id) if topic.meeting_id else None
    roles = roles_of(scene, uow.actor.user_id, department_id=topic.lead_department_id, meeting=meeting)
    if uow.actor.user_id is not None and not roles & {*org_rules.LEADER_KINDS, "office", "lead_department",
                                                        "oversight_deputy", "chair", "delegating_leader"}:
        permissions.refuse("forbidden", "只有议题的承办部门、分管领导、会议主持人或政府办公室可以办理该议题。")


def _fresh(row, expected_version: int | None, what: str) -> None:
    if expected_version is not None:
        row.expect_version(expected_version, what)


def _deny(verdict: Verdict) -> None:
    """A step taken by someone the rules do not name is a forbidden action (403, audited)."""
    if not verdict.ok:
        raise PermissionDenied(verdict)


_ACTOR_CODES = ("forbidden", "meetings.wrong_signer", "meetings.wrong_step_actor", "meetings.wrong_coordinator",
                "meetings.wrong_absence_approver", "meetings.wrong_drafter", "meetings.proposer_not_allowed")


def _raise(verdict: Verdict) -> None:
    """Who-may refusals are forbidden actions (403); the rest are rule refusals (422)."""
    permissions.raise_refused(verdict, _ACTOR_CODES)


# --- meetings -------------------------------------------------------------------------------


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
    if kind not in rules.meeting_types(scene.profile):
        Verdict.refused("meetings.unknown_kind", f"本单位的工作规则没有「{kind}」这种会议。").raise_if_refused()
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
    observers = [u for u in dict.fromkeys(observer_ids or []) if u not in members]
    for role, user_ids in (("member", members), ("observer", observers)):
        for user_id in user_ids:
            uow.session.add(Attendance(tenant_id=uow.tenant_id, meeting_id=meeting.id, user_id=user_id, role=role,
                                       status="invited", absence_reason="", substitute=""))
    uow.session.flush()
    block = scene.profile.meeting(kind)
    uow.record("meetings.schedule", object_type="meeting", object_id=meeting.id, subject=meeting,
               cite=rule_of(scene.profile, block.chair).cite if block.chair else None)
    _schedule_materials_deadline(uow, scene, meeting)
    return meeting


MATERIALS_DEADLINE = "materials_lead"  # deadline kinds (registered in meetings/deadlines.py)
ISSUE_DEADLINE = "resolution_issue"


def _schedule_materials_deadline(uow: TenantWork, scene: Scene, meeting: Meeting) -> None:
    """会前 N 个工作日: topic materials are due at the office; 催办 before, and the cut-off
    recorded, where the profile sets a lead time and the day is still ahead."""
    lead = scene.profile.meeting(meeting.kind).materials_lead_workdays
    if lead is None or not lead.value:
        return
    day = meeting.day
    due = default_calendar().add_workdays(day, -lead.value)
    if due < uow.today:
        return
    deadlines.schedule(uow, MATERIALS_DEADLINE, meeting.id, due=due, title=f"{meeting.title}议题材料报送",
                       trail_type="meeting", trail_id=meeting.id, cite=rule_of(scene.profile, lead).cite,
                       start_on=day, count=-lead.value, unit="workdays")


def send_materials(uow: TenantWork, *, meeting_id: int, expected_version: int | None = None) -> Meeting:
    """The office sends the agenda's materials to those attending; it must do so before the
    meeting (海南区 51 「会前送达与会人员」, 大洼 40, 大连 41, 西市 21)."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    meeting = get_in_tenant(uow.session, Meeting, meeting_id, uow.tenant_id, "会议")
    _fresh(meeting, expected_version, f"会议「{meeting.title}」")
    leaf = scene.profile.meeting(meeting.kind).materials_before_meeting
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


def record_attendance(uow: TenantWork, *, meeting_id: int, present_ids: list[int], expected_version: int | None = None) -> Meeting:
    """The office records who attended; the meeting is then held. An absentee who sent a
    substitute without the consent the profile requires is refused (大连 42)."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    meeting = get_in_tenant(uow.session, Meeting, meeting_id, uow.tenant_id, "会议")
    _fresh(meeting, expected_version, f"会议「{meeting.title}」")
    _raise(rules.check_on_or_after_meeting_day(meeting.day, uow.today, "登记出席情况"))
    rows = _attendance(uow.session, meeting.id)
    for row in rows:
        if row.user_id not in present_ids and row.substitute:
            rules.check_substitute(scene.profile, row.substitute_consented_by_id is not None).raise_if_refused()
        row.status = "present" if row.user_id in present_ids else "absent"
    meeting.state = "held"
    uow.session.flush()
    uow.record("meetings.record_attendance", object_type="meeting", object_id=meeting.id, subject=meeting,
               detail={"present": sorted(present_ids)})
    return meeting


def _attendance(session: Session, meeting_id: int) -> list[Attendance]:
    return list(session.execute(select(Attendance).where(Attendance.meeting_id == meeting_id)
                                .order_by(Attendance.id)).scalars())


# --- absence --------------------------------------------------------------------------------


def request_absence(uow: TenantWork, *, meeting_id: int, reason: str, ground: str | None = None,
                    substitute: str = "", expected_version: int | None = None) -> Attendance:
    """请假: to the approver the profile names; where the profile admits only some reasons, the
    ground must be one of them."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    meeting = get_in_tenant(uow.session, Meeting, meeting_id, uow.tenant_id, "会议")
    row = uow.session.execute(select(Attendance).where(Attendance.meeting_id == meeting.id,
                                                       Attendance.user_id == uow.actor.user_id)).scalar_one_or_none()
    if row is None:
        permissions.refuse("meetings.not_invited", "您不在本次会议的出席名单中。")
    _fresh(row, expected_version, "出席登记")
    leader = bool(roles_of(scene, uow.actor.user_id) & set(org_rules.LEADER_KINDS))
    code, leaf = rules.absence_approver(scene.profile, leader)
    # Only the ground is checked here: the approver's check runs when they decide.
    verdict = rules.check_absence(scene.profile, leader=leader, approver=frozenset({code}) if code else frozenset(),
                                  reason=ground)
    verdict.raise_if_refused()
    row.absence_state = "requested"
    row.absence_reason = reason.strip()
    row.absence_ground = ground
    row.absence_approver = code
    row.substitute = substitute.strip()
    row.cite = rule_of(scene.profile, leaf).cite if leaf else None
    uow.session.flush()
    uow.record("meetings.request_absence", object_type="attendance", object_id=row.id, subject=row, cite=row.cite)
    return row


def _may_decide_absences(scene: Scene, meeting: Meeting, user_id: int) -> bool:
    return bool(roles_of(scene, user_id, meeting=meeting) & {*org_rules.LEADER_KINDS, "office", "chair", "delegating_leader"})


def _absence_verdict(scene: Scene, meeting: Meeting, row: Attendance, user_id: int) -> Verdict:
    leader = bool(roles_of(scene, row.user_id) & set(org_rules.LEADER_KINDS))
    return rules.check_absence(scene.profile, leader=leader, approver=roles_of(scene, user_id, meeting=meeting),
                               reason=row.absence_ground)


def absences_i_may_decide(session: Session, tenant: Tenant, meeting: Meeting, rows: list[Attendance], user_id: int,
                          now: datetime) -> set[int]:
    """The pending absence requests this person may approve (the checks `decide_absence` runs)."""
    scene = scene_for(session, tenant.id, now)
    if not _may_decide_absences(scene, meeting, user_id):
        return set()
    return {r.id for r in rows if r.absence_state == "requested" and _absence_verdict(scene, meeting, r, user_id).ok}


def decide_absence(uow: TenantWork, *, attendance_id: int, approve: bool, consent_substitute: bool = False,
                   expected_version: int | None = None) -> Attendance:
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    row = get_in_tenant(uow.session, Attendance, attendance_id, uow.tenant_id, "出席记录")
    _fresh(row, expected_version, "请假")
    meeting = get_in_tenant(uow.session, Meeting, row.meeting_id, uow.tenant_id, "会议")
    # Who may decide is checked before the request's state: an outsider learns nothing about it.
    if not _may_decide_absences(scene, meeting, uow.actor.user_id):
        permissions.refuse("forbidden", "只有会议主持人、政府领导或政府办公室可以审批会议请假。")
    if row.absence_state != "requested":
        Verdict.refused("meetings.absence_not_pending", "该请假不在待审批状态。").raise_if_refused()
    _raise(_absence_verdict(scene, meeting, row, uow.actor.user_id))
    row.absence_state = "approved" if approve else "rejected"
    row.absence_decided_by_id = uow.actor.user_id
    row.filed_with_office = approve and rules.absence_filed_with_office(scene.profile)[0]
    if approve and consent_substitute and row.substitute:
        row.substitute_consented_by_id = uow.actor.user_id
    uow.session.flush()
    uow.record("meetings.approve_absence" if approve else "meetings.reject_absence", object_type="attendance",
               object_id=row.id, subject=row, cite=row.cite)
    return row


@dataclass(frozen=True)
class AttendanceLine:
    user_id: int
    name: str
    invited: int
    present: int
    absent: int
    excused: int


def attendance_report(session: Session, tenant: Tenant, since: date, until: date) -> list[AttendanceLine]:
    """Per person, over the meetings held in the period: invited, present, absent, excused."""
    who = org_service.people(session, tenant.id)
    rows = session.execute(
        select(Attendance).join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.tenant_id == tenant.id, Meeting.state == "held")).scalars()
    counts: dict[int, list[int]] = {}
    meetings = {m.id: m for m in session.execute(select(Meeting).where(Meeting.tenant_id == tenant.id)).scalars()}
    for row in rows:
        day = meetings[row.meeting_id].day
        if not since <= day <= until:
            continue
        c = counts.setdefault(row.user_id, [0, 0, 0, 0])
        c[0] += 1
        c[1] += row.status == "present"
        c[2] += row.status == "absent"
        c[3] += row.status == "absent" and row.absence_state == "approved"
    return [AttendanceLine(uid, who(uid), *c) for uid, c in sorted(counts.items())]


# --- topics ---------------------------------------------------------------------------------


def _rule_topic(session: Session, topic: Topic) -> rules.Topic:
    return _topic_facts(topic, consultations(session, topic.id))


def _topic_facts(topic: Topic, answers: list[tuple[Consultation, str]]) -> rules.Topic:
    """The topic as the pipeline rules read it, with its consultations' answers."""
    return rules.Topic(
        meeting_kind=topic.meeting_kind, state=topic.state,
        consultations=tuple(rules.Consultation(name, c.agrees, c.note) for c, name in answers),
        coordinated=topic.coordinated, needs_legality_review=topic.needs_legality_review,
        legality_reviewed=topic.legality_reviewed_by_id is not None, materials_on=topic.materials_on,
        late_consent=topic.late_consent_by_id is not None, steps_done=topic.steps_done,
        documents_reviewed=topic.documents_reviewed_by_id is not None,
        documents_finalized=topic.documents_finalized_by_id is not None)


def _advance(uow: TenantWork, scene: Scene, topic: Topic, name: str, **facts) -> rules.Topic:
    result, verdict = rules.advance(scene.profile, _rule_topic(uow.session, topic), name, **facts)
    _raise(verdict)
    topic.state = result.state
    return result


def _meeting_day(session: Session, topic: Topic, meeting_id: int | None) -> tuple[Meeting, date]:
    meeting = get_in_tenant(session, Meeting, meeting_id, topic.tenant_id, "会议")
    if meeting.kind != topic.meeting_kind:
        Verdict.refused("meetings.kind_mismatch", "议题所报的会议类型与该会议不一致。").raise_if_refused()
    return meeting, meeting.day


def _topic_cite(scene: Scene, kind: str) -> str | None:
    block = scene.profile.meeting(kind)
    leaf = block.topic_pipeline or block.topic_proposers if block else None
    return rule_of(scene.profile, leaf).cite if leaf else None


def propose_topic(uow: TenantWork, *, meeting_kind: str, title: str, lead_department_id: int | None,
                  summary: str = "", needs_legality_review: bool = False) -> Topic:
    """提出议题: by whoever the profile lets propose for this meeting type."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    if meeting_kind not in rules.meeting_types(scene.profile):
        Verdict.refused("meetings.unknown_kind", f"本单位的工作规则没有「{meeting_kind}」这种会议。").raise_if_refused()
    if lead_department_id is not None:
        get_in_tenant(uow.session, Department, lead_department_id, uow.tenant_id, "部门")
    if not title.strip():
        Verdict.refused("meetings.missing_title", "议题名称不能为空。").raise_if_refused()
    roles = roles_of(scene, uow.actor.user_id, department_id=lead_department_id)
    if rules.check_chair(scene.profile, meeting_kind, roles).ok and scene.profile.meeting(meeting_kind).chair:
        # 「议题由主持召开会议的领导确定」 (大洼 39): before a meeting exists, whoever may chair one proposes.
        roles |= {"chair"}
    _raise(rules.check_proposer(scene.profile, meeting_kind, roles))
    topic = Topic(tenant_id=uow.tenant_id, meeting_kind=meeting_kind, title=title.strip(), summary_text=summary.strip(),
                  lead_department_id=lead_department_id, proposer_id=uow.actor.user_id, state="proposed",
                  needs_legality_review=needs_legality_review, coordination_note="", materials="",
                  late_consent_note="", steps_done=0, created_at=uow.now, profile_id=scene.profile.id)
    uow.session.add(topic)
    uow.session.flush()
    uow.record("meetings.propose_topic", object_type="topic", object_id=topic.id, subject=topic,
               cite=_topic_cite(scene, meeting_kind))
    return topic


def _topic_for_work(uow: TenantWork, topic_id: int, expected_version: int | None) -> Topic:
    topic = get_in_tenant(uow.session, Topic, topic_id, uow.tenant_id, "议题")
    _fresh(topic, expected_version, f"议题「{topic.title}」")
    return topic


def _is_proposer_or_office(scene: Scene, topic: Topic, user_id: int) -> bool:
    return user_id == topic.proposer_id or bool(roles_of(scene, user_id, department_id=topic.lead_department_id)
                                                & {"office", "lead_department"})


def _proposer_or_office(scene: Scene, topic: Topic, user_id: int) -> None:
    if not _is_proposer_or_office(scene, topic, user_id):
        raise PermissionDenied(Verdict.refused("forbidden", "只有议题的主办部门、提出人或政府办公室可办理此事。",
                                               who="议题的主办部门、提出人或政府办公室"))


def _may_answer_for(scene: Scene, user_id: int, department_id: int) -> bool:
    """A department's written answer: its head, or the office that received it."""
    return bool(roles_of(scene, user_id, department_id=department_id) & {"office", "lead_department"})


def topic_actions(session: Session, tenant: Tenant, topic: Topic, user_id: int, now: datetime) -> dict:
    """What a person may do on a topic now, by the checks its steps run (without their effects):
    a page offers only these. `step` is the pipeline step's verdict (its refusal says whose step it is)."""
    meeting = session.get(Meeting, topic.meeting_id) if topic.meeting_id else None
    return _actions(pinned(session, scene_for(session, tenant.id, now), topic), topic, user_id, meeting,
                    consultations(session, topic.id))


def topic_actions_of(session: Session, tenant: Tenant, topics, user_id: int, now: datetime) -> dict[int, dict]:
    """`topic_actions` for each topic of a page, with the org, the consultations and the meetings
    read once for all of them (the queue's statements stay flat however long it is)."""
    scene = scene_for(session, tenant.id, now)
    answers = consultations_of(session, [t.id for t in topics])
    meetings = {m.id: m for m in meetings_by_id(session, tenant, {t.meeting_id for t in topics if t.meeting_id})}
    return {t.id: _actions(pinned(session, scene, t), t, user_id, meetings.get(t.meeting_id) if t.meeting_id else None,
                           answers.get(t.id, [])) for t in topics}


def _actions(scene: Scene, topic: Topic, user_id: int, meeting: Meeting | None,
             answers: list[tuple[Consultation, str]]) -> dict:
    roles = roles_of(scene, user_id, department_id=topic.lead_department_id, meeting=meeting)
    facts = _topic_facts(topic, answers)
    _result, step = rules.advance(scene.profile, facts, "take_step", actor=roles)
    approver = rules.late_topic_approver(scene.profile, topic.meeting_kind)
    answer_for = {c.department_id for c, _name in answers if _may_answer_for(scene, user_id, c.department_id)}
    return {"step": step, "proposer_or_office": _is_proposer_or_office(scene, topic, user_id),
            "legality": "legal_office" in roles_of(scene, user_id), "answer_for": answer_for,
            "coordinate": rules.advance(scene.profile, facts, "coordinate", actor=roles, coordinated=True)[1].ok,
            "late_consent": approver is not None and approver in roles}


def consult_departments(uow: TenantWork, *, topic_id: int, department_ids: list[int],
                        expected_version: int | None = None) -> Topic:
    """书面征求相关部门意见: the answers are recorded one by one."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    topic = _topic_for_work(uow, topic_id, None)
    scene = pinned(uow.session, scene, topic)
    _proposer_or_office(scene, topic, uow.actor.user_id)
    _fresh(topic, expected_version, f"议题「{topic.title}」")  # told only to one who may act on it
    departments = [get_in_tenant(uow.session, Department, d, uow.tenant_id, "部门") for d in dict.fromkeys(department_ids)]
    if not departments:
        Verdict.refused("meetings.no_departments", "请选择要征求意见的部门。").raise_if_refused()
    _advance(uow, scene, topic, "consult", departments=[d.name for d in departments])
    for d in departments:
        uow.session.add(Consultation(tenant_id=uow.tenant_id, topic_id=topic.id, department_id=d.id, note=""))
    uow.session.flush()
    uow.record("meetings.consult", object_type="topic", object_id=topic.id, subject=topic,
               detail={"departments": [d.name for d in departments]})
    return topic


def answer_consultation(uow: TenantWork, *, topic_id: int, department_id: int, agrees: bool, note: str = "",
                        expected_version: int | None = None) -> Topic:
    """A department's written answer, entered by its head or by the office that received it."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    topic = _topic_for_work(uow, topic_id, None)
    scene = pinned(uow.session, scene, topic)
    row = uow.session.execute(select(Consultation).where(Consultation.topic_id == topic.id,
                                                         Consultation.department_id == department_id)).scalar_one_or_none()
    department = get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")
    if not _may_answer_for(scene, uow.actor.user_id, department_id):
        raise PermissionDenied(Verdict.refused("forbidden", f"{department.name}的意见应由该部门负责人回复，或由政府办公室登记。"))
    _fresh(topic, expected_version, f"议题「{topic.title}」")
    if row is None:
        Verdict.refused("meetings.not_consulted", f"未向{department.name}征求意见。").raise_if_refused()
    if not agrees and not note.strip():
        Verdict.refused("meetings.reasons_required", "有不同意见的，须写明理由。").raise_if_refused()
    _advance(uow, scene, topic, "answer", consultation=rules.Consultation(department.name, agrees, note))
    row.agrees, row.note = agrees, note.strip()
    row.answered_by_id, row.answered_at = uow.actor.user_id, uow.now
    uow.session.flush()
    uow.record("meetings.answer_consultation", object_type="topic", object_id=topic.id,
               after={"department": department.name, "agrees": agrees, "note": row.note})
    return topic


def escalate_disagreement(uow: TenantWork, *, topic_id: int, note: str = "", expected_version: int | None = None) -> Topic:
    """报请协调: the lead department attaches its coordination note, listing each side's reasons."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    topic = _topic_for_work(uow, topic_id, None)
    scene = pinned(uow.session, scene, topic)
    _proposer_or_office(scene, topic, uow.actor.user_id)
    _fresh(topic, expected_version, f"议题「{topic.title}」")  # told only to one who may act on it
    _advance(uow, scene, topic, "escalate")
    topic.coordination_note = note.strip()
    uow.session.flush()
    _, leaf = rules.disagreement_coordinator(scene.profile, topic.meeting_kind)
    uow.record("meetings.escalate", object_type="topic", object_id=topic.id, subject=topic,
               cite=rule_of(scene.profile, leaf).cite if leaf else None)
    return topic


def coordinate(uow: TenantWork, *, topic_id: int, resolved: bool, note: str = "",
               expected_version: int | None = None) -> Topic:
    """The coordinator's outcome (海南区 50: the 分管副区长)."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    _require_topic_reach(uow, scene, topic_id)
    topic = _topic_for_work(uow, topic_id, expected_version)
    scene = pinned(uow.session, scene, topic)
    _advance(uow, scene, topic, "coordinate", actor=roles_of(scene, uow.actor.user_id, department_id=topic.lead_department_id),
             coordinated=resolved)
    topic.coordinated = resolved
    topic.coordinated_by_id = uow.actor.user_id
    if note.strip():
        topic.coordination_note = note.strip()
    uow.session.flush()
    _, leaf = rules.disagreement_coordinator(scene.profile, topic.meeting_kind)
    uow.record("meetings.coordinate", object_type="topic", object_id=topic.id, subject=topic,
               cite=rule_of(scene.profile, leaf).cite if leaf else None)
    return topic


def record_legality_review(uow: TenantWork, *, topic_id: int, expected_version: int | None = None) -> Topic:
    """合法性审查 done, recorded by the legal office."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    topic = _topic_for_work(uow, topic_id, None)
    scene = pinned(uow.session, scene, topic)
    if "legal_office" not in roles_of(scene, uow.actor.user_id):
        raise PermissionDenied(Verdict.refused("forbidden", "合法性审查应由法制机构（司法局）出具。", who="法制机构（司法局）"))
    _fresh(topic, expected_version, f"议题「{topic.title}」")  # told only to one who may act on it
    topic.legality_reviewed_by_id = uow.actor.user_id
    uow.session.flush()
    leaf = rules.legality_review_leaf(scene.profile, topic.meeting_kind)
    uow.record("meetings.legality_review", object_type="topic", object_id=topic.id, subject=topic, cite=rule_of(scene.profile, leaf).cite if leaf else None)
    return topic


def consent_late_topic(uow: TenantWork, *, topic_id: int, meeting_id: int, note: str,
                       expected_version: int | None = None) -> Topic:
    """The named exception's approver admits a late topic; the consent is recorded with its article."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    _require_topic_reach(uow, scene, topic_id)
    topic = _topic_for_work(uow, topic_id, expected_version)
    scene = pinned(uow.session, scene, topic)
    meeting, _ = _meeting_day(uow.session, topic, meeting_id)
    exception = rules.late_topic_exception(scene.profile, topic.meeting_kind)
    if exception is None:
        Verdict.refused("meetings.no_late_exception", "本单位的工作规则没有临时受理议题的例外。").raise_if_refused()
    approver = rules.late_topic_approver(scene.profile, topic.meeting_kind)
    cite = rule_of(scene.profile, exception).cite
    if approver not in roles_of(scene, uow.actor.user_id, meeting=meeting):
        name = org_rules.title(scene.profile, approver) if approver != "chair" else "会议主持人"
        raise PermissionDenied(Verdict.refused("forbidden", f"{exception.label}，须经{name}同意（{rule_of(scene.profile, exception).basis}）", cite))
    if not note.strip():
        Verdict.refused("meetings.reasons_required", "同意临时受理须写明特殊情况。").raise_if_refused()
    topic.late_consent_by_id = uow.actor.user_id
    topic.late_consent_note = note.strip()
    uow.session.flush()
    uow.record("meetings.consent_late_topic", object_type="topic", object_id=topic.id, subject=topic, cite=cite, detail={"exception": exception.name, "label": exception.label})
    return topic


def submit_materials(uow: TenantWork, *, topic_id: int, meeting_id: int, materials: str,
                     expected_version: int | None = None) -> Topic:
    """报送议题材料 to the office for a meeting: consultation complete, disagreement resolved where
    required, legality review first, and on time (or with the recorded late consent)."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    topic = _topic_for_work(uow, topic_id, None)
    scene = pinned(uow.session, scene, topic)
    _proposer_or_office(scene, topic, uow.actor.user_id)
    _fresh(topic, expected_version, f"议题「{topic.title}」")  # told only to one who may act on it
    meeting, day = _meeting_day(uow.session, topic, meeting_id)
    topic.materials_on = scene.today
    _advance(uow, scene, topic, "submit", meeting_day=day, calendar=default_calendar())
    topic.materials = materials.strip()
    topic.meeting_id = meeting.id
    uow.session.flush()
    block = scene.profile.meeting(topic.meeting_kind)
    leaf = block.materials_lead_workdays or block.materials_before_meeting
    uow.record("meetings.submit_materials", object_type="topic", object_id=topic.id, subject=topic, cite=rule_of(scene.profile, leaf).cite if leaf else None)
    notify.topic_waiting(uow, scene, topic)
    notify.documents_waiting(uow, scene, topic, meeting)  # 会议文件审定 (meetings.finalizing)
    return topic


def take_step(uow: TenantWork, *, topic_id: int, note: str = "", expected_version: int | None = None) -> Topic:
    """The next step of the profile's pipeline (office review, 审核, 核批, 确定 …), by its post."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    _require_topic_reach(uow, scene, topic_id)
    topic = _topic_for_work(uow, topic_id, expected_version)
    scene = pinned(uow.session, scene, topic)
    meeting = get_in_tenant(uow.session, Meeting, topic.meeting_id, uow.tenant_id, "会议") if topic.meeting_id else None
    roles = roles_of(scene, uow.actor.user_id, department_id=topic.lead_department_id, meeting=meeting)
    steps = rules.pipeline_steps(scene.profile, topic.meeting_kind)
    result = _advance(uow, scene, topic, "take_step", actor=roles)
    step = steps[topic.steps_done]
    block = scene.profile.meeting(topic.meeting_kind)
    cite = rule_of(scene.profile, block.topic_pipeline).cite
    uow.session.add(TopicStep(tenant_id=uow.tenant_id, topic_id=topic.id, position=topic.steps_done, action=step.action,
                              by=step.by, user_id=uow.actor.user_id, note=note.strip(), cite=cite, at=uow.now))
    topic.steps_done = result.steps_done
    uow.session.flush()
    uow.record("meetings.topic_step", object_type="topic", object_id=topic.id, subject=topic,
               cite=cite, detail={"action": step.action, "by": step.by})
    notify.topic_waiting(uow, scene, topic)
    return topic


def put_on_agenda(uow: TenantWork, *, topic_id: int, expected_version: int | None = None) -> Topic:
    """The office puts an approved topic on its meeting's agenda (checks run again: nothing may
    have slipped between approval and the agenda)."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    topic = _topic_for_work(uow, topic_id, expected_version)
    scene = pinned(uow.session, scene, topic)
    meeting, day = _meeting_day(uow.session, topic, topic.meeting_id)
    _advance(uow, scene, topic, "schedule", meeting_day=day, calendar=default_calendar())
    last = uow.session.execute(select(func.max(Topic.agenda_order)).where(Topic.meeting_id == meeting.id)).scalar()
    topic.agenda_order = (last or 0) + 1
    uow.session.flush()
    uow.record("meetings.put_on_agenda", object_type="topic", object_id=topic.id, subject=topic, cite=_topic_cite(scene, topic.meeting_kind))
    return topic


def withdraw_topic(uow: TenantWork, *, topic_id: int, expected_version: int | None = None) -> Topic:
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    topic = _topic_for_work(uow, topic_id, None)
    scene = pinned(uow.session, scene, topic)
    _proposer_or_office(scene, topic, uow.actor.user_id)
    _fresh(topic, expected_version, f"议题「{topic.title}」")  # told only to one who may act on it
    _advance(uow, scene, topic, "withdraw")
    uow.session.flush()
    uow.record("meetings.withdraw_topic", object_type="topic", object_id=topic.id, subject=topic)
    return topic


# --- minutes --------------------------------------------------------------------------------


def _case(session: Session, scene: Scene, meeting: Meeting, minutes: Minutes) -> rules.MinutesCase:
    signatures = _signatures(session, minutes.id)
    return rules.MinutesCase(
        kind=meeting.kind, delegated=meeting.delegated_by_id is not None, matters=frozenset(meeting.matters),
        invoked=frozenset(meeting.invoked), countersigners_due=frozenset(str(u) for u in minutes.countersigners_due),
        countersigned=frozenset(str(s.user_id) for s in signatures if s.kind == "countersign"),
        reviewed=any(s.kind == "review" for s in signatures))


def _signatures(session: Session, minutes_id: int) -> list[MinutesSignature]:
    return list(session.execute(select(MinutesSignature).where(MinutesSignature.minutes_id == minutes_id)
                                .order_by(MinutesSignature.id)).scalars())


def draft_minutes(uow: TenantWork, *, meeting_id: int, body: str, number: str = "") -> Minutes:
    """纪要 drafted by the post the profile names (the office); who must countersign is fixed now,
    from those who attended (大洼 38: the attending deputies)."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    meeting = get_in_tenant(uow.session, Meeting, meeting_id, uow.tenant_id, "会议")
    _raise(rules.check_drafter(scene.profile, meeting.kind, roles_of(scene, uow.actor.user_id, meeting=meeting)))
    if meeting.state != "held":
        Verdict.refused("meetings.not_held", "会议尚未召开（未登记出席情况），不能起草纪要。").raise_if_refused()
    if scene.profile.meeting(meeting.kind).minutes_signer is None:
        Verdict.refused("meetings.no_minutes", "本单位工作规则未规定此类会议形成纪要。").raise_if_refused()
    if uow.session.execute(select(Minutes.id).where(Minutes.meeting_id == meeting.id)).first():
        Verdict.refused("meetings.minutes_exist", "本次会议已有纪要。").raise_if_refused()
    _raise(rules.check_minutes_text(body))
    code, leaf = rules.countersign_required(scene.profile, meeting.kind)
    due: list[int] = []
    if code == "attending_deputies":
        for row in _attendance(uow.session, meeting.id):
            if row.status == "present" and roles_of(scene, row.user_id) & set(org_rules.DEPUTY_KINDS):
                due.append(row.user_id)
    minutes = Minutes(tenant_id=uow.tenant_id, meeting_id=meeting.id, state="draft", number=number.strip(),
                      body=body.strip(), drafted_by_id=uow.actor.user_id, countersigners_due=due, created_at=uow.now)
    uow.session.add(minutes)
    uow.session.flush()
    block = scene.profile.meeting(meeting.kind)
    uow.record("meetings.draft_minutes", object_type="minutes", object_id=minutes.id, subject=minutes,
               cite=rule_of(scene.profile, block.minutes_drafter or leaf).cite if (block.minutes_drafter or leaf) else None)
    notify.minutes_waiting(uow, scene, meeting, minutes, set(), _case(uow.session, scene, meeting, minutes))
    return minutes


def edit_minutes(uow: TenantWork, *, minutes_id: int, body: str, number: str | None = None,
                 expected_version: int | None = None) -> Minutes:
    """The office edits its drafted 纪要 text until it is signed; the text is what prints (GB/T
    9704 10.3), never replaced by the resolutions."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    minutes, meeting = _minutes_for_work(uow, minutes_id, expected_version)
    _raise(rules.check_drafter(scene.profile, meeting.kind, roles_of(scene, uow.actor.user_id, meeting=meeting)))
    _raise(rules.check_minutes_text(body))
    minutes.body = body.strip()
    if number is not None:
        minutes.number = number.strip()
    uow.session.flush()
    uow.record("meetings.edit_minutes", object_type="minutes", object_id=minutes.id, subject=minutes)
    return minutes


def _minutes_for_work(uow: TenantWork, minutes_id: int, expected_version: int | None) -> tuple[Minutes, Meeting]:
    minutes = get_in_tenant(uow.session, Minutes, minutes_id, uow.tenant_id, "纪要")
    _fresh(minutes, expected_version, "纪要")
    if minutes.state == "signed":
        Verdict.refused("meetings.minutes_signed", "纪要已签发，不能再修改。").raise_if_refused()
    return minutes, get_in_tenant(uow.session, Meeting, minutes.meeting_id, uow.tenant_id, "会议")


def _may_countersign(session: Session, scene: Scene, minutes: Minutes, user_id: int, cite: str | None) -> Verdict:
    if user_id not in minutes.countersigners_due:
        return Verdict.refused("forbidden", "您不在本纪要的会签人之列。", cite)
    if any(s.kind == "countersign" and s.user_id == user_id for s in _signatures(session, minutes.id)):
        return Verdict.refused("meetings.already_signed", "您已会签。")
    return Verdict.passed()


def _may_review(scene: Scene, meeting: Meeting, user_id: int) -> Verdict:
    leaf = scene.profile.meeting(meeting.kind).minutes_reviewer
    if leaf is None:
        return Verdict.refused("meetings.no_review", "本类会议纪要无须审核。")
    if leaf.value not in roles_of(scene, user_id, meeting=meeting):
        who = org_rules.title(scene.profile, leaf.value)
        return Verdict.refused("forbidden", f"纪要应由{who}审核（{rule_of(scene.profile, leaf).basis}）",
                               rule_of(scene.profile, leaf).cite, who=who)
    return Verdict.passed()


def _may_sign(session: Session, scene: Scene, meeting: Meeting, minutes: Minutes, user_id: int, today: date) -> Verdict:
    case = _case(session, scene, meeting, minutes)
    signed = frozenset(s.as_code for s in _signatures(session, minutes.id) if s.kind == "sign_off")
    return (rules.check_on_or_after_meeting_day(meeting.day, today, "签发纪要")
            & rules.check_minutes_text(minutes.body)
            & rules.check_sign_off(scene.profile, case, roles_of(scene, user_id, meeting=meeting), signed))


def minutes_steps(session: Session, tenant: Tenant, minutes: Minutes, user_id: int, now: datetime) -> dict[str, Verdict]:
    """What a person may do next on unsigned minutes — 会签, 审核, 签发 — each by the same check
    the step itself runs (without its effects), so a page offers only the steps that would pass."""
    scene = scene_for(session, tenant.id, now)
    meeting = get_meeting(session, tenant, minutes.meeting_id)
    _code, leaf = rules.countersign_required(scene.profile, meeting.kind)
    return {"countersign": _may_countersign(session, scene, minutes, user_id,
                                            rule_of(scene.profile, leaf).cite if leaf else None),
            "review": _may_review(scene, meeting, user_id),
            "sign": _may_sign(session, scene, meeting, minutes, user_id, china_date(now))}


def countersign_minutes(uow: TenantWork, *, minutes_id: int, expected_version: int | None = None) -> Minutes:
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    minutes, meeting = _minutes_for_work(uow, minutes_id, expected_version)
    code, leaf = rules.countersign_required(scene.profile, meeting.kind)
    cite = rule_of(scene.profile, leaf).cite if leaf else None
    _raise(_may_countersign(uow.session, scene, minutes, uow.actor.user_id, cite))
    signed = {s.user_id for s in _signatures(uow.session, minutes.id) if s.kind == "countersign"}
    uow.session.add(MinutesSignature(tenant_id=uow.tenant_id, minutes_id=minutes.id, kind="countersign",
                                     user_id=uow.actor.user_id, cite=cite, at=uow.now))
    uow.session.flush()
    uow.record("meetings.countersign_minutes", object_type="minutes", object_id=minutes.id, subject=minutes, cite=cite)
    notify.minutes_waiting(uow, scene, meeting, minutes, signed | {uow.actor.user_id},
                           _case(uow.session, scene, meeting, minutes))
    return minutes


def review_minutes(uow: TenantWork, *, minutes_id: int, expected_version: int | None = None) -> Minutes:
    """审核 by the reviewer the profile names (大连 40: the 秘书长 who chaired)."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    minutes, meeting = _minutes_for_work(uow, minutes_id, expected_version)
    leaf = scene.profile.meeting(meeting.kind).minutes_reviewer
    _raise(_may_review(scene, meeting, uow.actor.user_id))
    cite = rule_of(scene.profile, leaf).cite
    uow.session.add(MinutesSignature(tenant_id=uow.tenant_id, minutes_id=minutes.id, kind="review",
                                     user_id=uow.actor.user_id, cite=cite, at=uow.now))
    uow.session.flush()
    uow.record("meetings.review_minutes", object_type="minutes", object_id=minutes.id, subject=minutes, cite=cite)
    return minutes


def add_resolution(uow: TenantWork, *, minutes_id: int, text: str, department_id: int, deadline: date,
                   topic_id: int | None = None, classified: bool = False, document_title: str = "",
                   issue_exception: str | None = None) -> Resolution:
    """议定事项 written into the draft minutes, each with a responsible department and deadline;
    a document the meeting approved gets the profile's issue deadline, and the disclosure flag."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    minutes, meeting = _minutes_for_work(uow, minutes_id, None)
    get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")
    if not text.strip():
        Verdict.refused("meetings.missing_text", "议定事项不能为空。").raise_if_refused()
    day = meeting.day
    flag = rules.disclosure_flag(scene.profile, meeting.kind, classified or meeting.classified)
    deadline_rule = rules.IssueDeadline(None, None, None, "")
    if document_title.strip():
        deadline_rule = rules.issue_deadline(scene.profile, meeting.kind, day, default_calendar(), issue_exception)
    resolution = Resolution(
        tenant_id=uow.tenant_id, meeting_id=meeting.id, topic_id=topic_id, text=text.strip(),
        department_id=department_id, deadline=deadline, classified=classified or meeting.classified,
        disclose=flag.disclose, disclosure_cite=flag.cite, document_title=document_title.strip(),
        issue_exception=issue_exception, to_office_by=deadline_rule.to_office_by, issue_by=deadline_rule.issue_by,
        issue_cite=deadline_rule.cite, created_at=uow.now)
    uow.session.add(resolution)
    uow.session.flush()
    if resolution.issue_by is not None:
        deadlines.schedule(uow, ISSUE_DEADLINE, resolution.id, due=resolution.issue_by, cite=resolution.issue_cite,
                           title=f"印发会议通过的《{resolution.document_title}》", trail_type="resolution",
                           trail_id=resolution.id, start_on=day, unit="workdays",
                           count=default_calendar().workdays_between(day, resolution.issue_by))
    uow.record("meetings.add_resolution", object_type="resolution", object_id=resolution.id,
               subject=resolution, cite=deadline_rule.cite or flag.cite)
    return resolution


def sign_minutes(uow: TenantWork, *, minutes_id: int, expected_version: int | None = None) -> Minutes:
    """签发: countersigns and review first, then the signer the profile names (with its matter-based
    and delegation exceptions). When the last required signer signs, the minutes are signed and
    each resolution becomes a supervision task."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    minutes, meeting = _minutes_for_work(uow, minutes_id, expected_version)
    _raise(_may_sign(uow.session, scene, meeting, minutes, uow.actor.user_id, uow.today))
    case = _case(uow.session, scene, meeting, minutes)
    signed = frozenset(s.as_code for s in _signatures(uow.session, minutes.id) if s.kind == "sign_off")
    roles = roles_of(scene, uow.actor.user_id, meeting=meeting)
    code = rules.signer_code(scene.profile, case, roles, signed)
    rule = next(r for c, r in rules.minutes_signers(scene.profile, case) if c == code)
    cite = rule_of(scene.profile, rule).cite
    uow.session.add(MinutesSignature(tenant_id=uow.tenant_id, minutes_id=minutes.id, kind="sign_off", as_code=code,
                                     user_id=uow.actor.user_id, cite=cite, at=uow.now))
    if rules.minutes_fully_signed(scene.profile, case, signed | {code}):
        minutes.state = "signed"
        minutes.signed_at = uow.now
        _publish_signed(uow, scene, meeting)
    uow.session.flush()
    uow.record("meetings.sign_minutes", object_type="minutes", object_id=minutes.id, subject=minutes, cite=cite, detail={"as": code})
    return minutes


def _publish_signed(uow: TenantWork, scene: Scene, meeting: Meeting) -> None:
    """The resolutions are decided: supervision puts each on its ledger (the task's id comes back
    through `supervision.events.TaskOpened`), and disclosure queues those the profile has
    disclosed, where the disclosure office checks confidentiality and publishes them."""
    tracked = scene.profile.supervision.resolutions_tracked if scene.profile.supervision else None
    uow.publish(MinutesSigned(
        tenant_id=uow.tenant_id, meeting_id=meeting.id, meeting_title=meeting.title, meeting_kind=meeting.kind,
        day=meeting.day, tracked_cite=rule_of(scene.profile, tracked).cite if tracked else None,
        resolutions=tuple(SignedResolution(resolution_id=r.id, text=r.text, department_id=r.department_id,
                                           deadline=r.deadline, disclose=r.disclose)
                          for r in resolutions_of(uow.session, meeting.id))))


def record_issue(uow: TenantWork, *, resolution_id: int, issued_on: date, expected_version: int | None = None) -> Resolution:
    """印发 of a document the meeting approved; a late issue is recorded and flagged, with its article."""
    permissions.require(uow, "meetings.organise")
    resolution = get_in_tenant(uow.session, Resolution, resolution_id, uow.tenant_id, "议定事项")
    _fresh(resolution, expected_version, "议定事项")
    if not resolution.document_title:
        Verdict.refused("meetings.no_document", "该议定事项没有需印发的文件。").raise_if_refused()
    resolution.issued_on = issued_on
    uow.session.flush()
    deadlines.close(uow, ISSUE_DEADLINE, resolution.id, outcome="issued")
    late = rules.check_issue(issue_deadline_of(resolution), issued_on)
    uow.record("meetings.record_issue", object_type="resolution", object_id=resolution.id, subject=resolution, cite=resolution.issue_cite,
               detail={"late": not late.ok, "reasons": [r.as_dict() for r in late.reasons]})
    return resolution


def record_to_office(uow: TenantWork, *, resolution_id: int, reached_on: date,
                     expected_version: int | None = None) -> Resolution:
    """The document a meeting approved reached the office from its drafting department (西市 22:
    within 3 working days); a late arrival is recorded and flagged with its article."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    resolution = get_in_tenant(uow.session, Resolution, resolution_id, uow.tenant_id, "议定事项")
    _fresh(resolution, expected_version, "议定事项")
    if not resolution.document_title:
        Verdict.refused("meetings.no_document", "该议定事项没有需印发的文件。").raise_if_refused()
    if reached_on > scene.today:
        Verdict.refused("meetings.date_in_future", "报送日期不能晚于今天。").raise_if_refused()
    meeting = get_in_tenant(uow.session, Meeting, resolution.meeting_id, uow.tenant_id, "会议")
    resolution.to_office_on = reached_on
    uow.session.flush()
    late = rules.check_to_office(scene.profile, meeting.kind, resolution.to_office_by, reached_on, scene.today)
    leaf = scene.profile.meeting(meeting.kind).to_office_within_workdays
    uow.record("meetings.record_to_office", object_type="resolution", object_id=resolution.id, subject=resolution, cite=rule_of(scene.profile, leaf).cite if leaf else None,
               detail={"late": not late.ok, "reasons": [r.as_dict() for r in late.reasons]})
    return resolution


def issue_deadline_of(resolution: Resolution) -> rules.IssueDeadline:
    return rules.IssueDeadline(resolution.to_office_by, resolution.issue_by, resolution.issue_cite,
                               "" if resolution.issue_cite is None else basis(resolution.issue_cite))


def issue_overdue(resolution: Resolution, today: date) -> bool:
    """Flag: a document not issued by its deadline, or issued after it."""
    if resolution.issue_by is None:
        return False
    done = resolution.issued_on
    return (done or today) > resolution.issue_by


# --- conferences ----------------------------------------------------------------------------


def request_conference(uow: TenantWork, *, department_id: int, title: str, held_on: date, duration_minutes: int,
                       speech_minutes: int = 0, national: bool = False, in_government_name: bool = True,
                       planned_on: date | None = None, exceptions: list[str] | None = None,
                       kind: str = "conference", meeting_kind: str | None = None) -> ConferenceRequest:
    """会议审批 request, checked against the profile's limits when it is filed: a 全区（市）性会议, or
    a request to convene a 首长办公会议/业务会议 (kind `meeting_request`, 大连 43)."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")
    roles = roles_of(scene, uow.actor.user_id, department_id=department_id)
    if not roles & {"lead_department", "office"}:
        raise PermissionDenied(Verdict.refused("forbidden", "会议审批应由主办部门负责人报送。"))
    if kind not in rules.KINDS:
        Verdict.refused("meetings.unknown_request_kind", "报请事项应为召开全区性会议或请示召开会议。").raise_if_refused()
    if kind == "meeting_request" and (meeting_kind not in ("head_office", "topical")
                                      or meeting_kind not in rules.meeting_types(scene.profile)):
        Verdict.refused("meetings.unknown_kind", "请示召开的会议应为本单位规则中的首长办公会议或业务（专题）会议。").raise_if_refused()
    if not rules.conference_chain(scene.profile, kind, national):
        Verdict.refused("meetings.no_request_chain", "本单位的工作规则对此类请示未规定审批程序。").raise_if_refused()
    year = held_on.year
    count = uow.session.execute(select(func.count(ConferenceRequest.id)).where(
        ConferenceRequest.tenant_id == uow.tenant_id, ConferenceRequest.department_id == department_id,
        ConferenceRequest.kind == "conference",
        ConferenceRequest.state == "approved", ConferenceRequest.in_government_name.is_(True),
        ConferenceRequest.held_on >= date(year, 1, 1), ConferenceRequest.held_on <= date(year, 12, 31))).scalar()
    request = rules.ConferenceRequest(scene.today, held_on, duration_minutes, speech_minutes, national,
                                      in_government_name, count, planned_on, frozenset(exceptions or []), kind)
    rules.check_conference(scene.profile, request, default_calendar()).raise_if_refused()
    row = ConferenceRequest(tenant_id=uow.tenant_id, department_id=department_id, title=title.strip(),
                            requested_by_id=uow.actor.user_id, requested_on=scene.today, held_on=held_on,
                            duration_minutes=duration_minutes, speech_minutes=speech_minutes, national=national,
                            in_government_name=in_government_name, planned_on=planned_on,
                            exceptions=sorted(exceptions or []), state="requested", steps_done=0, kind=kind,
                            meeting_kind=meeting_kind if kind == "meeting_request" else None,
                            exception_consents=[], created_at=uow.now, profile_id=scene.profile.id)
    uow.session.add(row)
    uow.session.flush()
    _advance_conference(scene, row, roles)
    uow.session.flush()
    uow.record("meetings.request_conference", object_type="conference", object_id=row.id, subject=row,
               cite=_conference_cite(scene, row))
    return row


def _chain_leaf(scene: Scene, row: ConferenceRequest):
    return rules.conference_chain_leaf(scene.profile, row.kind, row.national)


def _chain(scene: Scene, row: ConferenceRequest) -> list[rules.PipelineStep]:
    return rules.conference_chain(scene.profile, row.kind, row.national)


def _conference_cite(scene: Scene, row: ConferenceRequest) -> str | None:
    leaf = _chain_leaf(scene, row)
    return rule_of(scene.profile, leaf).cite if leaf else None


def _rule_request(row: ConferenceRequest) -> rules.ConferenceRequest:
    return rules.ConferenceRequest(row.requested_on, row.held_on, row.duration_minutes, row.speech_minutes, row.national,
                                   row.in_government_name, 0, row.planned_on, frozenset(row.exceptions), row.kind)


def _consented(row: ConferenceRequest) -> frozenset[str]:
    return frozenset(c["name"] for c in row.exception_consents)


def _advance_conference(scene: Scene, row: ConferenceRequest, roles: frozenset[str]) -> None:
    """Steps of the chain the requester itself takes (the proposal) are done on filing."""
    chain = _chain(scene, row)
    while row.steps_done < len(chain) and chain[row.steps_done].action == "propose" and chain[row.steps_done].by in roles:
        row.steps_done += 1
    if row.steps_done >= len(chain):
        _conclude(scene, row)


def _conclude(scene: Scene, row: ConferenceRequest) -> None:
    """The chain is through: approved, once every exception invoked has its approver's consent."""
    rules.check_exceptions_consented(scene.profile, _rule_request(row), _consented(row)).raise_if_refused()
    row.state = "approved"


def _deciding_resolution(uow: TenantWork, scene: Scene, step: rules.PipelineStep, resolution_id: int | None,
                         leaf) -> Resolution:
    """A step 「报…常务会议审批」 is taken by the meeting: the office puts the matter on that meeting and
    records its resolution here; the minutes carrying it must be signed."""
    name = labels.word(step.by, labels.titles(scene.profile))
    where = f"（{rule_of(scene.profile, leaf).basis}）"
    cite = rule_of(scene.profile, leaf).cite
    if resolution_id is None:
        Verdict.refused("meetings.resolution_required",
                        f"此环节由{name}审批：请将该事项列入{name}议程，纪要签发后登记其议定事项{where}", cite).raise_if_refused()
    resolution = get_in_tenant(uow.session, Resolution, resolution_id, uow.tenant_id, "议定事项")
    meeting = get_in_tenant(uow.session, Meeting, resolution.meeting_id, uow.tenant_id, "会议")
    minutes = minutes_of(uow.session, meeting.id)
    if meeting.kind != step.by or minutes is None or minutes.state != "signed":
        Verdict.refused("meetings.resolution_not_of_meeting",
                        f"所登记的议定事项须出自已签发纪要的{name}{where}", cite).raise_if_refused()
    return resolution


def _takes_conference_step(scene: Scene, step, roles: frozenset[str]) -> bool:
    """A meeting's step is recorded by the office; any other by the post it names (or its alternative)."""
    if step.by in rules.meeting_types(scene.profile):
        return "office" in roles
    return bool(set(step.takers) & roles)


def conference_steps_i_may_take(session: Session, tenant: Tenant, rows: Iterable[ConferenceRequest], user_id: int,
                                now: datetime) -> set[int]:
    """The requests whose next approval step this person may take (the check `approve_conference` runs)."""
    base = scene_for(session, tenant.id, now)
    mine = set()
    for row in rows:
        if row.state != "requested":
            continue
        scene = pinned(session, base, row)
        chain = _chain(scene, row)
        if row.steps_done < len(chain) and _takes_conference_step(
                scene, chain[row.steps_done], roles_of(scene, user_id, department_id=row.department_id)):
            mine.add(row.id)
    return mine


def approve_conference(uow: TenantWork, *, request_id: int, expected_version: int | None = None,
                       resolution_id: int | None = None, needed: bool = False) -> ConferenceRequest:
    """The next step of the profile's approval chain, by the post it names (or its alternative).
    A step a meeting takes (大连 43 「报市政府常务会议审批」) is recorded by the office with the
    meeting's resolution. A following step taken only 「必要时」 (大洼 42) is skipped unless this
    approver finds it `needed`. An approver named by an invoked exception consents by approving."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    row = get_in_tenant(uow.session, ConferenceRequest, request_id, uow.tenant_id, "会议审批")
    _fresh(row, expected_version, "会议审批")
    scene = pinned(uow.session, scene, row)
    chain = _chain(scene, row)
    if row.state != "requested":
        Verdict.refused("meetings.conference_done", "该会议审批已办结。").raise_if_refused()
    step = chain[row.steps_done]
    roles = roles_of(scene, uow.actor.user_id, department_id=row.department_id)
    cite = _conference_cite(scene, row)
    leaf = _chain_leaf(scene, row)
    resolution = None
    if step.by in rules.meeting_types(scene.profile):
        if not _takes_conference_step(scene, step, roles):
            raise PermissionDenied(Verdict.refused(
                "meetings.wrong_step_actor",
                f"此环节由{labels.word(step.by, labels.titles(scene.profile))}审批，由政府办公室登记会议议定事项"
                f"（{rule_of(scene.profile, leaf).basis}）", cite))
        resolution = _deciding_resolution(uow, scene, step, resolution_id, leaf)
    elif not _takes_conference_step(scene, step, roles):
        who = "或".join(org_rules.title(scene.profile, b) for b in step.takers)
        raise PermissionDenied(Verdict.refused(
            "meetings.wrong_step_actor",
            f"该会议审批当前应由{who}{labels.word(step.action)}（{rule_of(scene.profile, leaf).basis}）", cite))
    pending = rules.exceptions_awaiting_consent(scene.profile, _rule_request(row), _consented(row))
    consents = [{"name": e.name, "user_id": uow.actor.user_id} for e in pending if e.approver in roles]
    if consents:
        row.exception_consents = [*row.exception_consents, *consents]
    if resolution is not None:
        row.resolution_id = resolution.id
    row.steps_done += 1
    skipped = None
    if row.steps_done < len(chain) and chain[row.steps_done].when_needed and not needed:
        skipped = chain[row.steps_done]
        row.steps_done += 1
    _advance_conference(scene, row, roles)
    uow.session.flush()
    uow.record("meetings.approve_conference", object_type="conference", object_id=row.id, subject=row, cite=cite,
               detail={"action": step.action, "by": step.by, "resolution_id": row.resolution_id,
                       "consented": [c["name"] for c in consents],
                       "skipped": f"{skipped.by}（{skipped.note}）：未报" if skipped else None})
    return row


# --- queries --------------------------------------------------------------------------------


def meetings_between(session: Session, tenant: Tenant, since: datetime, until: datetime, *, after: int | None = None,
                     limit: int | None = None) -> Page[Meeting]:
    """A page of the meetings starting in [since, until) (keyset on the id), shown by start time."""
    page = keyset(session, select(Meeting).where(Meeting.tenant_id == tenant.id, Meeting.starts_at >= since,
                                                 Meeting.starts_at < until), Meeting.id, after=after, limit=limit,
                  descending=False)
    return Page(sorted(page.rows, key=lambda m: (m.starts_at, m.id)), page.next_after, page.total, page.capped)


def meetings_of_user(session: Session, tenant: Tenant, user_id: int) -> list[Meeting]:
    return list(session.execute(select(Meeting).join(Attendance, Attendance.meeting_id == Meeting.id)
                                .where(Meeting.tenant_id == tenant.id, Attendance.user_id == user_id,
                                       Meeting.state != "cancelled").order_by(Meeting.starts_at)).scalars())


def meetings_by_id(session: Session, tenant: Tenant, meeting_ids) -> list[Meeting]:
    """The tenant's meetings of these ids, read at once."""
    ids = list(meeting_ids)
    if not ids:
        return []
    return list(session.execute(select(Meeting).where(Meeting.tenant_id == tenant.id, Meeting.id.in_(ids))).scalars())


def get_meeting(session: Session, tenant: Tenant, meeting_id: int) -> Meeting:
    return get_in_tenant(session, Meeting, meeting_id, tenant.id, "会议")


def get_topic(session: Session, tenant: Tenant, topic_id: int) -> Topic:
    return get_in_tenant(session, Topic, topic_id, tenant.id, "议题")


def get_minutes(session: Session, tenant: Tenant, minutes_id: int) -> Minutes:
    return get_in_tenant(session, Minutes, minutes_id, tenant.id, "纪要")


def minutes_of(session: Session, meeting_id: int) -> Minutes | None:
    return session.execute(select(Minutes).where(Minutes.meeting_id == meeting_id)).scalar_one_or_none()


def agenda(session: Session, meeting_id: int) -> list[Topic]:
    return list(session.execute(select(Topic).where(Topic.meeting_id == meeting_id)
                                .order_by(Topic.agenda_order.is_(None), Topic.agenda_order, Topic.id)).scalars())


def topics(session: Session, tenant: Tenant, *, open_only: bool = True, meeting_id: int | None = None,
           after: int | None = None, limit: int | None = None) -> Page[Topic]:
    """A page of the topic queue, in the order proposed (keyset on the id): the open topics, or all;
    or those placed on one meeting."""
    query = select(Topic).where(Topic.tenant_id == tenant.id)
    if open_only:
        query = query.where(Topic.state.in_(("proposed", "consulting", "coordinating", "submitted", "approved")))
    if meeting_id is not None:
        query = query.where(Topic.meeting_id == meeting_id)
    return keyset(session, query, Topic.id, after=after, limit=limit, descending=False)


def consultations(session: Session, topic_id: int) -> list[tuple[Consultation, str]]:
    return consultations_of(session, [topic_id]).get(topic_id, [])


def consultations_of(session: Session, topic_ids) -> dict[int, list[tuple[Consultation, str]]]:
    """Each topic's consultations with the consulted department's name, for many topics at once."""
    found: dict[int, list[tuple[Consultation, str]]] = {}
    ids = list(topic_ids)
    if ids:
        for consultation, name in session.execute(
                select(Consultation, Department.name).join(Department, Department.id == Consultation.department_id)
                .where(Consultation.topic_id.in_(ids)).order_by(Consultation.id)).all():
            found.setdefault(consultation.topic_id, []).append((consultation, name))
    return found


def topic_steps(session: Session, topic_id: int) -> list[TopicStep]:
    return topic_steps_of(session, [topic_id]).get(topic_id, [])


def topic_steps_of(session: Session, topic_ids) -> dict[int, list[TopicStep]]:
    """Each topic's steps in order, for many topics at once."""
    found: dict[int, list[TopicStep]] = {}
    ids = list(topic_ids)
    if ids:
        for step in session.execute(select(TopicStep).where(TopicStep.topic_id.in_(ids))
                                    .order_by(TopicStep.topic_id, TopicStep.position)).scalars():
            found.setdefault(step.topic_id, []).append(step)
    return found


def attendance(session: Session, meeting_id: int) -> list[Attendance]:
    return _attendance(session, meeting_id)


def signatures(session: Session, minutes_id: int) -> list[MinutesSignature]:
    return _signatures(session, minutes_id)


def resolutions_of(session: Session, meeting_id: int) -> list[Resolution]:
    return list(session.execute(select(Resolution).where(Resolution.meeting_id == meeting_id).order_by(Resolution.id)).scalars())


def signed_resolutions(session: Session, tenant: Tenant) -> list[tuple[Resolution, str, str]]:
    """Resolutions of signed minutes, newest meeting first: (resolution, meeting kind, text to show)."""
    rows = session.execute(
        select(Resolution, Meeting).join(Meeting, Meeting.id == Resolution.meeting_id)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Meeting.tenant_id == tenant.id, Minutes.state == "signed")
        .order_by(Meeting.starts_at.desc(), Resolution.id)).all()
    return [(r, m.kind, f"{m.title}（{m.day.isoformat()}）：{r.text}") for r, m in rows]


def conferences(session: Session, tenant: Tenant, *, after: int | None = None,
                limit: int | None = None) -> Page[ConferenceRequest]:
    """A page of the conference requests, newest first (keyset on the id), shown by meeting date."""
    page = keyset(session, select(ConferenceRequest).where(ConferenceRequest.tenant_id == tenant.id),
                  ConferenceRequest.id, after=after, limit=limit)
    rows = sorted(page.rows, key=lambda r: (r.held_on, r.id), reverse=True)
    return Page(rows, page.next_after, page.total, page.capped)


def departments(session: Session, tenant: Tenant) -> list[Department]:
    return list(session.execute(select(Department).where(Department.tenant_id == tenant.id)
                                .order_by(Department.kind, Department.id)).scalars())


def leaders(session: Session, tenant: Tenant) -> list[Post]:
    return list(session.execute(select(Post).where(Post.tenant_id == tenant.id, Post.holder_id.is_not(None))
                                .order_by(Post.rank, Post.id)).scalars())


def cadence(session: Session, tenant: Tenant, since: date, until: date) -> dict[str, list[rules.PeriodCheck]]:
    """Per meeting type, the periods of its cadence in since..until with the meetings held; where
    a new version took effect in between, each part is counted by its own version's cadence."""
    held: dict[str, list[date]] = {}
    for meeting in session.execute(select(Meeting).where(Meeting.tenant_id == tenant.id, Meeting.state == "held")).scalars():
        held.setdefault(meeting.kind, []).append(meeting.day)
    found: dict[str, list[rules.PeriodCheck]] = {}
    for start, end, version in segments(session, tenant.id, since, until):
        profile = version.profile
        for kind in rules.meeting_types(profile):
            checks = rules.check_cadence(profile, kind, held.get(kind, []), start, end, default_calendar())
            found.setdefault(kind, []).extend(replace(c, profile_id=profile.id) for c in checks)
    return found


def _government_part(name: str) -> str:
    """「区政府常务会议」 → 「常务会议」, 「市政府办公厅」 → 「办公厅」: the words after 「政府」, for
    joining to the government's full name."""
    return name.split("政府", 1)[1] if "政府" in name else name


def minutes_document(session: Session, tenant: Tenant, minutes_id: int):
    """The signed minutes in the official layout (GB/T 9704 纪要格式 10.3), ready to render.

    The clerk's text is the 纪要 as drafted and edited; resolutions it does not already state
    follow it as numbered paragraphs with their department and deadline. 出席 and 列席 name each
    person with their post (单位、职务), 请假 those whose absence was approved with the reason,
    缺席 those absent without approved leave; the 版记 carries the office as 印发机关 and the
    signing date."""
    minutes = get_minutes(session, tenant, minutes_id)
    meeting = get_meeting(session, tenant, minutes.meeting_id)
    profile = profile_on(session, tenant.id, meeting.day)
    who = org_service.people(session, tenant.id)
    seats = org_service.load_state(session, tenant.id).seats
    posts: dict[int, str] = {}
    for seat in seats:
        if seat.holder_id is not None:
            posts.setdefault(seat.holder_id, seat.title)

    def person(user_id: int) -> str:
        name, post = who(user_id), posts.get(user_id, "")
        return f"{name}（{post}）" if post and post not in name else name

    rows = _attendance(session, meeting.id)
    name = labels.word(meeting.kind, labels.titles(profile))
    chair_title = posts.get(meeting.chair_id, "")
    body = [p.strip() for p in minutes.body.splitlines() if p.strip()]
    text = "".join(body)
    for n, resolution in enumerate((r for r in resolutions_of(session, meeting.id) if r.text.strip() not in text), 1):
        department = session.get_one(Department, resolution.department_id).name
        body.append(f"{n}.{resolution.text.rstrip('。')}，由{department}负责落实，{chinese_date(resolution.deadline)}前完成。")
    day = meeting.day
    office = f"{tenant.name}{_government_part(org_rules.title(profile, 'office'))}"
    signed_on = china_date(minutes.signed_at or minutes.created_at)
    present = [r for r in rows if r.status == "present"]
    absent = [r for r in rows if r.status == "absent" and r.role != "observer"]
    return MinutesLayout(
        issuer_mark=f"{tenant.name}{_government_part(name)}纪要", number=minutes.number or f"〔{day.year}〕{minutes.id}号",
        meeting_title=name, date=day, place=meeting.location or "政府常务会议室",
        chair=f"{chair_title}{who(meeting.chair_id)}" if chair_title not in who(meeting.chair_id) else who(meeting.chair_id),
        attendees=tuple(person(r.user_id) for r in present if r.role != "observer"),
        observers=tuple(person(r.user_id) for r in present if r.role == "observer"),
        absent=tuple(person(r.user_id) + (f"（{r.absence_reason.strip()}）" if r.absence_reason.strip() else "")
                     for r in absent if r.absence_state == "approved"),
        unexcused=tuple(person(r.user_id) for r in absent if r.absence_state != "approved"),
        body=tuple(body), items=(), issuing_office=office, printing_office=office, printing_date=signed_on)


def minutes_disposition(session: Session, tenant: Tenant, minutes_id: int) -> str:
    """Content-Disposition of the minutes' file: named as the office files it, 「…纪要〔2026〕3号.docx」
    (RFC 6266 filename*, with an ASCII name for clients that lack it)."""
    layout = minutes_document(session, tenant, minutes_id)
    name = f"{layout.issuer_mark}{layout.number}.docx".replace("/", "-")
    return f"attachment; filename=\"minutes-{minutes_id}.docx\"; filename*=UTF-8''{quote(name)}"


def minutes_docx(session: Session, tenant: Tenant, minutes_id: int) -> bytes:
    minutes = get_minutes(session, tenant, minutes_id)
    if minutes.state != "signed":
        Verdict.refused("meetings.minutes_not_signed", "纪要签发后方可生成正式文本。").raise_if_refused()
    return render_minutes_docx(minutes_document(session, tenant, minutes_id))


def required_signers(session: Session, tenant: Tenant, minutes: Minutes, now: datetime) -> list[str]:
    """The signer codes these minutes need (the profile's signer, or the exceptions that apply)."""
    scene = scene_for(session, tenant.id, now)
    meeting = get_meeting(session, tenant, minutes.meeting_id)
    return [code for code, _ in rules.minutes_signers(scene.profile, _case(session, scene, meeting, minutes))]


def deviations(session: Session, tenant_id: int, start: date, end: date, today: date) -> list[dict]:
    """The period replayed against the profile: cadence periods in [start, end] short of
    meetings, and documents the meetings approved whose issue deadline falls in the period,
    issued after it or not issued by `today`. Each: {object_type, object_id, title, on, code,
    message, cite}."""
    tenant = session.get(Tenant, tenant_id)
    found = []
    # A period still running on `today` is not yet short; one before the government was set up
    # here has no record to judge (as on the meeting calendar).
    since = max(start, china_date(tenant.created_at))
    for kind, periods in cadence(session, tenant, since, min(end, today)).items():
        for period in periods:
            profile = load_profile(period.profile_id)
            found += [deviation("meeting_type", kind, labels.word(kind, labels.titles(profile)), period.end, reason, profile)
                      for reason in period.verdict.reasons]
    query = (select(Resolution).join(Meeting, Meeting.id == Resolution.meeting_id)
             .where(Meeting.tenant_id == tenant_id, Resolution.issue_by.is_not(None),
                    Resolution.issue_by >= start, Resolution.issue_by <= end).order_by(Resolution.issue_by, Resolution.id))
    to_office = (select(Resolution, Meeting.kind).join(Meeting, Meeting.id == Resolution.meeting_id)
                 .where(Meeting.tenant_id == tenant_id, Resolution.to_office_by.is_not(None),
                        Resolution.to_office_by >= start, Resolution.to_office_by <= end)
                 .order_by(Resolution.to_office_by, Resolution.id))
    for resolution, kind in session.execute(to_office).all():
        # Judged by the rules in force on the day the document was due at the office.
        judge = profile_on(session, tenant_id, resolution.to_office_by)
        found += [deviation("resolution", resolution.id, resolution.document_title or resolution.text,
                            resolution.to_office_by, reason, judge)
                  for reason in rules.check_to_office(judge, kind, resolution.to_office_by, resolution.to_office_on,
                                                      today).reasons]
    for resolution in session.execute(query).scalars():
        title = resolution.document_title or resolution.text
        if resolution.issued_on is not None:
            found += [deviation("resolution", resolution.id, title, resolution.issue_by, reason)
                      for reason in rules.check_issue(issue_deadline_of(resolution), resolution.issued_on).reasons]
        elif today > resolution.issue_by:
            found.append(deviation("resolution", resolution.id, title, resolution.issue_by, Reason(
                "meetings.not_issued",
                f"会议通过的文件应于{resolution.issue_by.isoformat()}前印发，至{today.isoformat()}仍未印发"
                f"（{basis(resolution.issue_cite) if resolution.issue_cite else '会议决定'}）", resolution.issue_cite)))
    return found
