"""`zhengwu serve`: the web application and API, with the deadline processor inside it;
`zhengwu worker`: the deadline processor alone, for deployments with several app nodes."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import typer
from sqlalchemy import select

from zhengwu.cli.common import DataDir, fail, open_db, settings_for
from zhengwu.core.users import User


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"日期「{value}」格式不对，应为 YYYY-MM-DD（例如 2026-12-04）。")


def serve(
    demo: bool = typer.Option(False, "--demo", help="先建立演示租户与演示账号"),
    today: str = typer.Option(None, "--today", help="（仅演示模式）演示时钟从这一天开始，格式 YYYY-MM-DD"),
    host: str = typer.Option("127.0.0.1", help="监听地址"),
    port: int = typer.Option(8000, help="端口"),
    no_deadlines: bool = typer.Option(False, "--no-deadlines",
                                      help="不在本进程内处理到期事项（另行运行 zhengwu worker 时）"),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="工作进程数（多核服务器上设为核数；PostgreSQL 时每个进程各有连接池）"),
    data_dir: Path = DataDir,
):
    """启动网页端与 API（空数据库会先建表）；到期事项默认在本进程内自动处理。"""
    import uvicorn

    from zhengwu.calendar import DemoClock, SystemClock
    from zhengwu.demo import DEMO_PASSWORD, seed_demo
    from zhengwu.web.app import create_app

    start = _day(today)
    if start is not None and not demo:
        fail("--today 只能与 --demo 一起使用：正式运行的平台以实际时间为准。")
    if demo and workers > 1:
        fail("演示模式只能以单个工作进程运行：演示时钟保存在进程内。")
    clock = DemoClock(start) if start is not None else (DemoClock(SystemClock().today()) if demo else SystemClock())
    settings = settings_for(data_dir)
    db = open_db(data_dir)
    if demo:
        logins = seed_demo(db, now=clock.now())
        typer.echo(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for login in logins:
            where = f"[{login.tenant}] " if login.tenant else ""
            typer.echo(f"  {where}{login.username}\t{login.display_name}\t{login.role}")
        typer.echo(f"演示时钟：今天是 {clock.today().isoformat()}；平台管理员可在 /platform/clock 向后拨动。")
    else:
        with db.read() as session:
            if session.execute(select(User.id).limit(1)).first() is None:
                typer.echo("尚无用户：请先运行 zhengwu admin create-user --platform-admin …，或以 --demo 启动演示。")
    typer.echo(f"政务工作平台：http://{host}:{port}/")
    if workers == 1:
        uvicorn.run(create_app(settings, db, clock, run_deadlines=not no_deadlines, serving=True), host=host, port=port,
                    log_level="info")
        return
    # Each worker process builds its own app (and engine, and connection pool) from the
    # environment: the data directory travels there, the database URL is already in it.
    from zhengwu.web.app import RUN_DEADLINES_ENV

    db.dispose()
    os.environ["ZHENGWU_DATA_DIR"] = str(settings.data_dir)
    os.environ[RUN_DEADLINES_ENV] = "0" if no_deadlines else "1"
    uvicorn.run("zhengwu.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="info")


def worker(
    once: bool = typer.Option(False, "--once", help="处理完当前到期的事项即退出"),
    tick: float = typer.Option(None, "--tick", help="两次检查之间的秒数（默认取 ZHENGWU_DEADLINE_TICK_SECONDS，60 秒）"),
    data_dir: Path = DataDir,
):
    """单独运行到期事项处理（催办、视为同意、逾期）和通知发送（邮件、机器人）；多个节点共用 PostgreSQL 时可并行运行多个。"""
    from zhengwu.calendar import SystemClock
    from zhengwu.deadlines.processor import fire_due
    from zhengwu.holiday_notices import service as holiday_notices
    from zhengwu.notices.delivery import deliver_due

    settings = settings_for(data_dir)
    db = open_db(data_dir)  # wires the domains (deadline kinds, notices) as the web app does
    clock = SystemClock()
    interval = settings.deadline_tick_seconds if tick is None else tick
    while True:
        holiday_notices.refresh(db)  # a notice entered on another node moves deadlines here too
        fired = fire_due(db, clock)
        if fired:
            typer.echo(f"{clock.now().isoformat(timespec='seconds')} 处理到期事项 {len(fired)} 项")
        sent = deliver_due(db, clock)  # the notices those firings and the users' steps queued
        if sent:
            typer.echo(f"{clock.now().isoformat(timespec='seconds')} 发送通知 {len(sent)} 条")
        if once:
            return
        time.sleep(interval)
