"""The org's pages: the org chart with portfolios, leave request and approval, and the home-page
panels (my pending approvals, my leave, who is acting for whom today)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.datastructures import FormData

from zhengwu.core import paging, permissions
from zhengwu.core.errors import NotFound
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.org import rules, service
from zhengwu.rulebook.provenance import rule_of
from zhengwu.web import forms
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_home_panel, add_nav
from zhengwu.web.templating import templates

router = APIRouter(include_in_schema=False)
LOCAL = ZoneInfo("Asia/Shanghai")

add_nav("组织机构", "org", action="org.view", order=100)
add_nav("请销假", "leave", action="leave.view", order=110)


def _local(value: str) -> datetime | None:
    """A `datetime-local` form value, read in Beijing time."""
    try:
        return datetime.fromisoformat(value).replace(tzinfo=LOCAL)
    except ValueError:
        return None


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


@router.get("/t/{tenant}/org")
def org_page(ctx: TenantPageContext = TenantPageCtx):
    tenant = ctx.current_tenant
    ctx.authorize("org.view", tenant)
    with ctx.db.read() as session:
        chart = service.org_chart(session, tenant)
        acting = service.acting_today(session, tenant, ctx.now)
    profile = ctx.profile
    leaders = [p for p in chart["posts"] if p["kind"] in rules.LEADER_KINDS]
    others = [p for p in chart["posts"] if p["kind"] not in rules.LEADER_KINDS]
    overseer = {name: p for p in leaders for name in p["oversees"]}
    cover = profile.acting.deputy_absent if profile.acting else None
    return ctx.render("org/org.html", leaders=leaders, others=others, departments=chart["departments"],
                      overseer=overseer, acting=acting, cover=cover,
                      cover_cite=rule_of(profile, cover).cite)


def _leave_page(ctx: TenantPageContext, *, error: RuleViolation | None = None, status_code: int = 200, form=None,
                after: str = "", mine_after: str = ""):
    tenant = ctx.current_tenant
    ctx.authorize("leave.view", tenant)
    with ctx.db.read() as session:
        describe = lambda rows: service.describe_leaves(session, tenant, rows)  # noqa: E731
        pending = describe(service.pending_for(session, tenant, ctx.user.id, ctx.now))
        mine_page = service.leaves(session, tenant, requester_id=ctx.user.id, after=paging.cursor(mine_after))
        everyone_page = service.leaves(session, tenant, after=paging.cursor(after))
        mine, everyone = describe(mine_page), describe(everyone_page)
        posts = service.posts(session, tenant.id)
        who = service.people(session, tenant.id)
    office = bool(ctx.standing.posts & set(rules.OFFICE_KINDS))
    own = [p for p in posts if p.holder_id == ctx.user.id]
    # The office files for the leaders; everyone else for their own posts.
    choices = own + [p for p in posts if office and p.holder_id not in (None, ctx.user.id)
                     and p.kind in (*rules.LEADER_KINDS, "department_head")]
    deputies = [p for p in posts if p.kind in rules.DEPUTY_KINDS]
    # Leaves whose approver may name another deputy to act (西市 「由区长安排」, 海南区 「其他副区长」).
    profile = ctx.profile
    kinds = {p.id: p.kind for p in posts}
    assignable = {lv["id"] for lv in pending if rules.designation_exception(profile, kinds[lv["post_id"]])}
    return ctx.render("org/leave.html", status_code=status_code, pending=pending, mine=mine, everyone=everyone,
                      mine_page=mine_page, everyone_page=everyone_page,
                      choices=choices, who=who, deputies=deputies, occasions=service.OCCASION_LABELS,
                      error=error, form=form or {}, can_designate=_head_designates(ctx), assignable=assignable)


def _head_designates(ctx: TenantPageContext) -> bool:
    acting = ctx.profile.acting
    return bool(acting and acting.head_absent and "designated_deputy" in acting.head_absent.value)


@router.get("/t/{tenant}/leave")
def leave_page(ctx: TenantPageContext = TenantPageCtx, after: str = "", mine_after: str = ""):
    return _leave_page(ctx, after=after, mine_after=mine_after)


def _act(ctx: TenantPageContext, action: str, use_case, form: FormData):
    try:
        with ctx.unit_of_work(action, ctx.current_tenant) as uow:
            use_case(uow)
    except RuleViolation as refusal:
        return _leave_page(ctx, error=refusal, status_code=getattr(refusal, "status", 422), form=form)
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/leave", status_code=303)


@router.post("/t/{tenant}/leave")
def request_leave(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    starts_at, ends_at = _local(str(form.get("starts_at", ""))), _local(str(form.get("ends_at", "")))
    post_id = _int(form.get("post_id"))
    if starts_at is None or ends_at is None or post_id is None:
        missing = RuleViolation(Verdict.refused("incomplete_form", "请选择职务，并填写请假开始和结束时间。"))
        return _leave_page(ctx, error=missing, status_code=422, form=form)
    return _act(ctx, "leave.request", lambda uow: service.request_leave(
        uow, post_id=post_id, occasion=str(form.get("occasion", "")), starts_at=starts_at, ends_at=ends_at,
        reason=str(form.get("reason", "")), designated_post_id=_int(form.get("designated_post_id")),
        mandate=form.get("mandate") == "1"), form)


@router.post("/t/{tenant}/leave/{leave_id}/{decision}")
def decide_leave(leave_id: int, decision: str, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    def version(uow, permission: str) -> int:
        """The leave as the page showed it, read once the user is known to be allowed at all."""
        permissions.require(uow, permission)
        return forms.integer(form, "version", "版本")

    if decision == "cancel":
        return _act(ctx, "leave.cancel", lambda uow: service.cancel_leave(
            uow, leave_id=leave_id, expected_version=version(uow, "leave.cancel")), form)
    if decision not in ("approve", "reject"):
        raise NotFound("没有这种审批操作。")
    return _act(ctx, f"leave.{decision}", lambda uow: service.decide_leave(
        uow, leave_id=leave_id, approve=decision == "approve", expected_version=version(uow, "leave.decide"),
        note=str(form.get("note", "")), designated_post_id=_int(form.get("designated_post_id"))), form)


# --- home-page panels ---------------------------------------------------------------------


def _panel(template: str, ctx: TenantPageContext, **values) -> Markup:
    return Markup(templates.env.get_template(template).render(ctx=ctx, tenant=ctx.current_tenant,
                                                              csrf_token=ctx.csrf_token, **values))


def _my_leave_panel(ctx: TenantPageContext) -> Markup | None:
    with ctx.db.read() as session:
        rows = service.describe_leaves(session, ctx.current_tenant,
                                       service.leaves(session, ctx.current_tenant, requester_id=ctx.user.id, open_only=True))
    return _panel("org/panel_my_leave.html", ctx, rows=rows)


def _acting_panel(ctx: TenantPageContext) -> Markup | None:
    with ctx.db.read() as session:
        rows = service.acting_today(session, ctx.current_tenant, ctx.now)
    return _panel("org/panel_acting.html", ctx, rows=rows)


def _office_panel(ctx: TenantPageContext) -> Markup | None:
    if not ctx.standing.posts & set(rules.OFFICE_KINDS):
        return None
    with ctx.db.read() as session:
        rows = service.office_ledger(session, ctx.current_tenant, ctx.now)
    return _panel("org/panel_office.html", ctx, rows=rows)


add_home_panel(_office_panel, order=15)
add_home_panel(_acting_panel, order=20)
add_home_panel(_my_leave_panel, order=30)
