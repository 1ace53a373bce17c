"""Demo seeding: a tenant per packaged profile, a platform login, extensible and repeatable."""

from __future__ import annotations

from sqlalchemy import select

import pytest

from zhengwu import demo
from zhengwu.core import tenants, users
from zhengwu.rulebook.profile import known_profiles, load_profile

from support import TEST_NOW


@pytest.fixture
def seeders(monkeypatch):
    registered = []
    monkeypatch.setattr(demo, "_seeders", registered)
    return registered


def test_every_packaged_profile_becomes_a_tenant(db, seeders):
    logins = demo.seed_demo(db, TEST_NOW)
    with db.read() as session:
        rows = tenants.list_tenants(session)
        admin = users.find_user(session, demo.ADMIN_USERNAME)
        assert [t.slug for t in users.tenants_of(session, admin)] == [t.slug for t in rows]
        # ... to look after, not to read: the demo makes the operator a member of none of them.
        assert not session.execute(select(users.Membership).where(users.Membership.user_id == admin.id)).first()
    assert sorted(t.profile_id for t in rows) == known_profiles()
    dawa = next(t for t in rows if t.profile_id == "dawa-2017")
    assert (dawa.slug, dawa.name) == ("dawa", load_profile("dawa-2017").name)
    assert logins[0].username == demo.ADMIN_USERNAME and admin.is_platform_admin


def test_seeders_fill_new_tenants_once_and_always_report_their_logins(db, seeders):
    calls = []

    def seeder(uow, tenant, created):
        calls.append((tenant.slug, created, uow.tenant_id == tenant.id))
        return [demo.DemoLogin(tenant.slug, f"head-{tenant.slug}", "张区长", "区长")]

    demo.add_demo_seeder(seeder)
    first = demo.seed_demo(db, TEST_NOW)
    second = demo.seed_demo(db, TEST_NOW)
    count = len(known_profiles())
    assert [c[1] for c in calls] == [True] * count + [False] * count
    assert all(c[2] for c in calls)  # the seeder's unit of work audits on the tenant's chain
    assert [login.username for login in first] == [login.username for login in second]
    with db.read() as session:
        assert len(tenants.list_tenants(session)) == count
