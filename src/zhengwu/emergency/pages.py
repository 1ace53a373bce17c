"""The emergency report page: the form whose countdown runs from the event time the reporter
types, the profile's limit and its article, and the reports with late ones flagged."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from zhengwu.calendar import CHINA_TZ
from zhengwu.core import paging
from zhengwu.core.tenants import profile_on
from zhengwu.emergency import rules, service
from zhengwu.web import forms
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_nav

router = APIRouter(include_in_schema=False)
add_nav("突发事件报告", "emergency", action="emergency.view", order=60)


@router.get("/t/{tenant}/emergency")
def emergency_page(ctx: TenantPageContext = TenantPageCtx, filed: int | None = None, after: str = ""):
    ctx.authorize("emergency.view", ctx.current_tenant)
    with ctx.db.read() as session:
        profile = profile_on(session, ctx.current_tenant.id, ctx.today)
        limit = rules.report_limit(profile)
        found = service.reports(session, ctx.current_tenant.id, after=paging.cursor(after))
    now = ctx.now.astimezone(CHINA_TZ)
    return ctx.render("emergency/report.html", limit=limit, reports=found, filed=filed,
                      now_iso=now.isoformat(), default_event=now.strftime("%Y-%m-%dT%H:%M"),
                      can_report=ctx.can("emergency.report"), kinds=rules.KINDS, elapsed=rules.elapsed,
                      major=rules.check_kind(profile, "major_situation").ok)


@router.post("/t/{tenant}/emergency")
def file_report(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("emergency.report", ctx.current_tenant) as uow:
        report = service.file_report(uow, title=forms.text(form, "title"), location=forms.text(form, "location"),
                                     description=forms.text(form, "description"),
                                     event_at=forms.moment(form, "event_at", "事件发生时间").replace(tzinfo=CHINA_TZ),
                                     kind=forms.text(form, "kind") or "emergency")
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/emergency?filed={report.id}", status_code=303)
