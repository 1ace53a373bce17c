"""Issue 14, finding 10: a hostile .docx — malformed XML, 100k-deep nesting, a zip bomb — is refused
with one Chinese sentence, quickly, instead of an lxml traceback or a MemoryError."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from docx import Document

from zhengwu.rulebook.articles import RulebookError, parse_file


def _valid(tmp_path):
    path = tmp_path / "ok.docx"
    document = Document()
    document.add_paragraph("第一章 总则")
    document.add_paragraph("第一条 为了规范工作，制定本规则。")
    document.save(path)
    return path


def _replace_part(source, target, name: str, body: bytes, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", compression) as new:
        for entry in old.infolist():
            new.writestr(entry.filename, body if entry.filename == name else old.read(entry.filename))


def test_a_valid_docx_still_parses(tmp_path):
    assert next(parse_file(_valid(tmp_path)).articles()).no == 1


def test_malformed_xml_is_a_chinese_error(tmp_path):
    bad = tmp_path / "bad.docx"
    _replace_part(_valid(tmp_path), bad, "word/document.xml", b"<w:document><w:body><w:p>")
    with pytest.raises(RulebookError) as refused:
        parse_file(bad)
    assert "不是格式正确的 XML" in str(refused.value) and "word/document.xml" in str(refused.value)


def test_deep_nesting_is_refused(tmp_path):
    deep = tmp_path / "deep.docx"
    body = b"<a>" * 100_000 + b"</a>" * 100_000
    _replace_part(_valid(tmp_path), deep, "word/document.xml", body)
    started = time.perf_counter()
    with pytest.raises(RulebookError) as refused:
        parse_file(deep)
    assert "嵌套超过" in str(refused.value) and time.perf_counter() - started < 10


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    bomb = tmp_path / "bomb.docx"
    padding = b"<w:t>" + b"A" * (200 * 1024 * 1024) + b"</w:t>"  # 200 MB of one letter: ~200 KB compressed
    buffer = io.BytesIO()
    with zipfile.ZipFile(_valid(tmp_path)) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            new.writestr(entry.filename, old.read(entry.filename))
        new.writestr("word/media/padding.xml", padding)
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(RulebookError) as refused:
        parse_file(bomb)
    assert "超过上限" in str(refused.value) and time.perf_counter() - started < 5
