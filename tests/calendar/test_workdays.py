"""Known statutory schedules (国庆, 春节, 元旦 with 调休) and the out-of-range error."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from zhengwu.calendar import CalendarError, WorkCalendar, calendar_from, default_calendar
from zhengwu.calendar.overrides import parse_overrides

CAL = calendar_from({})


def test_covers_exactly_the_years_chinesecalendar_knows():
    first, last = CAL.covered_range()
    known = chinese_calendar.constants.holidays
    assert first == date(min(known).year, 1, 1)
    assert last == date(max(known).year, 12, 31)


def test_every_covered_day_agrees_with_chinesecalendar():
    first, last = CAL.covered_range()
    day = first
    while day <= last:
        assert CAL.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_national_day_2024_with_makeup_days():
    assert CAL.is_workday(date(2024, 9, 29))  # Sunday, 调休 make-up
    assert not any(CAL.is_workday(date(2024, 10, d)) for d in range(1, 8))
    assert CAL.is_workday(date(2024, 10, 12))  # Saturday, 调休 make-up
    assert not CAL.is_workday(date(2024, 10, 13))  # an ordinary Sunday
    # Friday 27 Sep: 29 Sep, 30 Sep, then 8–12 Oct.
    assert CAL.add_workdays(date(2024, 9, 27), 7) == date(2024, 10, 12)
    assert CAL.add_workdays(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert CAL.add_workdays(date(2024, 10, 3), 1) == date(2024, 10, 8)
    assert CAL.workdays_between(date(2024, 9, 27), date(2024, 10, 12)) == 7
    assert CAL.workdays_between(date(2024, 9, 30), date(2024, 10, 7)) == 0


def test_spring_festival_2025():
    assert CAL.is_workday(date(2025, 1, 26))  # Sunday make-up
    assert not any(CAL.is_workday(date(2025, 1, 28) + timedelta(days=k)) for k in range(8))
    assert CAL.is_workday(date(2025, 2, 8))  # Saturday make-up
    assert CAL.add_workdays(date(2025, 1, 27), 1) == date(2025, 2, 5)
    # 26 Jan, 27 Jan, 5, 6, 7 Feb.
    assert CAL.workdays_between(date(2025, 1, 24), date(2025, 2, 7)) == 5


def test_counting_backwards_before_a_meeting():
    # «会前3个工作日»: a meeting on Tuesday 8 Oct 2024 needs materials by Friday 27 Sep.
    assert CAL.add_workdays(date(2024, 10, 8), -1) == date(2024, 9, 30)
    assert CAL.add_workdays(date(2024, 10, 8), -2) == date(2024, 9, 29)
    assert CAL.add_workdays(date(2024, 10, 8), -3) == date(2024, 9, 27)
    assert CAL.workdays_between(date(2024, 10, 8), date(2024, 9, 27)) == -3


def test_across_year_ends():
    assert CAL.add_workdays(date(2024, 12, 31), 1) == date(2025, 1, 2)
    # 1–3 Jan 2026 off, Sunday 4 Jan a make-up workday.
    assert CAL.add_workdays(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert CAL.add_workdays(date(2026, 1, 4), -1) == date(2025, 12, 31)
    # 30, 31 Dec 2024, 2, 3 Jan 2025.
    assert CAL.workdays_between(date(2024, 12, 27), date(2025, 1, 3)) == 4
    assert CAL.workdays_between(date(2025, 1, 3), date(2024, 12, 27)) == -4
    assert CAL.workdays_between(date(2024, 1, 1), date(2025, 1, 1)) == sum(
        CAL.is_workday(date(2024, 1, 2) + timedelta(days=k)) for k in range(366)
    )


def test_zero_and_same_day():
    assert CAL.add_workdays(date(2024, 10, 1), 0) == date(2024, 10, 1)
    assert CAL.workdays_between(date(2024, 10, 1), date(2024, 10, 1)) == 0


def test_next_workday_moves_a_day_off_forward_and_keeps_a_workday():
    assert CAL.next_workday(date(2024, 10, 1)) == date(2024, 10, 8)
    assert CAL.next_workday(date(2024, 9, 29)) == date(2024, 9, 29)
    assert CAL.next_workday(date(2024, 10, 8)) == date(2024, 10, 8)


def test_a_datetime_is_refused_because_its_day_depends_on_the_zone():
    with pytest.raises(TypeError):
        CAL.is_workday(datetime(2024, 10, 8, 9, 0))


def test_a_date_no_rule_covers_names_the_date_and_no_file_or_package():
    with pytest.raises(CalendarError) as caught:
        CAL.is_workday(date(1999, 12, 31))
    message = str(caught.value)
    assert "1999-12-31" in message and "2000—2099" in message
    assert "ZHENGWU_CALENDAR_OVERRIDES" not in message and "overrides.yaml" not in message
    assert "chinesecalendar" not in message
    with pytest.raises(CalendarError, match="2100-01-01"):
        CAL.workdays_between(date(2099, 12, 1), date(2100, 1, 1))


def test_a_result_beyond_every_rule_is_an_error_not_a_guess():
    with pytest.raises(CalendarError, match="2099-12-30 后第 5 个工作日超出"):
        CAL.add_workdays(date(2099, 12, 30), 5)
    with pytest.raises(CalendarError, match="2000-01-05 前第 10 个工作日超出"):
        CAL.add_workdays(date(2000, 1, 5), -10)


def test_official_years_are_not_provisional_and_the_next_ones_are():
    first, last = CAL.covered_range()
    assert not CAL.is_provisional(last) and not CAL.is_provisional(first)
    assert CAL.is_provisional(last + timedelta(days=1))
    assert CAL.provisional_from == last + timedelta(days=1)
    assert CAL.schedule(last.year + 1).provisional
    assert "暂按" in CAL.schedule(last.year + 1).source


# A made-up year used only to exercise the override mechanism: not the real 2027 schedule.
FICTIONAL_NEXT_YEAR = """
years:
  2027:
    source: 测试用虚构安排
    holidays:
      - {from: 2027-01-01, to: 2027-01-03, name: 元旦}
    workdays:
      - {date: 2027-01-09, name: 元旦}
"""


def test_an_override_year_extends_the_range(write_yaml):
    from zhengwu.calendar.overrides import load_overrides

    cal = calendar_from(load_overrides(write_yaml(FICTIONAL_NEXT_YEAR)))
    assert cal.covered_range() == (date(2004, 1, 1), date(2027, 12, 31))
    assert not cal.is_workday(date(2027, 1, 1))  # a Friday declared off
    assert cal.is_workday(date(2027, 1, 9))  # a Saturday declared a make-up day
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert cal.workdays_between(date(2026, 12, 31), date(2027, 1, 9)) == 6


def test_an_override_year_replaces_the_package_year():
    overrides = parse_overrides(
        {"years": {2024: {"source": "测试", "holidays": [{"date": "2024-09-30", "name": "测试"}]}}},
        "test",
    )
    cal = calendar_from(overrides)
    assert not cal.is_workday(date(2024, 9, 30))
    # The whole year is replaced: without its make-up list, 29 Sep is a plain Sunday.
    assert not cal.is_workday(date(2024, 9, 29))
    assert cal.schedule(2024).source == "测试（test）"


def test_a_gap_between_years_is_refused_at_construction():
    overrides = parse_overrides({"years": {2028: {"source": "测试", "holidays": []}}}, "test")
    with pytest.raises(CalendarError, match="缺少 2027 年"):
        calendar_from(overrides)
    with pytest.raises(CalendarError):
        WorkCalendar({})


def test_default_calendar_reads_the_operator_file(monkeypatch, write_yaml):
    assert default_calendar().covered_range()[0] == date(2004, 1, 1)
    monkeypatch.setenv("ZHENGWU_CALENDAR_OVERRIDES", str(write_yaml(FICTIONAL_NEXT_YEAR)))
    assert default_calendar().covered_range()[1] == date(2027, 12, 31)
