"""Demo documents setup for `zhengwu serve --demo`: each demo government's 机关代字 (大政发,
大政办发 …) and 红头, and clearance for its leaders and office director to read classified
documents. Runs after the demo org (it needs the posts)."""

from __future__ import annotations

from sqlalchemy import select

from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import UnitOfWork
from zhengwu.demo import DemoLogin, add_demo_seeder
from zhengwu.documents.rules import GONGWEN
from zhengwu.documents.models import Clearance, NumberPrefix
from zhengwu.org import demo as _org_demo  # noqa: F401  (registered first: the posts must exist)
from zhengwu.org.models import Post
from zhengwu.org.rules import LEADER_KINDS, OFFICE_DIRECTOR_KINDS
from zhengwu.rulebook.profile import load_profile

# 机关代字 of the seed governments, as their published documents print them (government, office).
PREFIXES = {
    "dawa-2017": ("大政发", "大政办发"),
    "dalian-2014": ("大政发", "大政办发"),
    "wuhai-hainan-2023": ("海南政发", "海南政办发"),
    "xishi-2024": ("营西政发", "营西政办发"),
}


def seed_documents(uow: UnitOfWork, tenant: Tenant, created: bool) -> list[DemoLogin]:
    if not created or tenant.profile_id not in PREFIXES:
        return []
    profile = load_profile(tenant.profile_id)
    government, office = PREFIXES[tenant.profile_id]
    # Seeding runs as the system: no post lookup is needed, the rows are written directly.
    uow.session.add_all([
        NumberPrefix(tenant_id=tenant.id, issuer="government", prefix=government,
                     issuer_mark=f"{profile.name}文件", authority=profile.name),
        NumberPrefix(tenant_id=tenant.id, issuer="office", prefix=office,
                     issuer_mark=f"{profile.name}办公室文件", authority=f"{profile.name}办公室"),
    ])
    holders = uow.session.execute(select(Post.holder_id).where(
        Post.tenant_id == tenant.id, Post.kind.in_((*LEADER_KINDS, *OFFICE_DIRECTOR_KINDS)),
        Post.holder_id.is_not(None))).scalars()
    uow.session.add_all([Clearance(tenant_id=tenant.id, user_id=h, level="top_secret") for h in set(holders)])
    uow.session.flush()
    uow.record("document.set_prefix", object_type="number_prefix", after={"government": government, "office": office},
               cite=f"{GONGWEN}:25.2")
    return []


add_demo_seeder(seed_documents)
