"""The supervision ledger page (督查台账): reminders and overdue flags, the ledger with its
progress reports, the per-department figures, inspections and the rectification list; the
.xlsx export the office prints; the home panel of what is near or past its deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData

from zhengwu.core import paging
from zhengwu.core.tenants import profile_on
from zhengwu.org.rules import LEADER_KINDS
from zhengwu.org.service import department_names, load_state
from zhengwu.rulebook.provenance import rule_cite
from zhengwu.supervision import rules, service
from zhengwu.supervision.export import ledger_xlsx
from zhengwu.web import forms
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_home_panel, add_nav
from zhengwu.web.templating import templates

router = APIRouter(include_in_schema=False)
add_nav("督查台账", "supervision", action="supervision.view", order=55)


def _period(today: date, start: str | None, end: str | None) -> tuple[date, date]:
    """The figures' period: the year so far unless the page asks for another."""
    return (date.fromisoformat(start) if start else date(today.year, 1, 1),
            date.fromisoformat(end) if end else date(today.year, 12, 31))


@router.get("/t/{tenant}/supervision")
def ledger_page(ctx: TenantPageContext = TenantPageCtx, start: str | None = None, end: str | None = None, after: str = "",
                plans_after: str = ""):
    ctx.authorize("supervision.view", ctx.current_tenant)
    today = ctx.today
    since, until = _period(today, start, end)
    tenant_id = ctx.current_tenant.id
    # The page is drawn after the read ends: the shell's 待办 and 通知 badges read in sessions of
    # their own, and a request holding two connections at once deadlocks the pool under load.
    with ctx.db.read() as session:
        profile = profile_on(session, tenant_id, today)
        follow_up, follow_cite = rules.follow_up_required(profile)
        shown: dict[str, Any] = dict(
            today=today, rows=service.ledger_page(session, tenant_id, today, after=paging.cursor(after)),
            reminders=service.reminders(session, tenant_id, today),
            figures=service.performance(session, tenant_id, since, until, today), since=since, until=until,
            rectifications=service.rectification_list(session, tenant_id, today), follow_up=follow_up,
            follow_cite=follow_cite, departments=department_names(session, tenant_id),
            ledger_cite=service.ledger_cite(session, tenant_id, today), sources=rules.SOURCES,
            entered=rules.ENTERED_SOURCES, can_manage=ctx.can("supervision.manage"),
            can_report=ctx.can("supervision.report"),
            # Reports and closing are offered on the tasks of the units this person answers for.
            my_units=service.units_answered_for(session, tenant_id, ctx.user.id, ctx.standing.posts, ctx.now),
            plans=service.periodic_reports(session, tenant_id, "annual_plan", after=paging.cursor(plans_after)),
            plans_rule=rules.plans_due(profile, today.year + 1),
            reports=service.periodic_reports(session, tenant_id, "resolution_report", limit=12),
            reports_rule=rule_cite(profile, rules.REPORTS_KEY) if rules.next_report_due(profile, today, None) else None,
            report_due=service.resolution_report_due(session, tenant_id, today), cadence_note=rules.REPORT_CADENCE_NOTE,
            my_departments={s.department_id for s in load_state(session, tenant_id).seats if s.holder_id == ctx.user.id},
            fieldwork_rule=rules.fieldwork_minimum(profile), fieldwork_short=service.fieldwork_shortfalls(session, tenant_id, today),
            can_fieldwork=ctx.can("supervision.fieldwork"), week_start=_week_start)
    return ctx.render("supervision/ledger.html", **shown)


@router.get("/t/{tenant}/supervision/ledger.xlsx")
def ledger_export(ctx: TenantPageContext = TenantPageCtx):
    ctx.authorize("supervision.view", ctx.current_tenant)
    today = ctx.today
    with ctx.db.read() as session:
        body = ledger_xlsx(ctx.current_tenant.name, service.ledger(session, ctx.current_tenant.id, today), today)
    name = f"supervision-ledger-{today.isoformat()}.xlsx"
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _back(ctx: TenantPageContext, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/supervision{anchor}", status_code=303)


@router.post("/t/{tenant}/supervision/tasks")
def enter_task(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    workdays = forms.text(form, "workdays")
    with ctx.unit_of_work("supervision.manage", ctx.current_tenant) as uow:
        service.enter_task(uow, source=forms.text(form, "source"), reference=forms.text(form, "reference"),
                           title=forms.text(form, "title"), department_id=forms.integer(form, "department_id", "责任单位"),
                           person=forms.text(form, "person"),
                           deadline=forms.day(form, "deadline", "办理时限", required=False),
                           workdays=forms.integer(form, "workdays", "工作日数") if workdays else None)
    return _back(ctx)


@router.post("/t/{tenant}/supervision/tasks/{task_id}/report")
def report(task_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("supervision.report", ctx.current_tenant) as uow:
        if form.get("final"):
            service.close_task(uow, task_id=task_id, report=forms.text(form, "text"),
                               expected_version=forms.integer(form, "version", "版本"))
        else:
            service.report_progress(uow, task_id=task_id, text=forms.text(form, "text"),
                                    expected_version=forms.integer(form, "version", "版本"))
    return _back(ctx, f"#task-{task_id}")


@router.post("/t/{tenant}/supervision/tasks/{task_id}/person")
def assign_person(task_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("supervision.manage", ctx.current_tenant) as uow:
        service.assign_person(uow, task_id=task_id, person=forms.text(form, "person"),
                              expected_version=forms.integer(form, "version", "版本"))
    return _back(ctx, f"#task-{task_id}")


@router.post("/t/{tenant}/supervision/inspections")
def inspect(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    due = forms.day(form, "due", "整改时限")
    problems = [(line, due) for line in forms.text(form, "problems").splitlines() if line.strip()]
    with ctx.unit_of_work("supervision.manage", ctx.current_tenant) as uow:
        service.inspect(uow, department_id=forms.integer(form, "department_id", "督查对象"),
                        matter=forms.text(form, "matter"), problems=problems)
    return _back(ctx, "#rectification")


@router.post("/t/{tenant}/supervision/rectifications/{item_id}/close")
def close_rectification(item_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("supervision.manage", ctx.current_tenant) as uow:
        service.close_rectification(uow, item_id=item_id, evidence=forms.text(form, "evidence"),
                                    expected_version=forms.integer(form, "version", "版本"))
    return _back(ctx, "#rectification")


@router.post("/t/{tenant}/supervision/rectifications/{item_id}/recheck")
def recheck(item_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("supervision.manage", ctx.current_tenant) as uow:
        service.recheck(uow, item_id=item_id, holds=form.get("holds") == "yes", note=forms.text(form, "note"),
                        expected_version=forms.integer(form, "version", "版本"))
    return _back(ctx, "#rectification")


def _week_start(week: str) -> date:
    """「2024-W10」 → the Monday it starts on, as the page shows a week."""
    return date.fromisocalendar(int(week[:4]), int(week[6:]), 1)


@router.post("/t/{tenant}/supervision/fieldwork")
def record_fieldwork(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("supervision.fieldwork", ctx.current_tenant) as uow:
        service.record_fieldwork(uow, place=forms.text(form, "place"), report=forms.text(form, "report"),
                                 on=forms.day(form, "on", "调研日期", required=False))
    return _back(ctx, "#fieldwork")


@router.post("/t/{tenant}/supervision/plans")
def call_for_plans(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("supervision.call_for_plans", ctx.current_tenant) as uow:
        service.call_for_plans(uow, year=forms.integer(form, "year", "年度"))
    return _back(ctx, "#plans")


@router.post("/t/{tenant}/supervision/plans/{report_id}")
def submit_plan(report_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("supervision.submit_plan", ctx.current_tenant) as uow:
        service.submit_plan(uow, report_id=report_id, text=forms.text(form, "text"),
                            expected_version=forms.integer(form, "version", "版本"))
    return _back(ctx, f"#plan-{report_id}")


@router.post("/t/{tenant}/supervision/resolution-reports")
def report_resolutions(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("supervision.report_resolutions", ctx.current_tenant) as uow:
        service.report_resolutions(uow, text=forms.text(form, "text"))
    return _back(ctx, "#resolution-reports")


def _reminder_panel(ctx: TenantPageContext) -> Markup | None:
    # The government's leaders and the ledger's keepers oversee the whole ledger from here; a
    # responsible unit finds its own tasks in 我的待办 (supervision/todo.py), not every unit's.
    if not ctx.can("supervision.view") or not (ctx.standing.posts & set(LEADER_KINDS)
                                               or ctx.can("supervision.manage")):
        return None
    today = ctx.today
    with ctx.db.read() as session:
        rows = service.reminders(session, ctx.current_tenant.id, today)
    if not rows:
        return None
    return Markup(templates.env.get_template("supervision/panel_reminders.html").render(
        ctx=ctx, tenant=ctx.current_tenant, rows=rows))


add_home_panel(_reminder_panel, order=12)
