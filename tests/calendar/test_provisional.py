"""Years without an entered State Council notice: the statutory holidays of the 办法 in force.

《全国年节及纪念日放假办法》 fixes the days; the yearly notice only arranges 调休 around them
(law/statutory-holidays.md). So every statutory day the provisional rule gives must be a holiday
in the official data of every year chinesecalendar covers — that is what makes the provisional
calendar safe to count on until the notice is entered.
"""

from __future__ import annotations

from datetime import date

import pytest
from chinese_calendar.constants import holidays as official_holidays

from zhengwu.calendar import CalendarError, calendar_from
from zhengwu.calendar.schedule import package_schedules
from zhengwu.calendar.statutory import provisional_schedule, rules_for, statutory_days

OFFICIAL = package_schedules()
CAL = calendar_from({})


@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_banfa_every_statutory_day_is_a_holiday_in_the_official_data(year):
    # A day off in the official data: listed as a holiday, or a weekend day not made a workday
    # (chinesecalendar leaves out a few weekend days inside holidays, e.g. 2012-06-23).
    for day, name in statutory_days(year).items():
        assert not OFFICIAL[year].is_workday(day), f"{year}: {name} {day} is a workday in chinesecalendar"
        assert day in official_holidays or day.weekday() >= 5


@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_banfa_gives_as_many_statutory_days_as_the_revision_in_force(year):
    rules = rules_for(year)
    expected = (rules.new_years_day + rules.spring_eve + rules.spring_days + rules.qingming
                + rules.labour_days + rules.dragon_boat + rules.mid_autumn + rules.national_days)
    # 中秋 can fall inside 国庆 (2009-10-03, 2020-10-01): one day then counts for both.
    assert expected - 1 <= len(statutory_days(year)) <= expected


def test_banfa_2024_revision_from_2025_eleven_days_with_chuxi_and_two_for_labour_day():
    days = statutory_days(2025)
    assert len(days) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3
    assert days[date(2025, 1, 28)] == "春节"  # 除夕
    assert days[date(2025, 5, 2)] == "劳动节"


def test_banfa_2013_revision_has_no_chuxi():
    assert date(2024, 2, 9) not in statutory_days(2024)  # 除夕 2024 was not a statutory day
    assert statutory_days(2024)[date(2024, 2, 10)] == "春节"


def test_banfa_2007_revision_chuxi_and_first_two_days():
    days = statutory_days(2010)
    assert days[date(2010, 2, 13)] == "春节" and date(2010, 2, 16) not in days


def test_provisional_2027_spring_festival_and_national_day():
    """春节 2027: 正月初一 is 2027-02-06, 除夕 2027-02-05; 国庆 10月1日至3日."""
    schedule = provisional_schedule(2027)
    assert schedule.provisional and not schedule.workdays
    for day in (date(2027, 2, 5), date(2027, 2, 8), date(2027, 10, 1), date(2027, 10, 3)):
        assert not CAL.is_workday(day)
    assert CAL.is_workday(date(2027, 2, 9))  # 初四, a Tuesday: no 调休 is assumed
    assert CAL.is_provisional(date(2027, 2, 9))


def test_year_end_deadline_runs_into_the_provisional_year():
    # 2026-12-31 (Thursday) + 1: 元旦 2027-01-01 Friday off, weekend, so Monday 01-04.
    assert CAL.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert CAL.workdays_between(date(2026, 12, 31), date(2027, 1, 4)) == 1


def test_qingming_is_the_solar_term_not_a_fixed_date():
    assert "清明节" == statutory_days(2027)[date(2027, 4, 5)]
    assert "清明节" == statutory_days(2030)[date(2030, 4, 5)]


def test_years_no_revision_covers_are_refused():
    with pytest.raises(CalendarError, match="1999"):
        rules_for(1999)
    with pytest.raises(CalendarError, match="2100"):
        statutory_days(2100)
