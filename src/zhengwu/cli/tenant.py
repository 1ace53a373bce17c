"""`zhengwu tenant …`: the governments hosted here and their profiles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from zhengwu.calendar.clock import SystemClock
from zhengwu.cli.common import DataDir, fail, fail_refusal, open_db, tenant_or_fail
from zhengwu.core import tenants
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation
from zhengwu.rulebook import labels
from zhengwu.versions import service as versions

app = typer.Typer(help="租户（各级人民政府）及其规则配置。", no_args_is_help=True)


@app.command("list")
def list_(data_dir: Path = DataDir):
    """列出全部租户及其规则配置。"""
    db = open_db(data_dir)
    with db.read() as session:
        rows = tenants.list_tenants(session)
    if not rows:
        typer.echo("尚无租户。可运行 zhengwu tenant create 或 zhengwu serve --demo。")
        return
    for tenant in rows:
        typer.echo(f"{tenant.slug}\t{tenant.profile_id}\t{tenant.name}")


@app.command()
def create(slug: str = typer.Option(..., help="租户代码，如 dawa"),
           name: str = typer.Option(..., help="政府名称"),
           profile: str = typer.Option(..., help="规则配置 ID，如 dawa-2017"),
           data_dir: Path = DataDir):
    """新建租户。"""
    db = open_db(data_dir)
    try:
        with unit_of_work(db, Actor.system(), "tenant.create") as uow:
            tenant = tenants.create_tenant(uow, slug=slug, name=name, profile_id=profile)
    except RuleViolation as exc:
        fail_refusal(exc)
    typer.echo(f"已新建租户 {tenant.slug}（{tenant.name}），规则配置 {tenant.profile_id}。")


@app.command("versions")
def versions_(slug: str, data_dir: Path = DataDir):
    """列出租户的规则版本：各自的适用起始日、废止的文本、采用人和所确认的事项。"""
    db = open_db(data_dir)
    tenant = tenant_or_fail(db, slug)
    with db.read() as session:
        for v in tenants.profile_versions(session, tenant.id):
            since = v.effective_from.isoformat() if v.effective_from else "设立时起"
            repeals = f"\t废止：{v.repeals}" if v.repeals else ""
            typer.echo(f"{since}\t{v.profile_id}\t{labels.version_label(v.profile)}{repeals}")


@app.command("adopt-profile")
def adopt_profile(slug: str, profile: str,
                  effective_from: str = typer.Option(..., "--from", help="新版本自此日起适用，如 2027-01-01"),
                  confirm: bool = typer.Option(False, "--confirm", help="确认追溯适用或采用另一政府的规则（先不加此项查看须确认的事项）"),
                  data_dir: Path = DataDir):
    """采用新版本的工作规则，自 --from 之日起适用：先列出逐条变化和受影响的在办事项（记入审计链）。"""
    try:
        day = date.fromisoformat(effective_from)
    except ValueError:
        fail(f"日期「{effective_from}」格式有误，应为 YYYY-MM-DD。")
    db = open_db(data_dir)
    tenant = tenant_or_fail(db, slug)
    today = SystemClock().today()
    with db.read() as session:
        plan = versions.plan_adoption(session, tenants.get_tenant(session, slug), profile, day, today)
    if plan.verdict.ok:
        _show_plan(plan)
    try:
        with unit_of_work(db, Actor.system(), "tenant.adopt_profile", tenant_id=tenant.id) as uow:
            current = tenants.get_tenant(uow.session, slug)
            versions.adopt_profile(uow, current, profile, day, confirmed=confirm, expected_version=current.version)
    except RuleViolation as exc:
        if plan.confirmations and not confirm:
            fail("\n".join(plan.confirmations) + "\n以上变化须经确认：核对无误后加 --confirm 重新执行。")
        fail_refusal(exc)
    typer.echo(f"租户 {slug} 自 {day.isoformat()} 起适用规则配置 {profile}。")


def _show_plan(plan) -> None:
    old = plan.replaced.profile
    typer.echo(f"{labels.version_label(old)} → {labels.version_label(plan.new)}，自 {plan.effective_from.isoformat()} 起")
    typer.echo(f"逐条变化（{len(plan.changes)} 项）：")
    for change in plan.changes:
        before, after = change["old"], change["new"]
        typer.echo(f"  {change['key']}：{_fact(before)} → {_fact(after)}")
    typer.echo(f"受影响的在办事项（{len(plan.touched)} 件，继续按原版本办理，可逐件转用）：")
    for item in plan.touched:
        typer.echo(f"  {item.kind_label} {item.id}　{item.title}")


def _fact(fact: dict) -> str:
    basis = fact["cite"] or ("沿用默认规则" if fact["inherited_from"] else "未作规定")
    basis = ", ".join(basis) if isinstance(basis, list) else basis
    return f"{fact['value']!r}（{basis}）"
