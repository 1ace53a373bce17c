"""The article parser on the five seeds, on texts in other layouts, and on files it must refuse."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengwu.rulebook.articles import Article, Item, RulebookError, parse_file, parse_text
from zhengwu.rulebook.numerals import to_chinese
from zhengwu.rulebook.sources import path_of


def seed(rulebook_id):
    return parse_file(path_of(rulebook_id), rulebook_id)


# --- the five seeds -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("rulebook_id", "chapters", "last_article"),
    [
        ("dawa-2017", 12, 63),
        ("wolong-2018", 6, 30),
        ("dalian-2014", 12, 67),
        ("wuhai-hainan-2023", 13, 88),
        ("xishi-2024", 8, 44),
    ],
)
def test_seed_chapters_and_consecutive_articles(rulebook_id, chapters, last_article):
    rulebook = seed(rulebook_id)
    assert [chapter.no for chapter in rulebook.chapters] == list(range(1, chapters + 1))
    numbers = [article.no for article in rulebook.articles()]
    assert numbers == list(range(1, last_article + 1))
    assert [article.id for article in rulebook.articles()] == [
        f"{rulebook_id}:{number}" for number in numbers
    ]
    for chapter in rulebook.chapters:
        assert chapter.articles, f"第{chapter.no}章没有条文"
        assert all(article.chapter_no == chapter.no for article in chapter.articles)
        assert chapter.title and " " not in chapter.title


@pytest.mark.parametrize(
    ("rulebook_id", "title", "doc_number", "date"),
    [
        ("dawa-2017", "盘锦市大洼区人民政府工作规则", "大政发〔2017〕1号", datetime.date(2017, 5, 9)),
        ("wolong-2018", "卧龙区人民政府工作规则", None, None),
        ("dalian-2014", "大连市人民政府工作规则", None, datetime.date(2014, 6, 28)),
        ("wuhai-hainan-2023", "乌海市海南区人民政府工作规则", "海南政办发〔2023〕8号",
         datetime.date(2023, 3, 28)),
        ("xishi-2024", "西市区人民政府工作规则", "营西政发〔2024〕1号", datetime.date(2024, 1, 29)),
    ],
)
def test_seed_front_matter(rulebook_id, title, doc_number, date):
    rulebook = seed(rulebook_id)
    assert (rulebook.title, rulebook.doc_number, rulebook.date) == (title, doc_number, date)


def test_chapter_titles_lose_layout_spaces():
    rulebook = seed("dawa-2017")
    assert [chapter.title for chapter in rulebook.chapters][:2] == ["总则", "组成人员职责"]
    assert rulebook.chapters[-1].title == "附则"
    assert seed("wuhai-hainan-2023").chapters[9].title == "政务信息和督促检查"


@pytest.mark.parametrize(
    ("cite", "items"),
    [
        ("dawa-2017:37", 9), ("dawa-2017:35", 4), ("dawa-2017:36", 5), ("dawa-2017:38", 0),
        ("xishi-2024:31", 8), ("xishi-2024:20", 11), ("xishi-2024:19", 3),
        ("dalian-2014:38", 7), ("wuhai-hainan-2023:4", 8), ("wuhai-hainan-2023:47", 8),
        ("wuhai-hainan-2023:48", 5), ("wuhai-hainan-2023:65", 7), ("wuhai-hainan-2023:69", 8),
    ],
)
def test_item_counts(cite, items):
    rulebook_id, number = cite.split(":")
    article = seed(rulebook_id).article(int(number))
    assert [item.no for item in article.items] == list(range(1, items + 1))
    assert [item.id for item in article.items] == [f"{cite}.{n}" for n in range(1, items + 1)]


def test_sample_article_texts():
    dawa = seed("dawa-2017")
    assert dawa.article(1).text.startswith("根据《中华人民共和国宪法》")
    assert dawa.article(37).items[8].text == "决定和部署区政府其他重要工作事项。"
    assert dawa.article(37).text.endswith("区政府常务会议纪要由区政府办公室起草，区长签发。")
    assert dawa.article(50).text.endswith("重大应急突发事件必须于10分钟内报告区政府。")
    # 款 paragraphs stay with their article; the heading 「十、」 is not part of the text.
    assert dawa.article(10).paragraphs[0] == "区政府各组成部门实行局长、主任负责制，由其领导本部门的工作。"
    assert len(dawa.article(10).paragraphs) == 3
    # Page furniture after the last article (抄送, 印发 line) is not article text.
    assert dawa.article(63).text == "本规则自印发之日起执行。"

    dalian = seed("dalian-2014")
    assert "一般事项不少于10个工作日，紧急事项不少于5个工作日" in dalian.article(45).text.replace(",", "，").replace(";", "；")
    assert dalian.article(67).text == "本规则自下发之日起执行。"

    xishi = seed("xishi-2024")
    assert xishi.article(31).items[2].text == "以区政府名义制发的其他公文，由区政府分管领导同志签发，重要的由区长签发；"
    assert "一般应在 7 个工作日内回复" in xishi.article(29).text
    assert xishi.article(44).text == "本规则自发布之日起施行。"

    hainan = seed("wuhai-hainan-2023")
    assert "一般应在7个工作日内回复" in hainan.article(57).text
    assert hainan.article(49).text.startswith("政府专题会议一般由区长或长召集并主持")
    assert hainan.article(88).text.startswith("本规则自印发之日起施行。")
    assert "文件下载" not in hainan.article(88).text


def test_xishi_sentences_broken_across_lines_are_rejoined():
    xishi = seed("xishi-2024")
    assert "努力建设人民满意的法治政府、创新政府、廉洁政府和服务型政府，以中国式现代化" in xishi.article(2).text
    assert "依法行使权力、履行职责" in xishi.article(10).text
    assert len(xishi.article(2).paragraphs) == 1
    joined = {warning.line for warning in xishi.warnings}
    assert {23, 39, 53, 141, 191, 207} <= joined


def test_wolong_is_cut_off_in_article_30():
    wolong = seed("wolong-2018")
    articles = list(wolong.articles())
    assert [article.no for article in articles if article.incomplete] == [30]
    assert articles[-1].text.endswith("区政府规定需要公")
    assert [warning.line for warning in wolong.warnings] == [41]
    assert "不完整" in wolong.warnings[0].message


@pytest.mark.parametrize("rulebook_id", ["dawa-2017", "dalian-2014"])
def test_clean_seeds_parse_without_warnings(rulebook_id):
    rulebook = seed(rulebook_id)
    assert rulebook.warnings == ()
    assert not any(article.incomplete for article in rulebook.articles())


# Every damaged heading of 海南区, by the line it stands on: (line, article it really is).
HAINAN_HEADING_REPAIRS = {
    40: 1,     # the 第一条 heading is missing altogether
    102: 16,   # 「六条」
    132: 23,   # 「二十三  」
    136: 24,   # 「第二十四  」
    138: 25, 140: 26, 196: 43, 206: 45, 234: 48,
    246: 49,   # 「四十  」 between 48 and 50
    248: 50, 252: 51, 256: 52,
    258: 53,   # 「第五  」
    260: 54, 264: 55, 276: 56, 278: 57, 286: 58,
    300: 63,   # 「第六三条」
}
# Items whose 「(四)」 marker was dropped entirely or cut down to 「)」.
HAINAN_ITEM_REPAIRS = {224: 4, 226: 5, 228: 6, 230: 7, 240: 3, 242: 4, 244: 5}


def test_every_hainan_repair_is_reported_with_its_line():
    hainan = seed("wuhai-hainan-2023")
    by_line = {warning.line: warning.message for warning in hainan.warnings}
    assert set(by_line) == set(HAINAN_HEADING_REPAIRS) | set(HAINAN_ITEM_REPAIRS)
    for line, number in HAINAN_HEADING_REPAIRS.items():
        assert f"第{to_chinese(number)}条" in by_line[line]
        assert hainan.article(number).line == line
    for line, number in HAINAN_ITEM_REPAIRS.items():
        assert f"（{to_chinese(number)}）" in by_line[line]
    assert "缺少条标题" in by_line[40]
    assert "「四十」" in by_line[246] and "更正为第四十九条" in by_line[246]
    assert "「第五」" in by_line[258] and "更正为第五十三条" in by_line[258]
    assert "「六条」" in by_line[102] and "更正为第十六条" in by_line[102]
    assert "「第六三条」" in by_line[300]


def test_hainan_repaired_articles_carry_their_own_text():
    hainan = seed("wuhai-hainan-2023")
    assert hainan.article(1).text.startswith("加强和改进工作")
    assert hainan.article(16).text.startswith("注重公共服务")
    assert hainan.article(53).text.startswith("区政府常务会议、区长办公会议的纪要,由区长签发")
    assert hainan.article(63).text.startswith("区政府及各部门要严格执行发文计划")
    assert hainan.article(48).items[4].text == "研究区政府日常工作中的的其他重要事项。"
    assert hainan.article(47).items[5].text.startswith("讨论决定区政府日常工作")


def test_rulebook_lookup_by_ref():
    dawa = seed("dawa-2017")
    assert isinstance(dawa.get("37"), Article)
    item = dawa.get("37.3")
    assert isinstance(item, Item) and item.id == "dawa-2017:37.3"
    assert dawa.get("dawa-2017:37.3") == item
    assert dawa.has("63") and not dawa.has("64") and not dawa.has("37.10")
    assert not dawa.has("dalian-2014:3")
    with pytest.raises(RulebookError, match="没有第六十四条"):
        dawa.article(64)
    with pytest.raises(RulebookError, match="没有第（十）项"):
        dawa.get("37.10")
    with pytest.raises(RulebookError, match="无法识别"):
        dawa.get("abc")


# --- other layouts ------------------------------------------------------------------------------

KUAN = """某某县人民政府工作规则（试行）

第一章  总  则

第一条　为了规范县政府工作，制定本规则。
第二条　县政府实行县长负责制。
副县长协助县长工作。
县长外出期间，由常务副县长主持工作。
第二章　会议制度
第一节　常务会议
第三条 县政府常务会议的主要任务是：
（一）讨论决定重要事项；
（二）讨论通过规范性文件；
（三）其他事项。
常务会议一般每月召开两次。
第二节　全体会议
第四条 全体会议每年召开两次，由县长召集。
第三章 附则
第五条
本规则自印发之日起施行。
"""


def test_tiao_headings_with_kuan_paragraphs_and_sections():
    rulebook = parse_text(KUAN, "county")
    assert rulebook.title == "某某县人民政府工作规则（试行）"
    assert [(chapter.no, chapter.title) for chapter in rulebook.chapters] == [
        (1, "总则"), (2, "会议制度"), (3, "附则")]
    assert [article.no for article in rulebook.articles()] == [1, 2, 3, 4, 5]
    assert rulebook.article(2).paragraphs == (
        "县政府实行县长负责制。", "副县长协助县长工作。", "县长外出期间，由常务副县长主持工作。")
    third = rulebook.article(3)
    assert [item.text for item in third.items] == ["讨论决定重要事项；", "讨论通过规范性文件；", "其他事项。"]
    assert third.paragraphs[-1] == "常务会议一般每月召开两次。"
    assert "第二节" not in third.text and "第二节" not in rulebook.article(4).text
    assert rulebook.article(5).text == "本规则自印发之日起施行。"
    assert rulebook.warnings == ()


MIXED = """某市政府督查工作办法
第一条 为加强督查工作，制定本办法。
第二条 督查工作坚持以下原则：
一、依法督查；
二、精准督查；
三、为民督查。
第三条 督查室负责台账管理。
四、督查事项办结后应当及时销号。
第五条 本办法自发布之日起施行。
"""


def test_mixed_numbering_keeps_inner_lists_inside_their_article():
    rulebook = parse_text(MIXED, "mixed")
    assert [chapter.no for chapter in rulebook.chapters] == [0]
    assert [article.no for article in rulebook.articles()] == [1, 2, 3, 4, 5]
    assert rulebook.article(2).paragraphs[1:] == ("一、依法督查；", "二、精准督查；", "三、为民督查。")
    assert rulebook.article(4).text == "督查事项办结后应当及时销号。"


def test_dun_numbering_accepts_a_heading_written_as_tiao():
    text = "某局工作规则\n一、总的要求。\n二、分工负责。\n第三条 会议制度。\n四、附则。\n"
    rulebook = parse_text(text, "dun")
    assert [article.no for article in rulebook.articles()] == [1, 2, 3, 4]
    assert rulebook.article(3).text == "会议制度。"


def test_chapters_written_as_dun_lines_do_not_become_articles():
    text = "某办法\n一、总则\n第一条 目的。\n第二条 范围。\n二、附则\n第三条 施行。\n"
    rulebook = parse_text(text, "dunchapters")
    assert [article.no for article in rulebook.articles()] == [1, 2, 3]
    assert rulebook.article(1).text == "目的。"


def test_crlf_bom_blank_lines_and_half_width_markers(tmp_path):
    text = (
        "\ufeff某镇人民政府工作规则\r\n\r\n\r\n"
        "第一章 总则\r\n   \r\n\u3000\u3000第一条  镇政府依法履行职责。\r\n\r\n\r\n"
        "\u3000\u3000第二条\u3000镇长办公会议的主要任务是:\r\n\r\n"
        "(一) 研究重要事项;\r\n\r\n( 二 )部署工作。\r\n\t\r\n"
        "第二章 附则\r\n\r\n第三条 本规则自印发之日起施行。\r\n\r\n"
    )
    path = tmp_path / "town.txt"
    path.write_bytes(text.encode("utf-8"))
    rulebook = parse_file(path)
    assert rulebook.id == "town"
    assert rulebook.title == "某镇人民政府工作规则"
    assert [article.no for article in rulebook.articles()] == [1, 2, 3]
    second = rulebook.article(2)
    assert [item.text for item in second.items] == ["研究重要事项;", "部署工作。"]
    assert second.text == "镇长办公会议的主要任务是:\n（一）研究重要事项;\n（二）部署工作。"
    assert rulebook.warnings == ()
    assert rulebook.article(1).line == 6


def test_docx_input(tmp_path):
    from docx import Document

    document = Document()
    for paragraph in [
        "某区人民政府工作规则", "", "第一章　总则", "第一条　为规范区政府工作，制定本规则。",
        "第二条　区政府常务会议的主要任务是：", "（一）讨论重要事项；", "（二）通过规范性文件。",
        "第二章　附则", "第三条　本规则自印发之日起施行。",
    ]:
        document.add_paragraph(paragraph)
    path = tmp_path / "district-2025.docx"
    document.save(path)

    rulebook = parse_file(path)
    assert rulebook.id == "district-2025"
    assert rulebook.title == "某区人民政府工作规则"
    assert [(chapter.no, len(chapter.articles)) for chapter in rulebook.chapters] == [(1, 2), (2, 1)]
    assert rulebook.get("2.2").text == "通过规范性文件。"
    assert rulebook.article(3).line == 9


def test_damaged_headings_in_another_text_are_repaired_from_sequence():
    text = "\n".join([
        "某县人民政府工作规则",
        "第一章 总则",
        "为了规范县政府工作，制定本规则。",        # line 3: heading lost
        "第二条 县政府实行县长负责制。",
        "三  副县长协助县长工作。",               # line 5: 「第」「条」 dropped
        "第十 办公室主任处理日常工作。",           # line 6: garbled, sits between 3 and 5
        "第五条 各部门实行局长负责制。",
        "第六条 本规则自印发之日起施行。",
    ])
    rulebook = parse_text(text, "damaged", source="damaged.txt")
    assert [article.no for article in rulebook.articles()] == [1, 2, 3, 4, 5, 6]
    assert rulebook.article(4).text == "办公室主任处理日常工作。"
    assert [warning.line for warning in rulebook.warnings] == [3, 5, 6]
    assert "第一条" in rulebook.warnings[0].message
    assert "第三条" in rulebook.warnings[1].message
    assert "更正为第四条" in rulebook.warnings[2].message


def test_a_real_gap_is_kept_and_reported():
    text = "某规则\n第一条 甲。\n第二条 乙。\n第四条 丁。\n第五条 戊。\n"
    rulebook = parse_text(text, "gap")
    assert [article.no for article in rulebook.articles()] == [1, 2, 4, 5]
    assert [warning.line for warning in rulebook.warnings] == [4]
    assert "缺第三条" in rulebook.warnings[0].message


def test_a_cross_reference_at_the_start_of_a_line_is_not_a_heading():
    text = "某规则\n第一条 甲。\n第二条 有下列情形之一的，不适用本规则：\n第一条规定的情形除外。\n第三条 丙。\n"
    rulebook = parse_text(text, "xref")
    assert [article.no for article in rulebook.articles()] == [1, 2, 3]
    assert rulebook.article(2).paragraphs[1] == "第一条规定的情形除外。"


def test_an_item_list_resumes_after_markers_lost_in_the_middle():
    text = "某规则\n第一条 任务是：\n（一）甲事项；\n乙事项；\n）丙事项；\n（四）丁事项。\n本条由办公室解释。\n"
    article = parse_text(text, "items").article(1)
    assert [item.text for item in article.items] == ["甲事项；", "乙事项；", "丙事项；", "丁事项。"]
    assert article.paragraphs[-1] == "本条由办公室解释。"


def test_a_text_cut_off_mid_sentence_is_marked_incomplete():
    text = "某规则\n第一条 甲事项。\n第二条 乙事项。\n第三条 凡涉及公共利益的事项，均应"
    rulebook = parse_text(text, "cut")
    assert [article.incomplete for article in rulebook.articles()] == [False, False, True]


# --- what is not a rules text --------------------------------------------------------------------

def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(RulebookError, match="不是文本文件"):
        parse_file(path)


def test_gbk_file_is_refused_with_the_encoding_named(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(path_of("dalian-2014").read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(RulebookError, match="GBK"):
        parse_file(path)


def test_text_without_articles_is_refused(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("关于召开会议的通知\n各部门：\n定于下周一召开会议，请准时参加。\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="找不到条文") as raised:
        parse_file(path)
    assert "notice.txt" in str(raised.value)


def test_empty_missing_and_broken_docx_files_are_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(RulebookError, match="找不到条文"):
        parse_file(empty)
    with pytest.raises(RulebookError, match="找不到文件"):
        parse_file(tmp_path / "absent.txt")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"this is not a zip archive")
    with pytest.raises(RulebookError, match="docx"):
        parse_file(broken)


def test_a_table_of_contents_is_not_taken_for_the_chapters():
    text = "\n".join([
        "某市人民政府工作规则", "目  录", "第一章 总则", "第二章 附则", "",
        "第一章 总则", "第一条 为规范工作，制定本规则。", "第二章 附则", "第二条 本规则自印发之日起施行。",
    ])
    rulebook = parse_text(text, "toc")
    assert rulebook.title == "某市人民政府工作规则"
    assert [(chapter.no, [a.no for a in chapter.articles]) for chapter in rulebook.chapters] == [
        (1, [1]), (2, [2])]
    assert rulebook.warnings == ()


def test_a_covering_notice_with_its_own_list_does_not_start_the_rules():
    text = "\n".join([
        "关于印发某局工作规则的通知", "各科室：", "一、请认真学习。", "二、遵照执行。",
        "某局工作规则", "一、本局实行局长负责制。", "二、副局长协助局长工作。",
        "三、办公室负责日常工作。", "四、本规则自印发之日起施行。",
    ])
    rulebook = parse_text(text, "notice")
    assert rulebook.title == "某局工作规则"
    assert rulebook.article(1).text == "本局实行局长负责制。"
    assert [article.no for article in rulebook.articles()] == [1, 2, 3, 4]


# --- generated texts: any well-formed layout parses back to exactly what was written ------------

SENTENCES = ["区政府实行区长负责制。", "会议纪要由办公室起草，区长签发。", "各部门应当在7个工作日内回复。",
             "重大事项须经常务会议讨论决定。"]


@st.composite
def rules_texts(draw):
    style = draw(st.sampled_from(["full", "dun"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    indent = draw(st.sampled_from(["", "    ", "\u3000\u3000", " "]))
    gap = draw(st.sampled_from([[""], ["", ""], []]))
    with_chapters = draw(st.booleans())
    chapters = draw(st.lists(st.tuples(st.integers(1, 4), st.lists(st.integers(0, 4), min_size=1, max_size=4)),
                             min_size=1, max_size=4)) if with_chapters else [(1, draw(st.lists(
                                 st.integers(0, 4), min_size=1, max_size=6)))]
    lines = ["某地人民政府工作规则"] + gap
    expected = []
    number = 0
    for chapter_no, (_, item_counts) in enumerate(chapters, start=1):
        if with_chapters:
            lines += [f"第{to_chinese(chapter_no)}章　第{chapter_no}部分"] + gap
        for items in item_counts:
            number += 1
            heading = f"第{to_chinese(number)}条　" if style == "full" else f"{to_chinese(number)}、"
            body = draw(st.sampled_from(SENTENCES))
            lines.append(indent + heading + (body if not items else "主要任务是："))
            for item in range(1, items + 1):
                stop = "。" if item == items else "；"
                lines.append(f"（{to_chinese(item)}）{draw(st.sampled_from(SENTENCES))[:-1]}{stop}")
            if draw(st.booleans()):
                lines.append(indent + draw(st.sampled_from(SENTENCES)))
            lines += gap
            expected.append((chapter_no if with_chapters else 0, number, items))
    return newline.join(lines) + newline, expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules_texts())
def test_generated_layouts_parse_back_exactly(case):
    text, expected = case
    rulebook = parse_text(text, "gen")
    assert [(a.chapter_no, a.no, len(a.items)) for a in rulebook.articles()] == expected
    assert rulebook.title == "某地人民政府工作规则"
    assert rulebook.warnings == ()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("第一二三十条章、（）() \n\u3000。；甲乙丙规则")), max_size=200))
def test_arbitrary_text_parses_or_is_refused_cleanly(text):
    try:
        rulebook = parse_text(text, "any")
    except RulebookError:
        return
    assert list(rulebook.articles())


def test_refs_written_the_way_a_clerk_writes_them():
    dawa = seed("dawa-2017")
    assert dawa.get("第三十七条") == dawa.article(37)
    assert dawa.get("第三十七条第（三）项") == dawa.get("37.3")
    assert dawa.get("第三十七条第三项") == dawa.get("37.3")
    assert dawa.get("dawa-2017:第三十七条") == dawa.article(37)


def test_an_item_gap_that_no_paragraph_fills_is_reported():
    text = "某规则\n第一条 任务是：\n（一）甲事项；\n（三）丙事项。\n"
    rulebook = parse_text(text, "itemgap")
    assert [item.no for item in rulebook.article(1).items] == [1, 3]
    assert [warning.line for warning in rulebook.warnings] == [4]
    assert "（一）之后是（三）" in rulebook.warnings[0].message
