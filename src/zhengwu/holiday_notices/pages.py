"""The operator's 工作日历 page: which years are official, paste a notice, check it, enter it."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from zhengwu.calendar import default_calendar
from zhengwu.core.errors import ZhengwuError
from zhengwu.holiday_notices import service
from zhengwu.web import forms
from zhengwu.web.context import CheckedForm, PageContext, PageCtx

router = APIRouter(include_in_schema=False)
MAX_TEXT = 20000


def _years(today: date) -> list[dict]:
    calendar = default_calendar()
    return [{"year": y, "official": not calendar.is_provisional(date(y, 1, 1)), "source": calendar.schedule(y).source}
            for y in range(today.year - 1, today.year + 3)]


def _page(ctx: PageContext, *, text: str = "", year: str = "", parsed=None, error: str | None = None,
          entered: int | None = None, moved: int | None = None, status_code: int = 200):
    with ctx.db.read() as session:
        rows = service.entered(session)
    return ctx.render("holiday_notices/calendar.html", years=_years(ctx.today), rows=rows, text=text, year=year,
                      parsed=parsed, error=error, entered=entered, moved=moved, max_text=MAX_TEXT,
                      status_code=status_code)


def _form_input(form: FormData) -> tuple[str, str, int | None]:
    text = forms.text(form, "text")
    year_text = forms.text(form, "year").strip()
    if len(text) > MAX_TEXT:
        raise ZhengwuError(f"通知正文过长（{len(text)} 字），最多 {MAX_TEXT} 字。", code="validation_error")
    if year_text and not (year_text.isdigit() and len(year_text) == 4):
        raise ZhengwuError("「年份」应为四位数字，如 2027。", code="validation_error")
    return text, year_text, int(year_text) if year_text else None


@router.get("/platform/calendar")
def calendar_page(ctx: PageContext = PageCtx, entered: int | None = None, moved: int | None = None):
    ctx.authorize("calendar.enter", None)
    return _page(ctx, entered=entered, moved=moved)


@router.post("/platform/calendar/preview")
def preview(ctx: PageContext = PageCtx, form: FormData = CheckedForm):
    ctx.authorize("calendar.enter", None)
    text, year_text, year = _form_input(form)
    try:
        parsed = service.preview(text, year)
    except ZhengwuError as refusal:
        # The pasted text stays in the box, with the failing line named above it.
        return _page(ctx, text=text, year=year_text, error=refusal.message, status_code=422)
    return _page(ctx, text=text, year=str(parsed.schedule.year), parsed=parsed)


@router.post("/platform/calendar/enter")
def enter(ctx: PageContext = PageCtx, form: FormData = CheckedForm):
    text, year_text, year = _form_input(form)
    try:
        with ctx.unit_of_work("calendar.enter") as uow:
            row, _parsed, moved = service.enter(uow, text, year)
    except ZhengwuError as refusal:
        if refusal.status == 403:
            raise
        return _page(ctx, text=text, year=year_text, error=refusal.message, status_code=422)
    return RedirectResponse(f"/platform/calendar?entered={row.year}&moved={moved}", status_code=303)
