"""The 待办 page (待办 and 已办 tabs), the 待办 nav entry with its count, and the home page's
first panel: the person's work, most pressing first."""

from __future__ import annotations

import threading
from collections import OrderedDict

from fastapi import APIRouter
from sqlalchemy import select
from markupsafe import Markup

from zhengwu.core import paging
from zhengwu.core.audit import PLATFORM_CHAIN, AuditChainHead, chain_of
from zhengwu.todo import PANEL_ITEMS, TodoList, done_by, todo_for
from zhengwu.web.context import TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_home_panel, add_nav
from zhengwu.web.templating import templates

router = APIRouter(include_in_schema=False)


_keeping = threading.Lock()  # pages are served from a pool of threads
KEPT_LISTS = 512  # people's lists kept per process (a few hundred users at once)
FRESH_SECONDS = 300  # what only the clock changes (a deadline passing, an acting window) shows within this


def todo_of(ctx: TenantPageContext) -> TodoList:
    """The person's list, worked out once per request (the nav badge and the home panel share it),
    and kept between requests while nothing in the government has changed.

    Every page shows the 待办 badge, and working the list out asks every domain (some 30
    statements, most of a plain page's time). What is on it changes only with a step someone
    takes — and every step appends to the tenant's audit chain in its own transaction — or with
    the clock. So the list is kept under the heads of the tenant's and the platform's chains (one
    indexed read of two rows), the person, their day and a five-minute slot: any write to the
    government gives a new key, and a deadline passing shows within five minutes."""
    known = getattr(ctx.request.state, "zhengwu_todo", None)
    if known is not None:
        return known
    tenant = ctx.current_tenant
    with ctx.db.read() as session:
        heads = tuple(session.execute(select(AuditChainHead.chain, AuditChainHead.last_seq, AuditChainHead.last_hash)
                                      .where(AuditChainHead.chain.in_((chain_of(tenant.id), PLATFORM_CHAIN)))
                                      .order_by(AuditChainHead.chain)).all())
        key = (tenant.id, ctx.user.id, heads, int(ctx.now.timestamp()) // FRESH_SECONDS)
        state = ctx.request.app.state
        if getattr(state, "zhengwu_todo_lists", None) is None:
            state.zhengwu_todo_lists = OrderedDict()
        kept: OrderedDict = state.zhengwu_todo_lists
        with _keeping:
            known = kept.get(key)
            if known is not None:
                kept.move_to_end(key)
        if known is None:
            known = todo_for(session, tenant, ctx.user.id, ctx.now, ctx.standing)
            with _keeping:
                kept[key] = known
                while len(kept) > KEPT_LISTS:
                    kept.popitem(last=False)
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
