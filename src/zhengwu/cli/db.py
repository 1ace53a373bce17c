"""`zhengwu db …`: the database schema."""

from __future__ import annotations

from pathlib import Path

import typer

from zhengwu.cli.common import DataDir, settings_for
from zhengwu.core import migrate
from zhengwu.core.db import Database

app = typer.Typer(help="数据库：结构升级与版本。", no_args_is_help=True)


@app.command()
def upgrade(data_dir: Path = DataDir):
    """把数据库结构升级到最新版本（空库则建表）。"""
    db = Database.from_settings(settings_for(data_dir))
    before = migrate.current_revision(db)
    migrate.upgrade(db)
    after = migrate.current_revision(db)
    typer.echo(f"数据库已是最新版本 {after}。" if before == after else f"数据库已从 {before or '空库'} 升级到 {after}。")


@app.command()
def current(data_dir: Path = DataDir):
    """显示数据库当前的结构版本。"""
    db = Database.from_settings(settings_for(data_dir))
    typer.echo(f"当前版本：{migrate.current_revision(db) or '空库'}；最新版本：{migrate.head_revision()}")


@app.command()
def revision(message: str = typer.Option(..., "--message", "-m", help="这次结构变更的说明（英文）")):
    """（开发用）按模型自动生成下一个迁移脚本，须人工审阅后提交。"""
    path = migrate.new_revision(message)
    typer.echo(f"已生成迁移脚本：{path}")
