"""The ledger as the 督查室 prints it: an A4 landscape sheet, title merged over the columns,
序号/事项/来源/责任单位/责任人/时限/进展/状态, thin borders, wrapped text, the header row
repeated on every page, fitted to the page width, overdue rows filled red."""

from __future__ import annotations

import math
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from zhengwu.core import exports
from zhengwu.documents.layout import text_width
from zhengwu.supervision.service import Row

COLUMNS = (("序号", 6), ("事项", 36), ("来源", 14), ("责任单位", 18), ("责任人", 10), ("时限", 12),
           ("进展", 34), ("状态", 10))
LINE_HEIGHT = 15  # points per wrapped line of the 11-point body text
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
OVERDUE_FILL = PatternFill("solid", fgColor="F8D7DA")
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
FONT = "宋体"


def fit_row(sheet, row: int, values, widths) -> None:
    """Spreadsheet programs do not grow a row for wrapped text on their own when printing: give
    the row the height of its tallest cell (a column width unit is half a CJK character)."""
    lines = max(math.ceil(text_width(str(value)) * 2 / (width - 1)) or 1 for value, width in zip(values, widths))
    sheet.row_dimensions[row].height = lines * LINE_HEIGHT + 4


def ledger_xlsx(government: str, rows: list[Row], today: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "督查台账"
    last = len(COLUMNS)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    title = sheet.cell(row=1, column=1, value=exports.cell_value(f"{government}督查事项台账"))
    title.font = Font(name="方正小标宋简体", size=18, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 36
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    stamp = sheet.cell(row=2, column=1, value=f"统计日期：{today.year}年{today.month}月{today.day}日")
    stamp.font = Font(name=FONT, size=11)
    stamp.alignment = Alignment(horizontal="right")
    for column, (name, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=3, column=column, value=name)
        cell.font = Font(name="黑体", size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border, cell.fill = BORDER, HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    for offset, row in enumerate(rows, start=4):
        task = row.task
        values = (row.number, task.title, row.source_label, row.department, task.person or "",
                  task.deadline.isoformat() if task.deadline else "", row.progress, row.standing.label)
        fit_row(sheet, offset, values, [width for _, width in COLUMNS])
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=offset, column=column, value=exports.cell_value(value))
            cell.font = Font(name=FONT, size=11)
            centred = column in (1, 3, 5, 6, 8)
            cell.alignment = Alignment(horizontal="center" if centred else "left", vertical="center", wrap_text=True)
            cell.border = BORDER
            if row.standing.overdue:
                cell.fill = OVERDUE_FILL
    sheet.print_title_rows = "3:3"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.freeze_panes = "A4"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
