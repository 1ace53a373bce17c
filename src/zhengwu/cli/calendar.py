"""`zhengwu calendar …`: working-day arithmetic and coverage checks for operators."""

from __future__ import annotations

from datetime import date, timedelta

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


def _calendar():
    try:
        return default_calendar()
    except CalendarError as exc:
        raise _fail(str(exc)) from None


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
) -> None:
    """打印 DATE 之后第 N 个工作日（当日不计入），格式 YYYY-MM-DD。"""
    start = _parse_date(day, "日期")
    count = _parse_int(n, "工作日数", "7 或 -7")
    try:
        typer.echo(_calendar().add_workdays(start, count).isoformat())
    except CalendarError as exc:
        raise _fail(str(exc)) from None


@app.command("between")
def between(
    a: str = typer.Argument(..., metavar="A", help="起始日 YYYY-MM-DD（不计入）"),
    b: str = typer.Argument(..., metavar="B", help="截止日 YYYY-MM-DD（计入）"),
) -> None:
    """打印 A 到 B 之间的工作日数：A 不计入、B 计入；B 早于 A 时为负数。"""
    first = _parse_date(a, "起始日")
    last = _parse_date(b, "截止日")
    try:
        typer.echo(str(_calendar().workdays_between(first, last)))
    except CalendarError as exc:
        raise _fail(str(exc)) from None


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
) -> None:
    """列出某年的放假日和调休上班日及其来源，供核对覆盖数据。"""
    value = _parse_int(text, "年份", "2025")
    try:
        schedule = _calendar().schedule(value)
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
def coverage() -> None:
    """打印工作日历覆盖的日期范围；范围外的日期无法推算期限。"""
    first, last = _calendar().covered_range()
    typer.echo(f"{first.isoformat()} 至 {last.isoformat()}")
