"""The .docx renderer lays documents and minutes out as GB/T 9704-2012 says."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhengwu.printing.docx_render import (
    CHAR_PT,
    FANGSONG,
    HEITI,
    KAITI,
    LINE_PT,
    RED_RULE_GAP_PT,
    XIAOBIAOSONG,
    render_document_docx,
    render_minutes_docx,
)

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def own_text(p) -> str:
    """A paragraph's text, not counting paragraphs nested in it (the 版记 text box)."""
    pieces = p.iter(qn("w:t"), qn("w:tab"))
    return "".join(
        (el.text or "") if el.tag == qn("w:t") else "\t"
        for el in pieces
        if next(el.iterancestors(qn("w:p"))) is p and el.getparent().tag == qn("w:r")
    )


def paragraphs(document) -> list:
    """Every paragraph in reading order, including those inside tables and text boxes."""
    return [p for p in document.element.body.iter(qn("w:p"))]


def texts(document) -> list[str]:
    return [own_text(p) for p in paragraphs(document)]


def find(document, needle: str):
    """The first paragraph whose text contains needle, and its index."""
    for n, p in enumerate(paragraphs(document)):
        if needle in own_text(p):
            return n, p
    raise AssertionError(f"没有找到含「{needle}」的段落: {texts(document)}")


def runs_of(p) -> list:
    return [r for r in p.findall(qn("w:r")) if r.find(qn("w:t")) is not None]


def run_font(run) -> dict:
    fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
    return {k: fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia")}


def run_size_pt(run) -> float:
    return int(run.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val"))) / 2


def run_text(run) -> str:
    return "".join(t.text for t in run.iter(qn("w:t")))


def is_bold(run) -> bool:
    b = run.find(qn("w:rPr")).find(qn("w:b"))
    return b is not None and b.get(qn("w:val")) in (None, "1", "true")


def bottom_rule(p):
    p_pr = p.find(qn("w:pPr"))
    borders = p_pr.find(qn("w:pBdr")) if p_pr is not None else None
    return None if borders is None else borders.find(qn("w:bottom"))


def indent(p, side: str) -> float:
    ind = p.find(qn("w:pPr")).find(qn("w:ind"))
    return int(ind.get(qn(f"w:{side}"), "0")) / 20 if ind is not None else 0.0


# --- the document ------------------------------------------------------------------------


def test_notice_elements_come_in_the_standards_order(notice_with_attachments):
    document = open_docx(render_document_docx(notice_with_attachments))
    order = [
        "盘锦市大洼区人民政府办公室文件",
        "大政办发〔2024〕8号",
        "盘锦市大洼区人民政府办公室关于印发大洼区2024年安全生产工作要点的通知",
        "各镇人民政府、街道办事处，区政府各部门，各有关单位：",
        "经区政府同意，现将",
        "一、提高思想认识",
        "三、强化督查考核",
        "附件：1.大洼区2024年安全生产工作要点",
        "2.大洼区安全生产重点任务分工表",
        "盘锦市大洼区人民政府办公室",
        "2024年3月5日",
        "（此件公开发布）",
        "抄送：区委各部门，区人大常委会办公室，区政协办公室，区法院，区检察院。",
        "2024年3月6日印发",
    ]
    all_texts = texts(document)
    positions, start = [], 0
    for needle in order:
        hits = [n for n, t in enumerate(all_texts) if n >= start and needle in t]
        assert hits, f"「{needle}」缺失或次序不对: {all_texts}"
        positions.append(hits[0])
        start = hits[0] + 1
    assert positions == sorted(positions)


def test_issuer_mark_is_red_xiaobiaosong_and_centred(notice_with_attachments):
    document = open_docx(render_document_docx(notice_with_attachments))
    _, mark = find(document, "盘锦市大洼区人民政府办公室文件")
    run = runs_of(mark)[0]
    assert run.find(qn("w:rPr")).find(qn("w:color")).get(qn("w:val")) == "FF0000"
    assert run_font(run)["eastAsia"] == XIAOBIAOSONG
    assert mark.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == "center"
    # Its top is 35 mm into the type area: the space before carries that offset.
    before = int(mark.find(qn("w:pPr")).find(qn("w:spacing")).get(qn("w:before"))) / 20
    assert Pt(before) < Mm(35) < Pt(before + run_size_pt(run))


def test_red_rule_lies_under_the_number(notice_with_attachments):
    document = open_docx(render_document_docx(notice_with_attachments))
    _, number = find(document, "大政办发〔2024〕8号")
    rule = bottom_rule(number)
    assert rule is not None and rule.get(qn("w:color")) == "FF0000"
    assert number.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == "center"
    # 4 mm from the characters' foot (the PDF conformance test measures it): the gap under the
    # line box is that less the box's depth below the characters.
    assert int(rule.get(qn("w:space"))) == RED_RULE_GAP_PT < round(4 * 72 / 25.4)
    # The number paragraph has no indents, so the rule spans the 156 mm type area.
    assert indent(number, "left") == indent(number, "right") == 0


def test_fonts_and_sizes_follow_the_heading_levels(notice_with_attachments):
    document = open_docx(render_document_docx(notice_with_attachments))
    _, title = find(document, "安全生产工作要点的通知")
    for run in runs_of(title):
        assert run_font(run)["eastAsia"] == XIAOBIAOSONG and run_size_pt(run) == 22
    # The title breaks where the caller put "\n".
    assert [run_text(r) for r in runs_of(title)] == ["盘锦市大洼区人民政府办公室关于印发", "大洼区2024年安全生产工作要点的通知"]

    _, body = find(document, "经区政府同意")
    run = runs_of(body)[0]
    assert run_font(run) == {"ascii": FANGSONG, "hAnsi": FANGSONG, "eastAsia": FANGSONG}
    assert run_size_pt(run) == 16
    assert indent(body, "firstLine") == pytest.approx(2 * CHAR_PT, abs=0.05)

    _, level1 = find(document, "一、提高思想认识")
    assert [run_font(r)["eastAsia"] for r in runs_of(level1)] == [HEITI]

    _, level2 = find(document, "（一）落实属地责任。")
    heading, rest = runs_of(level2)
    assert (run_text(heading), run_font(heading)["eastAsia"]) == ("（一）落实属地责任。", KAITI)
    assert run_font(rest)["eastAsia"] == FANGSONG and rest.find(qn("w:rPr")).find(qn("w:b")) is None

    # 7.3.3: the third and fourth levels in 仿宋, not bold.
    _, level3 = find(document, "1.建立清单。")
    heading, rest = runs_of(level3)
    assert run_font(heading)["eastAsia"] == FANGSONG and not is_bold(heading)
    assert not is_bold(rest)


def test_main_recipients_flush_left_with_full_width_colon(upward_request):
    document = open_docx(render_document_docx(replace(upward_request, main_recipients="盘锦市人民政府:")))
    _, recipients = find(document, "盘锦市人民政府")
    assert own_text(recipients) == "盘锦市人民政府："
    assert indent(recipients, "firstLine") == indent(recipients, "left") == 0


def test_page_is_a4_with_the_standards_margins_and_line_pitch(notice_with_attachments):
    document = open_docx(render_document_docx(notice_with_attachments))
    section = document.sections[0]

    def mm(length) -> float:
        return round(length / 36000, 1)  # EMU; the file stores twips

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    # 版心 156 × 225 mm.
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225
    # 22 lines fit in 225 mm, a 23rd does not.
    assert 22 * LINE_PT <= 225 * 72 / 25.4 < 23 * LINE_PT
    defaults = document.styles.element.find(qn("w:docDefaults"))
    spacing = defaults.find(".//" + qn("w:pPr")).find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert int(spacing.get(qn("w:line"))) == round(LINE_PT * 20)
    # 28 characters of 16 pt, condensed as the defaults say, fit the 156 mm line.
    condense = int(defaults.find(".//" + qn("w:rPr")).find(qn("w:spacing")).get(qn("w:val")))
    assert 28 * (16 + condense / 20) <= 156 * 72 / 25.4 < 29 * (16 + condense / 20)


def test_page_numbers_sit_outside_odd_right_even_left(notice_with_attachments):
    document = open_docx(render_document_docx(notice_with_attachments))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align, side in ((section.footer, "right", "right"),
                                (section.even_page_footer, "left", "left")):
        p = footer.paragraphs[0]._p
        assert p.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == align
        assert indent(p, side) == 14  # one 4号 character in from the edge
        instructions = "".join(t.text for t in p.iter(qn("w:instrText")))
        assert instructions.strip() == "PAGE"
        shown = "".join(t.text for t in p.iter(qn("w:t")))
        assert shown == "―1―"  # 一字线 U+2015, a full character wide in the Chinese face
        dashes = [r for r in runs_of(p) if run_text(r) == "―"]
        assert [r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:hint")) for r in dashes] == ["eastAsia"] * 2
        assert all(run_size_pt(r) == 14 for r in runs_of(p))


def test_signer_is_shown_for_an_upward_request(upward_request):
    document = open_docx(render_document_docx(upward_request))
    _, number = find(document, "大政〔2024〕12号")
    assert own_text(number).endswith("签发人：王志刚")
    name = runs_of(number)[-1]
    assert run_text(name) == "王志刚" and run_font(name)["eastAsia"] == KAITI
    # 发文字号 one character in from the left, 签发人 one in from the right, rule below.
    assert own_text(number).startswith("\u3000大政")
    assert number.find(qn("w:pPr")).find(qn("w:tabs")).find(qn("w:tab")).get(qn("w:val")) == "right"
    assert bottom_rule(number).get(qn("w:color")) == "FF0000"


def test_signer_is_not_shown_for_a_downward_notice(notice_with_attachments):
    with_signer = replace(notice_with_attachments, signer="王志刚")
    document = open_docx(render_document_docx(with_signer))
    assert not any("签发人" in t for t in texts(document))
    assert not any("王志刚" in t for t in texts(document))


def test_copy_number_classification_and_urgency_stack_above_the_mark(notice_with_attachments):
    marked = replace(notice_with_attachments, copy_no=12, classification="机密",
                     classification_term="1年", urgency="特急")
    document = open_docx(render_document_docx(marked))
    assert texts(document)[:4] == ["000012", "机密★1年", "特急", "盘锦市大洼区人民政府办公室文件"]
    _, secret = find(document, "机密★1年")
    assert run_font(runs_of(secret)[0])["eastAsia"] == HEITI


def test_sealed_signature_centres_the_authority_over_a_date_four_from_the_right(
    notice_with_attachments,
):
    document = open_docx(render_document_docx(notice_with_attachments))
    all_texts = texts(document)
    d = all_texts.index("2024年3月5日")
    authority, day = paragraphs(document)[d - 1], paragraphs(document)[d]
    assert own_text(authority) == "盘锦市大洼区人民政府办公室"
    assert indent(day, "right") == pytest.approx(4 * CHAR_PT, abs=0.05)
    # Centres coincide: the authority (13 cells) is 3.5 cells wider than the date (9.5 → 6).
    date_cells, authority_cells = 6.0, 13.0
    centre_date = indent(day, "right") + date_cells * CHAR_PT / 2
    centre_authority = indent(authority, "right") + authority_cells * CHAR_PT / 2
    assert centre_authority == pytest.approx(centre_date, abs=0.1)
    # Room for the seal: two blank lines between the attachment note and the authority.
    assert all_texts[d - 3 : d - 1] == ["", ""]


def test_unsealed_signature_is_two_from_the_right_and_date_two_further(
    notice_with_attachments,
):
    document = open_docx(render_document_docx(replace(notice_with_attachments, sealed=False)))
    all_texts = texts(document)
    d = all_texts.index("2024年3月5日")
    authority, day = paragraphs(document)[d - 1], paragraphs(document)[d]
    assert indent(authority, "right") == pytest.approx(2 * CHAR_PT, abs=0.05)
    # The date's first character is two characters right of the authority's first.
    authority_start = 13.0 + indent(authority, "right") / CHAR_PT
    date_start = 6.0 + indent(day, "right") / CHAR_PT
    assert authority_start - date_start == pytest.approx(2, abs=0.01)
    assert all_texts[d - 2] == ""


def test_annotation_gets_parentheses_and_two_character_indent(upward_request):
    document = open_docx(render_document_docx(replace(upward_request, annotation="经区政府同意")))
    n, note = find(document, "（经区政府同意）")
    assert texts(document)[n - 1] == "2024年3月18日"
    assert indent(note, "firstLine") == pytest.approx(2 * CHAR_PT, abs=0.05)


def test_imprint_is_anchored_to_the_bottom_of_the_type_area(notice_with_attachments):
    document = open_docx(render_document_docx(notice_with_attachments))
    anchors = list(document.element.body.iter(f"{WP}anchor"))
    assert len(anchors) == 1
    # The box ends on the type area's bottom edge, 262 mm down the page (37 + 225).
    vertical = anchors[0].find(f"{WP}positionV")
    height = int(anchors[0].find(f"{WP}extent").get("cy"))
    assert vertical.get("relativeFrom") == "page"
    assert int(vertical.find(f"{WP}posOffset").text) + height == pytest.approx(262 * 36000, abs=2)
    table = anchors[0].find(".//" + qn("w:tbl"))
    rows = [own_text(p) for p in table.iter(qn("w:p"))]
    assert rows == [
        "抄送：区委各部门，区人大常委会办公室，区政协办公室，区法院，区检察院。",
        "\u3000盘锦市大洼区人民政府办公室\t2024年3月6日印发",
    ]
    borders = table.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    size = {edge: int(borders.find(qn(f"w:{edge}")).get(qn("w:sz"), "0"))
            for edge in ("top", "insideH", "bottom")}
    # First and last rules thick (0.35 mm), the one between thin (0.25 mm).
    assert size["top"] == size["bottom"] > size["insideH"]
    for p in table.iter(qn("w:p")):
        assert all(run_size_pt(r) == 14 for r in runs_of(p))


def test_no_imprint_without_copy_to_or_printer(upward_request):
    bare = replace(upward_request, printing_office=None, printing_date=None)
    document = open_docx(render_document_docx(bare))
    assert not list(document.element.body.iter(f"{WP}anchor"))


def test_single_attachment_has_no_sequence_number(notice_with_attachments):
    one = replace(notice_with_attachments, attachments=("大洼区2024年安全生产工作要点",))
    document = open_docx(render_document_docx(one))
    assert "附件：大洼区2024年安全生产工作要点" in texts(document)


# --- minutes -----------------------------------------------------------------------------


def test_minutes_elements_come_in_order(executive_minutes):
    document = open_docx(render_minutes_docx(executive_minutes))
    all_texts = [t for t in texts(document) if t]
    assert all_texts[:3] == [
        "大洼区人民政府常务会议纪要",
        "第3期",
        "\u3000盘锦市大洼区人民政府办公室\t2024年3月14日",
    ]
    assert all_texts[3].startswith("2024年3月12日，区长王志刚在区政府第一会议室主持召开"
                                   "区政府2024年第3次常务会议。")
    expected_tail = [
        "一、关于大洼区2024年农村公路养护工作的问题",
        "会议听取了区交通运输局关于2024年农村公路养护工作的汇报。",
        "会议原则同意区交通运输局提出的养护计划，由区财政局统筹安排区级配套资金930万元。",
        "二、关于修订《大洼区政府投资项目管理办法》的问题",
        "会议原则通过修订稿，由区司法局进行合法性审查后，按程序印发实施。",
        "出席：王志刚、刘海东、陈晓燕、赵立新、孙丽",
        "请假：周建国（出差）",
        "列席：区政府办公室、区财政局、区交通运输局、区司法局负责同志",
        "记录：李明",
        "分送：区委常委，区人大常委会主任、副主任，区政协主席、副主席，区政府各部门。",
        "\u3000盘锦市大洼区人民政府办公室\t2024年3月14日印发",
    ]
    assert all_texts[4:] == expected_tail


def test_minutes_mark_is_red_and_the_rule_is_under_the_office_line(executive_minutes):
    document = open_docx(render_minutes_docx(executive_minutes))
    _, mark = find(document, "常务会议纪要")
    run = runs_of(mark)[0]
    assert run.find(qn("w:rPr")).find(qn("w:color")).get(qn("w:val")) == "FF0000"
    assert run_font(run)["eastAsia"] == XIAOBIAOSONG
    _, office = find(document, "2024年3月14日")
    assert bottom_rule(office).get(qn("w:color")) == "FF0000"
    _, number = find(document, "第3期")
    assert bottom_rule(number) is None


def test_minutes_attendance_labels_in_heiti_names_in_fangsong(executive_minutes):
    document = open_docx(render_minutes_docx(executive_minutes))
    _, present = find(document, "出席：")
    label, names = runs_of(present)
    assert (run_text(label), run_font(label)["eastAsia"]) == ("出席：", HEITI)
    assert run_font(names)["eastAsia"] == FANGSONG
    # Left two characters, wrapped names aligned after the colon.
    assert indent(present, "left") - indent(present, "hanging") == pytest.approx(
        2 * CHAR_PT, abs=0.05
    )


def test_minutes_without_office_line_put_the_rule_under_the_number(executive_minutes):
    plain = replace(executive_minutes, issuing_office=None, absent=(), recorder=None,
                    title="关于农村公路养护工作的会议纪要")
    document = open_docx(render_minutes_docx(plain))
    _, number = find(document, "第3期")
    assert bottom_rule(number).get(qn("w:color")) == "FF0000"
    assert not any(t.startswith(("请假", "记录")) for t in texts(document))
    title_at, title = find(document, "关于农村公路养护工作的会议纪要")
    assert run_font(runs_of(title)[0])["eastAsia"] == XIAOBIAOSONG
    assert title_at < find(document, "主持召开")[0]


def test_minutes_items_already_numbered_keep_their_number(executive_minutes):
    first = replace(executive_minutes.items[0], heading="一、关于农村公路养护工作的问题")
    document = open_docx(render_minutes_docx(replace(executive_minutes, items=(first,))))
    assert "一、关于农村公路养护工作的问题" in texts(document)
    assert not any(t.startswith("一、一、") for t in texts(document))


def test_file_properties_name_the_issuer_not_the_library(notice_with_attachments):
    properties = open_docx(render_document_docx(notice_with_attachments)).core_properties
    assert properties.author == "盘锦市大洼区人民政府办公室"
    assert "python-docx" not in (properties.comments or "")
    assert properties.title == "盘锦市大洼区人民政府办公室关于印发大洼区2024年安全生产工作要点的通知"
    assert properties.created.date() == notice_with_attachments.date
