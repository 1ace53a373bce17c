"""Type by content, not by name or Content-Type: each accepted kind is known by its bytes; a
renamed program, a cut-off ZIP, a ZIP posing as Word and a cut-off PDF are refused in Chinese
naming the file and what is wrong; names with control characters, paths or excess length too."""

from __future__ import annotations

import pytest

import files_support as make
from zhengwu.core.verdict import RuleViolation
from zhengwu.files import sniff
from zhengwu.files.service import KINDS


@pytest.mark.parametrize("name, data, expected", [
    ("收文.pdf", make.pdf(), "pdf"),
    ("收文.ofd", make.ofd(), "ofd"),
    ("正文.docx", make.docx(), "docx"),
    ("扫描.png", make.png(), "png"),
    ("扫描.jpg", make.jpeg(), "jpeg"),
    ("扫描.tif", make.tiff(), "tiff"),
])
def test_each_accepted_kind_is_known_by_its_content(name, data, expected):
    assert sniff.identify(name, data) == expected
    assert sniff.check(name, data, KINDS["attachment"].accepted, "附件") == expected


def refusal(name: str, data: bytes, kind: str = "attachment") -> str:
    with pytest.raises(RuleViolation) as refused:
        sniff.check(name, data, KINDS[kind].accepted, KINDS[kind].label)
    return refused.value.verdict.reasons[0].message


def test_a_renamed_program_is_refused_naming_the_file():
    message = refusal("请示.pdf", make.exe())
    assert "「请示.pdf」" in message and "可执行程序" in message


def test_a_truncated_zip_is_refused_as_damaged():
    whole = make.docx()
    message = refusal("正文.docx", whole[: len(whole) // 2], "body")
    assert "「正文.docx」已损坏" in message


def test_a_zip_posing_as_word_is_refused_after_python_docx_cannot_open_it():
    message = refusal("正文.docx", make.fake_docx(), "body")
    assert "「正文.docx」不是有效的 Word 文档" in message


def test_a_cut_off_pdf_is_refused_as_incomplete():
    message = refusal("扫描.pdf", make.pdf()[:-8], "scan")
    assert "不完整" in message


def test_the_body_takes_only_word_documents():
    message = refusal("正文.pdf", make.pdf(), "body")
    assert "是PDF 文件，正文只接受Word 文档（.docx）" in message


def test_the_name_must_say_what_the_content_is():
    message = refusal("正文.pdf", make.docx())
    assert "内容是Word 文档（.docx）" in message and ".docx" in message


def test_unknown_content_is_refused():
    assert "无法识别" in refusal("说明.txt", "这是一段文字".encode())


@pytest.mark.parametrize("name, problem", [
    ("报告\x07.pdf", "控制字符"),
    ("../../etc/passwd.pdf", "路径分隔符"),
    ("C:\\公文\\报告.pdf", "路径分隔符"),
    ("长" * 121 + ".pdf", "文件名过长（125 个字符），不能超过 120 个字符"),
    ("", "没有文件名"),
])
def test_bad_names_are_refused_with_the_reason(name, problem):
    with pytest.raises(RuleViolation) as refused:
        sniff.clean_name(name)
    assert problem in refused.value.verdict.reasons[0].message


def test_an_ordinary_chinese_name_is_kept():
    assert sniff.clean_name(" 关于2024年预算的请示（附件1）.pdf ") == "关于2024年预算的请示（附件1）.pdf"
