"""The injected clock: the only place zhengwu reads the wall clock.

Rule code takes `now` (or `today`) as a parameter; services hold a `Clock` and ask it once per
use case. Tests and year replays use `FixedClock` and move it by hand.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

CHINA_TZ = ZoneInfo("Asia/Shanghai")


def china_date(moment: datetime) -> date:
    """The calendar day an instant falls on in Beijing: what every deadline counts from."""
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
