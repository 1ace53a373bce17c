"""What an issued document and a meeting's minutes print as (GB/T 9704-2012 公文格式).

These are plain frozen values handed to the renderers (`docx_render`), built by the documents
and meetings services from their own records. Nothing here touches storage or a clock; the
helpers below are the text rules of the standard that do not depend on a file format.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass
from datetime import date

Day = date  # the dataclasses below have a field named `date`, which hides the type in their bodies

# Types sent up the hierarchy (上行文): the 签发人 appears on the number line (GB/T 9704 7.2.6).
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
    printing_date: Day | None = None

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
    right, as minutes usually carry. `title` is for minutes that have one (专题会议纪要).
    `body` is the clerk's text as drafted, paragraph by paragraph; `items` are 议定事项 set
    under headings. `opening` is the lead paragraph; without it and without a clerk's text one
    is composed from date, place, chair and meeting title. `attendees`, `absent` and
    `observers` print as the 出席 / 请假 / 列席 lists (each name with its unit and post);
    `unexcused`, those absent without approved leave, as 缺席 — never under 请假.
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
    unexcused: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    recorder: str | None = None
    opening: str | None = None
    distribution: tuple[str, ...] = ()
    printing_office: str | None = None
    printing_date: Day | None = None

    def composed_opening(self) -> str | None:
        if self.opening:
            return self.opening
        if self.body:
            return None  # the clerk's text opens itself
        return (
            f"{chinese_date(self.date)}，{self.chair}在{self.place}主持召开{self.meeting_title}。"
            "现将会议议定事项纪要如下："
        )


def chinese_date(day: date) -> str:
    """成文日期 and 印发日期 in Arabic numerals, year in full, no leading zeros (GB/T 9704 7.3.5.5, 7.4.3)."""
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


# The four levels of 7.3.3: 「一、」「（一）」「1.」「（1）」. 「1.5亿元」 opens with a decimal, not
# a level-3 number, so the number may not run on into another digit.
_HEADING_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[.．](?!\d)")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)

# A heading sentence is short: longer than a line it is an enumerated paragraph, not a heading.
HEADING_MAX_WIDTH = 26
# A numbered paragraph that is one closed sentence is a heading only as a short phrase.
SENTENCE_HEADING_MAX_WIDTH = 12


def heading_level(paragraph: str) -> int | None:
    """The structure level (1 一、 / 2 （一） / 3 1. / 4 （1）) a body paragraph opens with."""
    for level, pattern in _HEADING_PATTERNS:
        if pattern.match(paragraph):
            return level
    return None


def split_heading(paragraph: str) -> tuple[str, str] | None:
    """The heading set in its level's face, and the running text after it; None for a
    numbered paragraph that is not a heading.

    A heading stands alone without closing punctuation (「一、资金需求」), or is the first
    sentence of a paragraph that goes on (「（一）加强领导。各镇要……」), or is a short closed
    phrase (「1.建立清单。」). A numbered paragraph that is one longer sentence (「一、同意你局
    ……。」) or whose first sentence runs past a line or over commas is an enumerated item,
    printed in the body face.
    """
    if heading_level(paragraph) is None:
        return None
    end = paragraph.find("。")
    if end == -1:
        heading, rest = paragraph, ""
        if heading.endswith(("；", "：", "！", "？")):
            return None
    elif end == len(paragraph) - 1:
        # One closed sentence: a heading phrase (「1.建立清单。」) or a decision (「一、同意……。」).
        if text_width(paragraph) > SENTENCE_HEADING_MAX_WIDTH:
            return None
        heading, rest = paragraph, ""
    else:
        heading, rest = paragraph[: end + 1], paragraph[end + 1 :]
    if "，" in heading or "；" in heading or text_width(heading) > HEADING_MAX_WIDTH:
        return None
    return heading, rest


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


# --- the title's lines (GB/T 9704 7.3.1) -------------------------------------------------------

# 2号 characters on a 156 mm line; a title line is kept a little shorter than the full measure.
TITLE_MAX_WIDTH = 20
_NO_LINE_START = "，。、；：？！）》」』”’%"
_UNITS = "年月日号期次届个万亿元%"


def title_lines(title: str, max_width: float = TITLE_MAX_WIDTH) -> list[str]:
    """A title broken into lines the way 7.3.1 asks: at word boundaries (词意完整), never
    inside a number with its unit, in a 梯形 (lines growing or shrinking steadily) or 菱形
    (longest in the middle) outline, as even as the words allow (长短适宜).

    A title the drafter broke (with newlines) keeps the drafter's lines.
    """
    if "\n" in title:
        return [line.strip() for line in title.split("\n") if line.strip()]
    title = title.strip()
    if text_width(title) <= max_width:
        return [title]
    words, in_book = _title_words(title)
    total = text_width(title)
    fewest = max(2, math.ceil(total / max_width))
    best: tuple[float, list[str]] | None = None
    for count in range(fewest, min(fewest + 1, len(words)) + 1):
        for breaks in itertools.combinations(range(1, len(words)), count - 1):
            bounds = (0, *breaks, len(words))
            lines = ["".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
            widths = [text_width(line) for line in lines]
            if max(widths) > max_width or any(line[0] in _NO_LINE_START for line in lines):
                continue
            if not _trapezoid_or_diamond(widths):
                continue
            mean = total / count
            cost = sum((w - mean) ** 2 for w in widths) + 8 * (count - fewest)
            cost += sum(_break_cost(words[b - 1], words[b], in_book[b]) for b in breaks)
            cost += sum(12 for w in widths if w < 4)  # a stub line of two or three characters
            if best is None or cost < best[0]:
                best = (cost, lines)
    if best is None:  # no outline fits at word boundaries: fall back to even cuts
        per_line = math.ceil(len(title) / fewest)
        return [title[i : i + per_line] for i in range(0, len(title), per_line)]
    return best[1]


def _break_cost(before: str, after: str, inside_book: bool) -> float:
    """What a line break between two words costs the title's sense."""
    cost = 0.0
    if inside_book:
        cost += 10  # a 《书名》 is one name
    if after.startswith(("和", "与", "及")) or before.endswith(("和", "与", "及", "、")):
        cost += 30  # 「住房和城乡建设局」, 「安全生产和应急管理」: a conjunction binds both sides
    if after.startswith("的") or before.endswith("的"):
        cost += 12  # 「……的通知」 is one phrase
    if len(after) == 1 or len(before) == 1:
        cost += 4  # a one-character word is usually bound to its neighbour
    return cost


def _trapezoid_or_diamond(widths: list[float]) -> bool:
    steps = [b - a for a, b in itertools.pairwise(widths)]
    if all(d >= 0 for d in steps) or all(d <= 0 for d in steps):
        return True
    peak = widths.index(max(widths))
    return (0 < peak < len(widths) - 1 and all(d >= 0 for d in steps[:peak])
            and all(d <= 0 for d in steps[peak:]))


# Compounds of government titles that jieba's general dictionary splits.
TITLE_COMPOUNDS = ("安全生产", "应急管理", "住房和城乡建设局", "人力资源和社会保障局", "自然资源局",
                   "生态环境", "营商环境", "乡村振兴", "高质量发展", "物流园区", "农村公路", "老旧小区")


@functools.cache
def _tokenizer():
    """A jieba tokenizer of its own, so the compounds above do not change search elsewhere."""
    import jieba

    tokenizer = jieba.Tokenizer()
    for word in TITLE_COMPOUNDS:
        tokenizer.add_word(word, freq=100000)
    return tokenizer


def _title_words(title: str) -> tuple[list[str], list[bool]]:
    """jieba's words with each number kept with its unit and punctuation with its word; and
    for each word whether a break before it falls inside a 《书名》."""
    words: list[str] = []
    in_book: list[bool] = []
    depth = 0
    for word in _tokenizer().lcut(title, HMM=False):
        glue = words and (word[0] in _NO_LINE_START or (word[0] in _UNITS and words[-1][-1].isdigit())
                          or words[-1][-1] in "《（「“")
        if glue:
            words[-1] += word
        else:
            words.append(word)
            in_book.append(depth > 0)
        depth += word.count("《") - word.count("》")
    return words, in_book


# --- 发文稿纸 and 收文处理笺 --------------------------------------------------------------------


@dataclass(frozen=True)
class Opinion:
    """One signed opinion on a processing form: the step (拟稿, 核稿, 会签, 签发; 批办, 批示,
    办理结果), who gave it (name with post or unit), what they wrote, and the day."""

    step: str
    who: str
    text: str
    on: date | None = None


@dataclass(frozen=True)
class ProcessingForm:
    """The form an office files with a document: 发文稿纸 for an outgoing one, 收文处理笺 for
    an incoming one. `fields` are the head of the form (标题, 文种, 发文字号 …) as (label,
    value); `opinions` come in the order they were given, step by step."""

    heading: str  # 「发文稿纸」 or 「收文处理笺」
    office: str  # whose form: 「盘锦市大洼区人民政府办公室」
    fields: tuple[tuple[str, str], ...]
    opinions: tuple[Opinion, ...]
