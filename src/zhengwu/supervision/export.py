"""The ledger as the 督查室 prints it: an A4 landscape sheet, title merged over the columns, the
as-of date, 序号/事项/来源/责任单位/责任人/时限/进展/状态 (时限 a real date shown 2024年3月21日),
thin borders, wrapped text, the header row and page numbers on every page, fitted to the page
width, overdue rows filled red, and totals by standing and by source under the table. Every
cell is written through `zhengwu.core.spreadsheet.put`."""

from __future__ import annotations

import math
from datetime import date
from io import BytesIO

from collections import Counter

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from zhengwu.calendar import default_calendar
from zhengwu.core.spreadsheet import chinese_day, print_setup, put
from zhengwu.printing.layout import text_width
from zhengwu.supervision.service import Row

COLUMNS = (("序号", 6), ("事项", 36), ("来源", 14), ("责任单位", 18), ("责任人", 10), ("时限", 16),
           ("进展", 34), ("状态", 10))
LINE_HEIGHT = 15  # points per wrapped line of the 11-point body text
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
OVERDUE_FILL = PatternFill("solid", fgColor="F8D7DA")
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")


def fit_row(sheet, row: int, values, widths) -> None:
    """Spreadsheet programs do not grow a row for wrapped text on their own when printing: give
    the row the height of its tallest cell (a column width unit is half a CJK character)."""
    lines = max(math.ceil(text_width(str(value)) * 2 / (width - 1)) or 1 for value, width in zip(values, widths, strict=True))
    sheet.row_dimensions[row].height = lines * LINE_HEIGHT + 4


def _provisional(deadline: date | None) -> str:
    """A deadline in a year whose holiday notice is not entered is 暂定: said in the status cell."""
    return "（时限暂定）" if deadline is not None and default_calendar().is_provisional(deadline) else ""


def ledger_xlsx(government: str, rows: list[Row], today: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "督查台账"
    last = len(COLUMNS)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    put(sheet, 1, 1, f"{government}督查事项台账", font=Font(name="方正小标宋简体", size=18, bold=True),
        alignment=Alignment(horizontal="center", vertical="center"))
    sheet.row_dimensions[1].height = 36
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    put(sheet, 2, 1, f"统计日期：{chinese_day(today)}", alignment=Alignment(horizontal="right"))
    for column, (name, width) in enumerate(COLUMNS, start=1):
        cell = put(sheet, 3, column, name, font=Font(name="黑体", size=12, bold=True),
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
                   border=BORDER, fill=HEADER_FILL)
        sheet.column_dimensions[cell.column_letter].width = width
    for offset, row in enumerate(rows, start=4):
        task = row.task
        values = (row.number, task.title, row.source_label, row.department, task.person or "",
                  task.deadline, row.progress, row.standing.label + _provisional(task.deadline))
        shown = [chinese_day(v) if isinstance(v, date) else (v or "") for v in values]
        fit_row(sheet, offset, shown, [width for _, width in COLUMNS])
        for column, value in enumerate(values, start=1):
            centred = column in (1, 3, 5, 6, 8)
            put(sheet, offset, column, value if value is not None else "",
                alignment=Alignment(horizontal="center" if centred else "left", vertical="center", wrap_text=True),
                border=BORDER, fill=OVERDUE_FILL if row.standing.overdue else None)
    _totals(sheet, len(rows) + 5, rows)
    print_setup(sheet, title_rows="3:3")
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.freeze_panes = "A4"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _totals(sheet, first: int, rows: list[Row]) -> None:
    """合计 under the table: all tasks, then per standing and per source, in the ledger's order."""
    bold = Font(name="黑体", size=11, bold=True)
    put(sheet, first, 2, f"合计：共{len(rows)}项", font=bold, border=BORDER)
    put(sheet, first, 3, len(rows), font=bold, border=BORDER, alignment=Alignment(horizontal="center"))
    line = first + 1
    for label, counts in (("按状态", Counter(r.standing.label for r in rows)),
                          ("按来源", Counter(r.source_label for r in rows))):
        for name, count in counts.items():
            put(sheet, line, 2, f"{label}：{name}", border=BORDER)
            put(sheet, line, 3, count, border=BORDER, alignment=Alignment(horizontal="center"))
            line += 1
