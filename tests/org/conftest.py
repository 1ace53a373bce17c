"""An org per seed government, built by the demo seeder through the real services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from zhengwu.core import users
from zhengwu.core.db import Database
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.demo import demo_tenant_code
from zhengwu.org import service
from zhengwu.org.demo import seed_org
from zhengwu.org.models import Post

from support import TEST_NOW

PROFILES = ["dawa-2017", "wolong-2018", "dalian-2014", "wuhai-hainan-2023", "xishi-2024"]


@dataclass
class Org:
    db: Database
    tenant: Tenant

    def user(self, who: str) -> users.User:
        with self.db.read() as session:
            return users.find_user(session, who if who == "sun" else f"{self.tenant.slug}.{who}")

    def post(self, who: str) -> Post:
        user = self.user(who)
        with self.db.read() as session:
            return session.execute(select(Post).where(Post.tenant_id == self.tenant.id,
                                                      Post.holder_id == user.id)).scalar_one()

    def run(self, who: str | None, action: str, use_case, now=TEST_NOW):
        actor = self.user(who).actor if who else Actor.system("测试")
        with unit_of_work(self.db, actor, action, tenant_id=self.tenant.id, now=now) as uow:
            return use_case(uow)

    def acting(self, at) -> dict[str, dict]:
        with self.db.read() as session:
            return {row["holder"]: row for row in service.acting_for(session, self.tenant, at)}

    def posts_of(self, who: str, at) -> frozenset[str]:
        with self.db.read() as session:
            return service.posts_for(session, self.tenant.id, self.user(who).id, at)


@pytest.fixture
def make_org(db, make_tenant):
    def make(profile_id: str) -> Org:
        tenant = make_tenant(slug=demo_tenant_code(profile_id), profile_id=profile_id)
        with unit_of_work(db, Actor.system("测试"), "demo.seed", tenant_id=tenant.id, now=TEST_NOW) as uow:
            seed_org(uow, uow.session.merge(tenant), True)
        return Org(db, tenant)

    return make


# The web app over the test database, as the platform's web tests build it.
from web.conftest import app, client, clock, settings  # noqa: E402,F401


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch):
    """Each org has seventeen people; argon2 at its production cost would dominate these tests."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
