"""Working days on the Chinese statutory calendar: holidays and 调休 make-up workdays.

Every deadline of the rulebooks («5个工作日内», «会前7个工作日») is computed here, so the
rules are counted one way everywhere. The counting convention is the legal one for periods:
the day an event happens is not counted (「期间开始的当日不计入」), the last day is.

The calendar is pure given its schedules and precomputes the whole covered range at
construction, so `add_workdays` and `workdays_between` are a few list lookups whatever the
distance: replaying a year of events computes thousands of deadlines.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache

from zhengwu.calendar.errors import CalendarError
from zhengwu.calendar.overrides import OVERRIDES_ENV, SHIPPED_OVERRIDES, configured_overrides
from zhengwu.calendar.schedule import YearSchedule, package_schedules

_HOW_TO_EXTEND = (
    f"请在国务院办公厅公布该年节假日安排后，将该年写入工作日历覆盖文件"
    f"（随系统发布的 {SHIPPED_OVERRIDES}，或环境变量 {OVERRIDES_ENV} 指向的同格式文件，"
    f"格式见前者开头的说明），或升级 chinesecalendar。"
)


class WorkCalendar:
    """Working days over a contiguous run of years whose schedules are known.

    Index i is the i-th day of the covered range. `_prefix[i]` is the number of workdays
    strictly before day i, and `_workday_index[k]` the index of the k-th workday (0-based),
    so counting is a subtraction and stepping is one lookup.
    """

    def __init__(self, schedules: Mapping[int, YearSchedule]):
        if not schedules:
            raise CalendarError("工作日历没有任何年份的节假日安排。" + _HOW_TO_EXTEND)
        years = sorted(schedules)
        missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if missing:
            raise CalendarError(
                f"工作日历的年份不连续：已知 {years[0]}—{years[-1]} 年，但缺少 "
                f"{'、'.join(map(str, missing))} 年，跨年的期限无法计算。" + _HOW_TO_EXTEND
            )
        self._schedules = dict(schedules)
        self._first = date(years[0], 1, 1)
        self._last = date(years[-1], 12, 31)
        self._origin = self._first.toordinal()

        workday_flags = bytearray()
        for year in years:
            schedule = schedules[year]
            day = date(year, 1, 1)
            while day.year == year:
                workday_flags.append(schedule.is_workday(day))
                day += timedelta(days=1)
        prefix = [0] * (len(workday_flags) + 1)
        for i, flag in enumerate(workday_flags):
            prefix[i + 1] = prefix[i] + flag
        self._is_workday = bytes(workday_flags)
        self._prefix = prefix
        self._workday_index = [i for i, flag in enumerate(workday_flags) if flag]

    # -- coverage -------------------------------------------------------------------------

    def covered_range(self) -> tuple[date, date]:
        """First and last day (inclusive) whose working-day status is known."""
        return self._first, self._last

    def schedule(self, year: int) -> YearSchedule:
        """The holidays and make-up workdays of one covered year, with their source."""
        if year not in self._schedules:
            raise CalendarError(
                f"{year} 年不在工作日历覆盖范围内（{self._first.year}—{self._last.year} 年）。"
                + _HOW_TO_EXTEND
            )
        return self._schedules[year]

    def _index(self, day: date) -> int:
        if isinstance(day, datetime) or not isinstance(day, date):
            # A datetime's calendar day depends on its time zone: the caller must decide it
            # (Clock.today() gives the day in Asia/Shanghai).
            raise TypeError(f"expected a date, got {type(day).__name__}: {day!r}")
        if not self._first <= day <= self._last:
            raise CalendarError(
                f"日期 {day.isoformat()} 不在工作日历覆盖范围内"
                f"（{self._first.isoformat()} 至 {self._last.isoformat()}），"
                f"无法判断是否为工作日。" + _HOW_TO_EXTEND
            )
        return day.toordinal() - self._origin

    def _day(self, index: int) -> date:
        return date.fromordinal(self._origin + index)

    # -- questions ------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        return bool(self._is_workday[self._index(day)])

    def add_workdays(self, day: date, n: int) -> date:
        """The date n working days after `day` (before it when n < 0); `day` is not counted.

        n = 0 gives `day` itself. For n != 0 the result is always a workday, whatever `day`
        is: 1 working day after a Saturday is the next workday. «会前7个工作日» is
        `add_workdays(meeting_day, -7)`.
        """
        i = self._index(day)
        if n > 0:
            k = self._prefix[i + 1] + n - 1
        elif n < 0:
            k = self._prefix[i] + n
        else:
            return day
        if not 0 <= k < len(self._workday_index):
            direction = "后" if n > 0 else "前"
            raise CalendarError(
                f"{day.isoformat()} {direction}第 {abs(n)} 个工作日超出工作日历覆盖范围"
                f"（{self._first.isoformat()} 至 {self._last.isoformat()}）。" + _HOW_TO_EXTEND
            )
        return self._day(self._workday_index[k])

    def workdays_between(self, a: date, b: date) -> int:
        """Working days from a to b, a not counted and b counted, signed by direction.

        For a < b: the workdays in (a, b]. For b < a: minus the workdays in [b, a). Zero when
        a == b. So `workdays_between(d, add_workdays(d, n)) == n` for every n, and "how many
        working days have passed since the document arrived" is `workdays_between(arrived,
        today)`.
        """
        i = self._index(a)
        j = self._index(b)
        if j >= i:
            return self._prefix[j + 1] - self._prefix[i + 1]
        return self._prefix[j] - self._prefix[i]

    def next_workday(self, day: date) -> date:
        """`day` itself when it is a workday, else the first workday after it.

        This is how a deadline that falls on a day off moves (to the first workday after).
        The workday strictly after `day` is `add_workdays(day, 1)`.
        """
        return day if self.is_workday(day) else self.add_workdays(day, 1)


def calendar_from(overrides: Mapping[int, YearSchedule]) -> WorkCalendar:
    """chinesecalendar's years with `overrides` replacing or extending them, year by year."""
    return WorkCalendar({**package_schedules(), **overrides})


@lru_cache(maxsize=4)
def _configured(operator_path: str) -> WorkCalendar:
    return calendar_from(configured_overrides({OVERRIDES_ENV: operator_path}))


def default_calendar() -> WorkCalendar:
    """The deployment's calendar: chinesecalendar, the shipped overrides, the operator's file.

    Built once per value of ZHENGWU_CALENDAR_OVERRIDES; services and the CLI call this, rule
    code receives the calendar as an argument.
    """
    return _configured(os.environ.get(OVERRIDES_ENV, "").strip())
