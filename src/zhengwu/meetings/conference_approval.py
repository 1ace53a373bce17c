"""会议审批: a request to hold a 全区（市）性会议 or to convene a 首长办公会议/业务会议, checked against
the profile's limits when filed, then taken through the profile's approval chain."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhengwu.calendar import default_calendar
from zhengwu.core import permissions
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.meetings import rules
from zhengwu.meetings.models import ConferenceRequest, Meeting, Resolution
from zhengwu.org import rules as org_rules
from zhengwu.org.models import Department
from zhengwu.rulebook import labels
from zhengwu.rulebook.provenance import rule_of
from zhengwu.meetings.queries import minutes_of
from zhengwu.meetings.scene import Scene, _fresh, person, pinned, roles_of, scene_for


def request_conference(uow: TenantWork, *, department_id: int, title: str, held_on: date, duration_minutes: int,
                       speech_minutes: int = 0, national: bool = False, in_government_name: bool = True,
                       planned_on: date | None = None, exceptions: list[str] | None = None,
                       kind: str = "conference", meeting_kind: str | None = None) -> ConferenceRequest:
    """会议审批 request, checked against the profile's limits when it is filed: a 全区（市）性会议, or
    a request to convene a 首长办公会议/业务会议 (kind `meeting_request`, 大连 43)."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")
    roles = roles_of(scene, actor_id, department_id=department_id)
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
        ConferenceRequest.held_on >= date(year, 1, 1), ConferenceRequest.held_on <= date(year, 12, 31))).scalar_one()
    request = rules.ConferenceRequest(scene.today, held_on, duration_minutes, speech_minutes, national,
                                      in_government_name, count, planned_on, frozenset(exceptions or []), kind)
    rules.check_conference(scene.profile, request, default_calendar()).raise_if_refused()
    row = ConferenceRequest(tenant_id=uow.tenant_id, department_id=department_id, title=title.strip(),
                            requested_by_id=actor_id, requested_on=scene.today, held_on=held_on,
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


def approve_conference(uow: TenantWork, *, request_id: int, expected_version: int,
                       resolution_id: int | None = None, needed: bool = False) -> ConferenceRequest:
    """The next step of the profile's approval chain, by the post it names (or its alternative).
    A step a meeting takes (大连 43 「报市政府常务会议审批」) is recorded by the office with the
    meeting's resolution. A following step taken only 「必要时」 (大洼 42) is skipped unless this
    approver finds it `needed`. An approver named by an invoked exception consents by approving."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    row = get_in_tenant(uow.session, ConferenceRequest, request_id, uow.tenant_id, "会议审批")
    _fresh(row, expected_version, "会议审批")
    scene = pinned(uow.session, scene, row)
    chain = _chain(scene, row)
    if row.state != "requested":
        Verdict.refused("meetings.conference_done", "该会议审批已办结。").raise_if_refused()
    step = chain[row.steps_done]
    roles = roles_of(scene, actor_id, department_id=row.department_id)
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
    consents = [{"name": e.name, "user_id": actor_id} for e in pending if e.approver in roles]
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
