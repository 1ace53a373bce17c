"""`zhengwu decisions …` and `zhengwu disclosure …`: the decision catalogue and the clocks of
disclosure requests, from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from zhengwu.calendar import SystemClock, default_calendar
from zhengwu.cli.common import DataDir, fail, open_db, tenant_or_fail
from zhengwu.core.tenants import pinned_profile
from zhengwu.decisions import service as decisions
from zhengwu.disclosure import rules as disclosure_rules
from zhengwu.disclosure import service as disclosure
from zhengwu.rulebook.cite import basis
from zhengwu.rulebook.profile import ProfileError, load_profile
from zhengwu.rulebook.provenance import rule_cite

app = typer.Typer(help="重大行政决策目录。", no_args_is_help=True)
disclosure_app = typer.Typer(help="政务公开：依申请公开的答复期限。", no_args_is_help=True)


@app.command()
def catalog(tenant: str = typer.Option(..., help="租户代码，如 dawa"),
            year: int = typer.Option(None, help="目录年度（默认今年）"), data_dir: Path = DataDir):
    """列出年度决策目录：每项决策已登记的程序和尚缺的程序（附条款）。"""
    year = year or SystemClock().today().year
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    with db.read() as session:
        entries = decisions.catalog(session, found.id, year)
        if not entries:
            typer.echo(f"{found.name} {year} 年度决策目录暂无事项。")
            return
        for decision in entries:
            state = "已决定" if decision.state == "decided" else "未决定"
            typer.echo(f"{decision.id}\t{decision.title}\t{decision.lead_department}\t{state}")
            for reason in decisions.readiness(pinned_profile(session, decision), decision).reasons if decision.state == "open" else ():
                typer.echo(f"\t缺：{reason.message}")


@disclosure_app.command()
def due(received: str = typer.Argument(..., help="收到申请之日，如 2025-09-30"),
        profile: str = typer.Option(..., help="规则配置 ID，如 dawa-2017"),
        extension: int = typer.Option(0, help="已批准延长的工作日数")):
    """计算公开申请的答复期限（节假日不计，调休上班日计入）。"""
    try:
        rules_profile = load_profile(profile)
        received_on = date.fromisoformat(received)
    except ProfileError as exc:
        fail(str(exc))
    except ValueError:
        fail(f"日期「{received}」格式有误，应为 YYYY-MM-DD。")
    state = disclosure_rules.RequestState(received_on, extension)
    due_on = disclosure_rules.reply_due(rules_profile, default_calendar(), state)
    cite = rule_cite(rules_profile, disclosure_rules.REPLY_KEY)
    typer.echo(f"{due_on.isoformat()}\t{basis(cite) if cite else ''}")


@disclosure_app.command()
def requests(tenant: str = typer.Option(..., help="租户代码，如 dawa"), data_dir: Path = DataDir):
    """列出公开申请：收到日期、答复期限、剩余工作日，逾期的注明条款。"""
    today = SystemClock().today()
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    with db.read() as session:
        for request in disclosure.requests(session, found.id):
            clock = disclosure.clock(session, request, today)
            status = "已答复" if request.state == "replied" else f"剩余 {clock.workdays_left} 个工作日"
            typer.echo(f"{request.id}\t{request.received_on}\t{clock.due_on}\t{status}\t{request.description[:30]}")
            for reason in clock.verdict.reasons:
                typer.echo(f"\t{reason.message}")
