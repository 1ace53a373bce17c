"""发文字号: 机关代字 + 〔年份〕 + 序号 + 号 (GB/T 9704-2012 7.2.5: 「大政发〔2017〕1号」; the
year in full, in 六角括号, the number without leading zeros or 第)."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^(?P<prefix>.+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")


def doc_number(prefix: str, year: int, seq: int) -> str:
    if not prefix.strip():
        raise ValueError("机关代字不能为空")
    if seq < 1:
        raise ValueError("发文序号从1开始")
    return f"{prefix.strip()}〔{year}〕{seq}号"


def parse_doc_number(text: str) -> tuple[str, int, int]:
    match = _NUMBER.match(text.strip())
    if match is None:
        raise ValueError(f"发文字号“{text}”不符合“机关代字〔年份〕序号号”的格式")
    return match["prefix"], int(match["year"]), int(match["seq"])


def register_number(year: int, seq: int) -> str:
    """收文编号: 「收文〔2026〕12号」, the year of the 收文日期, counted from 1 each year."""
    if seq < 1:
        raise ValueError("收文序号从1开始")
    return f"收文〔{year}〕{seq}号"
