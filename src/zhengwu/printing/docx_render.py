"""Render an issued document or a meeting's minutes to .docx in the GB/T 9704-2012 layout.

The page is the standard's: A4, 版心 156 mm × 225 mm (top 37 mm, left 28 mm), 3号仿宋 body on
22 lines of 28 characters. Fonts are named as the standard names them (仿宋_GB2312,
方正小标宋简体, 黑体, 楷体_GB2312) so an office's Word shows them; `pdf.to_pdf` maps them to the
fonts a Linux server has.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime, time
from collections.abc import Iterable

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from zhengwu.core import exports
from zhengwu.printing.layout import (
    Minutes,
    OfficialDocument,
    ProcessingForm,
    annotation_text,
    chinese_date,
    chinese_ordinal,
    classification_line,
    heading_level,
    split_heading,
    text_width,
    title_lines,
)

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

RED = RGBColor(0xFF, 0x00, 0x00)

# Chinese type sizes (号) in points.
SIZE_2 = 22.0
SIZE_3 = 16.0
SIZE_4 = 14.0

TYPE_AREA_WIDTH_MM = 156
TYPE_AREA_HEIGHT_MM = 225
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
TYPE_AREA_BOTTOM_MM = 37 + 225
TYPE_AREA_WIDTH_PT = TYPE_AREA_WIDTH_MM * 72 / 25.4
# 225 mm over 22 lines is 28.99 pt; Word stores twentieths of a point, and rounding down (28.95)
# keeps the 22nd line from spilling onto the next page.
LINE_PT = math.floor(TYPE_AREA_HEIGHT_MM * 72 / 25.4 / LINES_PER_PAGE * 20) / 20
# One character cell of the 28-per-line grid (a shade under 16 pt).
CHAR_PT = TYPE_AREA_WIDTH_PT / CHARS_PER_LINE
# Character spacing, in twentieths of a point, that brings 16 pt characters to that cell.
CONDENSE_TWIPS = -5
# The issuer mark's top edge sits 35 mm below the top of the type area (GB/T 9704 7.2.4, and
# 10.3 for the 纪要标志).
MARK_OFFSET_PT = 35 * 72 / 25.4
# With exact line spacing the extra leading goes above the text, but a CJK face's ascent (Noto
# CJK: 1.16 em) reaches above its ideographs' ink: the ink top sits this fraction of the size
# below where the leading would put it; lowering the line by this fraction of the size puts the
# ink on the 35 mm. Measured on the rendered PDF by the conformance test.
MARK_INK_RISE_EM = 0.085
# The red rule's gap below the number line's box: 4 mm under the characters' foot (7.2.7),
# less the line box's depth under the foot (the line is 28.95 pt, the characters 16 pt).
RED_RULE_GAP_PT = 7

# 7.3.3: 一般第一层用黑体字、第二层用楷体字、第三层和第四层用仿宋体字 (no bold).
HEADING_FACES = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}


def render_document_docx(doc: OfficialDocument) -> bytes:
    """The issued document as .docx bytes: 版头, 主体 and 版记 in the standard's order."""
    sheet = _new_sheet(doc.title, doc.issuing_authority, doc.date)
    header_lines = _top_left_marks(sheet, doc)
    _issuer_mark(sheet, doc.issuer_mark, header_lines)
    _blank_lines(sheet, 2)
    _number_line(sheet, doc.doc_number, doc.signer if doc.is_upward else None)
    _blank_lines(sheet, 2)
    _title(sheet, doc.title)
    _blank_lines(sheet, 1)
    if doc.main_recipients:
        _main_recipients(sheet, doc.main_recipients)
    _body(sheet, doc.body)
    last_body = len(sheet.paragraphs) - 1
    if doc.attachments:
        _blank_lines(sheet, 1)
        _attachment_notes(sheet, doc.attachments)
    _signature(sheet, doc.issuing_authority, chinese_date(doc.date), doc.sealed)
    _keep_together(sheet.paragraphs[last_body:])
    if doc.annotation:
        _plain(sheet, annotation_text(doc.annotation), first_line_chars=2)
    _imprint(sheet, "抄送", doc.copy_to, doc.printing_office, doc.printing_date)
    return _to_bytes(sheet)


def render_minutes_docx(m: Minutes) -> bytes:
    """The meeting's minutes as .docx bytes in the 纪要格式 (GB/T 9704 10.3)."""
    author = m.issuing_office or m.printing_office or ""
    sheet = _new_sheet(m.title or m.issuer_mark, author, m.date)
    _issuer_mark(sheet, m.issuer_mark, 0)
    _blank_lines(sheet, 1)
    if m.issuing_office:
        _plain(sheet, m.number, align=WD_ALIGN_PARAGRAPH.CENTER)
        _office_and_date_line(sheet, m.issuing_office, chinese_date(m.printing_date or m.date))
    else:
        _number_line(sheet, m.number, None)
    _blank_lines(sheet, 2 if m.title else 1)
    if m.title:
        _title(sheet, m.title)
        _blank_lines(sheet, 1)
    opening = m.composed_opening()
    _body(sheet, ([opening] if opening else []) + list(m.body))
    for n, item in enumerate(m.items, start=1):
        heading = item.heading
        if heading_level(heading) != 1:
            heading = f"{chinese_ordinal(n)}、{heading}"
        _body(sheet, [heading, *item.paragraphs])
    _blank_lines(sheet, 1)
    lists = (("出席", m.attendees), ("请假", m.absent), ("缺席", m.unexcused), ("列席", m.observers))
    for label, names in lists:
        if names:
            _name_list(sheet, label, names)
    if m.recorder:
        _name_list(sheet, "记录", [m.recorder])
    _imprint(sheet, "分送", m.distribution, m.printing_office, m.printing_date)
    return _to_bytes(sheet)


def render_form_docx(form: ProcessingForm) -> bytes:
    """发文稿纸 / 收文处理笺: the office's name and the form's name over a ruled table, the
    document's particulars first, then each opinion in the order it was given, signed and dated."""
    sheet = _new_sheet(form.heading, form.office, next((o.on for o in form.opinions if o.on), date(2000, 1, 1)))
    _plain(sheet, form.office, align=WD_ALIGN_PARAGRAPH.CENTER)
    _plain(sheet, form.heading, face=XIAOBIAOSONG, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=SIZE_2 * 1.6)
    rows = [(label, [value]) for label, value in form.fields]
    steps: list[tuple[str, list]] = []
    for opinion in form.opinions:
        if not steps or steps[-1][0] != opinion.step:
            steps.append((opinion.step, []))
        steps[-1][1].append(opinion)
    table = sheet.add_table(rows=len(rows) + len(steps), cols=2)
    _form_table_properties(table)
    for row, (label, values) in zip(table.rows, rows + steps, strict=True):
        head, cell = row.cells
        _run(head.paragraphs[0], label, HEITI, SIZE_4)
        head.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        first = True
        for value in values:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            if isinstance(value, str):
                _run(paragraph, value, FANGSONG, SIZE_4)
                continue
            if value.text:
                _run(paragraph, value.text, KAITI, SIZE_4)
                paragraph = cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(paragraph, value.who + ("\u3000" + chinese_date(value.on) if value.on else ""), FANGSONG, SIZE_4)
    return _to_bytes(sheet)


FORM_LABEL_WIDTH_MM = 30


def _form_table_properties(table) -> None:
    """A ruled two-column table across the type area: labels 30 mm, opinions the rest."""
    table.autofit = False
    widths = (Mm(FORM_LABEL_WIDTH_MM), Mm(TYPE_AREA_WIDTH_MM - FORM_LABEL_WIDTH_MM))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    tbl_pr = table._tbl.tblPr
    for style in tbl_pr.findall(qn("w:tblStyle")):
        tbl_pr.remove(style)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        rule = OxmlElement(f"w:{edge}")
        rule.set(qn("w:val"), "single")
        rule.set(qn("w:sz"), "6")
        rule.set(qn("w:space"), "0")
        rule.set(qn("w:color"), "000000")
        borders.append(rule)
    tbl_pr.append(borders)
    _schema_order(tbl_pr, _TBL_PR_ORDER)
    for row in table.rows:
        row.height = Mm(14)


# --- the page ---------------------------------------------------------------------------


def _new_sheet(title: str, author: str, day: date):
    sheet = Document()
    section = sheet.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The page number's dash sits 7 mm under the type area (GB/T 9704 7.5): the dash is drawn
    # at the middle of the footer's one 4号 line, so the line's bottom is half a line lower.
    section.footer_distance = Mm(35 - 7) - Pt(SIZE_4 / 2)
    _grid(section)
    _defaults(sheet)
    sheet.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    # The file's own properties name the issuer and the document's date, not the library
    # and the wall clock, so the same document always renders to the same properties.
    properties = sheet.core_properties
    properties.title = exports.clean(title.replace("\n", ""))
    properties.author = exports.clean(author)
    properties.last_modified_by = exports.clean(author)
    properties.comments = ""
    properties.language = "zh-CN"
    properties.created = properties.modified = datetime.combine(day, time())
    return sheet


def _grid(section) -> None:
    """The line pitch of the 22-line page.

    Only the pitch, not a character grid: LibreOffice puts each 16 pt character of a
    28-per-line character grid into two cells. 28 characters fit instead because body text is
    condensed a quarter point (see `_defaults`), which Word and LibreOffice both honour.
    """
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    sect_pr.append(grid)


def _defaults(sheet) -> None:
    """Body face and size as document defaults, replacing the template's theme fonts."""
    defaults = sheet.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in list(r_pr):
        r_pr.remove(old)
    _set_fonts(r_pr, FANGSONG)
    # 16 pt less a quarter point is 15.75 pt a character: 28 of them fill the 156 mm line.
    tracking = OxmlElement("w:spacing")
    tracking.set(qn("w:val"), str(CONDENSE_TWIPS))
    r_pr.append(tracking)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(SIZE_3 * 2)))
        r_pr.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    r_pr.append(lang)
    p_pr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for old in list(p_pr):
        p_pr.remove(old)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(round(LINE_PT * 20)))
    spacing.set(qn("w:lineRule"), "exact")
    p_pr.append(spacing)
    normal = sheet.styles["Normal"]
    normal.font.size = Pt(SIZE_3)
    _set_fonts(normal.element.get_or_add_rPr(), FANGSONG)


def _set_fonts(r_pr, face: str) -> None:
    """Name one face for every script: Word picks w:eastAsia for Chinese, w:ascii for digits."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), face)


def _page_number(paragraph: Paragraph, odd: bool) -> None:
    """「— 1 —」 in 4号半角宋体, one character in from the outside edge (odd right, even left)."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(SIZE_4)
    if odd:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(SIZE_4)
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = Pt(SIZE_4)
    # 一字线: U+2015, GB 2312's A1AA, drawn a full character wide; U+2014 is drawn shorter
    # (0.89 of a character in Noto CJK). The digits are 半角.
    _east_asian(_run(paragraph, "―", SONGTI, SIZE_4))
    _field(paragraph, "PAGE", "1", SONGTI, SIZE_4)
    _east_asian(_run(paragraph, "―", SONGTI, SIZE_4))


def _east_asian(run) -> None:
    """Ask for the East Asian font of a run whose characters both scripts share (w:hint)."""
    run._element.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:hint"), "eastAsia")


def _field(paragraph: Paragraph, instruction: str, shown: str, face: str, size: float) -> None:
    """A Word field (PAGE): begin, instruction, separator, the value shown until updated, end."""

    def marker(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        _run(paragraph, "", face, size)._element.append(el)

    marker("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    _run(paragraph, "", face, size)._element.append(code)
    marker("separate")
    _run(paragraph, shown, face, size)
    marker("end")


def _to_bytes(sheet) -> bytes:
    out = io.BytesIO()
    sheet.save(out)
    return out.getvalue()


# --- paragraphs and runs ----------------------------------------------------------------


def _run(paragraph: Paragraph, text: str, face: str, size: float, *, bold: bool = False,
         color: RGBColor | None = None):
    run = paragraph.add_run(exports.run_text(text))
    _set_fonts(run._element.get_or_add_rPr(), face)
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if color is not None:
        run.font.color.rgb = color
    return run


def _paragraph(sheet, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars: float = 0,
               left_chars: float = 0, right_chars: float = 0,
               line_pt: float = LINE_PT) -> Paragraph:
    paragraph = sheet.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False
    if first_line_chars:
        fmt.first_line_indent = Pt(first_line_chars * CHAR_PT)
    if left_chars:
        fmt.left_indent = Pt(left_chars * CHAR_PT)
    if right_chars:
        fmt.right_indent = Pt(right_chars * CHAR_PT)
    return paragraph


def _plain(sheet, text: str, *, face: str = FANGSONG, size: float = SIZE_3, **fmt) -> Paragraph:
    paragraph = _paragraph(sheet, **fmt)
    _run(paragraph, text, face, size)
    return paragraph


def _blank_lines(sheet, count: int) -> None:
    for _ in range(count):
        _paragraph(sheet)


# Elements that follow w:pBdr in w:pPr (ECMA-376 schema order); Word rejects misordered XML.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def _rules(paragraph: Paragraph, edges: dict[str, tuple[str, int, float]]) -> None:
    """Rules over/under a paragraph as wide as its box: {edge: (colour, eighths pt, gap pt)}."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        if edge not in edges:
            continue
        color, eighths, gap_pt = edges[edge]
        rule = OxmlElement(f"w:{edge}")
        rule.set(qn("w:val"), "single")
        rule.set(qn("w:sz"), str(eighths))
        rule.set(qn("w:space"), str(round(gap_pt)))
        rule.set(qn("w:color"), color)
        borders.append(rule)
    p_pr.insert_element_before(borders, *_AFTER_PBDR)


def _right_tab(paragraph: Paragraph, inset_chars: float) -> None:
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Pt(TYPE_AREA_WIDTH_PT - inset_chars * CHAR_PT), WD_TAB_ALIGNMENT.RIGHT
    )


# --- 版头 --------------------------------------------------------------------------------


def _top_left_marks(sheet, doc: OfficialDocument) -> int:
    """份号, 密级和保密期限, 紧急程度: flush left from the first line, in that order (7.2.1–7.2.3)."""
    lines = []
    if doc.copy_no is not None:
        lines.append((f"{doc.copy_no:06d}", FANGSONG))
    if doc.classification:
        lines.append((classification_line(doc.classification, doc.classification_term), HEITI))
    if doc.urgency:
        lines.append((doc.urgency, HEITI))
    for text, face in lines:
        _plain(sheet, text, face=face, align=WD_ALIGN_PARAGRAPH.LEFT)
    return len(lines)


def _issuer_mark(sheet, text: str, lines_above: int) -> None:
    """The red 发文机关标志, centred, its top 35 mm into the type area, as wide as fits."""
    size = min(42.0, float(int(TYPE_AREA_WIDTH_PT * 0.95 / max(text_width(text), 1))))
    line_pt = size * 1.25
    paragraph = _paragraph(sheet, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=line_pt)
    paragraph.paragraph_format.space_before = Pt(
        max(0.0, MARK_OFFSET_PT - lines_above * LINE_PT - (line_pt - size) + MARK_INK_RISE_EM * size)
    )
    _run(paragraph, text, XIAOBIAOSONG, size, color=RED)


def _number_line(sheet, number: str, signer: str | None) -> None:
    """发文字号 over the red rule: centred, or for 上行文 left with 签发人 at the right (7.2.5–7.2.6)."""
    if signer:
        paragraph = _paragraph(sheet, align=WD_ALIGN_PARAGRAPH.LEFT)
        _right_tab(paragraph, 1)
        _run(paragraph, "\u3000" + number + "\t签发人：", FANGSONG, SIZE_3)
        _run(paragraph, signer, KAITI, SIZE_3)
    else:
        paragraph = _plain(sheet, number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _red_rule(paragraph)


def _office_and_date_line(sheet, office: str, day: str) -> None:
    paragraph = _paragraph(sheet, align=WD_ALIGN_PARAGRAPH.LEFT)
    _right_tab(paragraph, 1)
    _run(paragraph, "\u3000" + office + "\t" + day, FANGSONG, SIZE_3)
    _red_rule(paragraph)


def _red_rule(paragraph: Paragraph) -> None:
    # 版头中的分隔线: red, type-area wide, 4 mm under the number line (7.2.7).
    _rules(paragraph, {"bottom": ("FF0000", 12, RED_RULE_GAP_PT)})


# --- 主体 --------------------------------------------------------------------------------


def _title(sheet, title: str) -> None:
    """2号小标宋, centred, broken at word boundaries into a 梯形 or 菱形 (7.3.1)."""
    paragraph = _paragraph(sheet, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=SIZE_2 * 1.6)
    previous = None
    for line in title_lines(title):
        if previous is not None:
            previous.add_break()
        previous = _run(paragraph, line, XIAOBIAOSONG, SIZE_2)


def _main_recipients(sheet, recipients: str) -> None:
    """主送机关 flush left under the title, closing with a full-width colon (7.3.2)."""
    text = recipients.rstrip("：:")
    _plain(sheet, text + "：", align=WD_ALIGN_PARAGRAPH.LEFT)


def _body(sheet, paragraphs: Iterable[str]) -> list[Paragraph]:
    """正文: each paragraph indented two characters; headings in their level's face (7.3.3)."""
    made = []
    for text in paragraphs:
        paragraph = _paragraph(sheet, first_line_chars=2)
        made.append(paragraph)
        split = split_heading(text)
        if split is None:
            _run(paragraph, text, FANGSONG, SIZE_3)
            continue
        heading, rest = split
        _run(paragraph, heading, HEADING_FACES.get(heading_level(text) or 0, FANGSONG), SIZE_3)
        if rest:
            _run(paragraph, rest, FANGSONG, SIZE_3)
    return made


def _attachment_notes(sheet, attachments: tuple[str, ...]) -> None:
    """附件说明: 「附件：1.……」 two characters in, later names aligned under the first (7.3.4)."""
    if len(attachments) == 1:
        _plain(sheet, "附件：" + attachments[0], left_chars=5, first_line_chars=-3)
        return
    for n, name in enumerate(attachments, start=1):
        if n == 1:
            _plain(sheet, f"附件：{n}.{name}", left_chars=6, first_line_chars=-4)
        else:
            _plain(sheet, f"{n}.{name}", left_chars=6, first_line_chars=-1)


def _signature(sheet, authority: str, day: str, sealed: bool) -> None:
    """发文机关署名 and 成文日期 (7.3.5).

    Sealed: the date four characters from the right, the authority centred over it, with room
    above for the seal. Unsealed: the authority two characters from the right and the date on
    the next line starting two characters further right.
    """
    a, d = text_width(authority), text_width(day)
    if sealed:
        _blank_lines(sheet, 2)
        date_right = 4.0
        authority_right = max(0.0, date_right + (d - a) / 2)
    else:
        _blank_lines(sheet, 1)
        date_right = max(2.0, a - d)
        authority_right = date_right + d + 2 - a
    _plain(sheet, authority, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=authority_right)
    _plain(sheet, day, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=date_right)


def _keep_together(paragraphs: list[Paragraph]) -> None:
    """The body's last lines, the seal's room, 署名 and 成文日期 on one page: a page never holds
    the signature alone (7.3.5.1: 印章顶端应当上距正文一行之内; 7.3.5.6 adjusts the layout
    rather than part them). Each keeps with the next; the body's last paragraph brings at least
    two of its lines along."""
    for paragraph in paragraphs[:-1]:
        paragraph.paragraph_format.keep_with_next = True
    paragraphs[0].paragraph_format.widow_control = True


def _name_list(sheet, label: str, names: Iterable[str]) -> None:
    """出席 / 请假 / 列席 in the 纪要格式: the label in 黑体, names aligned after the colon."""
    paragraph = _paragraph(sheet, left_chars=5, first_line_chars=-3)
    _run(paragraph, f"{label}：", HEITI, SIZE_3)
    _run(paragraph, "、".join(names), FANGSONG, SIZE_3)


# --- 版记 --------------------------------------------------------------------------------

THICK_RULE = 8  # 0.35 mm recommended for the first and last rules, in eighths of a point
THIN_RULE = 6  # 0.25 mm for the rules between
IMPRINT_INSET_PT = SIZE_4  # 左右各空一字 in 4号


def _imprint(sheet, label: str, copy_to: Iterable[str], office: str | None, day) -> None:
    """版记 at the foot of the last page: 抄送 over 印发机关和印发日期, between rules (7.4).

    A one-column table (its rules span the type area whatever the indents inside) in a text
    box anchored to the bottom of the type area, so the last rule lies on the type area's
    lower edge of the last page whatever the body's length.
    """
    names = list(copy_to)
    rows = []
    if names:
        rows.append(("copy_to", f"{label}：" + "，".join(names) + "。"))
    if office or day:
        rows.append(("issue", "\u3000" + (office or "") + "\t"
                     + (chinese_date(day) + "印发" if day else "")))
    if not rows:
        return
    table = sheet.add_table(rows=len(rows), cols=1)
    _imprint_table_properties(table)
    lines = 0
    for row, (kind, text) in zip(table.rows, rows, strict=True):
        paragraph = row.cells[0].paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT)
        if kind == "copy_to":
            # 左右各空一字; wrapped lines align after 「抄送：」.
            fmt.left_indent = Pt(IMPRINT_INSET_PT + SIZE_4 * 3)
            fmt.right_indent = Pt(IMPRINT_INSET_PT)
            fmt.first_line_indent = Pt(-SIZE_4 * 3)
            per_line = (TYPE_AREA_WIDTH_PT - 2 * IMPRINT_INSET_PT) / (SIZE_4 + CONDENSE_TWIPS / 20)
            lines += math.ceil(text_width(text) / per_line)
        else:
            fmt.tab_stops.add_tab_stop(
                Pt(TYPE_AREA_WIDTH_PT - IMPRINT_INSET_PT), WD_TAB_ALIGNMENT.RIGHT
            )
            lines += 1
        _run(paragraph, text, FANGSONG, SIZE_4)
    anchor = _hairline_paragraph(sheet)
    box = _bottom_text_box(Pt(lines * LINE_PT + 2))
    content = box.find(".//" + qn("w:txbxContent"))
    content.append(table._tbl)
    # Word wants a paragraph after a table in a text box.
    content.append(_hairline_paragraph(sheet)._p)
    anchor.add_run()._r.append(box)


def _hairline_paragraph(sheet) -> Paragraph:
    """An empty paragraph one point high (its mark is sized too, or it keeps the body's 16 pt)."""
    paragraph = _paragraph(sheet, line_pt=1)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)
    return paragraph


def _imprint_table_properties(table) -> None:
    table.autofit = False
    width = Mm(TYPE_AREA_WIDTH_MM)
    table.columns[0].width = width
    for cell in table.columns[0].cells:
        cell.width = width
    tbl_pr = table._tbl.tblPr
    for style in tbl_pr.findall(qn("w:tblStyle")):
        tbl_pr.remove(style)
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(int(width.twips)))
    tbl_w.set(qn("w:type"), "dxa")
    borders = OxmlElement("w:tblBorders")
    for edge, size in (("top", THICK_RULE), ("left", 0), ("bottom", THICK_RULE), ("right", 0),
                       ("insideH", THIN_RULE), ("insideV", 0)):
        rule = OxmlElement(f"w:{edge}")
        rule.set(qn("w:val"), "single" if size else "nil")
        if size:
            rule.set(qn("w:sz"), str(size))
            rule.set(qn("w:space"), "0")
            rule.set(qn("w:color"), "000000")
        borders.append(rule)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    _schema_order(tbl_pr, _TBL_PR_ORDER)


# w:tblPr children in ECMA-376 schema order; Word rejects misordered XML.
_TBL_PR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
)


def _schema_order(parent, order: tuple[str, ...]) -> None:
    rank = {qn(f"w:{name}"): n for n, name in enumerate(order)}
    for child in sorted(parent, key=lambda el: rank.get(el.tag, len(order))):
        parent.append(child)


_TEXT_BOX = """<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264"
 behindDoc="0" locked="1" layoutInCell="1" allowOverlap="0">
<wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>{top}</wp:posOffset></wp:positionV>
<wp:extent cx="{cx}" cy="{cy}"/>
<wp:effectExtent l="0" t="0" r="0" b="0"/>
<wp:wrapTopAndBottom/>
<wp:docPr id="1" name="版记"/>
<wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp>
<wps:cNvSpPr txBox="1"/>
<wps:spPr>
<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>
</wps:spPr>
<wps:txbx><w:txbxContent/></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b"
 anchorCtr="0"><a:noAutofit/></wps:bodyPr>
</wps:wsp>
</a:graphicData></a:graphic>
</wp:anchor>
</w:drawing>"""


def _bottom_text_box(height):
    """A borderless text box as wide as the type area, on the type area's bottom edge."""
    top = int(Mm(TYPE_AREA_BOTTOM_MM)) - int(height)
    return parse_xml(_TEXT_BOX.format(cx=int(Mm(TYPE_AREA_WIDTH_MM)), cy=int(height), top=top))
