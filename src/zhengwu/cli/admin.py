"""`zhengwu admin …`: setting up real users."""

from __future__ import annotations

from pathlib import Path

import typer

from zhengwu.cli.common import DataDir, fail, fail_refusal, open_db
from zhengwu.core import tenants, users
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation

app = typer.Typer(help="平台管理：用户与成员。", no_args_is_help=True)


@app.command("create-user")
def create_user(
    username: str = typer.Option(..., help="登录用户名"),
    name: str = typer.Option(..., help="姓名（显示用）"),
    password: str = typer.Option(..., prompt="密码", hide_input=True, confirmation_prompt=True,
                                 envvar="ZHENGWU_NEW_PASSWORD", help="密码（不给出则提示输入）"),
    tenant: list[str] = typer.Option([], "--tenant", help="加入的租户代码，可重复"),
    platform_admin: bool = typer.Option(False, "--platform-admin", help="平台管理员：可进入全部租户"),
    data_dir: Path = DataDir,
):
    """新建用户，并加入给定的租户。"""
    db = open_db(data_dir)
    try:
        with unit_of_work(db, Actor.system(), "user.create") as uow:
            user = users.create_user(uow, username=username, display_name=name, password=password,
                                     platform_admin=platform_admin)
            for slug in tenant:
                found = tenants.find_tenant(uow.session, slug)
                if found is None:
                    fail(f"没有代码为「{slug}」的租户，未新建用户。")
                users.add_membership(uow, user, found)
    except RuleViolation as exc:
        fail_refusal(exc)
    typer.echo(f"已新建用户 {username}（{name}）" + (f"，加入 {'、'.join(tenant)}" if tenant else "") + "。")


@app.command("add-member")
def add_member(username: str, tenant: str, data_dir: Path = DataDir):
    """把已有用户加入租户。"""
    db = open_db(data_dir)
    with unit_of_work(db, Actor.system(), "user.join_tenant") as uow:
        user = users.find_user(uow.session, username)
        found = tenants.find_tenant(uow.session, tenant)
        if user is None or found is None:
            fail("用户或租户不存在。")
        users.add_membership(uow, user, found)
    typer.echo(f"用户 {username} 已加入租户 {tenant}。")
