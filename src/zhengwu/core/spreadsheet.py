"""Writing .xlsx sheets the way an office prints them.

`put` is the one way a value enters a cell in every export (the supervision ledger, the
compliance report): what a cell may hold and how it is styled is decided here, once. Dates stay
dates (sortable, filterable) shown in the Chinese form 2024年3月21日; every written cell names a
CJK face (宋体) so no body cell falls back to the spreadsheet's Latin default. `print_setup`
gives a sheet A4 landscape, repeated header rows and 「第 N 页，共 M 页」 in the footer.
"""

from __future__ import annotations

from datetime import date, datetime

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill

from zhengwu.core.exports import cell_value

BODY_FONT = "宋体"
BODY_SIZE = 11
DATE_FORMAT = 'yyyy"年"m"月"d"日"'


def put(sheet, row: int, column: int, value, *, font: Font | None = None, alignment: Alignment | None = None,
        border: Border | None = None, fill: PatternFill | None = None) -> Cell:
    """Write one cell: its value, a CJK font, and for a date the Chinese date format."""
    cell = sheet.cell(row=row, column=column)
    cell.value = cell_value(value)  # control characters dropped, never a live formula
    if isinstance(value, (date, datetime)):
        cell.number_format = DATE_FORMAT
    cell.font = font or Font(name=BODY_FONT, size=BODY_SIZE)
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    if fill is not None:
        cell.fill = fill
    return cell


def chinese_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def print_setup(sheet, *, title_rows: str) -> None:
    """A4 landscape, fitted to the page width, the header rows on every page, page numbers."""
    sheet.print_title_rows = title_rows
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.oddFooter.center.font = BODY_FONT
    sheet.oddFooter.center.size = 10
