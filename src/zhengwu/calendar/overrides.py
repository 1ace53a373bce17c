"""Override files: holiday schedules for years the installed chinesecalendar does not know yet.

The State Council publishes next year's 节假日安排 around November, often before a new
chinesecalendar release. Until then an operator writes that year into a YAML file (the shipped
`overrides.yaml` for everyone, or a file named by ZHENGWU_CALENDAR_OVERRIDES for one
deployment). A year in an override file replaces that year's data entirely, because the
notice is the complete schedule of the year; the operator's file wins over the shipped one.

File format (see the shipped overrides.yaml)::

    years:
      2027:
        source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔…〕…号）
        holidays:                                  # every day off, weekends inside included
          - {date: 2027-01-01, name: 元旦}
          - {from: 2027-02-06, to: 2027-02-12, name: 春节}
        workdays:                                  # 调休 make-up workdays (Saturday/Sunday)
          - {date: 2027-02-14, name: 春节}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

import yaml

from zhengwu.calendar.errors import CalendarError
from zhengwu.calendar.schedule import YearSchedule

SHIPPED_OVERRIDES = Path(__file__).with_name("overrides.yaml")
OVERRIDES_ENV = "ZHENGWU_CALENDAR_OVERRIDES"

_YEAR_KEYS = {"source", "holidays", "workdays"}
_ENTRY_KEYS = {"date", "from", "to", "name"}


class _DatesAsText(yaml.SafeLoader):
    """Leaves dates as text: PyYAML would crash on 2027-02-30 instead of letting us name it."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)  # type: ignore[type-var]  # types-PyYAML types the subclass as its base


class _Problems:
    """Collects every problem of one file so the operator fixes them in one pass."""

    def __init__(self, origin: str):
        self.origin = origin
        self.lines: list[str] = []

    def add(self, key: str, message: str) -> None:
        self.lines.append(f"覆盖文件 {self.origin}：{key}：{message}")

    def raise_if_any(self) -> None:
        if self.lines:
            raise CalendarError("\n".join(self.lines))


def _as_date(value, key: str, problems: _Problems) -> date | None:
    if isinstance(value, datetime):
        problems.add(key, f"应为日期（YYYY-MM-DD），不应带时间：{value}")
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.add(key, f"不是有效日期（应为 YYYY-MM-DD）：{value!r}")
    return None


def _as_year(key, problems: _Problems) -> int | None:
    if isinstance(key, int) and not isinstance(key, bool) and 1900 <= key <= 2999:
        return key
    if isinstance(key, str) and key.strip().isdigit() and 1900 <= int(key) <= 2999:
        return int(key)
    problems.add(f"years.{key}", "年份应为四位数字，如 2027")
    return None


def _entries(
    raw, year: int, key: str, problems: _Problems
) -> dict[date, str]:
    """Expand a list of single dates and from–to ranges into {date: name}."""
    days: dict[date, str] = {}
    if raw is None:
        return days
    if not isinstance(raw, list):
        problems.add(key, "应为列表，每项形如 {date: YYYY-MM-DD, name: 名称} 或 {from: …, to: …, name: …}")
        return days
    for index, entry in enumerate(raw):
        where = f"{key}[{index}]"
        if not isinstance(entry, Mapping):
            problems.add(where, "应为 {date: YYYY-MM-DD, name: 名称} 或 {from: …, to: …, name: …}")
            continue
        unknown = set(entry) - _ENTRY_KEYS
        if unknown:
            problems.add(where, f"未知字段 {', '.join(sorted(map(str, unknown)))}（允许 date、from、to、name）")
            continue
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.add(f"{where}.name", "应为节日名称文字，如 春节")
            continue
        if "date" in entry and not ({"from", "to"} & set(entry)):
            first = last = _as_date(entry["date"], f"{where}.date", problems)
        elif {"from", "to"} <= set(entry) and "date" not in entry:
            first = _as_date(entry["from"], f"{where}.from", problems)
            last = _as_date(entry["to"], f"{where}.to", problems)
        else:
            problems.add(where, "应给出 date，或同时给出 from 和 to（二者择一）")
            continue
        if first is None or last is None:
            continue
        if first > last:
            problems.add(where, f"起始日 {first} 晚于结束日 {last}")
            continue
        if first.year != year or last.year != year:
            problems.add(where, f"日期 {first}–{last} 不在 {year} 年内")
            continue
        day = first
        while day <= last:
            days[day] = name.strip()
            day += timedelta(days=1)
    return days


def parse_overrides(data, origin: str) -> dict[int, YearSchedule]:
    """Validate the parsed YAML of one override file; `origin` names it in every error."""
    problems = _Problems(origin)
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        problems.add("(顶层)", "应为映射，形如 years: {2027: {...}}")
        problems.raise_if_any()
    unknown = set(data) - {"years"}
    if unknown:
        problems.add("(顶层)", f"未知字段 {', '.join(sorted(map(str, unknown)))}（只允许 years）")
    years = data.get("years") or {}
    if not isinstance(years, Mapping):
        problems.add("years", "应为映射：年份 → 该年安排")
        problems.raise_if_any()

    schedules: dict[int, YearSchedule] = {}
    for raw_year, body in years.items():
        year = _as_year(raw_year, problems)
        if year is None:
            continue
        key = f"years.{year}"
        if not isinstance(body, Mapping):
            problems.add(key, "应为映射，含 source、holidays、workdays")
            continue
        unknown = set(body) - _YEAR_KEYS
        if unknown:
            problems.add(key, f"未知字段 {', '.join(sorted(map(str, unknown)))}（允许 source、holidays、workdays）")
        source = body.get("source")
        if not isinstance(source, str) or not source.strip():
            problems.add(f"{key}.source", "应写明依据的通知名称和文号，如 国务院办公厅关于2027年部分节假日安排的通知")
            source = ""
        off = _entries(body.get("holidays"), year, f"{key}.holidays", problems)
        on = _entries(body.get("workdays"), year, f"{key}.workdays", problems)
        for day in sorted(set(off) & set(on)):
            problems.add(key, f"{day} 同时列为放假日和调休上班日")
        for day in sorted(on):
            if day.weekday() < 5:
                # A make-up workday on Monday–Friday changes nothing: almost surely a typo.
                problems.add(f"{key}.workdays", f"{day} 是周一至周五，调休上班日应为周六或周日")
        schedules[year] = YearSchedule(
            year,
            MappingProxyType(off),
            MappingProxyType(on),
            f"{source.strip()}（工作日历覆盖文件）",
        )
    problems.raise_if_any()
    return schedules


def load_overrides(path: Path | str) -> dict[int, YearSchedule]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CalendarError(f"无法读取工作日历覆盖文件 {path}：{exc.strerror or exc}") from None
    try:
        data = yaml.load(text, Loader=_DatesAsText)
    except yaml.YAMLError as exc:
        raise CalendarError(f"覆盖文件 {path}：不是有效的 YAML：{exc}") from None
    return parse_overrides(data, str(path))


def configured_overrides(environ: Mapping[str, str] = os.environ) -> dict[int, YearSchedule]:
    """The shipped overrides, then the operator's file (if the variable names one) over them."""
    schedules = load_overrides(SHIPPED_OVERRIDES)
    operator_path = environ.get(OVERRIDES_ENV, "").strip()
    if operator_path:
        if not Path(operator_path).is_file():
            raise CalendarError(
                f"环境变量 {OVERRIDES_ENV} 指向的工作日历覆盖文件不存在：{operator_path}"
            )
        schedules.update(load_overrides(operator_path))
    return schedules
