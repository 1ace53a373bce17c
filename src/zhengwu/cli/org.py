"""`zhengwu org …`: a government's departments, posts, holders, portfolios and who acts today."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from zhengwu.cli.common import DataDir, fail, fail_refusal, open_db, tenant_or_fail
from zhengwu.core import users
from zhengwu.calendar.clock import SystemClock
from zhengwu.core.errors import ZhengwuError
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation
from zhengwu.org import service
from zhengwu.org.models import Department

app = typer.Typer(help="组织机构：部门、职务、任职、分管、AB角/补位与代行。", no_args_is_help=True)


def _change(db, tenant, action: str, use_case):
    try:
        with unit_of_work(db, Actor.system(), action, tenant_id=tenant.id) as uow:
            return use_case(uow)
    except RuleViolation as exc:
        fail_refusal(exc)
    except ZhengwuError as exc:
        fail(exc.message)


@app.command()
def show(tenant: str, data_dir: Path = DataDir):
    """列出职务、任职人、分管部门与 AB角/补位（职务编号用于其他命令）。"""
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    with db.read() as session:
        chart = service.org_chart(session, found)
    for department in chart["departments"]:
        typer.echo(f"部门 {department['id']}\t{department['name']}")
    for post in chart["posts"]:
        extra = f"\t分管：{'、'.join(post['oversees'])}" if post["oversees"] else ""
        if post["partner"]:
            extra += f"\t{'AB角' if post['partner']['kind'] == 'ab_partner' else '补位'}：职务 {post['partner']['post_id']}"
        typer.echo(f"职务 {post['id']}\t{post['title']}\t{post['holder']}{extra}")


@app.command()
def acting(tenant: str, at: datetime = typer.Option(None, help="时刻（ISO 8601，含时区），默认现在"),
           data_dir: Path = DataDir):
    """某一时刻谁在代行谁的职权。"""
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    with db.read() as session:
        rows = service.acting_for(session, found, at or SystemClock().now())
    if not rows:
        typer.echo("各位领导均在岗，无人代行。")
    for row in rows:
        who = f"由 {row['acting']}（{row['acting_post']}）代行" if row["acting"] else row["note"]
        typer.echo(f"{row['holder']}（{row['post']}）：{who}" + (f"〔{row['cite']}〕" if row["cite"] else ""))


@app.command("add-department")
def add_department(tenant: str, name: str, kind: str = typer.Option("department", help="department | township | office"),
                   data_dir: Path = DataDir):
    """新建部门或镇街。"""
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    row = _change(db, found, "org.create_department", lambda uow: service.create_department(uow, name=name, kind=kind))
    typer.echo(f"已新建部门 {row.id}：{row.name}")


@app.command("add-post")
def add_post(tenant: str, kind: str = typer.Argument(..., help="head、executive_deputy、deputy、department_head …"),
             title: str = typer.Option(None, help="职务名称，默认用本单位规则中的称谓"),
             department: int = typer.Option(None, help="所在部门编号"),
             holder: str = typer.Option(None, help="任职人用户名（须为本单位成员）"),
             data_dir: Path = DataDir):
    """设立职务（可同时任命）。"""
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    holder_id = None
    if holder:
        with db.read() as session:
            user = users.find_user(session, holder)
        if user is None:
            fail(f"没有用户名为「{holder}」的用户。")
        holder_id = user.id
    post = _change(db, found, "org.create_post", lambda uow: service.create_post(
        uow, kind=kind, title=title, department_id=department, holder_id=holder_id))
    typer.echo(f"已设立职务 {post.id}：{post.title}")


@app.command()
def portfolio(tenant: str, department: int, post: int, data_dir: Path = DataDir):
    """指定分管某部门的副职（部门编号、职务编号）。"""
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    def change(uow):  # the operator acts on the 分管 as it stands now
        current = service.portfolio(uow.session, uow.tenant_id, department)
        return service.set_portfolio(uow, department_id=department, post_id=post,
                                     expected_version=current.version if current else None)

    _change(db, found, "org.set_portfolio", change)
    with db.read() as session:
        typer.echo(f"已由职务 {post} 分管 {session.get_one(Department, department).name}。")


@app.command()
def pair(tenant: str, kind: str = typer.Argument(..., help="ab_partner | fill_in"), first: int = typer.Argument(...),
         second: int = typer.Argument(...), data_dir: Path = DataDir):
    """确定两位副职互为 AB角 或补位（仅限本单位规则规定的方式）。"""
    db = open_db(data_dir)
    found = tenant_or_fail(db, tenant)
    _change(db, found, "org.pair_posts", lambda uow: service.pair_posts(
        uow, kind=kind, first_post_id=first, second_post_id=second))
    typer.echo(f"已确定职务 {first} 与 {second} 的{'AB角' if kind == 'ab_partner' else '补位'}关系。")
