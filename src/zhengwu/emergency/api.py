"""REST API of emergency reports."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import Field

from zhengwu.core.tenants import profile_on
from zhengwu.emergency import rules, service
from zhengwu.web.api import ERRORS
from zhengwu.web.context import ApiContext, ApiCtx
from zhengwu.core.text import Input

router = APIRouter(prefix="/api/tenants/{tenant}/emergency-reports", tags=["突发事件报告"], responses=ERRORS)


class ReportIn(Input):
    title: str = Field(min_length=1, max_length=200)
    location: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1)
    event_at: datetime = Field(description="事件发生时间（报告时限自此起算；不带时区的按北京时间）")
    kind: Literal["emergency", "major_situation"] = Field(
        "emergency", description="重大突发事件（有时限的按时限）或部门工作中的重大情况（及时报告，记录用时）")


@router.get("", summary="突发事件报告（由新到旧）及本单位报告时限")
def list_reports(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("emergency.view", found)
    with ctx.db.read() as session:
        limit = rules.report_limit(profile_on(session, found.id, ctx.today))
        return {"limit_minutes": limit.minutes if limit else None, "cite": limit.cite if limit else None,
                "reports": [r.summary() for r in service.reports(session, found.id)]}


@router.post("", status_code=201, summary="报告重大突发事件（逾时照收，标记迟报）")
def file_report(tenant: str, body: ReportIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("emergency.report", lambda uow: service.file_report(uow, **body.model_dump()).summary(),
                      tenant=found, status_code=201)
