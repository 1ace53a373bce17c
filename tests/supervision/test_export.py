"""The printed ledger: rows as tall as their wrapped text, overdue rows filled, the layout set."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from types import SimpleNamespace

from openpyxl import load_workbook

from zhengwu.supervision.export import LINE_HEIGHT, ledger_xlsx
from zhengwu.supervision.rules import Standing
from zhengwu.supervision.service import Row


def _row(number: int, title: str, department: str, code: str) -> Row:
    task = SimpleNamespace(title=title, source="work_report", person="王建国", deadline=date(2026, 11, 19), reports=[])
    return Row(number, task, department, Standing(code, None))


def test_rows_grow_with_their_wrapped_text_and_overdue_rows_are_filled():
    rows = [_row(1, "短事项", "区司法局", "open"),
            _row(2, "完成城区老旧小区改造十二个并于年底前全部竣工验收，" * 4, "区人力资源和社会保障局", "overdue")]
    sheet = load_workbook(BytesIO(ledger_xlsx("测试区人民政府", rows, date(2026, 11, 24)))).active
    assert sheet["A1"].value == "测试区人民政府督查事项台账"
    assert [c.value for c in sheet[3]] == ["序号", "事项", "来源", "责任单位", "责任人", "时限", "进展", "状态"]
    short, long = sheet.row_dimensions[4].height, sheet.row_dimensions[5].height
    assert short == LINE_HEIGHT + 4 and long >= 4 * LINE_HEIGHT
    assert sheet["B5"].fill.fgColor.rgb.endswith("F8D7DA") and not sheet["B4"].fill.fgColor.rgb.endswith("F8D7DA")
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$3:$3"
