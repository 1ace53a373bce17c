"""REST API of the supervision ledger."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from zhengwu.web.beijing import BeijingJSONResponse
from pydantic import Field

from zhengwu.calendar import deadline_fields
from zhengwu.core import paging
from zhengwu.supervision import service
from zhengwu.web.api import ERRORS, Out
from zhengwu.web.context import ApiContext, ApiCtx
from zhengwu.core.text import Input

router = APIRouter(prefix="/api/tenants/{tenant}/supervision", tags=["督查台账"], responses=ERRORS)


class TaskIn(Input):
    source: str = Field(description="work_report | npc_proposal | cppcc_proposal | meeting_resolution | instruction")
    reference: str = Field("", max_length=100, description="文号或编号")
    title: str = Field(min_length=1)
    department_id: int
    person: str = Field(min_length=1, max_length=100)
    deadline: date | None = None
    workdays: int | None = Field(None, ge=1, description="自今日起的工作日数（不给 deadline 时）")


class ReportIn(Input):
    text: str = Field(min_length=1)
    milestone_id: int | None = None
    version: int = Field(description="客户端所见的督办事项版本；与当前版本不符时返回 409")


class CloseIn(Input):
    report: str = Field(min_length=1)
    version: int = Field(description="客户端所见的版本；与当前版本不符时返回 409")


class PlansCallIn(Input):
    year: int = Field(ge=2000, le=2100, description="重点工作安排所属年度（下一年度）")


class PlanIn(Input):
    text: str = Field(min_length=1, description="下一年度重点工作安排")
    version: int = Field(description="客户端所见的年度重点工作安排版本；与当前版本不符时返回 409")


class ResolutionReportIn(Input):
    text: str = Field("", description="报告说明；各项数字由台账统计")


class FieldworkIn(Input):
    place: str = Field(min_length=1, max_length=200, description="调研或现场办公的地点、单位")
    report: str = Field(min_length=1, description="调研报告或工作报告")
    on: date | None = Field(None, description="日期（默认今天）")


class MilestoneIn(Input):
    title: str = Field(min_length=1)
    due: date
    version: int = Field(description="客户端所见的督办事项版本；与当前版本不符时返回 409")


class TaskOut(Out):
    id: int
    source: str
    source_id: str | None = None
    title: str
    department_id: int
    person: str
    deadline: date | None
    state: str
    closed_on: date | None
    cite: str | None
    version: int


class LedgerRowOut(TaskOut):
    number: int = Field(description="台账编号")
    department: str
    standing: str = Field(description="今日状态代码")
    standing_label: str = Field(description="今日状态（中文）")
    workdays_left: int | None
    progress: str = Field(description="最近的办理进展")


class PerformanceOut(Out):
    department: str
    on_time: int
    late: int
    open: int
    overdue: int


class MilestoneOut(Out):
    id: int
    title: str
    due: date
    task_version: int = Field(description="督办事项的新版本（下一次修改时提交）")


class ProgressOut(Out):
    id: int
    on: date
    text: str
    task_version: int = Field(description="督办事项的新版本（下一次修改时提交）")


def _row(row: service.Row) -> dict:
    return {**row.task.summary(), **deadline_fields("deadline", row.task.deadline), "number": row.number, "department": row.department,
            "standing": row.standing.code, "standing_label": row.standing.label,
            "workdays_left": row.standing.workdays_left, "progress": row.progress}


@router.get("/tasks", summary="督查台账（含每项今日的提醒、逾期状态）",
            response_model=list[LedgerRowOut], description="按编号顺序，一页至多 200 条（limit，默认 50）；响应头 X-Next-After 为下一页的 after，"
                        "X-Total-Count 为总数（超过 1000 记为 1000+）。")
def ledger(tenant: str, ctx: ApiContext = ApiCtx, after: int | None = None, limit: int = paging.PAGE_SIZE):
    found = ctx.tenant(tenant)
    ctx.authorize("supervision.view", found)
    today = ctx.today
    with ctx.db.read() as session:
        rows = service.ledger_page(session, found.id, today, after=after, limit=limit)
        return BeijingJSONResponse(jsonable_encoder([_row(r) for r in rows]), headers=paging.headers(rows))


@router.get("/performance", response_model=list[PerformanceOut], summary="各责任单位在期间内到期事项的按时办结、逾期办结、未办结数")
def performance(tenant: str, start: date, end: date, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("supervision.view", found)
    today = ctx.today
    with ctx.db.read() as session:
        return [{"department": name, "on_time": f.on_time, "late": f.late, "open": f.open, "overdue": f.overdue}
                for name, f in service.performance(session, found.id, start, end, today)]


@router.post("/tasks", status_code=201, response_model=TaskOut, summary="督办立项（政府工作报告、人大建议、政协提案等）")
def enter_task(tenant: str, body: TaskIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("supervision.manage", lambda uow: service.enter_task(uow, **body.model_dump()).summary(),
                      tenant=found, status_code=201)


@router.post("/tasks/{task_id}/milestones", status_code=201, response_model=MilestoneOut, summary="设置办理节点")
def add_milestone(tenant: str, task_id: int, body: MilestoneIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def run(uow):
        row = service.add_milestone(uow, task_id=task_id, title=body.title, due=body.due, expected_version=body.version)
        return {"id": row.id, "title": row.title, "due": row.due.isoformat(),
                "task_version": service.get_task(uow.session, uow.tenant_id, task_id).version}
    return ctx.mutate("supervision.manage", run, tenant=found, status_code=201)


@router.post("/tasks/{task_id}/reports", status_code=201, response_model=ProgressOut, summary="报告办理进展")
def report(tenant: str, task_id: int, body: ReportIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def run(uow):
        row = service.report_progress(uow, task_id=task_id, text=body.text, milestone_id=body.milestone_id,
                                      expected_version=body.version)
        return {"id": row.id, "on": row.on.isoformat(), "text": row.text,
                "task_version": service.get_task(uow.session, uow.tenant_id, task_id).version}
    return ctx.mutate("supervision.report", run, tenant=found, status_code=201)


@router.post("/tasks/{task_id}/close", response_model=TaskOut, summary="办结（逾期办结照收并标记）")
def close(tenant: str, task_id: int, body: CloseIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("supervision.report", lambda uow: service.close_task(
        uow, task_id=task_id, report=body.report, expected_version=body.version).summary(), tenant=found)


class PeriodicReportOut(Out):
    id: int
    kind: str = Field(description="annual_plan：下一年度重点工作安排；resolution_report：会议决定事项落实情况报告；fieldwork：基层调研")
    department_id: int | None
    period: str
    due: date | None
    cite: str | None
    submitted_on: date | None
    late: bool
    text: str
    figures: dict
    version: int


class PeriodicPageOut(Out):
    items: list[PeriodicReportOut]
    next_after: int | None
    total: int
    total_capped: bool


class PlansCalledOut(Out):
    items: list[PeriodicReportOut]


class ShortfallOut(Out):
    leader: str
    week: str
    visits: int


class ShortfallsOut(Out):
    items: list[ShortfallOut]


@router.get("/periodic-reports", response_model=PeriodicPageOut, summary="定期报告：各部门下一年度重点工作安排、会议决定事项落实情况报告")
def periodic_reports(tenant: str, kind: str = "annual_plan", ctx: ApiContext = ApiCtx, after: int | None = None,
                     limit: int | None = None):
    found = ctx.tenant(tenant)
    ctx.authorize("supervision.view", found)
    with ctx.db.read() as session:
        return service.periodic_reports(session, found.id, kind, after=after, limit=limit).as_json(lambda r: r.summary())


@router.post("/plans", status_code=201, response_model=PlansCalledOut, summary="通知各部门提交下一年度重点工作安排（年底前）")
def call_for_plans(tenant: str, body: PlansCallIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("supervision.call_for_plans", lambda uow: {
        "items": [r.summary() for r in service.call_for_plans(uow, year=body.year)]}, tenant=found, status_code=201)


@router.post("/plans/{report_id}", response_model=PeriodicReportOut, summary="部门提交下一年度重点工作安排")
def submit_plan(tenant: str, report_id: int, body: PlanIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("supervision.submit_plan", lambda uow: service.submit_plan(
        uow, report_id=report_id, text=body.text, expected_version=body.version).summary(), tenant=found)


@router.post("/resolution-reports", status_code=201, response_model=PeriodicReportOut, summary="向政府领导同志报告会议决定事项落实情况")
def report_resolutions(tenant: str, body: ResolutionReportIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("supervision.report_resolutions", lambda uow: service.report_resolutions(
        uow, text=body.text).summary(), tenant=found, status_code=201)


@router.post("/fieldwork", status_code=201, response_model=PeriodicReportOut, summary="政府领导同志登记基层调研或现场办公（附调研报告）")
def record_fieldwork(tenant: str, body: FieldworkIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("supervision.fieldwork", lambda uow: service.record_fieldwork(
        uow, place=body.place, report=body.report, on=body.on).summary(), tenant=found, status_code=201)


@router.get("/fieldwork/shortfalls", response_model=ShortfallsOut, summary="近四周基层调研次数少于规定的领导同志")
def fieldwork_shortfalls(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("supervision.view", found)
    with ctx.db.read() as session:
        return {"items": [{"leader": s.leader, "week": s.week, "visits": s.visits}
                          for s in service.fieldwork_shortfalls(session, found.id, ctx.today)]}
