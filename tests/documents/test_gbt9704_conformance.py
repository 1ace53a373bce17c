"""GB/T 9704-2012 conformance: documents and minutes rendered to PDF through LibreOffice and
measured in millimetres from the printed ink, with the standard's tolerance (5.3: 误差不超过
1mm), over 34 body lengths that walk the last line of the body down every line of a page, in
every document type of 条例第八条 (the types the profiles issue), and 纪要 of several lengths.

One LibreOffice start converts them all (`to_pdfs`); every page is kept as a PNG in artifacts/.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from support import missing

from gbt9704_measure import (BOTTOM, CHAR_PITCH, LEFT, LINE_PITCH, RIGHT, SIZE_4_MM, TOLERANCE, TOP,
                             measure, page_number_dash, red_mark_top)
from zhengwu.printing.docx_render import render_document_docx, render_minutes_docx
from zhengwu.printing.layout import Minutes, MinutesItem, OfficialDocument
from zhengwu.printing.pdf import soffice_path, to_pdfs
from zhengwu.documents.rules import DOC_TYPES

ISSUED_TYPES = [t for t in DOC_TYPES if t != "minutes"]
LENGTHS = range(34)
ONE_LINE = "各单位要压实工作责任，按期报送进展情况。"  # 20 characters: one line after the indent


def _document(k: int) -> OfficialDocument:
    doc_type = ISSUED_TYPES[k % len(ISSUED_TYPES)]
    body = ["为做好相关工作，经研究，现就有关事项" + ("通知如下。" if doc_type != "request" else "请示如下。"),
            "一、总体要求"]
    # From k = 26 on, 40 more lines: bodies of three and four pages, with full pages between.
    lines = k + (40 if k >= 26 else 0)
    body += [f"（{'一二三四五六七八九'[i % 9]}）{ONE_LINE}" if i % 5 == 0 else ONE_LINE for i in range(lines)]
    body.append("特此" + DOC_TYPES[doc_type][:2] + "。" if doc_type != "request" else "妥否，请批示。")
    upward = doc_type in ("request", "report")
    return OfficialDocument(
        issuer_mark="盘锦市大洼区人民政府文件",
        doc_number=f"大政发〔2026〕{k + 1}号",
        doc_type=doc_type,
        signer="王志刚" if upward else None,
        urgency="特急" if k % 7 == 3 else None,
        classification="秘密" if k % 11 == 5 else None,
        classification_term="1年" if k % 11 == 5 else None,
        copy_no=k + 1 if k % 11 == 5 else None,
        title=f"盘锦市大洼区人民政府关于2026年安全生产和应急管理工作第{k + 1}号{DOC_TYPES[doc_type]}",
        main_recipients="" if doc_type in ("announcement", "public_notice", "communique") else "各镇人民政府、街道办事处，区政府各部门",
        body=tuple(body),
        attachments=("重点任务分工表",) if k % 4 == 1 else (),
        issuing_authority="盘锦市大洼区人民政府",
        date=date(2026, 3, 18),
        sealed=k % 6 != 2,
        annotation="此件公开发布" if k % 3 == 0 else None,
        copy_to=("区委各部门，区人大常委会办公室，区政协办公室",) if k % 2 == 0 else (),
        printing_office="盘锦市大洼区人民政府办公室",
        printing_date=date(2026, 3, 19),
    )


def _minutes(k: int) -> Minutes:
    items = tuple(MinutesItem(heading=f"关于第{n + 1}项议题的问题",
                              paragraphs=(ONE_LINE,) * (k + n)) for n in range(2))
    return Minutes(
        issuer_mark="盘锦市大洼区人民政府常务会议纪要", number=f"第{k + 1}期",
        issuing_office="盘锦市大洼区人民政府办公室", meeting_title="区政府2026年第3次常务会议",
        date=date(2026, 3, 12), place="区政府第一会议室", chair="区长王志刚",
        attendees=("王志刚（区长）", "刘海东（常务副区长）", "区财政局局长钱进"), absent=("周建国（副区长，出差）",),
        observers=("区司法局局长孙立",), items=items, distribution=("区政府各部门",),
        printing_office="盘锦市大洼区人民政府办公室", printing_date=date(2026, 3, 14))


MINUTES_LENGTHS = (0, 5, 9, 13, 17, 24)


@pytest.fixture(scope="module")
def rendered(artifacts_dir):
    if soffice_path() is None or shutil.which("pdftoppm") is None:
        missing("LibreOffice", "LibreOffice 或 poppler-utils 未安装，跳过 GB/T 9704 版式测量", "ZHENGWU_REQUIRE_BROWSER")
    docs = [_document(k) for k in LENGTHS]
    minutes = [_minutes(k) for k in MINUTES_LENGTHS]
    pdfs = to_pdfs([render_document_docx(d) for d in docs] + [render_minutes_docx(m) for m in minutes])
    out = artifacts_dir / "gbt9704"
    out.mkdir(exist_ok=True)
    samples = [(f"doc-{k:02d}-{d.doc_type}", d, pdf) for k, d, pdf in zip(LENGTHS, docs, pdfs[:len(docs)], strict=True)]
    samples += [(f"minutes-{k:02d}", m, pdf) for k, m, pdf in zip(MINUTES_LENGTHS, minutes, pdfs[len(docs):], strict=True)]
    measured = []
    for name, source, pdf in samples:
        (out / f"{name}.pdf").write_bytes(pdf)
        pages = measure(pdf)
        for page in pages:
            page.picture.save(out / f"{name}-p{page.number}.png")
        measured.append((name, source, pages))
    return measured


def _near(value: float, target: float, what: str, tolerance: float = TOLERANCE) -> None:
    assert abs(value - target) <= tolerance, f"{what}: {value:.2f} mm，应为 {target:.2f} ± {tolerance} mm"


def test_every_type_and_every_length_was_rendered(rendered):
    kinds = {source.doc_type for _, source, _ in rendered if isinstance(source, OfficialDocument)}
    assert kinds == set(ISSUED_TYPES)
    assert sum(isinstance(s, OfficialDocument) for _, s, _ in rendered) >= 30
    assert max(len(pages) for _, _, pages in rendered) >= 3  # the lengths run over several pages


def test_mark_and_red_rule_sit_where_7_2_4_and_7_2_7_put_them(rendered):
    for name, _source, pages in rendered:
        first = pages[0]
        # 7.2.4 / 10.3: the mark's top edge 35 mm below the type area's top.
        _near(red_mark_top(first), TOP + 35, f"{name} 发文机关标志上边缘")
        red = [r for r in first.rules if r.red]
        assert len(red) == 1, f"{name}: 版头分隔线应为一条，测得 {len(red)}"
        rule = red[0]
        # 7.2.7: as wide as the type area, 4 mm under the 发文字号.
        _near(rule.x0, LEFT, f"{name} 红色分隔线左端")
        _near(rule.x1, RIGHT, f"{name} 红色分隔线右端")
        number = max((line for line in first.lines if line.baseline < rule.y), key=lambda line: line.baseline)
        ink = first.ink_box(number.baseline - 7, number.baseline + 1.5, LEFT, RIGHT)
        _near(rule.y - ink[3], 4.0, f"{name} 发文字号至红色分隔线")


def test_everything_printed_lies_in_the_type_area_of_5_2(rendered):
    for name, _, pages in rendered:
        for page in pages:
            box = page.ink_box(0, BOTTOM + TOLERANCE)
            assert box[0] >= LEFT - TOLERANCE and box[2] <= RIGHT + TOLERANCE, f"{name} 第{page.number}页: 左右超出版心 {box}"
            assert box[1] >= TOP - TOLERANCE, f"{name} 第{page.number}页: 上超出版心 {box}"
            imprint_only = all(line.baseline > min((r.y for r in page.rules), default=BOTTOM) for line in page.lines)
            if page.number > 1 and not imprint_only:
                # The first line of a continued page starts at the type area's top: its ink
                # lies in the first of the 22 line cells. (A page may hold the 版记 alone.)
                assert box[1] <= TOP + LINE_PITCH, f"{name} 第{page.number}页: 首行未在版心顶端 {box}"


def test_22_lines_of_28_characters_of_6_2(rendered):
    full_pages = 0
    for name, _, pages in rendered:
        # The page before the signature's may end short: 7.3.5 moves the body's last lines over.
        signed_on = next(p.number for p in pages if p.find("2026年3月18日") or p.find("出席："))
        for page in pages:
            # Body lines: 3号, under the title on page 1 (the 版头 and the 2号 title have their
            # own spacing; the grid is the body's).
            title_foot = max([line.baseline for line in page.lines if line.size > 20]
                             + [rule.y for rule in page.rules if rule.red], default=0)
            body = [line for line in page.lines
                    if abs(line.size - 16) < 0.6 and title_foot < line.baseline < BOTTOM]
            for above, below in zip(body, body[1:], strict=False):
                steps = (below.baseline - above.baseline) / LINE_PITCH
                assert abs(steps - round(steps)) * LINE_PITCH < 0.3, f"{name} 第{page.number}页: 行距不在 22 行网格上"
            if 1 < page.number < signed_on - 1:
                full_pages += 1
                span = (body[-1].baseline - body[0].baseline) / LINE_PITCH
                assert round(span) == 21 and len(body) == 22, f"{name} 第{page.number}页: 满页应排 22 行，测得 {len(body)}"
            for line in body:
                cjk = [c for c in line.chars if "\u4e00" <= c[0] <= "\u9fff"]
                if len(cjk) >= 20 and len(cjk) == len(line.chars):
                    pitch = (line.chars[-1][1] - line.chars[0][1]) / (len(line.chars) - 1)
                    _near(pitch, CHAR_PITCH, f"{name} 第{page.number}页 字距（每行28字）", 0.06)
    assert full_pages >= 5


def test_imprint_rules_of_7_4_1_end_on_the_type_area_bottom(rendered):
    for name, _, pages in rendered:
        last = pages[-1]
        black = [r for r in last.rules if not r.red]
        assert len(black) >= 2, f"{name}: 版记分隔线缺失"
        for rule in black:
            _near(rule.x0, LEFT, f"{name} 版记分隔线左端")
            _near(rule.x1, RIGHT, f"{name} 版记分隔线右端")
        # 末条分隔线与公文最后一页的版心下边缘重合.
        _near(black[-1].y, BOTTOM, f"{name} 末条分隔线")
        if len(black) >= 3:  # 首末粗线 0.35 mm, 中间细线 0.25 mm
            assert black[0].thickness > black[1].thickness < black[-1].thickness, name
        for page in pages[:-1]:
            assert not [r for r in page.rules if not r.red], f"{name}: 版记不在最后一页"


def test_page_numbers_of_7_5(rendered):
    for name, _, pages in rendered:
        for page in pages:
            centre, x0, x1, length, _, box = page_number_dash(page)
            # 一字线上距版心下边缘 7 mm, as long as a 4号 character (within the ink's antialiasing).
            _near(centre, BOTTOM + 7, f"{name} 第{page.number}页 页码一字线")
            dash = next(c for line in page.lines if line.baseline > BOTTOM for c in line.chars if c[0] in "―—")
            _near(dash[2] - dash[1], SIZE_4_MM, f"{name} 页码一字线长度", 0.1)
            assert length >= 0.85 * SIZE_4_MM, f"{name}: 一字线墨迹 {length:.2f} mm"
            number = next(line for line in page.lines if line.baseline > BOTTOM)
            assert number.text.replace(" ", "").strip("―—") == str(page.number)
            # 单页码居右空一字，双页码居左空一字.
            if page.number % 2:
                _near(box[2], RIGHT - SIZE_4_MM, f"{name} 第{page.number}页 页码右端")
            else:
                _near(box[0], LEFT + SIZE_4_MM, f"{name} 第{page.number}页 页码左端")


def test_signature_and_date_stay_with_the_body_7_3_5(rendered):
    for name, source, pages in rendered:
        if not isinstance(source, OfficialDocument):
            continue
        tail = source.body[-1][-6:]
        body_page = max(p.number for p in pages if any(tail in line.text for line in p.lines))
        date_page = next(p.number for p in pages if p.find("2026年3月18日"))
        assert date_page == body_page, f"{name}: 成文日期在第{date_page}页，正文止于第{body_page}页"
        page = pages[date_page - 1]
        signature = max(line.baseline for line in page.lines if line.text.strip() == source.issuing_authority)
        body_lines = [line for line in page.lines if line.baseline < signature and line.text.strip() != source.issuing_authority]
        assert body_lines, f"{name}: 署名所在页没有正文"


def test_minutes_print_their_lists_per_10_3(rendered):
    for name, source, pages in rendered:
        if not isinstance(source, Minutes):
            continue
        text = "".join(line.text for page in pages for line in page.lines).replace(" ", "")
        for label in ("出席：", "请假：", "列席："):
            assert label in text, (name, label)
        assert text.index("出席：") < text.index("请假：") < text.index("列席：")


def test_a_rendered_page_is_looked_at(rendered, artifacts_dir):
    """Pages are kept as pictures for a person to look at (artifacts/gbt9704/)."""
    assert (artifacts_dir / "gbt9704" / "doc-00-resolution-p1.png").stat().st_size > 10_000
