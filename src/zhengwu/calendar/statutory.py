"""Provisional schedules: the statutory holidays of 《全国年节及纪念日放假办法》 for a year whose
State Council notice is not entered yet.

The 办法 fixes which days are holidays; the yearly notice only arranges 调休 around them. So for
a year without its notice the statutory days plus weekends give working days that are right
except for 调休, and every deadline counted over them is marked 暂定 until the notice is entered.
Lunar festivals come from `lunardate` (1900–2099), 清明 from chinesecalendar's solar terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from chinese_calendar import get_solar_terms
from lunardate import LunarDate

from zhengwu.calendar.errors import CalendarError
from zhengwu.calendar.schedule import YearSchedule


@dataclass(frozen=True)
class HolidayRules:
    """One revision of the 办法: which statutory days it gives, from which year on."""

    first_year: int
    title: str
    new_years_day: int  # days from 1月1日
    spring_eve: bool  # 除夕 is a holiday
    spring_days: int  # from 正月初一
    qingming: bool
    labour_days: int  # from 5月1日
    dragon_boat: bool
    mid_autumn: bool
    national_days: int  # from 10月1日


# In force by year, newest last: law/statutory-holidays.md.
REVISIONS = (
    HolidayRules(2000, "《全国年节及纪念日放假办法》（1999年修订）", 1, False, 3, False, 3, False, False, 3),
    HolidayRules(2008, "《全国年节及纪念日放假办法》（2007年修订）", 1, True, 2, True, 1, True, True, 3),
    HolidayRules(2014, "《全国年节及纪念日放假办法》（2013年修订）", 1, False, 3, True, 1, True, True, 3),
    HolidayRules(2025, "《全国年节及纪念日放假办法》（2024年修订，国务院令第795号）", 1, True, 3, True, 2, True,
                 True, 3),
)
FIRST_YEAR = REVISIONS[0].first_year
LAST_YEAR = 2099  # the last year lunardate converts


def rules_for(year: int) -> HolidayRules:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            f"{year} 年超出可推算的范围（{FIRST_YEAR}—{LAST_YEAR} 年），无法判断是否为工作日。")
    return [rules for rules in REVISIONS if rules.first_year <= year][-1]


def _run(first: date, count: int, name: str) -> dict[date, str]:
    return {first + timedelta(days=k): name for k in range(count)}


def statutory_days(year: int) -> dict[date, str]:
    """Every statutory holiday of `year` under the 办法 in force that year, with its name."""
    rules = rules_for(year)
    days: dict[date, str] = {}
    days.update(_run(date(year, 1, 1), rules.new_years_day, "元旦"))
    spring = LunarDate(year, 1, 1).to_solar_date()
    if rules.spring_eve:
        days[spring - timedelta(days=1)] = "春节"
    days.update(_run(spring, rules.spring_days, "春节"))
    if rules.qingming:
        terms = get_solar_terms(date(year, 4, 1), date(year, 4, 10))
        days.update({day: "清明节" for day, term in terms if term == "清明"})
    days.update(_run(date(year, 5, 1), rules.labour_days, "劳动节"))
    if rules.dragon_boat:
        days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    if rules.mid_autumn:
        days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    days.update(_run(date(year, 10, 1), rules.national_days, "国庆节"))
    # 除夕 of the next lunar year can fall on 12月31日 at the earliest only in theory; keep the year.
    return {day: name for day, name in days.items() if day.year == year}


def provisional_schedule(year: int) -> YearSchedule:
    """Weekends and the statutory days, no 调休: what is known before the notice."""
    rules = rules_for(year)
    return YearSchedule(
        year,
        MappingProxyType(statutory_days(year)),
        MappingProxyType({}),
        f"暂按{rules.title}所定法定节假日和周末推算（国务院办公厅{year}年节假日安排通知尚未录入，调休未计）",
        provisional=True,
    )
