"""Issue 14, finding 2: text already stored with control characters, or starting like a formula,
no longer breaks or poisons the .xlsx and .docx files (core/exports.py is used by every writer)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from docx import Document
from openpyxl import load_workbook

from zhengwu.core import exports
from zhengwu.printing.docx_render import render_document_docx
from zhengwu.supervision.export import ledger_xlsx
from zhengwu.supervision.rules import Standing
from zhengwu.supervision.service import Row


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://evil\",\"点我\")", "'=HYPERLINK(\"http://evil\",\"点我\")"),
    ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("进展\u000b顺利\u0001", "进展顺利"), ("一、\n二、", "一、\n二、"), ("-", "-"), (42, 42),
])
def test_cell_values_are_never_formulas_and_never_unwritable(value, expected):
    assert exports.cell_value(value) == expected


def _row(title: str, report: str) -> Row:
    task = SimpleNamespace(title=title, source="work_report", person="王建国", deadline=date(2026, 11, 19),
                           reports=[SimpleNamespace(text=report, on=date(2026, 11, 20), final=False)])
    return Row(1, task, "区司法局", Standing("open", None))


def test_the_ledger_with_a_stored_control_character_and_a_formula_opens():
    book = ledger_xlsx("测试区人民政府", [_row("=HYPERLINK(\"http://x\")", "进展\u000b顺利")], date(2026, 11, 24))
    sheet = load_workbook(io.BytesIO(book)).active
    cells = [c for c in sheet[4]]
    assert cells[1].value == "'=HYPERLINK(\"http://x\")" and cells[1].data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    assert "\u000b" not in "".join(str(c.value) for c in cells)


def test_an_issued_document_with_control_characters_renders(notice_with_attachments):
    poisoned = replace(notice_with_attachments, body=("经区政府同意\u000b\u0001，现印发。",) + notice_with_attachments.body[1:],
                       title="关于\u0008印发的通知")
    document = Document(io.BytesIO(render_document_docx(poisoned)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "经区政府同意，现印发。" in text and "\u000b" not in text
