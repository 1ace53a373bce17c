"""What an issued document and a meeting's minutes print as (GB/T 9704-2012 公文格式).

These are plain frozen values handed to the renderers (`docx_render`), built by the documents
and meetings services from their own records. Nothing here touches storage or a clock; the
helpers below are the text rules of the standard that do not depend on a file format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Types sent up the hierarchy (上行文): the 签发人 appears on the number line (GB/T 9704 7.2.4).
UPWARD_TYPES = frozenset({"request", "report"})


@dataclass(frozen=True)
class OfficialDocument:
    """One issued 公文, element by element in the order GB/T 9704-2012 sets them.

    `doc_type` uses the glossary names (`request`, `report`, `notice`, …). `title` carries a
    newline where each of its lines ends. `main_recipients` is empty for documents without one
    (公告). `body` is a list of paragraphs; one opening with 「一、」「（一）」「1.」 is a heading
    of that level. `signer` prints only on upward documents (请示, 报告). `sealed` says the
    document carries the issuing authority's seal (加盖印章), which moves the signature block:
    centred over the date with room for the seal, instead of plainly at the right.
    """

    issuer_mark: str
    doc_number: str
    title: str
    main_recipients: str
    body: tuple[str, ...]
    issuing_authority: str
    date: date
    doc_type: str = "notice"
    signer: str | None = None
    copy_no: int | None = None
    classification: str | None = None
    classification_term: str | None = None
    urgency: str | None = None
    attachments: tuple[str, ...] = ()
    sealed: bool = True
    annotation: str | None = None
    copy_to: tuple[str, ...] = ()
    printing_office: str | None = None
    printing_date: date | None = None

    @property
    def is_upward(self) -> bool:
        return self.doc_type in UPWARD_TYPES


@dataclass(frozen=True)
class MinutesItem:
    """One 议定事项: its heading (「关于……的问题」) and what the meeting decided on it."""

    heading: str
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Minutes:
    """A meeting's 纪要 in the 纪要格式 of GB/T 9704-2012 section 10.3.

    `number` is the period or number line under the mark (「〔2024〕3号」, 「第3期」);
    `issuing_office`, when set, prints on the line above the red rule with the date at the
    right, as minutes usually carry. `title` is for minutes that have one (专题会议纪要);
    `opening` is the lead paragraph, composed from date, place, chair and meeting title when
    absent. `attendees`, `absent` and `observers` print as the 出席 / 请假 / 列席 lists.
    """

    issuer_mark: str
    number: str
    meeting_title: str
    date: date
    place: str
    chair: str
    attendees: tuple[str, ...]
    items: tuple[MinutesItem, ...]
    title: str | None = None
    issuing_office: str | None = None
    observers: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    recorder: str | None = None
    opening: str | None = None
    distribution: tuple[str, ...] = ()
    printing_office: str | None = None
    printing_date: date | None = None

    def composed_opening(self) -> str:
        if self.opening:
            return self.opening
        return (
            f"{chinese_date(self.date)}，{self.chair}在{self.place}主持召开{self.meeting_title}。"
            "现将会议议定事项纪要如下："
        )


def chinese_date(day: date) -> str:
    """成文日期 and 印发日期 in Arabic numerals, year in full, no leading zeros (GB/T 9704 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_ordinal(n: int) -> str:
    """一, 二 … 九十九: the numerals of first-level headings (一、二、…)."""
    if not 1 <= n <= 99:
        raise ValueError(f"标题序号须在1至99之间，收到 {n}")
    tens, units = divmod(n, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else CHINESE_NUMERALS[tens - 1]) + "十"
    if units:
        text += CHINESE_NUMERALS[units - 1]
    return text


_HEADING_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[.．]")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)


def heading_level(paragraph: str) -> int | None:
    """The structure level (1 一、 / 2 （一） / 3 1. / 4 （1）) a body paragraph opens with."""
    for level, pattern in _HEADING_PATTERNS:
        if pattern.match(paragraph):
            return level
    return None


def split_heading(paragraph: str) -> tuple[str, str]:
    """Split a heading paragraph into the heading sentence and the running text after it.

    A heading that ends in 「。」 and goes on (「（一）加强领导。各镇要……」) has only its
    first sentence set in the heading face; the rest stays in the body face.
    """
    end = paragraph.find("。")
    if end == -1 or end == len(paragraph) - 1:
        return paragraph, ""
    return paragraph[: end + 1], paragraph[end + 1 :]


def text_width(text: str) -> float:
    """Width in full-width character cells: ASCII digits and letters count as half a cell."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—…“”‘’" else 1.0 for ch in text)


def annotation_text(annotation: str) -> str:
    """附注 is printed in parentheses (GB/T 9704 7.3.6); add them when the caller left them out."""
    text = annotation.strip()
    if text.startswith(("（", "(")):
        return text
    return f"（{text}）"


def classification_line(classification: str, term: str | None) -> str:
    """密级和保密期限: 「机密★1年」, or the 密级 alone when no term is set."""
    return f"{classification}★{term}" if term else classification
