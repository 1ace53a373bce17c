"""`zhengwu tenant …`: the governments hosted here and their profiles."""

from __future__ import annotations

from pathlib import Path

import typer

from zhengwu.cli.common import DataDir, fail, fail_refusal, open_db
from zhengwu.core import tenants
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation

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


@app.command("switch-profile")
def switch_profile(slug: str, profile: str, data_dir: Path = DataDir):
    """把租户切换到另一个规则配置（记入审计链）。"""
    db = open_db(data_dir)
    with db.read() as session:
        tenant = tenants.find_tenant(session, slug)
    if tenant is None:
        fail(f"没有代码为「{slug}」的租户。")
    try:
        with unit_of_work(db, Actor.system(), "tenant.switch_profile", tenant_id=tenant.id) as uow:
            current = tenants.get_tenant(uow.session, slug)
            tenants.switch_profile(uow, current, profile, current.version)
    except RuleViolation as exc:
        fail_refusal(exc)
    typer.echo(f"租户 {slug} 已切换为规则配置 {profile}。")
