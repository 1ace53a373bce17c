"""The text rules of GB/T 9704-2012 that do not depend on the file format."""

from __future__ import annotations

from datetime import date

import pytest

from zhengwu.documents.layout import (
    annotation_text,
    chinese_date,
    chinese_ordinal,
    classification_line,
    heading_level,
    split_heading,
    text_width,
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
    ],
)
def test_heading_levels(paragraph, level):
    assert heading_level(paragraph) == level


def test_only_the_first_sentence_of_a_running_heading_is_the_heading():
    assert split_heading("（一）加强领导。各镇要成立领导小组。") == ("（一）加强领导。", "各镇要成立领导小组。")
    assert split_heading("一、总体要求") == ("一、总体要求", "")
    assert split_heading("1.建立清单。") == ("1.建立清单。", "")


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
