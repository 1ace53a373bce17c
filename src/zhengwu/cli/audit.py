"""`zhengwu audit …`: checking the audit chains."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import typer

from zhengwu.cli.common import DataDir, fail, open_db, settings_for, tenant_or_fail
from zhengwu.core import audit, checkpoints, covered, tenants

app = typer.Typer(help="审计：校验审计链；合规报告。", no_args_is_help=True)


@app.command()
def verify(tenant: str = typer.Option(None, "--tenant", help="只校验该租户的链；不给出则校验全部链"),
           checkpoints_file: Path = typer.Option(None, "--checkpoints",
                                                 help="导出的检查点文件（JSON Lines）；不给出则用数据库中保存的检查点"),
           public_key: Path = typer.Option(None, "--public-key", help="检查点公钥（PEM）；不给出则用本机签名密钥"),
           incremental: bool = typer.Option(True, "--incremental/--full",
                                            help="默认只校验最后一个有效签名检查点之后的事件（不核对数据）；"
                                                 "--full 校验整条链并核对每个受审计对象的数据"),
           workers: int = typer.Option(os.cpu_count() or 1, "--workers", min=1,
                                       help="长链分段并行校验的进程数（默认为本机 CPU 核数）"),
           data_dir: Path = DataDir):
    """核对已签名的检查点，再逐条重算其后事件的哈希（--full：整条链，并核对每个受审计对象的当前数据）；
    报告第一处问题，或完整及事件数。没有签名密钥或检查点时校验整条链。有问题时退出码为 1。"""
    db = open_db(data_dir)
    settings = settings_for(data_dir)
    with db.read() as session:
        names = {audit.chain_of(t.id): f"租户 {t.slug}（{t.name}）" for t in tenants.list_tenants(session)}
        if tenant:
            found = tenants.find_tenant(session, tenant)
            if found is None:
                fail(f"没有代码为「{tenant}」的租户。")
            chains = [audit.chain_of(found.id)]
        else:
            chains = audit.chains(session)
        try:
            public = checkpoints.load_public(settings, public_key)
        except checkpoints.KeyMissing as missing:
            if checkpoints_file is not None:
                fail(str(missing))
            public = None  # nothing signed to start from: the whole chain, data included
        results = []
        for chain in chains:
            records = (checkpoints.read_export(checkpoints_file) if checkpoints_file is not None
                       else checkpoints.stored(session, chain))
            if public is None:
                results.append(audit.verify(session, chain, workers=workers))
            else:
                results.append(checkpoints.verify(session, chain, records, public, incremental=incremental,
                                                  workers=workers))
    for result in results:
        typer.secho(result.describe(names.get(result.chain)), fg=None if result.ok else typer.colors.RED)
    if not all(result.ok for result in results):
        raise typer.Exit(1)


@app.command()
def checkpoint(export: Path = typer.Option(None, "--export",
                                          help="同时追加写入该文件（JSON Lines），应位于数据库管理员不能写的位置"),
               data_dir: Path = DataDir):
    """以审计签名密钥（Ed25519，存于数据库之外）签署各审计链当前的链头；宜定期运行（如每小时）。"""
    from zhengwu.calendar import SystemClock

    db = open_db(data_dir)
    settings = settings_for(data_dir)
    with db.write() as session:
        made = checkpoints.sign_heads(session, settings, SystemClock().now(), export=export)
        lines = [f"{row.chain}：第 {row.seq} 号事件 {row.hash[:16]}…" for row in made]
    typer.echo("\n".join(["已签署检查点：", *lines]) if lines else "各审计链自上次检查点以来没有新事件。")


@app.command()
def baseline(data_dir: Path = DataDir):
    """升级到"审计链覆盖数据"之后运行一次：为尚无审计状态的既有对象各记一条"记录数据基线"事件。"""
    from zhengwu.core.uow import Actor, unit_of_work

    db = open_db(data_dir)
    with db.read() as session:
        chains = audit.chains(session)
    recorded = 0
    for chain in chains:
        tenant_id = audit.tenant_of_chain(chain)
        with unit_of_work(db, Actor.system("命令行"), "audit.baseline", tenant_id=tenant_id) as uow:
            missing = covered.unaudited(uow.session, tenant_id, audit.audited_states(uow.session, chain))
            for object_type, object_id in missing:
                uow.record(object_type=object_type, object_id=object_id)
            recorded += len(missing)
    typer.echo(f"已为 {recorded} 个既有对象记录数据基线。" if recorded else "所有对象均已有审计状态。")


@app.command("public-key")
def public_key(data_dir: Path = DataDir):
    """输出检查点公钥（PEM），交给审计人员用于 audit verify --public-key。"""
    settings = settings_for(data_dir)
    typer.echo(checkpoints.public_pem(checkpoints.load_or_create_key(settings)).decode(), nl=False)


@app.command()
def compliance(
    tenant: str = typer.Option(..., "--tenant", help="租户代码"),
    start: str = typer.Option(..., "--from", help="期间起始日（如 2025-01-01）"),
    end: str = typer.Option(..., "--to", help="期间截止日（含）"),
    fmt: str = typer.Option("text", "--format", help="text | json | xlsx"),
    output: Path = typer.Option(None, "--output", help="写入文件；xlsx 必须给出"),
    as_of: str = typer.Option(None, "--as-of", help="以哪一天为准判断未办事项是否逾期（默认今天，北京时间）"),
    data_dir: Path = DataDir,
):
    """按本单位工作规则重放期间内的事件，列出每一项偏差（对象、日期、依据条款）。"""
    from zhengwu.calendar import SystemClock
    from zhengwu.compliance.report import compliance_report

    if fmt not in ("text", "json", "xlsx"):
        fail("--format 应为 text、json 或 xlsx。")
    if fmt == "xlsx" and output is None:
        fail("xlsx 格式须用 --output 指定文件。")
    try:
        since, until = date.fromisoformat(start), date.fromisoformat(end)
        today = date.fromisoformat(as_of) if as_of else SystemClock().today()
    except ValueError:
        fail("日期应写作 2025-01-31 的形式。")
    if since > until:
        fail("--from 不能晚于 --to。")
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    with db.read() as session:
        body = compliance_report(session, found, since, until, today).render(fmt)
    if output is not None:
        output.write_bytes(body)
        typer.echo(f"已写入 {output}")
    else:
        typer.echo(body.decode(), nl=False)
