"""Working days on the Chinese statutory calendar: holidays and 调休 make-up workdays.

Every deadline of the rulebooks («5个工作日内», «会前7个工作日») is computed here, so the
rules are counted one way everywhere. The counting convention is the legal one for periods:
the day an event happens is not counted (「期间开始的当日不计入」), the last day is.

The calendar is pure given its schedules and precomputes the years it has been asked about,
so `add_workdays` and `workdays_between` are a few list lookups whatever the distance:
replaying a year of events computes thousands of deadlines.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache

from zhengwu.calendar.errors import CalendarError
from zhengwu.calendar.overrides import OVERRIDES_ENV, configured_overrides
from zhengwu.calendar.schedule import YearSchedule, package_schedules
from zhengwu.calendar.statutory import FIRST_YEAR, LAST_YEAR, provisional_schedule, rules_for

_HOW_TO_EXTEND = "请平台运维人员在「工作日历」中录入该年国务院办公厅节假日安排通知。"


class _Span:
    """Precomputed days of a contiguous run of years (an immutable snapshot, swapped whole).

    Index i is the i-th day of the run. `prefix[i]` is the number of workdays strictly before
    day i, and `workday_index[k]` the index of the k-th workday (0-based), so counting is a
    subtraction and stepping is one lookup.
    """

    def __init__(self, schedules: list[YearSchedule]):
        self.first = date(schedules[0].year, 1, 1)
        self.last = date(schedules[-1].year, 12, 31)
        self.origin = self.first.toordinal()
        flags = bytearray()
        for schedule in schedules:
            day = date(schedule.year, 1, 1)
            while day.year == schedule.year:
                flags.append(schedule.is_workday(day))
                day += timedelta(days=1)
        prefix = [0] * (len(flags) + 1)
        for i, flag in enumerate(flags):
            prefix[i + 1] = prefix[i] + flag
        self.is_workday = bytes(flags)
        self.prefix = prefix
        self.workday_index = [i for i, flag in enumerate(flags) if flag]


class WorkCalendar:
    """Working days for any year: official schedules where entered, provisional ones elsewhere.

    Years with an official schedule (chinesecalendar, override files, notices entered by the
    operator) must be contiguous. Any other year from 2000 to 2099 is counted on the statutory
    holidays of the 办法 in force that year (`statutory.provisional_schedule`) and reported as
    provisional, so a deadline never fails for want of a notice, and never pretends to be final.
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
        self._official = dict(schedules)
        self._official_first = date(years[0], 1, 1)
        self._official_last = date(years[-1], 12, 31)
        self._lock = threading.Lock()
        self._span = self._build(years[0], years[-1])

    # -- coverage -------------------------------------------------------------------------

    def covered_range(self) -> tuple[date, date]:
        """First and last day (inclusive) of the official schedules (beyond: provisional)."""
        return self._official_first, self._official_last

    @property
    def provisional_from(self) -> date:
        """The first day after the official schedules: from here on deadlines are 暂定."""
        return self._official_last + timedelta(days=1)

    def is_provisional(self, day: date) -> bool:
        """True when `day` falls in a year whose State Council notice is not entered."""
        return day.year not in self._official

    def schedule(self, year: int) -> YearSchedule:
        """The holidays and make-up workdays of one year, with their source (official or not)."""
        if year in self._official:
            return self._official[year]
        return provisional_schedule(year)

    def _build(self, first_year: int, last_year: int) -> _Span:
        return _Span([self.schedule(year) for year in range(first_year, last_year + 1)])

    def _reach(self, first_year: int, last_year: int) -> _Span:
        """A span covering at least these years; extended (rarely) and swapped whole."""
        span = self._span
        if span.first.year <= first_year and last_year <= span.last.year:
            return span
        for year in (first_year, last_year):
            rules_for(year)  # a year no rule covers is an error, not a guess
        with self._lock:
            span = self._span
            lo, hi = min(first_year, span.first.year), max(last_year, span.last.year)
            if (lo, hi) != (span.first.year, span.last.year):
                span = self._span = self._build(lo, hi)
        return span

    def _locate(self, day: date) -> tuple[_Span, int]:
        if isinstance(day, datetime) or not isinstance(day, date):
            # A datetime's calendar day depends on its time zone: the caller must decide it
            # (Clock.today() gives the day in Asia/Shanghai).
            raise TypeError(f"expected a date, got {type(day).__name__}: {day!r}")
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise CalendarError(f"日期 {day.isoformat()} 超出可推算的范围（{FIRST_YEAR}—{LAST_YEAR} 年），"
                                f"无法判断是否为工作日。")
        span = self._reach(day.year, day.year)
        return span, day.toordinal() - span.origin

    # -- questions ------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        span, i = self._locate(day)
        return bool(span.is_workday[i])

    def add_workdays(self, day: date, n: int) -> date:
        """The date n working days after `day` (before it when n < 0); `day` is not counted.

        n = 0 gives `day` itself. For n != 0 the result is always a workday, whatever `day`
        is: 1 working day after a Saturday is the next workday. «会前7个工作日» is
        `add_workdays(meeting_day, -7)`.
        """
        if n == 0:
            self._locate(day)
            return day
        # About 250 workdays a year: reach far enough, then once more if holidays ate into it.
        years = abs(n) // 240 + 1
        while True:
            span, i = self._locate(day)
            if n > 0:
                span = self._reach(day.year, min(day.year + years, LAST_YEAR))
                i = day.toordinal() - span.origin
                k = span.prefix[i + 1] + n - 1
            else:
                span = self._reach(max(day.year - years, FIRST_YEAR), day.year)
                i = day.toordinal() - span.origin
                k = span.prefix[i] + n
            if 0 <= k < len(span.workday_index):
                return date.fromordinal(span.origin + span.workday_index[k])
            edge = LAST_YEAR if n > 0 else FIRST_YEAR
            if (span.last.year if n > 0 else span.first.year) == edge:
                direction = "后" if n > 0 else "前"
                raise CalendarError(
                    f"{day.isoformat()} {direction}第 {abs(n)} 个工作日超出可推算的范围"
                    f"（{FIRST_YEAR}—{LAST_YEAR} 年）。")
            years *= 2

    def workdays_between(self, a: date, b: date) -> int:
        """Working days from a to b, a not counted and b counted, signed by direction.

        For a < b: the workdays in (a, b]. For b < a: minus the workdays in [b, a). Zero when
        a == b. So `workdays_between(d, add_workdays(d, n)) == n` for every n, and "how many
        working days have passed since the document arrived" is `workdays_between(arrived,
        today)`.
        """
        self._locate(a)
        self._locate(b)
        span = self._reach(min(a, b).year, max(a, b).year)
        i = a.toordinal() - span.origin
        j = b.toordinal() - span.origin
        if j >= i:
            return span.prefix[j + 1] - span.prefix[i + 1]
        return span.prefix[j] - span.prefix[i]

    def next_workday(self, day: date) -> date:
        """`day` itself when it is a workday, else the first workday after it.

        This is how a deadline that falls on a day off moves (to the first workday after).
        The workday strictly after `day` is `add_workdays(day, 1)`.
        """
        return day if self.is_workday(day) else self.add_workdays(day, 1)


def calendar_from(overrides: Mapping[int, YearSchedule]) -> WorkCalendar:
    """chinesecalendar's years with `overrides` replacing or extending them, year by year."""
    return WorkCalendar({**package_schedules(), **overrides})


# Notices the operator entered (stored in the database, loaded by the app and the worker): they
# win over every file, being the newest word. Replaced whole, so readers never see half of it.
_entered: Mapping[int, YearSchedule] = {}
_entered_generation = 0


def use_entered_years(schedules: Mapping[int, YearSchedule]) -> None:
    """Make the operator's entered notices part of `default_calendar()` from now on."""
    global _entered, _entered_generation
    if dict(schedules) != dict(_entered):
        _entered = dict(schedules)
        _entered_generation += 1


@lru_cache(maxsize=4)
def _configured(operator_path: str, generation: int) -> WorkCalendar:
    return calendar_from({**configured_overrides({OVERRIDES_ENV: operator_path}), **_entered})


def default_calendar() -> WorkCalendar:
    """The deployment's calendar: chinesecalendar, the override files, the entered notices.

    Built once per configuration; services and the CLI call this, rule code receives the
    calendar as an argument.
    """
    return _configured(os.environ.get(OVERRIDES_ENV, "").strip(), _entered_generation)


def deadline_fields(name: str, day: date | None) -> dict:
    """A deadline for an API body: the date, and whether it is 暂定 and on what basis.

    `{"due": "2027-01-04", "due_provisional": true, "due_basis": "暂按…推算"}`: a client shows
    the mark without knowing which years are official.
    """
    if day is None:
        return {name: None, f"{name}_provisional": False, f"{name}_basis": None}
    calendar = default_calendar()
    return {name: day.isoformat(), f"{name}_provisional": calendar.is_provisional(day),
            f"{name}_basis": calendar.schedule(day.year).source}
