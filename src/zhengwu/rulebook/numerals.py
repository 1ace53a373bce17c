"""Chinese numerals ↔ int, as article and item headings use them (第二十三条, （十一）).

Accepts 一…九十九, 一百…九千九百九十九 with 零/〇 for skipped places, 两 for 二, and Arabic digits
(half- or full-width), which some texts mix in (第1条).
"""

from __future__ import annotations

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_WRITE_DIGITS = "零一二三四五六七八九"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "0123456789０１２３４５６７８９"


def to_int(text: str) -> int:
    """Read a numeral; raise ValueError for anything that is not a well-formed one.

    Well-formed means the way the number is written: 「六三」 is not a numeral (it is a damaged
    「六十三」), so callers that want to guess at damage use `read_digit_by_digit`.
    """
    text = text.strip().translate(_FULL_WIDTH)
    if not text:
        raise ValueError("空的数字")
    if text.isdigit():
        return int(text)
    total = 0
    pending: int | None = None  # the digit waiting for its unit
    last_unit = 10_000
    zero_seen = False
    for char in text:
        if char in _DIGITS:
            value = _DIGITS[char]
            if pending is not None:
                raise ValueError(f"数字「{text}」中两个数位相连")
            if value == 0:
                zero_seen = True
                continue
            pending = value
        elif char in _UNITS:
            unit = _UNITS[char]
            if unit >= last_unit:
                raise ValueError(f"数字「{text}」中位数次序错误")
            if pending is None:
                # 「十」 alone or 「十五」 means one ten; 「一百十」 is not standard writing.
                if unit != 10 or total:
                    raise ValueError(f"数字「{text}」中「{char}」前缺少数字")
                pending = 1
            total += pending * unit
            pending = None
            last_unit = unit
            zero_seen = False
        else:
            raise ValueError(f"「{char}」不是数字")
    if pending is not None:
        # A trailing digit is units only if it follows 十 directly or a 零 (一百零五);
        # 「一百五」 (=150) is colloquial and not used in headings.
        if last_unit not in (10, 10_000) and not zero_seen:
            raise ValueError(f"数字「{text}」末位不明确")
        total += pending
    if total == 0 and not zero_seen:
        raise ValueError(f"数字「{text}」无法识别")
    return total


def read_digit_by_digit(text: str) -> int:
    """Read 「六三」 as 63: how a heading reads when its 「十」 was dropped."""
    text = text.strip().translate(_FULL_WIDTH)
    if not text or any(char not in _DIGITS and not char.isdigit() for char in text):
        raise ValueError(f"「{text}」不是逐位数字")
    return int("".join(str(_DIGITS.get(char, char)) for char in text))


def to_chinese(number: int) -> str:
    """Write 1…9999 the way article headings do: 十, 十一, 二十, 一百零一, 一百一十."""
    if not 0 < number < 10_000:
        raise ValueError(f"{number} 超出可书写的范围（1—9999）")
    parts: list[str] = []
    need_zero = False
    for unit_value, unit_char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit_value % 10
        if digit == 0:
            if parts:
                need_zero = True
            continue
        if need_zero:
            parts.append("零")
            need_zero = False
        parts.append(_WRITE_DIGITS[digit] + unit_char)
    written = "".join(parts)
    # 10–19 are written 十, 十一 … when they stand alone.
    if 10 <= number < 20:
        written = written[1:]
    return written
