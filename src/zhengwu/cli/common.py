"""What every data-touching command shares: where the data is, and opening it."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer

from zhengwu.core import migrate, storage
from zhengwu.core.db import Database
from zhengwu.core.settings import Settings
from zhengwu.core.tenants import Tenant, find_tenant
from zhengwu.core.verdict import RuleViolation

DataDir = typer.Option(
    None, "--data-dir", envvar="ZHENGWU_DATA_DIR",
    help="数据目录（默认 ./data）；设置了 ZHENGWU_DATABASE_URL 时改用该数据库。",
)


def settings_for(data_dir: Path | None) -> Settings:
    return Settings.from_env(data_dir)


def open_db(data_dir: Path | None) -> Database:
    """The deployment's database, with the domains wired as in the web app (their events,
    deadline kinds, 待办): a command runs the same use cases with the same effects."""
    from zhengwu import wiring  # imported here: the wiring imports every domain, a command needs them only now

    wiring.install()
    try:
        return migrate.open_database(settings_for(data_dir))
    except (migrate.DatabaseNotCurrent, storage.DataDirUnusable) as exc:
        fail(str(exc))


def fail(message: str, code: int = 1) -> NoReturn:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def fail_refusal(refusal: RuleViolation) -> NoReturn:
    fail("\n".join(reason.message for reason in refusal.verdict.reasons))


def tenant_or_fail(db: Database, slug: str) -> Tenant:
    """The tenant of that code, or a Chinese error and exit 1."""
    with db.read() as session:
        tenant = find_tenant(session, slug)
    if tenant is None:
        fail(f"没有代码为「{slug}」的租户。")
    return tenant
