"""The compliance dashboard: deviations per month and the ledger's figures per department as
server-drawn bar charts, the deviation list with each article, and the .xlsx export."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.responses import Response

from zhengwu.compliance.charts import bar_chart
from zhengwu.compliance.report import DOMAINS, basis_text, compliance_overview, compliance_report
from zhengwu.core import permissions
from zhengwu.core.errors import ZhengwuError
from zhengwu.org.rules import LEADER_KINDS, OFFICE_KINDS
from zhengwu.supervision import service as supervision
from zhengwu.web.context import TenantPageContext, TenantPageCtx
from zhengwu.web.kept import kept
from zhengwu.web.shell import add_nav

router = APIRouter(include_in_schema=False)
SHOWN = 200  # deviations listed on the page; a year's can run to thousands (all of them in the .xlsx)
permissions.define("compliance.view", "查看合规报告", "政府领导、政府办公室、督查室",
                   permissions.holds(*LEADER_KINDS, *OFFICE_KINDS, "supervision_office"))
add_nav("合规报告", "compliance", action="compliance.view", order=58)


def _period(ctx: TenantPageContext, start: str | None, end: str | None) -> tuple[date, date, date]:
    today = ctx.today
    try:
        since = date.fromisoformat(start) if start else date(today.year, 1, 1)
        until = date.fromisoformat(end) if end else today
    except ValueError:
        raise ZhengwuError("期间的日期应写作 2025-01-31 的形式。", code="validation_error") from None
    if since > until:
        raise ZhengwuError("期间起始日不能晚于截止日。", code="validation_error")
    return since, until, today


@router.get("/t/{tenant}/compliance")
def compliance_page(ctx: TenantPageContext = TenantPageCtx, start: str | None = None, end: str | None = None):
    ctx.authorize("compliance.view", ctx.current_tenant)
    since, until, today = _period(ctx, start, end)
    tenant = ctx.current_tenant
    with ctx.db.read() as session:
        # The page shows the report's counts and its first rows (a year's report at a million
        # documents holds tens of thousands of late tasks: counted, not built); worked out once
        # for the data as it stands and the day, and kept until the next write (`web.kept`).
        overview, figures = kept(ctx.request.app.state, session, "compliance", tenant.id, (since, until, today), lambda: (
            compliance_overview(session, tenant, since, until, today, SHOWN),
            supervision.performance(session, tenant.id, since, until, today)))
    months = overview.by_month
    month_chart = bar_chart("各月偏差数", [m[2:] for m in months], [("偏差", list(months.values()))],
                            colours=("#b3261e",))
    department_chart = bar_chart("各单位督办事项办理情况", [name for name, _ in figures], [
        ("按时办结", [f.on_time for _, f in figures]), ("逾期办结", [f.late for _, f in figures]),
        ("未办结", [f.open for _, f in figures])]) if figures else None
    return ctx.render("compliance/dashboard.html", overview=overview, since=since, until=until, domains=DOMAINS,
                      month_chart=month_chart, department_chart=department_chart, basis_text=basis_text,
                      shown=SHOWN)


@router.get("/t/{tenant}/compliance/report.xlsx")
def compliance_export(ctx: TenantPageContext = TenantPageCtx, start: str | None = None, end: str | None = None):
    ctx.authorize("compliance.view", ctx.current_tenant)
    since, until, today = _period(ctx, start, end)
    with ctx.db.read() as session:
        body = compliance_report(session, ctx.current_tenant, since, until, today).as_xlsx()
    name = f"compliance-{since.isoformat()}-{until.isoformat()}.xlsx"
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
