"""Demo org for `zhengwu serve --demo`: plausible (invented) people in every post of each demo
government, with the government's own titles (张区长 / 张市长), departments and a township,
portfolios, and AB角 or 补位 pairs where the profile has them."""

from __future__ import annotations

from zhengwu.core import users
from zhengwu.core.tenants import Tenant, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.demo import DemoLogin, demo_user
from zhengwu.org import rules, service

# (login suffix, surname, post kind); titles come from the profile.
LEADERS = (
    ("head", "张", "head"),
    ("exec", "李", "executive_deputy"),
    ("dep1", "王", "deputy"),
    ("dep2", "刘", "deputy"),
    ("dep3", "陈", "deputy"),
)
# (login suffix, surname, department name, department kind, post title, overseeing deputy login)
DEPARTMENTS = (
    ("czj", "周", "财政局", "department", "局长", "exec"),
    ("rsj", "吴", "人力资源和社会保障局", "department", "局长", "exec"),
    ("sfj", "郑", "司法局", "department", "局长", "dep2"),
    ("zrj", "冯", "自然资源局", "department", "局长", "dep1"),
    ("zjj", "钱", "住房和城乡建设局", "department", "局长", "dep1"),
    ("jd", "杨", "新城街道办事处", "township", "主任", "dep3"),
)
# The pairs of deputies who cover for each other, where the profile has AB角 or 补位.
PAIRS = (("dep1", "dep2"), ("exec", "dep3"))
# One office clerk works in every demo government: a user may hold posts in several tenants.
CLERK = ("sun", "孙秘书")


def _person(uow: TenantWork, tenant: Tenant, username: str, display_name: str) -> users.User:
    user = demo_user(uow, username, display_name)
    users.add_membership(uow, user, tenant)
    return user


def seed_org(uow: TenantWork, tenant: Tenant, created: bool) -> list[DemoLogin]:
    profile = profile_on(uow.session, tenant.id, uow.today)
    office_kind = "secretary_general" if "secretary_general" in profile.posts else "office_director"
    prefix = "市" if profile.level == "city" else "区"
    logins: list[DemoLogin] = []

    def login(suffix: str, name: str, role: str) -> str:
        username = f"{tenant.slug}.{suffix}"
        logins.append(DemoLogin(tenant.slug, username, name, role))
        return username

    posts = {}
    for rank, (suffix, surname, kind) in enumerate(LEADERS):
        post_title = rules.title(profile, kind)
        # The executive deputy is addressed as 副区长 like the others: 李副区长.
        name = surname + (rules.title(profile, "deputy") if kind in rules.DEPUTY_KINDS else post_title)
        username = login(suffix, name, post_title)
        if created:
            user = _person(uow, tenant, username, name)
            posts[suffix] = service.create_post(uow, kind=kind, holder_id=user.id, rank=rank)
    office_title = rules.title(profile, office_kind)
    office_name = "赵" + ("秘书长" if office_kind == "secretary_general" else "主任")
    username = login("office", office_name, office_title)
    clerk_name, clerk_display = CLERK
    logins.append(DemoLogin(tenant.slug, clerk_name, clerk_display, "政府办公室工作人员（五个单位均任职），可代领导报请假"))
    if "supervision_office" in profile.posts:
        login("dcs", "何主任", f"{rules.title(profile, 'supervision_office')}主任")
    # The office's deputy where the text gives it a step (海南区 62: 办公室副主任审核).
    deputy_kind = next((k for k in ("deputy_office_director", "deputy_secretary_general") if k in profile.posts), None)
    deputy_name = "钱副秘书长" if deputy_kind == "deputy_secretary_general" else "钱副主任"
    if deputy_kind:
        login("office2", deputy_name, rules.title(profile, deputy_kind))
    for suffix, surname, department, kind, head_title, _overseer in DEPARTMENTS:
        unit_name = f"{prefix}{department}" if kind == "department" else department
        login(suffix, f"{surname}{head_title}", f"{unit_name}{head_title}")
    if not created:
        return logins

    office = service.create_department(uow, name=rules.title(profile, "office"), kind="office")
    user = _person(uow, tenant, username, office_name)
    service.create_post(uow, kind=office_kind, department_id=office.id, holder_id=user.id, rank=10)
    clerk = _person(uow, tenant, clerk_name, clerk_display)
    service.create_post(uow, kind="office_clerk", title=f"{rules.title(profile, 'office')}秘书科科员",
                        department_id=office.id, holder_id=clerk.id, rank=12)
    if deputy_kind:
        user = _person(uow, tenant, f"{tenant.slug}.office2", deputy_name)
        service.create_post(uow, kind=deputy_kind, department_id=office.id, holder_id=user.id, rank=11)
    if "supervision_office" in profile.posts:
        user = _person(uow, tenant, f"{tenant.slug}.dcs", "何主任")
        service.create_post(uow, kind="supervision_office", title=f"{rules.title(profile, 'supervision_office')}主任",
                            department_id=office.id, holder_id=user.id, rank=11)
    for rank, (suffix, surname, department, kind, head_title, overseer) in enumerate(DEPARTMENTS, start=20):
        unit = service.create_department(uow, name=f"{prefix}{department}" if kind == "department" else department,
                                         kind=kind)
        user = _person(uow, tenant, f"{tenant.slug}.{suffix}", f"{surname}{head_title}")
        service.create_post(uow, kind="department_head", title=f"{unit.name}{head_title}", department_id=unit.id,
                            holder_id=user.id, rank=rank)
        service.set_portfolio(uow, department_id=unit.id, post_id=posts[overseer].id, expected_version=None)
        if suffix == "sfj":
            # The 司法局 is the government's legal office (合法性审查): its head holds that post too.
            service.create_post(uow, kind="legal_office", title=f"{unit.name}（合法性审查）", department_id=unit.id,
                                holder_id=user.id, rank=rank)
    cover = profile.acting.deputy_absent.value if profile.acting and profile.acting.deputy_absent else None
    if cover in rules.COVER_KINDS:
        for first, second in PAIRS:
            service.pair_posts(uow, kind=cover, first_post_id=posts[first].id, second_post_id=posts[second].id)
    return logins
