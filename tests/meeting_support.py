"""Helpers of the meeting tests (importable: tests/ is on sys.path): Beijing-time moments and a
seeded government with people in every post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from support import TEST_NOW
from zhengwu.calendar import CHINA_TZ
from zhengwu.core import users
from zhengwu.core.db import Database
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import Actor, TenantWork, unit_of_work
from zhengwu.meetings.models import Attendance, ConferenceRequest, DepartmentMeetingRequest, Meeting, Minutes, Resolution, Topic
from zhengwu.org import service as org_service
from zhengwu.org.demo import seed_org
from zhengwu.org.models import Department


def china(year, month, day, hour=9) -> datetime:
    """A moment in Beijing time."""
    return datetime(year, month, day, hour, tzinfo=CHINA_TZ)


_SEEN = {"meeting_id": Meeting, "attendance_id": Attendance, "topic_id": Topic, "minutes_id": Minutes,
         "resolution_id": Resolution, "request_id": ConferenceRequest, "department_meeting_id": DepartmentMeetingRequest}


def seen(uow: TenantWork, **ids: int) -> int:
    """The version a page shows the acting person now, for a step whose test is not about a stale
    write (those pass an old version on purpose): `seen(uow, topic_id=7)`; `own_attendance=<meeting
    id>` is the person's own attendance row of that meeting (what 请假 changes)."""
    [(key, object_id)] = ids.items()
    if key == "own_attendance":
        return uow.session.execute(select(Attendance.version).where(
            Attendance.meeting_id == object_id, Attendance.user_id == uow.actor.user_id)).scalar_one()
    return uow.session.get_one(_SEEN[key], object_id).version


@dataclass
class Gov:
    """A seeded government: people by the demo's login suffix (head, exec, dep1, czj, sun …)."""

    db: Database
    tenant: Tenant

    def user(self, who: str) -> users.User:
        with self.db.read() as session:
            return users.find_user(session, who if who == "sun" else f"{self.tenant.slug}.{who}")

    def department(self, name_part: str) -> Department:
        with self.db.read() as session:
            return next(d for d in session.execute(select(Department).where(Department.tenant_id == self.tenant.id)).scalars()
                        if name_part in d.name)

    def run(self, who: str | None, action: str, use_case, now: datetime = TEST_NOW):
        actor = self.user(who).actor if who else Actor.system("测试")
        with unit_of_work(self.db, actor, action, tenant_id=self.tenant.id, now=now) as uow:
            return use_case(uow)


def seed_gov(db, make_tenant, profile_id: str) -> Gov:
    """A tenant under `profile_id` with the demo org, plus a legal-office post (郑科长, login fzk)."""
    tenant = make_tenant(slug=profile_id.split("-")[0].replace("wuhai", "hainan"), profile_id=profile_id)
    with unit_of_work(db, Actor.system("测试"), "demo.seed", tenant_id=tenant.id, now=TEST_NOW) as uow:
        tenant = uow.session.merge(tenant)
        seed_org(uow, tenant, True)
        # The legal office (司法局) reviews legality; the demo org gives it a department only.
        legal = users.create_user(uow, username=f"{tenant.slug}.fzk", display_name="郑科长", password="correct-horse-9")
        users.add_membership(uow, legal, tenant)
        department = uow.session.execute(select(Department).where(
            Department.tenant_id == tenant.id, Department.name.like("%司法局"))).scalar_one()
        org_service.create_post(uow, kind="legal_office", title=f"{department.name}法制审核科",
                                department_id=department.id, holder_id=legal.id, rank=40)
    return Gov(db, tenant)
