"""Side by side: WorkCalendar.add_workdays against a day-by-day loop over chinese_calendar.

Replaying a year of events computes deadlines in bulk; this shows what the precomputed
calendar buys. Run: PYTHONPATH=src /work/venv/bin/python bench/calendar_bench.py
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import chinese_calendar

from zhengwu.calendar import calendar_from

SAMPLES = 100_000
MAX_STEP = 20  # deadlines in the rulebooks run from 1 to 20 working days, either direction


def naive_add(day: date, n: int) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if chinese_calendar.is_workday(day):
            remaining -= 1
    return day


def main() -> None:
    calendar = calendar_from({})
    first, last = calendar.covered_range()
    rng = random.Random(20241001)
    # Stay two months inside the range so neither method runs off its end.
    span = (last - first).days - 120
    cases = [
        (first + timedelta(days=60 + rng.randrange(span)), rng.choice([-1, 1]) * rng.randint(1, MAX_STEP))
        for _ in range(SAMPLES)
    ]

    started = time.perf_counter()
    fast = [calendar.add_workdays(day, n) for day, n in cases]
    fast_seconds = time.perf_counter() - started

    started = time.perf_counter()
    slow = [naive_add(day, n) for day, n in cases]
    slow_seconds = time.perf_counter() - started

    differing = sum(a != b for a, b in zip(fast, slow))
    print(f"样本：{SAMPLES} 个 (日期, N)，N 在 ±1…±{MAX_STEP} 之间")
    print(f"WorkCalendar.add_workdays：{fast_seconds:.3f} 秒")
    print(f"逐日循环 chinese_calendar.is_workday：{slow_seconds:.3f} 秒")
    print(f"倍数：{slow_seconds / fast_seconds:.1f}×")
    print(f"结果不一致：{differing} 个")


if __name__ == "__main__":
    main()
