"""Demo data for every demo government: a decision in this year's catalogue with some steps
recorded, published items on the public portal (with an interpretation), one item waiting for
its confidentiality check, and a disclosure request on the clock."""

from __future__ import annotations

from datetime import timedelta

from zhengwu.core.tenants import Tenant, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.decisions import service as decisions
from zhengwu.demo import DemoLogin
from zhengwu.disclosure import service
from zhengwu.disclosure.rules import Application


def seed(uow: TenantWork, tenant: Tenant, just_created: bool) -> list[DemoLogin]:
    if not just_created:
        return []
    today = uow.today
    decision = decisions.register_decision(uow, year=today.year, title="城区老旧小区改造三年行动方案",
                                           lead_department="住房和城乡建设局", touches_public_interest=True)
    decision = decisions.list_in_catalog(uow, decision.id, decision.version, today - timedelta(days=60))
    decision = decisions.record_step(uow, decision.id, decision.version, step="public_participation",
                                     done_on=today - timedelta(days=10), evidence="公开征求意见情况汇总",
                                     opened_on=today - timedelta(days=45), closed_on=today - timedelta(days=12))
    decisions.record_step(uow, decision.id, decision.version, step="expert_review",
                          done_on=today - timedelta(days=8), evidence="专家论证会纪要")
    meetings = profile_on(uow.session, tenant.id, today).meetings
    kinds = meetings.types.value if meetings and meetings.types else []
    meeting = "executive" if "executive" in kinds else next(iter(kinds), None)  # a profile without meetings
    resolution = service.submit(uow, kind="resolution", title="关于推进老旧小区改造工作的议定事项",
                                formed_on=today - timedelta(days=3), meeting_kind=meeting, source_ref="常务会议纪要",
                                body="会议原则同意城区老旧小区改造三年行动方案，由住房和城乡建设局牵头组织实施。")
    policy = service.submit(uow, kind="policy", title="关于进一步稳定和扩大就业的若干措施",
                            formed_on=today - timedelta(days=2), source_ref="政发〔%d〕3号" % today.year,
                            body="从企业吸纳就业补贴、重点群体帮扶、技能培训等方面提出十条措施。",
                            interpretation="一图读懂：哪些企业可以申领吸纳就业补贴、如何申请、何时到账。")
    for item in (resolution, policy):
        item = service.check_confidentiality(uow, item.id, item.version, cleared=True)
        service.publish(uow, item.id, item.version)
    service.submit(uow, kind="resolution", title="关于城区供热价格调整的议定事项", formed_on=today - timedelta(days=1),
                   meeting_kind=meeting, source_ref="常务会议纪要")
    service.file_request(uow, Application(applicant="张三", identity_type="resident_id", identity_number="210102198001011234", contact="13800000000", description="本区老旧小区改造项目清单及资金安排", medium="paper", delivery="post"))
    return []
