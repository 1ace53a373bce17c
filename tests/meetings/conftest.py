"""Shared fixtures of the meeting tests: the statutory calendar and the packaged profiles."""

from __future__ import annotations

import pytest

from zhengwu.calendar import default_calendar
from zhengwu.rulebook.profile import load_profile


@pytest.fixture(scope="session")
def calendar():
    return default_calendar()


def profile(profile_id: str):
    return load_profile(profile_id)


# --- a government with people in every post, for the service scenarios -------------------------

from dataclasses import dataclass  # noqa: E402
from datetime import datetime  # noqa: E402

from sqlalchemy import select  # noqa: E402

from support import TEST_NOW  # noqa: E402
from zhengwu.core import users  # noqa: E402
from zhengwu.core.db import Database  # noqa: E402
from zhengwu.core.tenants import Tenant  # noqa: E402
from zhengwu.core.uow import Actor, unit_of_work  # noqa: E402
from zhengwu.org import service as org_service  # noqa: E402
from zhengwu.org.demo import seed_org  # noqa: E402
from zhengwu.org.models import Department  # noqa: E402


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


@pytest.fixture
def make_gov(db, make_tenant):
    def make(profile_id: str) -> Gov:
        tenant = make_tenant(slug=profile_id.split("-")[0].replace("wuhai", "hainan"), profile_id=profile_id)
        with unit_of_work(db, Actor.system("测试"), "demo.seed", tenant_id=tenant.id, now=TEST_NOW) as uow:
            tenant = uow.session.merge(tenant)
            seed_org(uow, tenant, True)
            # The legal office (司法局) reviews legality; the demo org gives it a department only.
            legal = users.create_user(uow, username=f"{tenant.slug}.fzk", display_name="郑科长", password="x" * 12)
            users.add_membership(uow, legal, tenant)
            department = uow.session.execute(select(Department).where(
                Department.tenant_id == tenant.id, Department.name.like("%司法局"))).scalar_one()
            org_service.create_post(uow, kind="legal_office", title=f"{department.name}法制审核科",
                                    department_id=department.id, holder_id=legal.id, rank=40)
        return Gov(db, tenant)

    return make
