"""Helpers of the meeting tests (importable: tests/ is on sys.path)."""

from __future__ import annotations

from datetime import datetime

from zhengwu.calendar import CHINA_TZ


def china(year, month, day, hour=9) -> datetime:
    """A moment in Beijing time."""
    return datetime(year, month, day, hour, tzinfo=CHINA_TZ)
