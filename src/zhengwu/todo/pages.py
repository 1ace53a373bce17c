"""The 待办 page (待办 and 已办 tabs), the 待办 nav entry with its count, and the home page's
first panel: the person's work, most pressing first."""

from __future__ import annotations

from fastapi import APIRouter
from markupsafe import Markup

from zhengwu.core import paging
from zhengwu.todo import PANEL_ITEMS, TodoList, done_by, todo_for
from zhengwu.web.context import TenantPageContext, TenantPageCtx
from zhengwu.web.kept import kept
from zhengwu.web.shell import add_home_panel, add_nav
from zhengwu.web.templating import templates

router = APIRouter(include_in_schema=False)


FRESH_SECONDS = 300  # what only the clock changes (a deadline passing, an acting window) shows within this


def todo_of(ctx: TenantPageContext) -> TodoList:
    """The person's list, worked out once per request (the nav badge and the home panel share it),
    and kept between requests while nothing in the government has changed (`web.kept`).

    Every page shows the 待办 badge, and working the list out asks every domain (some 30
    statements, most of a plain page's time). What is on it changes with a step someone takes —
    a new key — or with the clock: the person's five-minute slot is part of the key, so a
    deadline passing shows within five minutes."""
    known = getattr(ctx.request.state, "zhengwu_todo", None)
    if known is not None:
        return known
    tenant = ctx.current_tenant
    with ctx.db.read() as session:
        known = kept(ctx.request.app.state, session, "todo", tenant.id,
                     (ctx.user.id, int(ctx.now.timestamp()) // FRESH_SECONDS),
                     lambda: todo_for(session, tenant, ctx.user.id, ctx.now, ctx.standing))
    ctx.request.state.zhengwu_todo = known
    return known


def _member(ctx: TenantPageContext) -> bool:
    # The platform operator reading a government by its grant has no work of its own there.
    return ctx.standing is not None and ctx.standing.is_member


def _count(ctx: TenantPageContext) -> str | None:
    if not _member(ctx):
        return None
    found = todo_of(ctx)
    return found.total_text if found.total else None


add_nav("待办", "todo", action="tenant.view", order=1, count=_count)


@router.get("/t/{tenant}/todo")
def todo_page(ctx: TenantPageContext = TenantPageCtx, tab: str = "", after: str = ""):
    ctx.authorize("tenant.view", ctx.current_tenant)
    if tab == "done":
        with ctx.db.read() as session:
            done = done_by(session, ctx.current_tenant, ctx.user.id, after=paging.cursor(after))
        return ctx.render("todo/todo.html", tab="done", done=done, todo=None)
    return ctx.render("todo/todo.html", tab="todo", todo=todo_of(ctx), done=None)


def _panel(ctx: TenantPageContext) -> Markup | None:
    if not _member(ctx):
        return None
    found = todo_of(ctx)
    return Markup(templates.env.get_template("todo/panel.html").render(
        ctx=ctx, tenant=ctx.current_tenant, todo=found, items=found.first(PANEL_ITEMS)))


add_home_panel(_panel, order=1)
