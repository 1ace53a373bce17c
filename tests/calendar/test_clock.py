"""The injected clock: Beijing time, always timezone-aware."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from zhengwu.calendar import CHINA_TZ, FixedClock, SystemClock


def test_fixed_clock_takes_naive_times_as_beijing_time():
    clock = FixedClock(datetime(2024, 9, 30, 17, 30))
    assert clock.now() == datetime(2024, 9, 30, 17, 30, tzinfo=CHINA_TZ)
    assert clock.now().utcoffset() == timedelta(hours=8)


def test_fixed_clock_converts_aware_times_and_today_is_the_beijing_day():
    # 17:00 UTC on 30 Sep is 01:00 on 1 Oct in Beijing: the day deadlines count from.
    clock = FixedClock(datetime(2024, 9, 30, 17, 0, tzinfo=timezone.utc))
    assert clock.now().tzinfo is CHINA_TZ
    assert clock.now().hour == 1
    assert clock.today() == date(2024, 10, 1)


def test_fixed_clock_moves_only_when_told():
    clock = FixedClock(datetime(2024, 12, 31, 23, 0))
    assert clock.now() == clock.now()
    clock.advance(timedelta(hours=2))
    assert clock.today() == date(2025, 1, 1)
    clock.set(datetime(2025, 2, 5, 9, 0))
    assert clock.today() == date(2025, 2, 5)
    with pytest.raises(TypeError):
        clock.set(date(2025, 2, 5))


def test_system_clock_is_aware_and_in_beijing():
    now = SystemClock().now()
    assert now.tzinfo is CHINA_TZ
    assert SystemClock().today() in (now.date(), now.date() + timedelta(days=1))
