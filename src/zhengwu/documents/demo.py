"""Demo documents setup for `zhengwu serve --demo`: each demo government's 机关代字 (大政发,
大政办发 …) and 红头, clearance for its leaders and office director to read classified
documents, and two documents in flight so the pages are not empty: a 请示 from the 财政局
waiting for the office to route it, and a normative notice drafted by the 住房和城乡建设局 at
its countersign with the 财政局, and — where the text sets a report deadline — a 批示件
waiting for the 住建局's report. All go through the real use cases, acting as the department
heads, so the demo shows the audit trail a real office would leave. Runs after the demo org
(it needs the posts and people)."""

from __future__ import annotations

from sqlalchemy import select

from zhengwu.calendar import default_calendar
from zhengwu.core.tenants import Tenant, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.users import User
from zhengwu.demo import DemoLogin
from zhengwu.documents import countersigning, drafting, intake, signing
from zhengwu.documents.rules import GONGWEN
from zhengwu.documents.models import Clearance, NumberPrefix
from zhengwu.org.models import Department, Post
from zhengwu.org.rules import LEADER_KINDS, OFFICE_DIRECTOR_KINDS
from zhengwu.rulebook import provenance
from zhengwu.rulebook.profile import load_profile

# 机关代字 of the seed governments, as their published documents print them (government, office).
PREFIXES = {
    "dawa-2017": ("大政发", "大政办发"),
    "dalian-2014": ("大政发", "大政办发"),
    "wuhai-hainan-2023": ("海南政发", "海南政办发"),
    "xishi-2024": ("营西政发", "营西政办发"),
    # 卧龙's text (cut off in article 30) names no 机关代字 and no document chapter: the demo uses
    # the form of 南阳's own numbers (宛政 …) for the district; its office sets the real one on
    # the 公文 page. What it may issue and who signs come from the default rows, marked so.
    "wolong-2018": ("宛龙政", "宛龙政办"),
}


def seed_documents(uow: TenantWork, tenant: Tenant, created: bool) -> list[DemoLogin]:
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
    _documents_in_flight(uow, tenant)
    return []


def _as(uow: TenantWork, user_id: int, action: str) -> TenantWork:
    """The same transaction, acting as another demo person (each step audited under their name)."""
    return TenantWork(uow.session, uow.session.get_one(User, user_id).actor, uow.tenant_id, uow.now, action)


def _department(uow: TenantWork, tenant: Tenant, name: str) -> tuple[int, int]:
    """A demo department's id and its head's user id."""
    department = uow.session.execute(select(Department).where(
        Department.tenant_id == tenant.id, Department.name.endswith(name))).scalar_one()
    head = uow.session.execute(select(Post.holder_id).where(
        Post.tenant_id == tenant.id, Post.department_id == department.id, Post.kind == "department_head")).scalar_one()
    if head is None:  # the org demo staffs every department it names
        raise LookupError(f"demo department {department.id} has no head")
    return department.id, head


def _documents_in_flight(uow: TenantWork, tenant: Tenant) -> None:
    finance, finance_head = _department(uow, tenant, "财政局")
    housing, housing_head = _department(uow, tenant, "住房和城乡建设局")
    # A month of working days ahead: well past every profile's lead time for a 请示.
    needed_by = default_calendar().add_workdays(uow.today, 20)
    intake.submit_incoming(
        _as(uow, finance_head, "document.submit"), department_id=finance, doc_type="request",
        title="关于申请拨付农村公路养护专项资金的请示", decision_needed_by=needed_by,
        body="为做好全区农村公路养护工作，拟申请拨付专项资金930万元，用于县乡道路面修复和桥梁维护。妥否，请批示。")
    draft = drafting.create_draft(
        _as(uow, housing_head, "document.draft"), issuer="government", doc_type="notice", normative=True,
        department_id=housing, title="关于印发老旧小区改造管理办法的通知", main_recipients="各街道办事处，政府各部门",
        body="现将《老旧小区改造管理办法》印发给你们，请认真贯彻执行。\n本办法自印发之日起施行。",
        touches_department_ids=(finance,))
    countersigning.open_countersign(_as(uow, housing_head, "document.countersign_open"), doc_id=draft.id,
                                    department_ids=[finance], mode="parallel", expected_version=draft.version)
    if provenance.rule(profile_on(uow.session, tenant.id, uow.today), "documents.instruction_report_days").value is not None:
        _instruction_awaiting_report(uow, tenant, housing, housing_head, needed_by)
    _awaiting_signature(uow, tenant, housing)


def _awaiting_signature(uow: TenantWork, tenant: Tenant, housing: int) -> None:
    """Two reports the office sent for signing: the leaders' 待我签批 holds work to take one by
    one or together (批量签批)."""
    office = uow.session.execute(select(User.id).join(Post, Post.holder_id == User.id).where(
        Post.tenant_id == tenant.id, Post.kind.in_(OFFICE_DIRECTOR_KINDS)).order_by(Post.rank, Post.id).limit(1)).scalar_one()
    for title in ("关于全区住房公积金归集情况的报告", "关于全区保障性住房建设进展情况的报告"):
        report = drafting.create_draft(
            _as(uow, office, "document.draft"), issuer="government", doc_type="report", department_id=housing,
            title=title, main_recipients="市人民政府", body="现将有关情况报告如下。\n特此报告。")
        uow.session.flush()  # the version the office sends for signing is the one written
        signing.send_for_signing(_as(uow, office, "document.send_for_signing"), doc_id=report.id,
                                 expected_version=report.version)


def _instruction_awaiting_report(uow: TenantWork, tenant: Tenant, department: int, head: int, needed_by) -> None:
    """A 批示件 whose report is due (where the text sets a report deadline): routed by the
    office, instructed by the overseeing leader, waiting for the department's report."""
    office = uow.session.execute(select(Post.holder_id).where(
        Post.tenant_id == tenant.id, Post.kind.in_(OFFICE_DIRECTOR_KINDS), Post.holder_id.is_not(None))).scalars().first()
    if office is None:  # nobody directs the office: nobody routes the 批示件
        return
    doc = intake.submit_incoming(
        _as(uow, head, "document.submit"), department_id=department, doc_type="request",
        title="关于老旧小区加装电梯试点的请示", decision_needed_by=needed_by,
        body="拟在3个老旧小区开展加装电梯试点，所需资金由住户和财政共同承担。妥否，请批示。")
    doc = intake.route(_as(uow, office, "document.route"), doc_id=doc.id, expected_version=doc.version)
    if doc.routed_to_id is None:  # route names a leader or refuses
        return
    intake.instruct(_as(uow, doc.routed_to_id, "document.instruct"), doc_id=doc.id, opinion="handle",
                     text="请住建局抓紧研究，按期报告办理结果。", asks_report=True, handler_department_id=department,
                     handler="住建局办公室", expected_version=doc.version)
