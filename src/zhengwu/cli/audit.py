"""`zhengwu audit …`: checking the audit chains."""

from __future__ import annotations

from pathlib import Path

import typer

from zhengwu.cli.common import DataDir, fail, open_db
from zhengwu.core import audit, tenants

app = typer.Typer(help="审计：校验审计链。", no_args_is_help=True)


@app.command()
def verify(tenant: str = typer.Option(None, "--tenant", help="只校验该租户的链；不给出则校验全部链"),
           data_dir: Path = DataDir):
    """逐条重算哈希，报告第一处断裂，或完整及事件数。有断裂时退出码为 1。"""
    db = open_db(data_dir)
    with db.read() as session:
        names = {audit.chain_of(t.id): f"租户 {t.slug}（{t.name}）" for t in tenants.list_tenants(session)}
        if tenant:
            found = tenants.find_tenant(session, tenant)
            if found is None:
                fail(f"没有代码为「{tenant}」的租户。")
            chains = [audit.chain_of(found.id)]
        else:
            chains = audit.chains(session)
        results = [audit.verify(session, chain) for chain in chains]
    for result in results:
        typer.secho(result.describe(names.get(result.chain)), fg=None if result.ok else typer.colors.RED)
    if not all(result.ok for result in results):
        raise typer.Exit(1)
