"""The article parser: a rules text (UTF-8 .txt or .docx) → chapters → articles → items.

The texts come as published, often copied from web pages, so the parser reads structure from
sequence and context rather than trusting every heading: a heading whose 「第」 or 「条」 was
dropped, whose number is garbled (「四十」 standing where 第四十九条 belongs) or that is missing
altogether is repaired from the numbers around it, and every repair is reported as a warning
with its line number, so a clerk can check the repair against the paper original.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from zhengwu.rulebook.numerals import NUMERAL_CHARS, read_digit_by_digit, to_chinese, to_int


@dataclass(frozen=True)
class Item:
    """An enumerated item 「（三）」 of an article; id `<rulebook>:<article>.<item>`."""

    no: int
    id: str
    text: str

    def as_dict(self) -> dict:
        return {"no": self.no, "id": self.id, "text": self.text}


@dataclass(frozen=True)
class Article:
    """One article (条). `text` is its full wording without the heading, paragraphs on lines."""

    no: int
    id: str
    text: str
    items: tuple[Item, ...]
    chapter_no: int
    line: int
    incomplete: bool = False
    paragraphs: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "no": self.no,
            "id": self.id,
            "text": self.text,
            "items": [item.as_dict() for item in self.items],
            "line": self.line,
            "incomplete": self.incomplete,
        }

    def item(self, no: int) -> Item:
        for item in self.items:
            if item.no == no:
                return item
        raise RulebookError(f"{self.id}：第{to_chinese(self.no)}条没有第（{_cn(no)}）项"
                            f"（本条共{len(self.items)}项）")


@dataclass(frozen=True)
class Chapter:
    no: int
    title: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class ParseWarning:
    line: int
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}"


class RulebookError(ValueError):
    """A rules text that cannot be read, or a reference to an article it does not have."""


@dataclass(frozen=True)
class Rulebook:
    id: str
    title: str
    doc_number: str | None
    date: datetime.date | None
    chapters: tuple[Chapter, ...]
    warnings: tuple[ParseWarning, ...] = field(default=())

    def articles(self) -> Iterator[Article]:
        for chapter in self.chapters:
            yield from chapter.articles

    def as_dict(self) -> dict:
        """The JSON shape of `zhengwu rules parse --format json`."""
        return {
            "id": self.id,
            "title": self.title,
            "doc_number": self.doc_number,
            "date": self.date.isoformat() if self.date else None,
            "chapters": [
                {"no": chapter.no, "title": chapter.title,
                 "articles": [article.as_dict() for article in chapter.articles]}
                for chapter in self.chapters
            ],
            "warnings": [{"line": warning.line, "message": warning.message} for warning in self.warnings],
        }

    @cached_property
    def _by_no(self) -> dict[int, Article]:
        found: dict[int, Article] = {}
        for article in self.articles():
            found.setdefault(article.no, article)
        return found

    def article(self, no: int) -> Article:
        try:
            return self._by_no[no]
        except KeyError:
            last = max(self._by_no) if self._by_no else 0
            raise RulebookError(
                f"《{self.title or self.id}》（{self.id}）没有第{_cn(no)}条"
                f"（共{len(self._by_no)}条，至第{_cn(last)}条）"
            ) from None

    def get(self, ref: str) -> Article | Item:
        """`"37"`, `"37.3"`, a full id `"dawa-2017:37.3"`, or as a clerk writes it:
        `"第三十七条"`, `"第三十七条第（三）项"` → that article or item."""
        ref = re.sub(r"[\s\u3000]", "", str(ref))
        if ":" in ref:
            prefix, ref = ref.split(":", 1)
            if prefix != self.id:
                raise RulebookError(f"引用「{prefix}:{ref}」不属于规则 {self.id}")
        if m := _WRITTEN_REF.fullmatch(ref):
            article_part, item_part = m.group(1), m.group(2) or ""
        else:
            article_part, _, item_part = ref.partition(".")
        article = self.article(_ref_number(article_part, ref))
        if not item_part:
            return article
        return article.item(_ref_number(item_part, ref))

    def has(self, ref: str) -> bool:
        try:
            self.get(ref)
        except RulebookError:
            return False
        return True


def _ref_number(part: str, whole: str) -> int:
    try:
        return to_int(part)
    except ValueError:
        raise RulebookError(f"引用「{whole}」无法识别：应为条号或“条号.项号”，如 37 或 37.3") from None


def _cn(number: int) -> str:
    return to_chinese(number) if 0 < number < 10_000 else str(number)


# ---------------------------------------------------------------------------------------------
# Reading files

def parse_file(path: str | Path, rulebook_id: str | None = None) -> Rulebook:
    """Parse a .txt (UTF-8, BOM and CRLF allowed) or .docx file; the id defaults to the stem."""
    path = Path(path)
    if not path.is_file():
        raise RulebookError(f"找不到文件「{path}」")
    rulebook_id = rulebook_id or path.stem
    if path.suffix.lower() == ".docx":
        text = _docx_text(path)
    else:
        text = _decode(path.read_bytes(), str(path))
    return parse_text(text, rulebook_id, source=str(path))


def _docx_text(path: Path) -> str:
    # Imported here: only .docx input needs python-docx.
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    from lxml.etree import LxmlError

    from zhengwu.core.docx_input import DocxRejected, check_docx

    try:
        check_docx(path)  # sizes and XML depth first: a zip bomb or a deep nest never reaches python-docx
        document = Document(str(path))
    except DocxRejected as exc:
        raise RulebookError(str(exc)) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError) as exc:
        raise RulebookError(f"文件「{path}」不是有效的 .docx 文档（{exc.__class__.__name__}）") from None
    # One paragraph per line, so warnings' line numbers count paragraphs of the document.
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _decode(data: bytes, source: str) -> str:
    head = data[:8192]
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\f")
    if b"\x00" in head or (head and controls / len(head) > 0.01):
        raise RulebookError(f"文件「{source}」不是文本文件（含二进制内容），无法作为规则文本读取")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise RulebookError(
                f"文件「{source}」第{line}行不是 UTF-8 编码，无法读取；请另存为 UTF-8 文本"
            ) from None
        raise RulebookError(
            f"文件「{source}」是 GBK/GB18030 编码（第{line}行起不是 UTF-8），"
            "请另存为 UTF-8 文本后再读取"
        ) from None


# ---------------------------------------------------------------------------------------------
# Line classification

_NUM = f"[{NUMERAL_CHARS}]+"
_CN_NUM = "[〇零一二两三四五六七八九十百千]+"
_SP = r"[\s\u3000\xa0]"

_CHAPTER = re.compile(rf"^第({_NUM})章{_SP}*([^，。；：,;:]{{0,30}})$")
_SECTION = re.compile(rf"^第({_NUM})节{_SP}*([^，。；：,;:]{{0,30}})$")
_FULL = re.compile(rf"^第({_NUM})条{_SP}*(.*)$")
_DUN = re.compile(rf"^({_CN_NUM})、{_SP}*(.*)$")
# Damaged forms of 第X条 seen in copied texts: 「第二十四  」, 「六条  」, 「二十三  」.
_NO_TIAO = re.compile(rf"^第({_NUM}){_SP}+(\S.*)$")
_NO_DI = re.compile(rf"^({_CN_NUM})条{_SP}*(\S.*)$")
_BARE = re.compile(rf"^({_CN_NUM}){_SP}+([\u4e00-\u9fff].*)$")
_ITEM = re.compile(rf"^[（(]{_SP}*({_NUM}){_SP}*[)）]{_SP}*(.*)$")
_BROKEN_ITEM = re.compile(rf"^[)）]{_SP}*(\S.*)$")
_WRITTEN_REF = re.compile(rf"第({_NUM})条(?:第?[（(]?({_NUM})[)）]?项)?")

_TRAILER = re.compile(
    r"^((抄送|抄报|文件下载|附件下载|相关附件|责任编辑)[:：]|扫一扫|打印本页|关闭窗口|【打印】)"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$"
)
_TITLE = re.compile(r"^[^，。；：,;:！？]{2,60}(规则|条例|办法|规定|细则|章程|制度|准则|法)(（[^）]*）)?$")
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,4})\s*号")
_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_HAN = re.compile(r"([〇零一二三四五六七八九]{4})年([十一二三四五六七八九]{1,3})月([十一二三四五六七八九]{1,4})日")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATED_LABEL = re.compile(r"^(成文日期|发文日期|印发日期)[:：]")

# Where a sentence may legitimately end a paragraph; anything else means the line was cut.
_STOPS = "。；;：:！!？?…”\"」』）)]】"
_ENDS_LIST = "。！!？?"


@dataclass
class _Line:
    no: int          # 1-based line number in the file
    text: str        # stripped
    kind: str        # blank chapter section article item broken_item text trailer
    number: int | None = None
    form: str = ""   # for article candidates: full / dun / weak
    raw: str = ""    # the heading as written (for warnings)
    rest: str = ""   # what follows the heading on the same line


def _classify(no: int, text: str) -> _Line:
    if not text:
        return _Line(no, text, "blank")
    if _TRAILER.search(text):
        return _Line(no, text, "trailer")
    if m := _CHAPTER.match(text):
        return _Line(no, text, "chapter", _number(m.group(1)), raw=m.group(1), rest=_squeeze(m.group(2)))
    if m := _SECTION.match(text):
        return _Line(no, text, "section", _number(m.group(1)), rest=_squeeze(m.group(2)))
    if m := _FULL.match(text):
        number = _number(m.group(1))
        form = "full" if number is not None else "weak"
        if number is None:
            number = _digit_by_digit(m.group(1))
        return _Line(no, text, "article", number, form, _heading(text, m), m.group(2).strip())
    if m := _DUN.match(text):
        return _Line(no, text, "article", _number(m.group(1)), "dun", m.group(1) + "、", m.group(2).strip())
    for pattern in (_NO_TIAO, _NO_DI, _BARE):
        if m := pattern.match(text):
            number = _number(m.group(1))
            if number is None:
                number = _digit_by_digit(m.group(1))
            return _Line(no, text, "article", number, "weak", _heading(text, m), m.group(2).strip())
    if m := _ITEM.match(text):
        number = _number(m.group(1))
        if number is not None:
            return _Line(no, text, "item", number, rest=m.group(2).strip())
    if m := _BROKEN_ITEM.match(text):
        return _Line(no, text, "broken_item", rest=m.group(1).strip())
    return _Line(no, text, "text", rest=text)


def _heading(text: str, match: re.Match) -> str:
    return text[: match.start(2)].strip(" \u3000\xa0\t")


def _number(text: str) -> int | None:
    try:
        return to_int(text)
    except ValueError:
        return None


def _digit_by_digit(text: str) -> int | None:
    try:
        return read_digit_by_digit(text)
    except ValueError:
        return None


def _squeeze(title: str) -> str:
    """「总  则」 → 「总则」: spaces between Chinese characters are layout, not words."""
    return re.sub(r"(?<=[\u4e00-\u9fff])[\s\u3000\xa0]+(?=[\u4e00-\u9fff])", "", title.strip())


# ---------------------------------------------------------------------------------------------
# Parsing

def parse_text(text: str, rulebook_id: str, *, source: str = "<text>") -> Rulebook:
    """Parse a rules text; raises RulebookError when it holds no articles."""
    parser = _Parser(text, rulebook_id, source)
    return parser.parse()


class _Parser:
    def __init__(self, text: str, rulebook_id: str, source: str) -> None:
        self.id = rulebook_id
        self.source = source
        self.warnings: list[ParseWarning] = []
        raw_lines = text.lstrip("\ufeff").splitlines()
        self.lines: list[_Line] = []
        in_header = True
        for index, raw in enumerate(raw_lines, start=1):
            stripped = raw.strip()
            # Leading `#` lines are provenance notes of the shipped law texts, not the text.
            if in_header and stripped.startswith("#"):
                continue
            if stripped:
                in_header = False
            self.lines.append(_classify(index, stripped))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ParseWarning(line, message))

    # -- top level ----------------------------------------------------------------------------

    def parse(self) -> Rulebook:
        start = self._body_start()
        preamble = self.lines[:start]
        body = self._body(start)
        headings = self._resolve_headings(body)
        chapters = self._assemble(body, headings)
        if not any(chapter.articles for chapter in chapters):
            raise self._no_articles()
        self.warnings.sort(key=lambda warning: warning.line)
        return Rulebook(
            id=self.id,
            title=_title(preamble),
            doc_number=_doc_number(preamble),
            date=_date(preamble),
            chapters=tuple(chapters),
            warnings=tuple(self.warnings),
        )

    def _no_articles(self) -> RulebookError:
        return RulebookError(
            f"「{self.source}」中找不到条文：没有「第一条」或「一、」式的条标题，不是规则文本"
        )

    def _body_start(self) -> int:
        """Where the rules begin: the first chapter heading that opens a chapter (not a line of a
        table of contents), else the article-1 heading that starts the longest run of headings
        (a covering notice may carry a short 「一、二、」 list of its own)."""
        chapters = [i for i, line in enumerate(self.lines) if line.kind == "chapter"]
        for index in chapters:
            following = next((line for line in self.lines[index + 1:]
                              if line.kind not in ("blank", "section")), None)
            if following is not None and following.kind != "chapter":
                return index
        if chapters:
            return chapters[0]
        starts = [i for i, line in enumerate(self.lines)
                  if line.kind == "article" and line.form in ("full", "dun") and line.number == 1]
        if starts:
            return max(starts, key=lambda start: (self._run_from(start), -start))
        for index, line in enumerate(self.lines):
            if line.kind == "article":
                return index
        raise self._no_articles()

    def _run_from(self, start: int) -> int:
        """How many headings continue the sequence from this 1, up to the next 1 of its form."""
        form, expected = self.lines[start].form, 2
        for line in self.lines[start + 1:]:
            if line.kind != "article":
                continue
            if line.form == form and line.number == 1:
                break
            if line.number == expected:
                expected += 1
        return expected

    def _body(self, start: int) -> list[_Line]:
        """The body runs to the end or to trailing page furniture (抄送, 文件下载, 印发 lines)."""
        body: list[_Line] = []
        for line in self.lines[start:]:
            if line.kind == "trailer":
                break
            body.append(line)
        return body

    # -- article headings ---------------------------------------------------------------------

    def _resolve_headings(self, body: list[_Line]) -> dict[int, int]:
        """Decide which candidate lines are article headings and which number each carries.

        Returns {index in body: article number}. A candidate that does not continue the sequence
        is judged by its neighbours: if the next heading continues from the expected number, the
        candidate is the expected article with a garbled number; text orphaned right after a
        chapter heading, before the expected-plus-one heading, is the article that lost its
        heading. Anything else is a real gap or, when it goes backwards, ordinary text.
        """
        full = sum(1 for line in body if line.kind == "article" and line.form == "full")
        dun = sum(1 for line in body if line.kind == "article" and line.form == "dun")
        other = "dun" if full >= dun else "full"
        candidates = [index for index, line in enumerate(body) if line.kind == "article"]
        accepted: dict[int, int] = {}
        expected = 1
        last_accepted = -1
        for position, index in enumerate(candidates):
            line = body[index]
            following = [body[i].number for i in candidates[position + 1:]
                         if body[i].form != other and body[i].number is not None]
            after = following[0] if following else None
            orphan = self._orphan_start(body, index, last_accepted) if line.number == expected + 1 else -1
            if orphan >= 0:
                accepted[orphan] = expected
                self.warn(body[orphan].no, f"缺少条标题，按前后条序补为第{_cn(expected)}条")
                last_accepted = orphan
                expected += 1
            if line.form == other and (line.number != expected or after == expected):
                # A heading in the minority style is taken only where it continues the sequence
                # and the next regular heading does not; otherwise it opens an inner list
                # (「一、依法督查；」 inside 第二条) or a chapter-like title.
                continue
            if line.number == expected:
                if line.form == "weak":
                    flaw = "书写有误" if line.raw.startswith("第") and line.raw.endswith("条") else "残缺"
                    self.warn(line.no, f"条标题「{line.raw}」{flaw}，按第{_cn(expected)}条读取")
            elif after is not None and after == expected + 1:
                self.warn(line.no, f"条标题「{line.raw}」与前后条序不符，更正为第{_cn(expected)}条")
            elif line.number is None or line.number < expected or after == expected:
                self.warn(line.no, f"「{line.raw}」形似条标题但不合条序，按正文处理")
                continue
            else:
                self.warn(line.no, f"条序不连续：第{_cn(expected - 1)}条之后是第{_cn(line.number)}条，"
                                   f"缺第{_cn(expected)}条" + ("" if line.number == expected + 1
                                                              else f"至第{_cn(line.number - 1)}条"))
                expected = line.number
            accepted[index] = expected
            last_accepted = index
            expected += 1
        return accepted

    @staticmethod
    def _orphan_start(body: list[_Line], index: int, last_accepted: int) -> int:
        """First text line after the latest chapter heading, or -1 when there is none."""
        chapter_at = max((i for i in range(index) if body[i].kind == "chapter"), default=-1)
        if chapter_at < last_accepted:
            return -1
        for i in range(chapter_at + 1, index):
            if body[i].kind in ("text", "item", "broken_item"):
                return i
        return -1

    # -- assembling ---------------------------------------------------------------------------

    def _assemble(self, body: list[_Line], headings: dict[int, int]) -> list[Chapter]:
        drafts: list[dict] = []   # chapters: {"no", "title", "articles": [article drafts]}
        current_article: dict | None = None
        chapter_no = 0
        for index, line in enumerate(body):
            if line.kind == "chapter":
                number = line.number if line.number is not None else chapter_no + 1
                if number != chapter_no + 1:
                    self.warn(line.no, f"章序不连续：第{_cn(chapter_no)}章之后是「{line.text}」")
                chapter_no = number
                drafts.append({"no": number, "title": line.rest, "line": line.no, "articles": []})
                current_article = None
                continue
            if index in headings:
                if not drafts:
                    drafts.append({"no": 0, "title": "", "line": line.no, "articles": []})
                is_heading = line.kind == "article"
                current_article = {
                    "no": headings[index],
                    "line": line.no,
                    "chapter_no": drafts[-1]["no"],
                    "paragraphs": [],
                }
                drafts[-1]["articles"].append(current_article)
                first = line.rest if is_heading else None
                if first:
                    current_article["paragraphs"].append(_Line(line.no, first, "text", rest=first))
                elif not is_heading:
                    current_article["paragraphs"].append(line)
                continue
            if line.kind in ("blank", "section"):
                continue
            if line.kind == "article":
                # A demoted candidate is ordinary text.
                line = _Line(line.no, line.text, "text", rest=line.text)
            if current_article is None:
                self.warn(line.no, "章标题后的文字不属于任何条，未收入")
                continue
            current_article["paragraphs"].append(line)

        ratio = _punctuated_ratio(drafts)
        chapters: list[Chapter] = []
        last_draft = drafts[-1]["articles"][-1] if drafts and drafts[-1]["articles"] else None
        for chapter in drafts:
            articles = tuple(
                self._article(draft, ratio, is_last=draft is last_draft) for draft in chapter["articles"]
            )
            chapters.append(Chapter(chapter["no"], chapter["title"], articles))
        return chapters

    def _article(self, draft: dict, ratio: float, *, is_last: bool) -> Article:
        paragraphs: list[_Line] = draft["paragraphs"]
        if ratio >= 0.9:
            paragraphs = self._join_broken(paragraphs)
        number = draft["no"]
        article_id = f"{self.id}:{number}"
        rendered, items = self._items(paragraphs, article_id)
        incomplete = False
        if is_last and ratio >= 0.9 and paragraphs and not paragraphs[-1].text.endswith(tuple(_STOPS)):
            incomplete = True
            self.warn(paragraphs[-1].no, f"第{_cn(number)}条在句中中断，文本不完整")
        return Article(
            no=number,
            id=article_id,
            text="\n".join(rendered),
            items=tuple(items),
            chapter_no=draft["chapter_no"],
            line=draft["line"],
            incomplete=incomplete,
            paragraphs=tuple(rendered),
        )

    def _join_broken(self, paragraphs: list[_Line]) -> list[_Line]:
        """Rejoin a sentence the source broke across lines (「服务型」 / 「政府，以…」)."""
        joined: list[_Line] = []
        for line in paragraphs:
            previous = joined[-1] if joined else None
            if (previous is not None and line.kind == "text"
                    and not previous.text.endswith(tuple(_STOPS))):
                self.warn(previous.no, f"句子在行尾断开，已与第{line.no}行合并")
                text = previous.text + line.text
                rest = previous.rest + line.text
                joined[-1] = _Line(previous.no, text, previous.kind, previous.number, rest=rest)
                continue
            joined.append(line)
        return joined

    def _items(self, paragraphs: list[_Line], article_id: str) -> tuple[list[str], list[Item]]:
        """Split an article's paragraphs into plain paragraphs and numbered items.

        Item markers that lost their 「（三）」 (a bare 「)」 or nothing) are restored from the
        numbers around them: paragraphs between （三） and （八） are items 四 to 七; after the
        last marker the list goes on while the previous item has not ended its sentence.
        """
        entries: list[tuple[str, _Line, int]] = []   # ("para"|"item", line, item number)
        pending: list[_Line] = []
        last_no = 0
        in_list = False

        def add_item(line: _Line, number: int, repaired: bool) -> None:
            nonlocal last_no
            if repaired:
                what = "项序号残缺" if line.kind == "broken_item" else "缺少项序号"
                self.warn(line.no, f"{what}，按顺序补为（{_cn(number)}）")
            entries.append(("item", line, number))
            last_no = number

        def settle(pending_lines: list[_Line]) -> None:
            nonlocal in_list
            for line in pending_lines:
                previous_open = entries and entries[-1][0] == "item" and \
                    not entries[-1][1].rest.endswith(tuple(_ENDS_LIST))
                if in_list and (line.kind == "broken_item" or previous_open):
                    add_item(line, last_no + 1, repaired=True)
                else:
                    in_list = False
                    entries.append(("para", line, 0))

        for line in paragraphs:
            if line.kind == "item" and line.number is not None:  # _classify numbers every item
                number = line.number
                if in_list and pending and number - last_no - 1 == len(pending):
                    for lost in pending:
                        add_item(lost, last_no + 1, repaired=True)
                else:
                    settle(pending)
                pending = []
                if last_no and number not in (last_no + 1, 1):
                    self.warn(line.no, f"项序不连续：（{_cn(last_no)}）之后是（{_cn(number)}）")
                add_item(line, number, repaired=False)
                in_list = True
            elif in_list:
                pending.append(line)
            elif line.kind == "broken_item":
                add_item(line, last_no + 1, repaired=True)
                in_list = True
            else:
                entries.append(("para", line, 0))
        settle(pending)

        rendered: list[str] = []
        items: list[Item] = []
        seen: set[int] = set()
        for kind, line, number in entries:
            if kind == "item":
                rendered.append(f"（{_cn(number)}）{line.rest}")
                if number in seen:
                    self.warn(line.no, f"本条第（{_cn(number)}）项重复出现，引用时取第一处")
                    continue
                seen.add(number)
                items.append(Item(number, f"{article_id}.{number}", line.rest))
            else:
                rendered.append(line.text)
        return rendered, items


def _punctuated_ratio(drafts: list[dict]) -> float:
    """Share of body paragraphs that end like a sentence; a low share means the source dropped
    punctuation wholesale, so a missing stop says nothing about a cut line. The very last
    paragraph is left out: it is the one whose ending is in question."""
    texts = [line.text for chapter in drafts for article in chapter["articles"]
             for line in article["paragraphs"]][:-1]
    if not texts:
        return 0.0
    return sum(1 for text in texts if text.endswith(tuple(_STOPS))) / len(texts)


# ---------------------------------------------------------------------------------------------
# The front matter: title, document number, date

def _title(preamble: list[_Line]) -> str:
    texts = [_squeeze(line.text) for line in preamble if line.kind != "blank"]
    for text in reversed(texts):
        if _TITLE.match(text) and not text.startswith("关于") and "通知" not in text:
            return text
    return ""


def _doc_number(preamble: list[_Line]) -> str | None:
    for line in preamble:
        if m := _DOC_NUMBER.search(line.text):
            return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    return None


def _date(preamble: list[_Line]) -> datetime.date | None:
    """The signing date: a line that is only a date (the signature block), else a labelled
    成文日期, else the latest date that opens a line (「2019年4月20日 …令…公布」)."""
    texts = [line.text for line in preamble if line.kind != "blank"]
    for text in reversed(texts):
        whole = re.sub(r"\s", "", text)
        for pattern in (_DATE_CN, _DATE_HAN):
            if (m := pattern.fullmatch(whole)) and (found := _make_date(m)):
                return found
    for text in texts:
        if _DATED_LABEL.match(text):
            for pattern in (_DATE_CN, _DATE_ISO):
                if (m := pattern.search(text)) and (found := _make_date(m)):
                    return found
    opening = [found for text in texts if "施行" not in text
               for m in [_DATE_CN.match(text)] if m and (found := _make_date(m))]
    return max(opening) if opening else None


def _make_date(match: re.Match) -> datetime.date | None:
    year, month, day = match.groups()
    try:
        if year.isdigit():
            return datetime.date(int(year), int(month), int(day))
        return datetime.date(read_digit_by_digit(year), to_int(month), to_int(day))
    except ValueError:
        return None
