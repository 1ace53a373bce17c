"""The text rules of GB/T 9704-2012 that do not depend on the file format."""

from __future__ import annotations

from datetime import date

import pytest

from zhengwu.printing.layout import (
    annotation_text,
    chinese_date,
    chinese_ordinal,
    classification_line,
    heading_level,
    split_heading,
    text_width,
    title_lines,
)


def test_dates_use_arabic_numerals_without_leading_zeros():
    assert chinese_date(date(2017, 5, 9)) == "2017年5月9日"
    assert chinese_date(date(2024, 12, 31)) == "2024年12月31日"


@pytest.mark.parametrize(
    ("paragraph", "level"),
    [
        ("一、总体要求", 1),
        ("十二、附则", 1),
        ("（一）加强领导。各镇要……", 2),
        ("(三)压实责任", 2),
        ("1.建立清单。", 3),
        ("12．定期调度", 3),
        ("（1）按月报送", 4),
        ("经区政府同意，现将……", None),
        ("2024年全区农村公路养护需资金1860万元。", None),
        ("一是加强领导", None),
        ("1.5亿元用于农村公路养护。", None),  # a decimal, not a level-3 number
        ("3.14", None),
    ],
)
def test_heading_levels(paragraph, level):
    assert heading_level(paragraph) == level


def test_only_the_first_sentence_of_a_running_heading_is_the_heading():
    assert split_heading("（一）加强领导。各镇要成立领导小组。") == ("（一）加强领导。", "各镇要成立领导小组。")
    assert split_heading("一、总体要求") == ("一、总体要求", "")
    assert split_heading("1.建立清单。") == ("1.建立清单。", "")


@pytest.mark.parametrize("paragraph", [
    "一、同意你局关于调整农村公路养护资金使用范围的请示。",  # a decision, one sentence
    "（二）各镇街要在4月30日前，报送本辖区养护计划。",  # a comma: an item, not a heading
    "1.5亿元用于农村公路养护。",
    "经区政府同意，现将有关事项通知如下。",
])
def test_numbered_sentences_are_body_text_not_headings_7_3_3(paragraph):
    assert split_heading(paragraph) is None


@pytest.mark.parametrize(("title", "lines"), [
    ("盘锦市大洼区人民政府办公室关于印发大洼区2026年安全生产工作要点的通知",
     ["盘锦市大洼区人民政府办公室关于印发", "大洼区2026年安全生产工作要点的通知"]),
    ("南阳市卧龙区人民政府关于申请设立南阳卧龙国际物流园区的请示",
     ["南阳市卧龙区人民政府关于申请", "设立南阳卧龙国际物流园区的请示"]),
    ("关于做好春季森林防火工作的通知", ["关于做好春季森林防火工作的通知"]),
])
def test_titles_break_at_word_boundaries_7_3_1(title, lines):
    assert title_lines(title) == lines


@pytest.mark.parametrize("title", [
    "盘锦市大洼区人民政府办公室关于印发大洼区2026年安全生产工作要点的通知",
    "营口市西市区人民政府关于同意区住房和城乡建设局实施老旧小区改造项目的批复",
    "大连市人民政府关于进一步加强和改进新形势下全市安全生产和应急管理工作的实施意见",
    "关于印发《大洼区政府投资项目管理办法（修订）》的通知",
    "乌海市海南区人民政府关于2026年第一季度重点工作任务完成情况的报告",
])
def test_title_lines_are_a_trapezoid_or_diamond_within_the_measure_7_3_1(title):
    lines = title_lines(title)
    widths = [text_width(line) for line in lines]
    assert "".join(lines) == title and max(widths) <= 20
    steps = [b - a for a, b in zip(widths, widths[1:], strict=False)]
    peak = widths.index(max(widths))
    assert (all(d >= 0 for d in steps) or all(d <= 0 for d in steps)
            or (all(d >= 0 for d in steps[:peak]) and all(d <= 0 for d in steps[peak:])))
    for line in lines:  # never a word cut in two, nor a number from its unit
        assert not line.startswith(("产", "区", "年", "和", "的")), lines


def test_a_title_the_drafter_broke_keeps_its_lines():
    assert title_lines("关于印发\n某某办法的通知") == ["关于印发", "某某办法的通知"]


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"),
                                         (20, "二十"), (23, "二十三"), (99, "九十九")])
def test_chinese_ordinals(n, text):
    assert chinese_ordinal(n) == text


def test_chinese_ordinal_out_of_range_is_refused_in_chinese():
    with pytest.raises(ValueError, match="标题序号"):
        chinese_ordinal(100)


def test_annotation_is_parenthesised_once():
    assert annotation_text("此件公开发布") == "（此件公开发布）"
    assert annotation_text("（此件公开发布）") == "（此件公开发布）"
    assert annotation_text(" 经区政府同意 ") == "（经区政府同意）"


def test_classification_with_and_without_term():
    assert classification_line("机密", "1年") == "机密★1年"
    assert classification_line("秘密", None) == "秘密"


def test_text_width_counts_digits_as_half_a_cell():
    assert text_width("2017年5月9日") == 6.0
    assert text_width("盘锦市人民政府") == 7.0
    assert text_width("〔2024〕") == 4.0
