"""One year's statutory schedule: its holidays and its 调休 make-up workdays, with the source.

A year is the unit of knowledge: the State Council publishes each year's 节假日安排 as one
notice, so a year is either fully known or not known at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import chinese_calendar
from chinese_calendar.constants import Holiday, holidays, workdays

PACKAGE_SOURCE = f"chinesecalendar {chinese_calendar.__version__}"


@dataclass(frozen=True)
class YearSchedule:
    """Days off (including weekends inside a holiday period) and make-up workdays of one year.

    Any other day is a workday exactly when it is Monday to Friday. Both maps give the Chinese
    holiday name (a make-up day is named after the holiday it makes up for).
    """

    year: int
    holidays: Mapping[date, str]
    workdays: Mapping[date, str]
    source: str
    # True while the year's State Council notice is not entered: deadlines over it are 暂定.
    provisional: bool = False

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def _chinese_name(english: str) -> str:
    try:
        return Holiday(english).chinese
    except ValueError:
        return english


def package_schedules() -> dict[int, YearSchedule]:
    """Every year the installed chinesecalendar knows, one schedule each."""
    first = min(holidays).year
    last = max(holidays).year
    by_year: dict[int, tuple[dict[date, str], dict[date, str]]] = {
        year: ({}, {}) for year in range(first, last + 1)
    }
    for day, name in holidays.items():
        by_year[day.year][0][day] = _chinese_name(name)
    for day, name in workdays.items():
        by_year[day.year][1][day] = _chinese_name(name)
    return {
        year: YearSchedule(year, MappingProxyType(off), MappingProxyType(on), PACKAGE_SOURCE)
        for year, (off, on) in by_year.items()
    }
