"""REST API of emergency reports."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import Field

from zhengwu.core import paging
from zhengwu.core.tenants import profile_on
from zhengwu.emergency import rules, service
from zhengwu.web.api import ERRORS, Out
from zhengwu.web.beijing import BeijingDateTime
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


class ReportOut(Out):
    id: int
    title: str
    location: str
    description: str
    event_at: BeijingDateTime
    reported_at: BeijingDateTime
    reporter: str
    limit_minutes: int | None
    deadline_at: BeijingDateTime | None
    late: bool
    late_message: str | None
    cite: str | None
    version: int


class ReportsOut(Out):
    limit_minutes: int | None = Field(description="本单位规则的报告时限（分钟）；未规定为空")
    cite: str | None
    reports: list[ReportOut]


@router.get("", response_model=ReportsOut, summary="突发事件报告（由新到旧）及本单位报告时限")
def list_reports(tenant: str, response: Response, ctx: ApiContext = ApiCtx, after: int | None = None,
                 limit: int = paging.PAGE_SIZE):
    """The reporting limit and a page of the reports (X-Next-After / X-Total-Count headers)."""
    found = ctx.tenant(tenant)
    ctx.authorize("emergency.view", found)
    with ctx.db.read() as session:
        report_limit = rules.report_limit(profile_on(session, found.id, ctx.today))
        page = service.reports(session, found.id, after=after, limit=limit)
        response.headers.update(paging.headers(page))
        return {"limit_minutes": report_limit.minutes if report_limit else None,
                "cite": report_limit.cite if report_limit else None, "reports": [r.summary() for r in page]}


@router.post("", status_code=201, response_model=ReportOut, summary="报告重大突发事件（逾时照收，标记迟报）")
def file_report(tenant: str, body: ReportIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("emergency.report", lambda uow: service.file_report(uow, **body.model_dump()).summary(),
                      tenant=found, status_code=201)
