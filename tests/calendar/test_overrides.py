"""Loading and validating override files: every problem names the file and the key."""

from __future__ import annotations

from datetime import date

import pytest

from zhengwu.calendar import CalendarError
from zhengwu.calendar.overrides import (
    OVERRIDES_ENV,
    SHIPPED_OVERRIDES,
    configured_overrides,
    load_overrides,
)
from zhengwu.calendar.schedule import package_schedules


def test_the_shipped_file_is_valid_and_invents_no_year():
    shipped = load_overrides(SHIPPED_OVERRIDES)
    # Every shipped year must cite the State Council notice it was copied from.
    assert all("国务院办公厅" in s.source for s in shipped.values())


def test_single_dates_and_ranges_expand_with_names(write_yaml):
    path = write_yaml(
        """
years:
  "2030":
    source: 测试通知
    holidays:
      - {date: 2030-01-01, name: 元旦}
      - {from: "2030-02-02", to: "2030-02-04", name: 春节}
    workdays:
      - {date: 2030-01-26, name: 春节}
"""
    )
    schedule = load_overrides(path)[2030]
    assert dict(schedule.holidays) == {
        date(2030, 1, 1): "元旦",
        date(2030, 2, 2): "春节",
        date(2030, 2, 3): "春节",
        date(2030, 2, 4): "春节",
    }
    assert dict(schedule.workdays) == {date(2030, 1, 26): "春节"}
    assert schedule.source == "测试通知（工作日历覆盖文件）"  # no file path on a page


def test_operator_file_is_merged_over_the_shipped_one(write_yaml):
    path = write_yaml("years:\n  2024:\n    source: 本地更正\n    holidays: []\n")
    merged = configured_overrides({OVERRIDES_ENV: str(path)})
    assert merged[2024].source.startswith("本地更正")
    assert configured_overrides({}) == load_overrides(SHIPPED_OVERRIDES)


def test_a_missing_operator_file_is_named(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(CalendarError, match=f"{OVERRIDES_ENV}.*{missing}"):
        configured_overrides({OVERRIDES_ENV: str(missing)})


@pytest.mark.parametrize(
    ("body", "key", "expected"),
    [
        ("    holidays:\n      - {date: 2030-02-30, name: 春节}\n",
         "years.2030.holidays[0].date", "不是有效日期"),
        ("    holidays:\n      - {date: 2030-01-05, name: 元旦}\n"
         "    workdays:\n      - {date: 2030-01-05, name: 元旦}\n",
         "years.2030", "2030-01-05 同时列为放假日和调休上班日"),
        ("    holidays: 2030-01-01\n", "years.2030.holidays", "应为列表"),
        ("    holidays:\n      - {date: 2030-01-01}\n", "years.2030.holidays[0].name", "节日名称"),
        ("    holidays:\n      - {date: 2030-01-01, name: 12}\n",
         "years.2030.holidays[0].name", "节日名称"),
        ("    holidays:\n      - {date: 2031-01-01, name: 元旦}\n",
         "years.2030.holidays[0]", "不在 2030 年内"),
        ("    holidays:\n      - {from: 2030-02-04, to: 2030-02-02, name: 春节}\n",
         "years.2030.holidays[0]", "起始日 2030-02-04 晚于结束日 2030-02-02"),
        ("    holidays:\n      - {date: 2030-01-01, from: 2030-01-01, to: 2030-01-02, name: 元旦}\n",
         "years.2030.holidays[0]", "二者择一"),
        ("    holidays:\n      - {day: 2030-01-01, name: 元旦}\n",
         "years.2030.holidays[0]", "未知字段 day"),
        ("    workdays:\n      - {date: 2030-01-07, name: 元旦}\n",
         "years.2030.workdays", "2030-01-07 是周一至周五"),
        ("    holidays:\n      - {date: '2030-01-01 08:00', name: 元旦}\n",
         "years.2030.holidays[0].date", "不是有效日期"),
        ("    holidays:\n      - {date: 2030-01-01 08:00:00, name: 元旦}\n",
         "years.2030.holidays[0].date", "不是有效日期"),
        ("    holiday: []\n", "years.2030", "未知字段 holiday"),
    ],
)
def test_bad_entries_are_refused_with_file_and_key(write_yaml, body, key, expected):
    path = write_yaml(f"years:\n  2030:\n    source: 测试通知\n{body}")
    with pytest.raises(CalendarError) as caught:
        load_overrides(path)
    assert f"覆盖文件 {path}：{key}：" in str(caught.value)
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("years:\n  abc: {source: x}\n", "years.abc", "年份应为四位数字"),
        ("years:\n  2030: {holidays: []}\n", "years.2030.source", "通知名称"),
        ("years:\n  2030: [1, 2]\n", "years.2030", "应为映射"),
        ("years: [2030]\n", "years", "应为映射"),
        ("- 2030\n", "(顶层)", "应为映射"),
        ("year: {}\n", "(顶层)", "未知字段 year"),
    ],
)
def test_bad_structure_is_refused_with_file_and_key(write_yaml, text, key, expected):
    path = write_yaml(text)
    with pytest.raises(CalendarError) as caught:
        load_overrides(path)
    assert f"覆盖文件 {path}：{key}：" in str(caught.value)
    assert expected in str(caught.value)


def test_every_problem_of_a_file_is_reported_at_once(write_yaml):
    path = write_yaml(
        "years:\n  2030:\n    source: 测试\n    holidays:\n"
        "      - {date: 2030-13-01, name: 甲}\n      - {date: 2030-01-01}\n"
    )
    with pytest.raises(CalendarError) as caught:
        load_overrides(path)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert "holidays[0].date" in lines[0] and "holidays[1].name" in lines[1]


def test_invalid_yaml_names_the_file(write_yaml):
    path = write_yaml("years: {2030: [\n")
    with pytest.raises(CalendarError, match=f"覆盖文件 {path}：不是有效的 YAML"):
        load_overrides(path)


def test_package_schedules_carry_chinese_names():
    schedule = package_schedules()[2024]
    assert schedule.holidays[date(2024, 10, 1)] == "国庆节"
    assert schedule.workdays[date(2024, 9, 29)] == "国庆节"
    assert schedule.holidays[date(2024, 2, 10)] == "春节"


def test_a_datetime_given_by_code_is_refused():
    from datetime import datetime

    from zhengwu.calendar.overrides import parse_overrides

    data = {"years": {2030: {"source": "测试", "holidays": [{"date": datetime(2030, 1, 1, 8), "name": "元旦"}]}}}
    with pytest.raises(CalendarError, match="years.2030.holidays\\[0\\].date：应为日期（YYYY-MM-DD），不应带时间"):
        parse_overrides(data, "test")
