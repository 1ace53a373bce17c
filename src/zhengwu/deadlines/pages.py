"""Pages of deadlines: a tenant's 期限 list (what is pending, overdue, 暂定, moved), a home
panel of deadlines moved by the official calendar, and the operator's demo clock."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.datastructures import FormData

from zhengwu.core import paging, sessions
from zhengwu.core.verdict import RuleViolation
from zhengwu.deadlines import democlock, service
from zhengwu.deadlines.api import STATE_LABELS, kind_label
from zhengwu.web.context import CheckedForm, PageCtx, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_home_panel, add_nav
from zhengwu.web.templating import templates

router = APIRouter(include_in_schema=False)
add_nav("期限", "deadlines", action="tenant.view", order=880)


@router.get("/t/{tenant}/deadlines")
def deadlines_page(ctx: TenantPageContext = TenantPageCtx, after: str = ""):
    with ctx.db.read() as session:
        rows = service.open_deadlines(session, ctx.current_tenant.id, after=paging.cursor(after))
    return ctx.render("deadlines/list.html", rows=rows, today=ctx.today, kind_label=kind_label,
                      state_labels=STATE_LABELS, move_notes=service.move_notes)


def _moved_panel(ctx: TenantPageContext) -> Markup | None:
    with ctx.db.read() as session:
        moved = service.recently_moved(session, ctx.current_tenant.id)
    if not moved:
        return None
    return Markup(templates.env.get_template("deadlines/panel_moved.html").render(
        rows=moved, tenant=ctx.current_tenant, kind_label=kind_label, move_notes=service.move_notes))


add_home_panel(_moved_panel, order=40)


def _clock_panel(ctx: TenantPageContext) -> Markup | None:
    """The platform operator's way to the demo clock (other people never see it)."""
    if not ctx.user.is_platform_admin:
        return None
    return Markup(templates.env.get_template("deadlines/panel_clock.html").render(
        today=ctx.today, demo=democlock.is_demo(ctx.request.app.state.clock)))


add_home_panel(_clock_panel, order=990)


def _clock_page(ctx: TenantPageContext, *, result=None, error: str | None = None, status_code: int = 200):
    clock = ctx.request.app.state.clock
    ctx.authorize("platform.demo_clock", None)
    return ctx.render("deadlines/clock.html", demo=democlock.is_demo(clock), today=ctx.today, result=result,
                      error=error, not_demo=democlock.NOT_DEMO, max_workdays=democlock.MAX_WORKDAYS,
                      status_code=status_code)


@router.get("/platform/clock")
def clock_page(ctx: TenantPageContext = PageCtx):
    return _clock_page(ctx)


@router.post("/platform/clock/advance")
def advance_clock(ctx: TenantPageContext = PageCtx, form: FormData = CheckedForm):
    raw = str(form.get("workdays", "")).strip()
    if not raw.isdigit():
        return _clock_page(ctx, error="请填写要拨动的工作日数（正整数）。", status_code=422)
    try:
        result = democlock.advance(ctx.db, ctx.request.app.state.clock, ctx.actor, int(raw))
    except RuleViolation as refusal:
        return _clock_page(ctx, error="；".join(r.message for r in refusal.verdict.reasons),
                           status_code=409 if refusal.verdict.reasons[0].code == "not_demo_mode" else 422)
    # Days passed in one step: the operator's own session would otherwise look idle for days.
    with ctx.db.write() as session:
        sessions.touch(session, ctx.settings, session.merge(ctx.login.row), ctx.request.app.state.clock.now())
    return RedirectResponse(f"/platform/clock?moved={result.before.isoformat()}&fired={len(result.firings)}",
                            status_code=303)
