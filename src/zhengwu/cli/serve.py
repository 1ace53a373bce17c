"""`zhengwu serve`: the web application and API."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from sqlalchemy import select

from zhengwu.cli.common import DataDir, open_db, settings_for
from zhengwu.core.users import User


def serve(
    demo: bool = typer.Option(False, "--demo", help="先建立演示租户与演示账号"),
    host: str = typer.Option("127.0.0.1", help="监听地址"),
    port: int = typer.Option(8000, help="端口"),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="工作进程数（多核服务器上设为核数；PostgreSQL 时每个进程各有连接池）"),
    data_dir: Path = DataDir,
):
    """启动网页端与 API（空数据库会先建表）。"""
    import uvicorn

    from zhengwu.demo import DEMO_PASSWORD, seed_demo
    from zhengwu.web.app import create_app

    settings = settings_for(data_dir)
    db = open_db(data_dir)
    if demo:
        logins = seed_demo(db)
        typer.echo(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for login in logins:
            where = f"[{login.tenant}] " if login.tenant else ""
            typer.echo(f"  {where}{login.username}\t{login.display_name}\t{login.role}")
    else:
        with db.read() as session:
            if session.execute(select(User.id).limit(1)).first() is None:
                typer.echo("尚无用户：请先运行 zhengwu admin create-user --platform-admin …，或以 --demo 启动演示。")
    typer.echo(f"政务工作平台：http://{host}:{port}/")
    if workers == 1:
        uvicorn.run(create_app(settings, db), host=host, port=port, log_level="info")
        return
    # Each worker process builds its own app (and engine, and connection pool) from the
    # environment: the data directory travels there, the database URL is already in it.
    db.dispose()
    os.environ["ZHENGWU_DATA_DIR"] = str(settings.data_dir)
    uvicorn.run("zhengwu.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="info")
