"""REST API of deadlines: a tenant's pending deadlines (with 暂定 and moves), and the demo clock."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from zhengwu.web.beijing import BeijingJSONResponse
from pydantic import Field

from zhengwu.calendar import china_date
from zhengwu.core import paging
from zhengwu.core.text import Input
from zhengwu.deadlines import democlock, service
from zhengwu.deadlines.models import PendingDeadline
from zhengwu.deadlines.registry import REGISTRY, UnknownKind
from zhengwu.web.api import ERRORS, Out
from zhengwu.web.beijing import BeijingDateTime
from zhengwu.web.context import ApiContext, ApiCtx

router = APIRouter(tags=["期限"], responses=ERRORS)

STATE_LABELS = {"pending": "未到期", "overdue": "已逾期", "done": "已办结", "failed": "处理失败，待平台管理员处理"}


def kind_label(kind: str) -> str:
    try:
        return REGISTRY.get(kind).label
    except UnknownKind:
        return kind


class DeadlineOut(Out):
    id: int
    kind: str
    object_id: str
    due: date
    start_on: date | None
    count: int | None
    unit: str | None
    cite: str | None
    provisional: bool = Field(description="按尚未公布的放假安排暂定")
    state: str
    outcome: str | None
    next_fire_on: date | None
    title: str
    kind_label: str
    state_label: str
    trail_type: str
    trail_id: str
    reminders: list[str]
    fired_at: BeijingDateTime | None
    attempts: int
    moves: list[dict]
    move_notes: list[str] = Field(description="期限调整的说明")


def deadline_json(row: PendingDeadline) -> dict:
    return {**row.summary(), "title": row.title, "kind_label": kind_label(row.kind), "state_label": STATE_LABELS[row.state],
            "trail_type": row.trail_type, "trail_id": row.trail_id, "reminders": row.reminders,
            "fired_at": row.fired_at and row.fired_at.isoformat(), "attempts": row.attempts,
            "moves": row.moves, "move_notes": service.move_notes(row)}


@router.get("/api/tenants/{tenant}/deadlines", response_model=list[DeadlineOut], summary="本单位未办结的期限（含暂定标记和调整记录）")
def open_deadlines(tenant: str, ctx: ApiContext = ApiCtx, object_type: str | None = None, object_id: str | None = None,
                   after: int | None = None, limit: int = paging.PAGE_SIZE):
    """One object's deadlines, or a page of all open ones (X-Next-After / X-Total-Count headers)."""
    found = ctx.tenant(tenant)
    with ctx.db.read() as session:
        if object_type and object_id:
            return [deadline_json(r) for r in service.for_trail(session, found.id, object_type, object_id)]
        page = service.open_deadlines(session, found.id, after=after, limit=limit)
        return BeijingJSONResponse(jsonable_encoder([deadline_json(r) for r in page]), headers=paging.headers(page))


class ClockOut(Out):
    now: BeijingDateTime
    today: date
    demo: bool = Field(description="是否为演示时钟（平台管理员可向后拨动）")


class FiringOut(Out):
    deadline_id: int
    kind: str
    stage: str | None
    action: str | None


class AdvancedOut(Out):
    from_: date = Field(alias="from", description="拨动前的日期")
    today: date
    fired: int
    firings: list[FiringOut]


class AdvanceIn(Input):
    workdays: int = Field(ge=1, le=democlock.MAX_WORKDAYS, description="向后拨动的工作日数")


@router.get("/api/platform/clock", response_model=ClockOut, summary="平台时钟：今天的日期，是否为演示时钟")
def clock(ctx: ApiContext = ApiCtx):
    now = ctx.request.app.state.clock.now()
    return {"now": now.isoformat(), "today": china_date(now).isoformat(), "demo": democlock.is_demo(ctx.request.app.state.clock)}


@router.post("/api/platform/clock/advance", response_model=AdvancedOut, response_model_by_alias=True, summary="（仅演示模式）把演示时钟向后拨动若干工作日，并立即处理到期事项")
def advance(body: AdvanceIn, ctx: ApiContext = ApiCtx):
    done = democlock.advance(ctx.db, ctx.request.app.state.clock, ctx.actor, body.workdays)
    return {"from": done.before.isoformat(), "today": done.after.isoformat(), "fired": len(done.firings),
            "firings": [{"deadline_id": f.deadline_id, "kind": f.kind, "stage": f.stage, "action": f.action}
                        for f in done.firings]}
