"""Demo data for `zhengwu serve --demo`: every packaged profile's government as a tenant, and a login.

Seeding is extensible: each domain's seeder is added with `add_demo_seeder` (by
`zhengwu.wiring.install()`, which `seed_demo` runs first), called once per demo
tenant inside that tenant's creation transaction. A seeder fills the tenant when it was just
created and always returns the logins it provides, so a second `--demo` run prints them again
without seeding twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Callable

from zhengwu.core import tenants, users
from zhengwu.core.db import Database
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import Actor, TenantWork, UnitOfWork, unit_of_work
from zhengwu.rulebook.profile import known_profiles, load_profile

DEMO_PASSWORD = "zhengwu-demo"
ADMIN_USERNAME = "admin"


def demo_tenant_code(profile_id: str) -> str:
    """The tenant code for a seed profile: its id without the year (dawa-2017 → dawa)."""
    return profile_id.rsplit("-", 1)[0]


@dataclass(frozen=True)
class DemoLogin:
    tenant: str | None  # tenant code, or None for a platform-wide login
    username: str
    display_name: str
    role: str  # what the login is for, in Chinese


Seeder = Callable[[TenantWork, Tenant, bool], list[DemoLogin]]
_seeders: list[tuple[int, Seeder]] = []


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    return users.hash_password(DEMO_PASSWORD)


def demo_user(uow: UnitOfWork, username: str, display_name: str, *, platform_admin: bool = False) -> users.User:
    """The demo person of that login, created with the shared demo password if missing."""
    return users.find_user(uow.session, username) or users.create_user(
        uow, username=username, display_name=display_name, password=DEMO_PASSWORD,
        platform_admin=platform_admin, password_hash=_demo_password_hash())


def add_demo_seeder(seeder: Seeder, order: int = 100) -> None:
    """Register a domain's demo data: seeder(uow, tenant, just_created) -> its logins.

    Seeders run by `order`, not by import order (which depends on who imports first): a domain
    that builds on another's demo data (meetings on the org's people) gives a larger order.
    Idempotent: wiring may run twice.
    """
    if any(known is seeder for _order, known in _seeders):
        return
    _seeders.append((order, seeder))
    _seeders.sort(key=lambda entry: entry[0])


def seed_demo(db: Database, now: datetime | None = None) -> list[DemoLogin]:
    """Create whatever of the demo is missing and return every demo login."""
    from zhengwu import wiring  # imported here: the wiring imports the domains' seeders, which import this

    wiring.install()  # the domains' seeders and events: without them a tenant gets no documents
    actor = Actor.system("演示数据")
    with unit_of_work(db, actor, "demo.seed", now=now) as uow:
        demo_user(uow, ADMIN_USERNAME, "平台管理员", platform_admin=True)
    logins = [DemoLogin(None, ADMIN_USERNAME, "平台管理员", "平台管理员：管理各单位设置，经单位准许方可查看其工作")]
    for profile_id in known_profiles(packaged_only=True):
        slug = demo_tenant_code(profile_id)
        with unit_of_work(db, actor, "demo.seed", now=now) as uow:
            tenant = tenants.find_tenant(uow.session, slug)
            created = tenant is None
            if tenant is None:
                # The operator is no member: it reads a government's work only once granted.
                tenant = tenants.create_tenant(uow, slug=slug, name=load_profile(profile_id).name,
                                               profile_id=profile_id)
            # The same transaction, now inside the tenant the seeders fill.
            work = TenantWork(uow.session, uow.actor, tenant.id, uow.now, uow.action)
            for _order, seeder in _seeders:
                logins.extend(seeder(work, tenant, created))
    return logins
