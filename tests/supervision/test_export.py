"""The printed ledger: rows as tall as their wrapped text, overdue rows filled, the layout set."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from types import SimpleNamespace

from openpyxl import load_workbook

from zhengwu.supervision.export import LINE_HEIGHT, ledger_xlsx
from zhengwu.supervision.rules import SOURCES, Standing
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


def test_deadlines_are_dates_with_totals_page_numbers_and_a_cjk_face():
    rows = [_row(1, "事项一", "区司法局", "open"), _row(2, "事项二", "区财政局", "overdue"),
            _row(3, "事项三", "区财政局", "overdue")]
    sheet = load_workbook(BytesIO(ledger_xlsx("测试区人民政府", rows, date(2026, 11, 24)))).active
    assert sheet["A2"].value == "统计日期：2026年11月24日"
    deadline = sheet["F4"]
    assert deadline.value.date() == date(2026, 11, 19) and deadline.number_format == 'yyyy"年"m"月"d"日"'
    assert {c.font.name for row in sheet.iter_rows(min_row=4, max_row=6) for c in row} == {"宋体"}
    totals = {sheet.cell(row=n, column=2).value: sheet.cell(row=n, column=3).value for n in range(8, sheet.max_row + 1)}
    assert totals["合计：共3项"] == 3
    assert totals["按状态：已逾期"] == 2 and sum(v for k, v in totals.items() if k.startswith("按状态")) == 3
    assert totals[f"按来源：{SOURCES['work_report']}"] == 3
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
