"""Demo ledger: a task from the work report already past its deadline, an NPC proposal due
within days and a CPPCC proposal with time to run, so the ledger and the home panel show each
standing."""

from __future__ import annotations

from zhengwu.calendar import default_calendar
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import TenantWork
from zhengwu.demo import DemoLogin
from zhengwu.org.service import department_names
from zhengwu.supervision import service

TASKS = (
    ("work_report", "政府工作报告第3项", "完成城区老旧小区改造12个，年底前全部竣工验收", "王建国", -3),
    ("npc_proposal", "人大代表建议第8号", "关于增设城区公交线路的建议，答复代表并推动落实", "刘敏", 2),
    ("cppcc_proposal", "政协提案第15号", "关于加强农村留守老人关爱服务的提案", "陈静", 20),
)


def seed_ledger(uow: TenantWork, tenant: Tenant, created: bool) -> list[DemoLogin]:
    if not created:
        return []
    departments = list(department_names(uow.session, uow.tenant_id))[1:]  # the office is first
    calendar = default_calendar()
    today = uow.today
    cite = service.ledger_cite(uow.session, uow.tenant_id, uow.today)
    for n, (source, reference, title, person, workdays) in enumerate(TASKS):
        task = service.create_task(uow, source=source, source_id=reference, title=title,
                                   department_id=departments[n % len(departments)], person=person,
                                   deadline=calendar.add_workdays(today, workdays), cite=cite)
        if n == 0:
            service.report_progress(uow, task_id=task.id, text="已完成8个小区主体施工，4个小区正在招标。",
                                    expected_version=task.version)
    return []
