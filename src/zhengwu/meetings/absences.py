"""请假 from a meeting: asked by the invited person, decided by the approver the profile names; and
the attendance report over a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.core import permissions
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.meetings import rules
from zhengwu.meetings.models import Attendance, Meeting
from zhengwu.org import rules as org_rules
from zhengwu.org import service as org_service
from zhengwu.rulebook.provenance import rule_of
from zhengwu.meetings.scene import Scene, _fresh, person, _raise, roles_of, scene_for


def request_absence(uow: TenantWork, *, meeting_id: int, reason: str, ground: str | None = None,
                    substitute: str = "", expected_version: int) -> Attendance:
    """请假: to the approver the profile names; where the profile admits only some reasons, the
    ground must be one of them."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    meeting = get_in_tenant(uow.session, Meeting, meeting_id, uow.tenant_id, "会议")
    row = uow.session.execute(select(Attendance).where(Attendance.meeting_id == meeting.id,
                                                       Attendance.user_id == actor_id)).scalar_one_or_none()
    if row is None:
        permissions.refuse("meetings.not_invited", "您不在本次会议的出席名单中。")
    _fresh(row, expected_version, "出席登记")
    leader = bool(roles_of(scene, actor_id) & set(org_rules.LEADER_KINDS))
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
                   expected_version: int) -> Attendance:
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    row = get_in_tenant(uow.session, Attendance, attendance_id, uow.tenant_id, "出席记录")
    _fresh(row, expected_version, "请假")
    meeting = get_in_tenant(uow.session, Meeting, row.meeting_id, uow.tenant_id, "会议")
    # Who may decide is checked before the request's state: an outsider learns nothing about it.
    if not _may_decide_absences(scene, meeting, actor_id):
        permissions.refuse("forbidden", "只有会议主持人、政府领导或政府办公室可以审批会议请假。")
    if row.absence_state != "requested":
        Verdict.refused("meetings.absence_not_pending", "该请假不在待审批状态。").raise_if_refused()
    _raise(_absence_verdict(scene, meeting, row, actor_id))
    row.absence_state = "approved" if approve else "rejected"
    row.absence_decided_by_id = actor_id
    row.filed_with_office = approve and rules.absence_filed_with_office(scene.profile)[0]
    if approve and consent_substitute and row.substitute:
        row.substitute_consented_by_id = actor_id
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
