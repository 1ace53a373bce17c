"""The injected clock: the only place zhengwu reads the wall clock.

Rule code takes `now` (or `today`) as a parameter; services hold a `Clock` and ask it once per
use case. Tests and year replays use `FixedClock` and move it by hand.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

CHINA_TZ = ZoneInfo("Asia/Shanghai")


@lru_cache(maxsize=1024)
def china_date(moment: datetime) -> date:
    """The calendar day an instant falls on in Beijing: what every deadline counts from (kept for
    the last instants asked: a unit of work asks it of its one instant at every check)."""
    return moment.astimezone(CHINA_TZ).date()


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in Asia/Shanghai."""
        ...

    def today(self) -> date:
        """The current calendar day in Asia/Shanghai (what deadlines count from)."""
        return self.now().date()


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(CHINA_TZ)


def _in_china(moment: datetime) -> datetime:
    # A naive datetime in a test or a replayed log is Beijing wall time, not UTC.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=CHINA_TZ)
    return moment.astimezone(CHINA_TZ)


class FixedClock(Clock):
    """A clock that stays where it is put; naive datetimes are taken as Beijing time."""

    def __init__(self, moment: datetime):
        self.set(moment)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        if not isinstance(moment, datetime):
            raise TypeError(f"FixedClock needs a datetime, got {type(moment).__name__}")
        self._now = _in_china(moment)

    def advance(self, delta: timedelta) -> None:
        self._now = self._now + delta


class DemoClock(Clock):
    """The clock of `zhengwu serve --demo --today D`: it starts on day D at the wall clock's time
    of day and runs on from there; the operator moves it forward (`advance_to`) to show what
    happens when deadlines pass. Only ever built in demo mode."""

    def __init__(self, day: date, wall: Clock | None = None):
        self._wall = wall or SystemClock()
        real = self._wall.now()
        self._offset = datetime.combine(day, real.timetz()) - real

    def now(self) -> datetime:
        return self._wall.now() + self._offset

    def today(self) -> date:
        return china_date(self.now())

    def advance_to(self, day: date) -> None:
        """Jump to `day`, keeping the time of day; never backwards (deadlines already fired stay fired)."""
        if day < self.today():
            raise ValueError(f"the demo clock only moves forward ({self.today()} → {day})")
        self._offset += timedelta(days=(day - self.today()).days)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it has no such day): 「1个月内」."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
