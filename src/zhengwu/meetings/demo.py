"""Demo meetings for `zhengwu serve --demo`: in every government a 常务会议 two weeks ahead with
one topic that has been through the profile's whole pipeline and waits for the office to put it
on the agenda. Each step is taken by the person whose post the profile names, through the real
use cases, so the demo shows the same audit trail a real office would leave."""

from __future__ import annotations

from datetime import datetime, time, timedelta


from zhengwu.calendar import CHINA_TZ, default_calendar
from zhengwu.core.tenants import Tenant, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.users import User
from zhengwu.demo import DemoLogin
from zhengwu.rulebook import labels
from zhengwu.meetings import queries, rules, scheduling, topic_flow
from zhengwu.meetings.scene import Scene, roles_of, scene_for

_UNITS = {"standing_observers": "office", "related_departments": "office"}


def _as(uow: TenantWork, user_id: int, action: str) -> TenantWork:
    """The same transaction, acting as another demo person (each step audited under their name)."""
    return TenantWork(uow.session, uow.session.get_one(User, user_id).actor, uow.tenant_id, uow.now, action)


def _holder(scene: Scene, code: str, department_id: int | None) -> int | None:
    code = _UNITS.get(code, code)
    for seat in scene.state.seats:
        if seat.holder_id is not None and code in roles_of(scene, seat.holder_id, department_id=department_id):
            return seat.holder_id
    return None


def _person(scene: Scene, codes: list[str], department_id: int | None) -> int:
    """The demo person filling the first of these posts; the demo org has every post the packaged
    profiles name, so a missing one is a broken demo, said plainly."""
    for code in codes:
        found = _holder(scene, code, department_id)
        if found is not None:
            return found
    raise LookupError(f"演示单位没有{'、'.join(labels.post(c) for c in codes)}的任职人员，无法生成演示会议。")


def seed_meetings(uow: TenantWork, tenant: Tenant, created: bool) -> list[DemoLogin]:
    if not created or "executive" not in rules.meeting_types(profile_on(uow.session, tenant.id, uow.today)):
        return []
    scene = scene_for(uow, tenant.id, uow.now)
    finance = next(d for d in queries.departments(uow.session, tenant) if "财政局" in d.name)
    day = default_calendar().add_workdays(scene.today, 10)
    head = _person(scene, ["head"], None)
    clerk = _person(scene, ["office"], None)
    meeting = scheduling.schedule_meeting(
        _as(uow, clerk, "meetings.schedule"), kind="executive", title="常务会议",
        starts_at=datetime.combine(day, time(9), CHINA_TZ), ends_at=datetime.combine(day, time(11), CHINA_TZ),
        chair_id=head, location="政府三楼会议室")
    # A meeting already due, so the demo can walk 登记出席 → 起草纪要 → 签发 today: a meeting
    # cannot be held, nor its minutes signed, before its own day.
    due = scene.today
    while not default_calendar().is_workday(due):
        due -= timedelta(days=1)
    scheduling.schedule_meeting(
        _as(uow, clerk, "meetings.schedule"), kind="executive", title="常务会议",
        starts_at=datetime.combine(due, time(9), CHINA_TZ), ends_at=datetime.combine(due, time(11), CHINA_TZ),
        chair_id=head, location="政府三楼会议室")
    proposers = rules.meeting_type(scene.profile, "executive").topic_proposers
    proposer = _person(scene, list(proposers.value) if proposers else ["office"], finance.id)
    topic = topic_flow.propose_topic(_as(uow, proposer, "meetings.propose_topic"), meeting_kind="executive",
                                  title="关于2026年农村公路养护资金安排的议题", lead_department_id=finance.id)
    topic = topic_flow.submit_materials(_as(uow, proposer, "meetings.submit_materials"), topic_id=topic.id,
                                        meeting_id=meeting.id, materials="资金安排方案、测算说明、征求意见情况",
                                        expected_version=topic.version)
    for step in rules.pipeline_steps(scene.profile, "executive"):
        topic = topic_flow.take_step(_as(uow, _person(scene, [step.by], finance.id), "meetings.topic_step"),
                                     topic_id=topic.id, expected_version=topic.version)
    return []
