"""Departments' own meetings and the meeting lists the texts give to one person (use cases).

- 部门工作会议 (大洼 42, 大连 43, 海南区 55/85, 西市 25): a department files the meeting it will hold
  with the government leaders and 镇、园区（地区）负责人 it invites; `department_rules` refuses the
  invitations the text forbids and lists the consents the admitted ones need (the invited leader
  himself, the 分管副区长 for the 区政府, the 主要领导 …); the request is approved once each is given.
- 常设列席单位 (大洼 37): set by the post the text names, then shown with the meeting kind and on
  each of its meetings.
- 会议出席通报 (大连 42): the office issues a bulletin of attendance and absences over a period it
  chooses (the text says 「定期」 and gives none), visible to the government's members.

Each runs in the caller's unit of work and is audited with the article behind it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.core import permissions
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.notify_events import To, WorkArrived
from zhengwu.core.paging import Page, keyset
from zhengwu.core.tenants import Tenant, pinned_profile
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.meetings import department_rules as drules
from zhengwu.meetings import notify, rules
from zhengwu.meetings.models import Attendance, AttendanceBulletin, DepartmentMeetingRequest, Meeting, StandingObservers
from zhengwu.meetings.scene import Scene, roles_of, scene_for
from zhengwu.org import rules as org_rules
from zhengwu.org import service as org_service
from zhengwu.org.models import Department
from zhengwu.rulebook import labels
from zhengwu.rulebook.provenance import rule_of

_ACTOR_CODES = ("forbidden", "meetings.wrong_step_actor")


def _raise(verdict: Verdict) -> None:
    permissions.raise_refused(verdict, _ACTOR_CODES)


def _person(uow: TenantWork) -> int:
    """These steps are a person's (a consent, a filing, a bulletin), never the system's."""
    if uow.actor.user_id is None:
        permissions.refuse("forbidden", "此事项须由本人办理。")
    return uow.actor.user_id


def _pinned(session: Session, scene: Scene, row: DepartmentMeetingRequest) -> Scene:
    """The scene under the rules the request was filed under."""
    return replace(scene, profile=pinned_profile(session, row))


# --- 部门工作会议 -----------------------------------------------------------------------------


def _invited_leader(scene: Scene, department_id: int, user_id: int, name: str) -> drules.InvitedLeader:
    posts = org_rules.posts_of(scene.profile, scene.state, user_id, scene.now) & frozenset(org_rules.LEADER_KINDS)
    if not posts:
        Verdict.refused("department_meeting.not_a_leader", f"{name}不是政府领导，无须在此登记邀请").raise_if_refused()
    heads = any(s.kind == "department_head" and s.department_id == department_id and s.holder_id == user_id
                for s in scene.state.seats)
    return drules.InvitedLeader(str(user_id), name, frozenset(posts), heads)


def _someone_holds(scene: Scene, approver: str | None, department_id: int) -> bool:
    """An approver code the org can answer today (a chain step nobody holds would never finish)."""
    if approver in (None, drules.INVITED_LEADER):
        return True
    if approver == "oversight_deputy":
        return scene.state.overseer(department_id) is not None
    if approver == "office":
        return any(s.kind in org_rules.OFFICE_KINDS and s.holder_id for s in scene.state.seats)
    return any(s.kind == approver and s.holder_id for s in scene.state.seats)


def _required(row: DepartmentMeetingRequest) -> list[drules.Consent]:
    return [drules.Consent.of(c) for c in row.required]


def _given(row: DepartmentMeetingRequest) -> frozenset[str]:
    return frozenset(c["key"] for c in row.consents)


def request_department_meeting(uow: TenantWork, *, department_id: int, title: str, held_on: date,
                               leader_ids: list[int] | None = None,
                               local_department_ids: list[int] | None = None) -> DepartmentMeetingRequest:
    """File a department's own 工作会议 with those it invites; refused with the article when it
    invites someone the text keeps away; approved at once when it needs no consent."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    department = get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")
    if not roles_of(scene, _person(uow), department_id=department_id) & {"lead_department", "office"}:
        raise PermissionDenied(Verdict.refused("forbidden", "部门工作会议应由召开会议的部门负责人（或政府办公室）登记报送。"))
    if department.kind != "department":
        Verdict.refused("department_meeting.not_a_department", "部门工作会议应由政府工作部门召开。").raise_if_refused()
    if not title.strip():
        Verdict.refused("department_meeting.no_title", "请填写会议名称。").raise_if_refused()
    if held_on < scene.today:
        Verdict.refused("department_meeting.past", "召开日期不能早于今天（会议须事先报批）。").raise_if_refused()
    who = org_service.people(uow.session, uow.tenant_id)
    leaders = [_invited_leader(scene, department_id, uid, who(uid)) for uid in dict.fromkeys(leader_ids or [])]
    local_ids = list(dict.fromkeys(local_department_ids or []))
    for local_id in local_ids:
        unit = get_in_tenant(uow.session, Department, local_id, uow.tenant_id, "镇、园区（街道）")
        if unit.kind != "township":
            Verdict.refused("department_meeting.not_local", f"{unit.name}不是镇、园区（街道）").raise_if_refused()
    verdict, required = drules.check_invitation(scene.profile, leaders, len(local_ids))
    verdict.raise_if_refused()
    for consent in required:
        if not _someone_holds(scene, consent.approver, department_id):
            Verdict.refused("department_meeting.no_approver",
                            f"「{consent.label}」须经{labels.post(consent.approver or '', labels.titles(scene.profile))}同意，"
                            "但本单位尚无人担任该职务（请先在组织机构中设置）", consent.cite).raise_if_refused()
    row = DepartmentMeetingRequest(
        tenant_id=uow.tenant_id, department_id=department_id, title=title.strip(), held_on=held_on,
        requested_by_id=_person(uow), requested_on=scene.today, leader_ids=[int(x.key) for x in leaders],
        local_department_ids=local_ids, required=[c.plain() for c in required], consents=[],
        state="requested" if drules.pending(required, frozenset()) else "approved", created_at=uow.now,
        profile_id=scene.profile.id)
    uow.session.add(row)
    uow.session.flush()
    _tell_approvers(uow, scene, row, required)
    uow.record("meetings.request_department_meeting", object_type="department_meeting", object_id=row.id, subject=row,
               cite=_cite(scene, row), detail={"exceptions": [c.label for c in required]})
    return row


def _tell_approvers(uow: TenantWork, scene: Scene, row: DepartmentMeetingRequest, required: list[drules.Consent]) -> None:
    """Each consent is its approver's work: the invited leader, or whoever fills the approver's post."""
    users: list[int] = []
    for consent in drules.pending(required, frozenset()):
        found = ((int(consent.leader),) if consent.approver == drules.INVITED_LEADER and consent.leader
                 else notify.filling(scene, {consent.approver or ""}, department_id=row.department_id))
        users += [u for u in found if u not in users]
    if users:
        uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(users=tuple(users)), what="部门会议邀请待同意",
                                title=row.title, link="department-meetings", object_type="department_meeting",
                                object_id=str(row.id)))


def _cite(scene: Scene, row: DepartmentMeetingRequest) -> str | None:
    if row.required:
        return row.required[0].get("cite")
    leaf = scene.profile.conference.leaders_attend_department_meetings if scene.profile.conference else None
    return rule_of(scene.profile, leaf).cite if leaf is not None else None


def consents_i_may_give(scene: Scene, row: DepartmentMeetingRequest, user_id: int) -> list[drules.Consent]:
    if row.state != "requested":
        return []
    roles = roles_of(scene, user_id, department_id=row.department_id)
    return [c for c in drules.pending(_required(row), _given(row)) if drules.may_give(c, roles, str(user_id))]


def consent_department_meeting(uow: TenantWork, *, request_id: int, expected_version: int) -> DepartmentMeetingRequest:
    """Give the consents of a department meeting that are this person's (the invited leader's own,
    the 分管副区长's for the 区政府, the 主要领导's); approved once none is left."""
    permissions.require(uow, "meetings.take_part")
    row = get_in_tenant(uow.session, DepartmentMeetingRequest, request_id, uow.tenant_id, "部门会议")
    scene = _pinned(uow.session, scene_for(uow, uow.tenant_id, uow.now), row)
    roles = roles_of(scene, _person(uow), department_id=row.department_id)
    # Only those a consent could fall to reach the request (its state is not told to anyone else).
    if not (roles & {*org_rules.LEADER_KINDS, "office", "lead_department", "oversight_deputy"}
            or _person(uow) in row.leader_ids):
        permissions.refuse("forbidden", "只有受邀出席的领导、审批人、召开会议的部门或政府办公室可以办理该部门会议。")
    row.expect_version(expected_version, "部门会议")
    if row.state != "requested":
        Verdict.refused("department_meeting.done", "该部门会议的审批已办结。").raise_if_refused()
    _raise(drules.check_consent(scene.profile, _required(row), _given(row), roles, str(_person(uow))))
    mine = consents_i_may_give(scene, row, _person(uow))
    row.consents = [*row.consents, *({"key": c.key, "user_id": _person(uow), "on": scene.today.isoformat()}
                                     for c in mine)]
    if not drules.pending(_required(row), _given(row)):
        row.state = "approved"
    uow.session.flush()
    uow.record("meetings.consent_department_meeting", object_type="department_meeting", object_id=row.id, subject=row,
               cite=mine[0].cite, detail={"consented": [c.label for c in mine]})
    return row


def department_meetings(session: Session, tenant: Tenant, *, after: int | None = None,
                        limit: int | None = None) -> Page[DepartmentMeetingRequest]:
    return keyset(session, select(DepartmentMeetingRequest).where(DepartmentMeetingRequest.tenant_id == tenant.id),
                  DepartmentMeetingRequest.id, after=after, limit=limit)


def open_department_meetings(session: Session, tenant: Tenant, limit: int) -> list[DepartmentMeetingRequest]:
    return list(session.execute(select(DepartmentMeetingRequest).where(
        DepartmentMeetingRequest.tenant_id == tenant.id, DepartmentMeetingRequest.state == "requested")
        .order_by(DepartmentMeetingRequest.id).limit(limit)).scalars())


def pending_of(session: Session, base: Scene, rows, user_id: int) -> dict[int, list[drules.Consent]]:
    """For each request, the consents this person may give now (the check `consent_department_meeting` runs)."""
    return {row.id: found for row in rows if (found := consents_i_may_give(_pinned(session, base, row), row, user_id))}


# --- 常设列席单位 (大洼 37) -------------------------------------------------------------------


def set_standing_observers(uow: TenantWork, *, meeting_kind: str, department_ids: list[int],
                           expected_version: int | None) -> StandingObservers:
    """The standing observer units of a meeting kind, set by the post the text names (大洼 37 区长).
    `expected_version` is that of the list the person saw, None when they saw none set yet (a list
    set meanwhile by someone else is then refused as stale, like any other change)."""
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    if meeting_kind not in rules.meeting_types(scene.profile):
        Verdict.refused("meetings.unknown_kind", "本单位工作规则中没有这种会议。").raise_if_refused()
    _raise(drules.check_standing_observers_setter(scene.profile, meeting_kind, roles_of(scene, _person(uow))))
    ids = list(dict.fromkeys(department_ids))
    for department_id in ids:
        get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "单位")
    row = uow.session.execute(select(StandingObservers).where(
        StandingObservers.tenant_id == uow.tenant_id, StandingObservers.meeting_kind == meeting_kind)).scalar_one_or_none()
    if row is None:
        row = StandingObservers(tenant_id=uow.tenant_id, meeting_kind=meeting_kind, department_ids=ids,
                                set_by_id=_person(uow), set_on=scene.today)
        uow.session.add(row)
    else:
        row.expect_version(expected_version, "常设列席单位")
        row.department_ids, row.set_by_id, row.set_on = ids, _person(uow), scene.today
    uow.session.flush()
    leaf = drules.standing_observers_setter(scene.profile, meeting_kind)
    uow.record("meetings.set_standing_observers", object_type="standing_observers", object_id=row.id, subject=row,
               cite=rule_of(scene.profile, leaf).cite if leaf else None)
    return row


def standing_observers(session: Session, tenant: Tenant) -> dict[str, tuple[StandingObservers, list[str]]]:
    """Per meeting kind: the list as set, with the units' names."""
    names = {d.id: d.name for d in session.execute(select(Department).where(Department.tenant_id == tenant.id)).scalars()}
    return {row.meeting_kind: (row, [names[i] for i in row.department_ids if i in names])
            for row in session.execute(select(StandingObservers).where(StandingObservers.tenant_id == tenant.id)).scalars()}


def standing_observer_heads(session: Session, scene: Scene, kind: str) -> list[int]:
    """Who sits in for the standing observer units of a meeting kind: each unit's principal head,
    where the list was set by the one the text names (None set: none)."""
    if drules.standing_observers_setter(scene.profile, kind) is None:
        return []
    row = session.execute(select(StandingObservers).where(
        StandingObservers.tenant_id == scene.tenant.id, StandingObservers.meeting_kind == kind)).scalar_one_or_none()
    if row is None:
        return []
    units = set(row.department_ids)
    return [s.holder_id for s in scene.state.seats
            if s.kind == "department_head" and s.department_id in units and s.holder_id is not None]


def may_set_standing_observers(scene: Scene, kind: str, user_id: int) -> bool:
    return drules.check_standing_observers_setter(scene.profile, kind, roles_of(scene, user_id)).ok


# --- 会议出席通报 (大连 42) -------------------------------------------------------------------


def _lines(session: Session, tenant_id: int, since: date, until: date) -> list[dict]:
    """Per person, over the meetings held in the period: invited, present, absent, of which
    excused (leave approved) and unexcused."""
    who = org_service.people(session, tenant_id)
    rows = session.execute(select(Attendance, Meeting).join(Meeting, Meeting.id == Attendance.meeting_id)
                           .where(Meeting.tenant_id == tenant_id, Meeting.state == "held")).all()
    counts: dict[int, dict] = {}
    for row, meeting in rows:
        if not since <= meeting.day <= until:
            continue
        c = counts.setdefault(row.user_id, {"user_id": row.user_id, "name": who(row.user_id), "invited": 0,
                                            "present": 0, "absent": 0, "excused": 0, "unexcused": 0})
        c["invited"] += 1
        if row.status == "present":
            c["present"] += 1
        elif row.status == "absent":
            c["absent"] += 1
            c["excused" if row.absence_state == "approved" else "unexcused"] += 1
    return [counts[k] for k in sorted(counts)]


def issue_attendance_bulletin(uow: TenantWork, *, since: date, until: date, note: str = "") -> AttendanceBulletin:
    """The office's 通报 of meeting attendance and discipline over a past period, from the records."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    _raise(drules.check_bulletin(scene.profile, roles_of(scene, _person(uow)), since, until, scene.today))
    leaf = scene.profile.meetings.absence.attendance_reported_by_office  # type: ignore[union-attr]
    cite = rule_of(scene.profile, leaf).cite
    row = AttendanceBulletin(tenant_id=uow.tenant_id, since=since, until=until,
                             lines=_lines(uow.session, uow.tenant_id, since, until), note=note.strip(),
                             issued_by_id=_person(uow), issued_at=uow.now, cite=cite)
    uow.session.add(row)
    uow.session.flush()
    uow.record("meetings.issue_attendance_bulletin", object_type="attendance_bulletin", object_id=row.id, subject=row,
               cite=cite)
    return row


def bulletins(session: Session, tenant: Tenant, *, after: int | None = None,
              limit: int | None = None) -> Page[AttendanceBulletin]:
    return keyset(session, select(AttendanceBulletin).where(AttendanceBulletin.tenant_id == tenant.id),
                  AttendanceBulletin.id, after=after, limit=limit)


def may_issue_bulletin(scene: Scene, user_id: int, today: date) -> bool:
    return drules.check_bulletin(scene.profile, roles_of(scene, user_id), today, today, today).ok


def scene_now(session: Session, tenant: Tenant, now: datetime) -> Scene:
    return scene_for(session, tenant.id, now)
