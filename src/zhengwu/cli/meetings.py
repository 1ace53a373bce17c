"""`zhengwu meetings …`: the meeting calendar's cadence check and the attendance report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer

from zhengwu.cli.common import DataDir, fail, open_db, tenant_or_fail
from zhengwu.core.tenants import profile_on
from zhengwu.meetings import absences, queries
from zhengwu.rulebook import labels

app = typer.Typer(help="会议：召开频次检查、出席情况统计。", no_args_is_help=True)

Tenant = typer.Option(..., "--tenant", help="租户代码，如 dawa")
Since = typer.Option(..., "--from", help="起始日期（含），如 2024-01-01")
Until = typer.Option(..., "--to", help="截止日期（含），如 2024-12-31")
Json = typer.Option(False, "--json", help="以 JSON 输出")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"日期「{text}」无效：应为 YYYY-MM-DD。")


@app.command()
def cadence(tenant: str = Tenant, since: str = Since, until: str = Until, as_json: bool = Json,
            data_dir: Path = DataDir):
    """各类会议在期间内的召开频次；未达规定频次的期间列出依据的条款。"""
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    with db.read() as session:
        result = queries.cadence(session, found, _day(since), _day(until))
        names = labels.titles(profile_on(session, found.id, _day(until)))
    if as_json:
        typer.echo(json.dumps({kind: [{"start": p.start.isoformat(), "end": p.end.isoformat(), "required": p.required,
                                       "held": p.held, "profile_id": p.profile_id,
                                       "reasons": [r.as_dict() for r in p.verdict.reasons]}
                                      for p in periods] for kind, periods in result.items()}, ensure_ascii=False, indent=2))
        return
    short = 0
    for kind, periods in result.items():
        for period in periods:
            if period.short:
                short += 1
                typer.echo(f"{labels.word(kind, names)}\t{period.start}—{period.end}\t召开 {period.held} 次，应 {period.required} 次"
                           f"\t{period.verdict.reasons[0].cite or '默认规则'}")
    typer.echo(f"未达规定频次的期间：{short} 个。" if short else "各类会议均达到规定的召开频次。")
    if short:
        raise typer.Exit(1)


@app.command()
def attendance(tenant: str = Tenant, since: str = Since, until: str = Until, data_dir: Path = DataDir):
    """期间内已召开会议的出席情况：应出席、出席、缺席、请假获准。"""
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    with db.read() as session:
        lines = absences.attendance_report(session, found, _day(since), _day(until))
    typer.echo("姓名\t应出席\t出席\t缺席\t准假")
    for line in lines:
        typer.echo(f"{line.name}\t{line.invited}\t{line.present}\t{line.absent}\t{line.excused}")
