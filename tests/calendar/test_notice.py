"""Reading the State Council's holiday notice as written (国务院办公厅关于YYYY年部分节假日安排的通知).

The 2024–2026 notices, pasted as published, must give exactly the working days chinesecalendar
has for those years; a wrong or partial notice is refused naming the line that failed.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from zhengwu.calendar import CalendarError
from zhengwu.calendar.notice import parse_notice
from zhengwu.calendar.schedule import package_schedules

NOTICES = Path(__file__).with_name("notices")
OFFICIAL = package_schedules()


def _text(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_published_notice_gives_the_official_working_days(year):
    parsed = parse_notice(_text(year), year)
    day = date(year, 1, 1)
    while day.year == year:
        assert parsed.schedule.is_workday(day) == OFFICIAL[year].is_workday(day), day
        day += timedelta(days=1)
    assert not parsed.schedule.provisional


def test_combined_festivals_and_lines_for_the_preview():
    parsed = parse_notice(_text(2025), 2025)
    labels = [festival for festival, _off, _on in parsed.lines]
    assert "国庆节、中秋节" in labels
    spring = next(line for line in parsed.lines if line[0] == "春节")
    assert spring[1][0] == date(2025, 1, 28) and len(spring[1]) == 8
    assert spring[2] == (date(2025, 1, 26), date(2025, 2, 8))


def test_encouragement_is_not_a_holiday():
    parsed = parse_notice(_text(2024), 2024)
    assert date(2024, 2, 9) not in parsed.schedule.holidays  # 「鼓励…在除夕（2月9日）休息」


def test_weekday_that_does_not_match_the_date_names_the_line():
    # The 2026 notice read as if it were 2027: the brackets' weekdays no longer match.
    with pytest.raises(CalendarError, match=r"第 3 行「一、元旦.*2027-01-01 是星期五.*周四.*年份是否正确"):
        parse_notice(_text(2026).replace("2026", "2027"), 2027)


def test_count_that_does_not_match_the_range_is_refused():
    text = _text(2026).replace("至7日（周三）放假调休，共7天", "至7日（周三）放假调休，共8天")
    with pytest.raises(CalendarError, match="第 9 行.*共8天.*是 7 天"):
        parse_notice(text, 2026)


def test_partial_notice_is_refused_naming_what_is_missing():
    text = "\n".join(line for line in _text(2026).splitlines() if "国庆" not in line)
    with pytest.raises(CalendarError, match="缺少 国庆节"):
        parse_notice(text, 2026)


def test_notice_that_leaves_out_a_statutory_day_is_refused():
    text = _text(2026).replace("10月1日（周四）至7日（周三）放假调休，共7天", "10月2日（周五）至7日（周三）放假调休，共6天")
    with pytest.raises(CalendarError, match="国庆节的法定假日 2026-10-01 不在通知的放假日期内"):
        parse_notice(text, 2026)


def test_make_up_workday_on_a_weekday_is_refused():
    text = _text(2026).replace("1月4日（周日）上班", "1月5日（周一）上班")
    with pytest.raises(CalendarError, match="第 3 行.*2026-01-05 是周一至周五"):
        parse_notice(text, 2026)


def test_text_without_items_is_refused():
    with pytest.raises(CalendarError, match="没有找到"):
        parse_notice("国务院办公厅关于2027年部分节假日安排的通知\n经国务院批准，现通知如下。", 2027)


def test_unknown_festival_is_refused():
    text = _text(2026) + "\n八、植树节：3月12日（周四）放假，共1天。"
    with pytest.raises(CalendarError, match="不认识的节日「植树节」"):
        parse_notice(text, 2026)
