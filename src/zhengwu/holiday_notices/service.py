"""Entering a year's notice: parse, preview, save, make it the calendar, move provisional deadlines."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from types import MappingProxyType

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhengwu.calendar import CalendarError, WorkCalendar, YearSchedule, default_calendar, use_entered_years
from zhengwu.calendar.notice import ParsedNotice, parse_notice
from zhengwu.core import audit, permissions
from zhengwu.core.db import Database
from zhengwu.core.errors import ZhengwuError
from zhengwu.core.uow import UnitOfWork
from zhengwu.holiday_notices.models import HolidayNotice

permissions.define("calendar.enter", "录入国务院办公厅节假日安排", "平台管理员", permissions.platform_admin)
audit.label(objects={"holiday_notice": "节假日安排通知"})

# What other domains do once a year becomes official (e.g. the deadlines domain recomputes
# every provisional deadline): called inside the same unit of work, so all of it is one event.
YearEntered = Callable[[UnitOfWork, int, WorkCalendar], int]  # returns how many deadlines moved
_after_entering: list[YearEntered] = []


def on_year_entered(handler: YearEntered) -> None:
    if handler not in _after_entering:
        _after_entering.append(handler)


class NoticeRefused(ZhengwuError):
    status = 422
    code = "holiday_notice_invalid"


_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年")


def year_of(text: str) -> int | None:
    """The year the notice's title names (「国务院办公厅关于2027年部分节假日安排的通知」)."""
    found = _TITLE_YEAR.search(text)
    return int(found.group(1)) if found else None


def preview(text: str, year: int | None) -> ParsedNotice:
    """Read the notice without saving; every refusal names the line (or festival) at fault."""
    if not text.strip():
        raise NoticeRefused("请粘贴通知正文。")
    year = year or year_of(text)
    if year is None:
        raise NoticeRefused("请填写年份，或粘贴含标题（国务院办公厅关于YYYY年部分节假日安排的通知）的全文。")
    if not 2000 <= year <= 2099:
        raise NoticeRefused(f"年份 {year} 超出可录入的范围（2000—2099 年）。")
    try:
        return parse_notice(text, year)
    except CalendarError as exc:
        raise NoticeRefused(f"通知无法录入：{exc}") from None


def _schedule(row: HolidayNotice) -> YearSchedule:
    return YearSchedule(
        row.year,
        MappingProxyType({date.fromisoformat(d): n for d, n in row.holidays.items()}),
        MappingProxyType({date.fromisoformat(d): n for d, n in row.workdays.items()}),
        row.title,
    )


def load(session: Session) -> None:
    """Make the entered notices part of the deployment's calendar (start-up and refresh)."""
    use_entered_years({row.year: _schedule(row) for row in session.scalars(select(HolidayNotice))})


def refresh(db: Database) -> None:
    """Pick up notices another node entered; cheap enough for a worker's every tick."""
    with db.read() as session:
        load(session)


def enter(uow: UnitOfWork, text: str, year: int | None) -> tuple[HolidayNotice, ParsedNotice, int]:
    """Save the year (replacing an earlier entry of it), audited, then tell the other domains."""
    permissions.require(uow, "calendar.enter")
    parsed = preview(text, year)
    schedule = parsed.schedule
    row = uow.session.scalar(select(HolidayNotice).where(HolidayNotice.year == schedule.year))
    if row is None:
        row = HolidayNotice(year=schedule.year)
        uow.session.add(row)
    row.title = schedule.source
    row.text = text
    row.holidays = {d.isoformat(): n for d, n in sorted(schedule.holidays.items())}
    row.workdays = {d.isoformat(): n for d, n in sorted(schedule.workdays.items())}
    row.entered_by_user_id = uow.actor.user_id
    row.entered_by = uow.actor.label
    row.entered_at = uow.now
    uow.session.flush()
    load(uow.session)
    calendar = default_calendar()
    uow.record("calendar.enter", object_type="holiday_notice", object_id=schedule.year, subject=row, tenant_id=None)
    moved = sum(handler(uow, schedule.year, calendar) for handler in _after_entering)
    return row, parsed, moved


def entered(session: Session) -> list[HolidayNotice]:
    return list(session.scalars(select(HolidayNotice).order_by(HolidayNotice.year)))


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(HolidayNotice)) or 0


def missing_next_year(today: date, calendar: WorkCalendar) -> int | None:
    """From November on, next year when its notice is not entered: the operator's reminder."""
    upcoming = today.year + 1
    if today.month >= 11 and calendar.is_provisional(date(upcoming, 1, 1)):
        return upcoming
    if calendar.is_provisional(today):
        return today.year
    return None
