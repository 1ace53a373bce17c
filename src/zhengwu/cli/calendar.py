"""`zhengwu calendar …`: working-day arithmetic and coverage checks for operators."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import typer

from zhengwu.calendar import CalendarError, default_calendar

app = typer.Typer(
    name="calendar",
    help="工作日历：法定节假日与调休，按工作日推算期限。",
    no_args_is_help=True,
)

_WEEKDAYS = "一二三四五六日"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"错误：{message}", err=True)
    return typer.Exit(1)


def _parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _fail(f"{what}“{text}”不是有效日期，应为 YYYY-MM-DD，如 2024-09-27") from None


def _calendar(data_dir: Path | None = None):
    """The deployment's calendar, with the notices entered into its database when there is one."""
    settings = None
    # Only when a deployment is named: the arithmetic alone stays fast and needs no database.
    if data_dir is not None or os.environ.get("ZHENGWU_DATABASE_URL"):
        # Imported here: the arithmetic alone must start fast, without the storage layer.
        from zhengwu.cli.common import open_db
        from zhengwu.holiday_notices import service as holiday_notices

        settings = open_db(data_dir)
        holiday_notices.refresh(settings)
    try:
        return default_calendar()
    except CalendarError as exc:
        raise _fail(str(exc)) from None


def _provisional_note(calendar, day: date) -> None:
    if calendar.is_provisional(day):
        typer.echo(f"注意：{day.year} 年为暂定（{calendar.schedule(day.year).source}）", err=True)


DataDir = typer.Option(None, "--data-dir", envvar="ZHENGWU_DATA_DIR",
                       help="数据目录：读取其中已录入的节假日安排通知（不给出时只用内置和覆盖文件）")


def _parse_int(text: str, what: str, example: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise _fail(f"{what}“{text}”不是整数，如 {example}") from None


# ignore_unknown_options lets a negative N ("-3") through as an argument instead of an option.
@app.command("add", context_settings={"ignore_unknown_options": True})
def add(
    day: str = typer.Argument(..., metavar="DATE", help="起算日 YYYY-MM-DD（当日不计入）"),
    n: str = typer.Argument(..., metavar="N", help="工作日数；负数表示之前，如 -7 即会前7个工作日"),
    data_dir: Path | None = DataDir,
) -> None:
    """打印 DATE 之后第 N 个工作日（当日不计入），格式 YYYY-MM-DD；涉及暂定年份时另行注明。"""
    start = _parse_date(day, "日期")
    count = _parse_int(n, "工作日数", "7 或 -7")
    calendar = _calendar(data_dir)
    try:
        due = calendar.add_workdays(start, count)
    except CalendarError as exc:
        raise _fail(str(exc)) from None
    typer.echo(due.isoformat())
    _provisional_note(calendar, max(start, due))


@app.command("between")
def between(
    a: str = typer.Argument(..., metavar="A", help="起始日 YYYY-MM-DD（不计入）"),
    b: str = typer.Argument(..., metavar="B", help="截止日 YYYY-MM-DD（计入）"),
    data_dir: Path | None = DataDir,
) -> None:
    """打印 A 到 B 之间的工作日数：A 不计入、B 计入；B 早于 A 时为负数。"""
    first = _parse_date(a, "起始日")
    last = _parse_date(b, "截止日")
    calendar = _calendar(data_dir)
    try:
        typer.echo(str(calendar.workdays_between(first, last)))
    except CalendarError as exc:
        raise _fail(str(exc)) from None
    _provisional_note(calendar, max(first, last))


def _runs(days: dict[date, str]) -> list[tuple[date, date, str]]:
    """Consecutive days with the same name, as (first, last, name)."""
    runs: list[tuple[date, date, str]] = []
    for day in sorted(days):
        name = days[day]
        if runs and runs[-1][2] == name and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day, name)
        else:
            runs.append((day, day, name))
    return runs


def _span(first: date, last: date) -> str:
    if first == last:
        return f"{first.isoformat()}（星期{_WEEKDAYS[first.weekday()]}）"
    return f"{first.isoformat()} 至 {last.isoformat()}，共 {(last - first).days + 1} 天"


@app.command("year")
def year(
    text: str = typer.Argument(..., metavar="YYYY", help="年份，如 2025"),
    data_dir: Path | None = DataDir,
) -> None:
    """列出某年的放假日和调休上班日及其来源（正式或暂定），供核对。"""
    value = _parse_int(text, "年份", "2025")
    try:
        schedule = _calendar(data_dir).schedule(value)
    except CalendarError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{value} 年节假日安排（来源：{schedule.source}）")
    typer.echo("放假：")
    for first, last, name in _runs(dict(schedule.holidays)):
        typer.echo(f"  {name}  {_span(first, last)}")
    typer.echo("调休上班：")
    if not schedule.workdays:
        typer.echo("  无")
    for first, last, name in _runs(dict(schedule.workdays)):
        typer.echo(f"  {name}  {_span(first, last)}")


@app.command("coverage")
def coverage(data_dir: Path | None = DataDir) -> None:
    """打印已有国务院办公厅正式安排的日期范围；其后的年份按法定假日暂定推算。"""
    calendar = _calendar(data_dir)
    first, last = calendar.covered_range()
    typer.echo(f"{first.isoformat()} 至 {last.isoformat()}")
    typer.echo(f"{calendar.provisional_from.isoformat()} 起为暂定（按《全国年节及纪念日放假办法》推算，未计调休）",
               err=True)


@app.command("import")
def import_notice(
    file: Path = typer.Argument(..., metavar="FILE", help="通知正文的文本文件（UTF-8）"),
    year: int | None = typer.Option(None, "--year", help="年份；省略时从标题读取"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只解析核对，不录入"),
    data_dir: Path | None = DataDir,
) -> None:
    """录入国务院办公厅某年节假日安排通知：逐项解析、核对后保存，并重新计算全部暂定期限。"""
    from zhengwu.cli.common import fail, open_db
    from zhengwu.core.errors import ZhengwuError
    from zhengwu.core.uow import Actor, unit_of_work
    from zhengwu.holiday_notices import service as holiday_notices

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"无法读取 {file}：{getattr(exc, 'strerror', None) or '不是 UTF-8 文本'}")
    try:
        parsed = holiday_notices.preview(text, year)
    except ZhengwuError as refusal:
        fail(refusal.message)
    for festival, off, on in parsed.lines:
        workdays = "、".join(d.isoformat() for d in on) or "无"
        typer.echo(f"{festival}：放假 {_span(off[0], off[-1])}；调休上班 {workdays}")
    if dry_run:
        return
    db = open_db(data_dir)  # wired: the deadlines domain moves the provisional deadlines once the year is entered
    with unit_of_work(db, Actor.system(), "calendar.enter") as uow:
        _row, _parsed, moved = holiday_notices.enter(uow, text, year)
    typer.echo(f"已录入 {parsed.schedule.year} 年节假日安排；重新计算的暂定期限 {moved} 项。")
