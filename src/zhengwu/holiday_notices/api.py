"""The calendar API: which years are official, a notice's preview, entering it, and counting."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from zhengwu.calendar import default_calendar
from zhengwu.core.errors import ZhengwuError
from zhengwu.holiday_notices import service
from zhengwu.web.context import ApiContext, ApiCtx

router = APIRouter(prefix="/api/calendar", tags=["工作日历"])


class NoticeIn(BaseModel):
    text: str = Field(min_length=1, max_length=20000, description="通知正文（逐项列出放假安排的各行）")
    year: int | None = Field(default=None, ge=2000, le=2099, description="年份；省略时从标题读取")


class LineOut(BaseModel):
    festival: str
    days_off: list[date]
    workdays: list[date]


class PreviewOut(BaseModel):
    year: int
    title: str
    lines: list[LineOut]


class EnteredOut(PreviewOut):
    entered_by: str
    moved: int = Field(description="因本次录入而改变的暂定期限数")


class YearOut(BaseModel):
    year: int
    official: bool
    source: str


class DeadlineOut(BaseModel):
    start: date
    workdays: int
    date: date
    provisional: bool = Field(description="期限经过尚未录入国务院办公厅通知的年份时为 true（暂定）")
    basis: str


def _preview(parsed) -> dict:
    return {"year": parsed.schedule.year, "title": parsed.schedule.source,
            "lines": [{"festival": f, "days_off": [d.isoformat() for d in off], "workdays": [d.isoformat() for d in on]}
                      for f, off, on in parsed.lines]}


@router.get("/years", response_model=list[YearOut], summary="各年份的节假日安排来源（正式或暂定）")
def years(ctx: ApiContext = ApiCtx, first: int = Query(ge=2000, le=2099), last: int = Query(ge=2000, le=2099)):
    if last < first or last - first > 20:
        raise ZhengwuError("年份范围应为起始年不晚于结束年，且不超过 20 年。", code="validation_error")
    calendar = default_calendar()
    return [{"year": y, "official": not calendar.is_provisional(date(y, 1, 1)), "source": calendar.schedule(y).source}
            for y in range(first, last + 1)]


@router.get("/add", response_model=DeadlineOut, summary="某日之后第 N 个工作日（当日不计入），注明是否暂定")
def add(ctx: ApiContext = ApiCtx, start: date = Query(), workdays: int = Query(ge=-2000, le=2000)):
    if not 2000 <= start.year <= 2099:
        raise ZhengwuError("日期应在 2000—2099 年之间。", code="validation_error")
    calendar = default_calendar()
    due = calendar.add_workdays(start, workdays)
    far = max(start, due)
    return {"start": start, "workdays": workdays, "date": due, "provisional": calendar.is_provisional(far),
            "basis": calendar.schedule(far.year).source}


@router.post("/notices/preview", response_model=PreviewOut, summary="预览通知解析结果（不保存；平台管理员）")
def preview_notice(body: NoticeIn, ctx: ApiContext = ApiCtx):
    ctx.authorize("calendar.enter", None)
    return _preview(service.preview(body.text, body.year))


@router.post("/notices", status_code=201, response_model=EnteredOut, summary="录入一年的节假日安排（平台管理员）")
def enter_notice(body: NoticeIn, ctx: ApiContext = ApiCtx):
    def use_case(uow):
        row, parsed, moved = service.enter(uow, body.text, body.year)
        return {**_preview(parsed), "entered_by": row.entered_by, "moved": moved}

    return ctx.mutate("calendar.enter", use_case, status_code=201)

