"""Who is who for a matter: the scene a meetings use case runs in (the tenant, the rules in force,
the org, the time), the roles a person fills for a matter (区长, the 分管副区长 of the topic's lead
department, the chair of this meeting …), and the checks every meetings use case shares (a stale
version, a who-may refusal). The meetings permissions are defined here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from zhengwu.calendar import china_date
from zhengwu.core import permissions
from zhengwu.core.base import Versioned
from zhengwu.core.permissions import member
from zhengwu.core.tenants import Tenant, pinned_profile, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.meetings.models import ConferenceRequest, Meeting, Topic
from zhengwu.org import rules as org_rules
from zhengwu.org import service as org_service
from zhengwu.rulebook.profile import Profile

permissions.define("meetings.view", "查看会议", "本单位成员", member)
permissions.define("meetings.organise", "组织会议（安排会议、议程、出席、纪要）", "政府办公室工作人员",
                   permissions.holds(*org_rules.OFFICE_KINDS))
# Proposing, answering, approving and signing are open to members: the meeting rules then say
# whose step it is (the lead department, the 分管副职, the head …) and refuse anyone else.
permissions.define("meetings.take_part", "办理会议事项", "本单位成员", member)


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


def person(uow: TenantWork) -> int:
    """The person taking a meetings step. Every step is someone's, by their posts (they propose,
    approve, sign, ask leave); the system actor (the command line, the deadline clock) holds no
    post and takes none of them."""
    user_id = uow.actor.user_id
    if user_id is None:
        permissions.refuse("meetings.person_required", "会议事项须由本人以其职务办理，系统不能代为办理。")
    return user_id


def _fresh(row: Versioned, expected_version: int, what: str) -> None:
    """The object (or child row) as the person saw it: a change since is refused as stale (409)."""
    row.expect_version(expected_version, what)


_ACTOR_CODES = ("forbidden", "meetings.wrong_signer", "meetings.wrong_step_actor", "meetings.wrong_coordinator",
                "meetings.wrong_absence_approver", "meetings.wrong_drafter", "meetings.proposer_not_allowed")


def _raise(verdict: Verdict) -> None:
    """Who-may refusals are forbidden actions (403); the rest are rule refusals (422)."""
    permissions.raise_refused(verdict, _ACTOR_CODES)
