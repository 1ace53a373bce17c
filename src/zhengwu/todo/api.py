"""REST API of 待办 and 已办: the caller's own list in a tenant."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter
from pydantic import BaseModel

from zhengwu.calendar import default_calendar
from zhengwu.core import audit, paging
from zhengwu.todo import Item, done_by, todo_for
from zhengwu.web.api import ERRORS
from zhengwu.web.context import ApiContext, ApiCtx

router = APIRouter(tags=["待办"], responses=ERRORS)


class TodoItemOut(BaseModel):
    kind: str  # 签发纪要, 会签公文 …
    title: str
    link: str  # the page where the step is taken
    step: str  # whose step, in words
    due: date | None
    provisional: bool  # the due date rests on a year whose holiday notice is not entered (暂定)
    overdue: bool


class TodoGroupOut(BaseModel):
    label: str
    total: int
    total_capped: bool
    items: list[TodoItemOut]


class TodoOut(BaseModel):
    total: int
    total_capped: bool
    groups: list[TodoGroupOut]


class DoneOut(BaseModel):
    at: datetime
    action: str  # what was done, in Chinese
    title: str
    link: str | None


class DonePageOut(BaseModel):
    items: list[DoneOut]
    next_after: int | None
    total: int | None
    total_capped: bool


def _item(item: Item, slug: str) -> TodoItemOut:
    return TodoItemOut(kind=item.kind, title=item.title, link=f"/t/{slug}/{item.link}", step=item.step, due=item.due,
                       provisional=bool(item.due and default_calendar().is_provisional(item.due)),
                       overdue=item.overdue)


@router.get("/api/tenants/{tenant}/todo", response_model=TodoOut, summary="我的待办（按领域分组，各组给出前若干件和总数）")
def todo(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    with ctx.db.read() as session:
        listed = todo_for(session, found, ctx.user.id, ctx.now, ctx.subject(found))
    return TodoOut(total=listed.total, total_capped=listed.capped, groups=[
        TodoGroupOut(label=g.label, total=g.total, total_capped=g.capped, items=[_item(i, found.slug) for i in g.items])
        for g in listed.groups])


@router.get("/api/tenants/{tenant}/todo/done", response_model=DonePageOut, summary="我的已办（最新在前，分页）")
def done(tenant: str, ctx: ApiContext = ApiCtx, after: int | None = None, limit: int = paging.PAGE_SIZE):
    found = ctx.tenant(tenant)
    with ctx.db.read() as session:
        page = done_by(session, found, ctx.user.id, after=after, limit=limit)
    return DonePageOut(items=[DoneOut(at=d.at, action=audit.action_label(d.action),
                                      title=d.title or audit.object_label(d.object_type),
                                      link=f"/t/{found.slug}/{d.link}" if d.link else None) for d in page],
                       next_after=page.next_after, total=page.total, total_capped=page.capped)
