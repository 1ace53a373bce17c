"""Reading a State Council holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) as written.

The operator pastes the notice's own lines::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
    五、端午节：6月10日与周末连休。

and gets the year's schedule, or a refusal naming the line that failed: a weekday in brackets
that does not match the date (the surest sign of a wrong year), a 「共N天」 that does not match
the range, a festival missing, or a statutory day of the 办法 left out. Sentences that only
encourage (「鼓励…安排职工在除夕休息」) are not holidays and are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from zhengwu.calendar.errors import CalendarError
from zhengwu.calendar.schedule import YearSchedule
from zhengwu.calendar.statutory import statutory_days

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_NUMERAL = "一二三四五六七八九十"

_HEAD = re.compile(rf"^\s*[{_NUMERAL}]+\s*[、.．]\s*(?P<names>[^：:]+)[：:](?P<body>.*)$")
# One date: optional 年, optional 月, 日, then an optional bracket whose weekday we check; a span
# is one date, or two joined by 至.
def _date_pattern(tag: str) -> str:
    return (rf"(?:(?P<{tag}_y>\d{{4}})年)?(?:(?P<{tag}_m>\d{{1,2}})月)?(?P<{tag}_d>\d{{1,2}})日"
            rf"(?:[（(](?P<{tag}_note>[^）)]*)[）)])?")


_SPAN = re.compile(rf"(?P<a>{_date_pattern('a')})(?:至(?P<b>{_date_pattern('b')}))?")
_COUNT = re.compile(r"共\s*(\d+)\s*天")
_SENTENCE = re.compile(r"[^。；;]+")


@dataclass(frozen=True)
class ParsedNotice:
    """A notice read line by line: the year's schedule and what each line gave, for the preview."""

    schedule: YearSchedule
    lines: tuple[tuple[str, tuple[date, ...], tuple[date, ...]], ...]  # (festival, days off, workdays)


def _weekday_of(note: str | None) -> int | None:
    if not note:
        return None
    found = re.search(r"(?:周|星期)([一二三四五六日天])", note)
    return _WEEKDAY[found.group(1)] if found else None


class _Reader:
    def __init__(self, year: int, number: int, line: str):
        self.year = year
        self.number = number
        self.line = line
        self.month: int | None = None

    def fail(self, message: str) -> CalendarError:
        return CalendarError(f"第 {self.number} 行「{self.line.strip()}」：{message}")

    def day(self, y: str | None, m: str | None, d: str, note: str | None) -> date:
        if m:
            self.month = int(m)
        if self.month is None:
            raise self.fail(f"「{d}日」前没有月份")
        year = int(y) if y else self.year
        try:
            day = date(year, self.month, int(d))
        except ValueError:
            raise self.fail(f"{year}年{self.month}月{d}日 不是有效日期") from None
        weekday = _weekday_of(note)
        if weekday is not None and weekday != day.weekday():
            raise self.fail(f"{day.isoformat()} 是星期{'一二三四五六日'[day.weekday()]}，与括号中的"
                            f"「{note}」不符（年份是否正确？）")
        return day

    def span(self, match: re.Match) -> list[date]:
        first = self.day(match["a_y"], match["a_m"], match["a_d"], match["a_note"])
        if match["b"] is None:
            return [first]
        last = self.day(match["b_y"], match["b_m"], match["b_d"], match["b_note"])
        if last < first:
            raise self.fail(f"结束日 {last.isoformat()} 早于起始日 {first.isoformat()}")
        return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def parse_notice(text: str, year: int) -> ParsedNotice:
    """The schedule of `year` from the notice's numbered lines; refuses with the failing line."""
    off: dict[date, str] = {}
    on: dict[date, str] = {}
    seen: list[str] = []
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        head = _HEAD.match(raw.strip())
        if head is None:
            continue  # the notice's title, preamble and closing words
        names = [name for name in re.split(r"[、，,]", head["names"].strip()) if name]
        unknown = [name for name in names if name not in FESTIVALS]
        if unknown:
            raise CalendarError(f"第 {number} 行「{raw.strip()}」：不认识的节日「{'、'.join(unknown)}」"
                                f"（应为 {'、'.join(FESTIVALS)}）")
        label = "、".join(names)
        reader = _Reader(year, number, raw)
        line_off: list[date] = []
        line_on: list[date] = []
        for sentence in _SENTENCE.findall(head["body"]):
            if "鼓励" in sentence or "倡导" in sentence:
                continue
            if "放假" in sentence or "连休" in sentence:
                before = re.split(r"放假|与周末连休|连休", sentence, maxsplit=1)[0]
                days = [d for match in _SPAN.finditer(before) for d in reader.span(match)]
                if not days:
                    raise reader.fail("没有找到放假日期")
                count = _COUNT.search(sentence)
                if count and int(count.group(1)) != len(days):
                    raise reader.fail(f"写明共{count.group(1)}天，但 {days[0].isoformat()} 至 "
                                      f"{days[-1].isoformat()} 是 {len(days)} 天")
                line_off += days
            elif "上班" in sentence:
                days = [d for match in _SPAN.finditer(sentence) for d in reader.span(match)]
                for day in days:
                    if day.weekday() < 5:
                        raise reader.fail(f"{day.isoformat()} 是周一至周五，调休上班日应为周六或周日")
                line_on += days
        if not line_off:
            raise reader.fail("没有找到放假日期")
        for day in line_off:
            off[day] = names[0] if len(names) == 1 else label
        for day in line_on:
            on[day] = names[0]
        seen += names
        lines.append((label, tuple(line_off), tuple(line_on)))

    if not lines:
        raise CalendarError("没有找到形如「一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。」的条目，"
                            "请粘贴通知正文中逐项列出的放假安排。")
    missing = [name for name in FESTIVALS if name not in seen]
    if missing:
        raise CalendarError(f"通知不完整：缺少 {'、'.join(missing)} 的安排（完整的通知逐项列出全部七个节日）。")
    both = sorted(set(off) & set(on))
    if both:
        raise CalendarError(f"{both[0].isoformat()} 同时列为放假日和调休上班日。")
    left_out = [(day, name) for day, name in sorted(statutory_days(year).items()) if day not in off]
    if left_out:
        day, name = left_out[0]
        raise CalendarError(f"{name}的法定假日 {day.isoformat()} 不在通知的放假日期内"
                            f"（《全国年节及纪念日放假办法》规定的假日必须放假），请核对年份和日期。")
    outside = sorted(day for day in [*off, *on] if day.year != year and day.weekday() < 5)
    if outside:
        raise CalendarError(f"{outside[0].isoformat()} 不在 {year} 年内且是工作日；跨年的安排请在该年录入。")
    return ParsedNotice(
        YearSchedule(
            year,
            MappingProxyType({d: n for d, n in off.items() if d.year == year}),
            MappingProxyType({d: n for d, n in on.items() if d.year == year}),
            f"国务院办公厅关于{year}年部分节假日安排的通知",
        ),
        tuple(lines),
    )
