"""`zhengwu rules add` and `zhengwu profile draft`: a new government's text in, its draft out."""

from __future__ import annotations

import json
from pathlib import Path

import typer
import yaml

from zhengwu.cli.common import DataDir, fail, fail_refusal, open_db, settings_for
from zhengwu.core.errors import NotFound
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation
from zhengwu.onboarding import store
from zhengwu.rulebook import labels
from zhengwu.rulebook.cite import describe


def register_stored(data_dir: Path | None) -> None:
    """Make the texts and profiles stored in the deployment's database known to this command;
    nothing is created where there is no database yet."""
    settings = settings_for(data_dir)
    if settings.database_url is None and not Path(settings.resolved_database_url.removeprefix("sqlite:///")).exists():
        return
    db = open_db(data_dir)
    try:
        with db.read() as session:
            store.ensure_loaded(session)
    finally:
        db.dispose()


def add(file: Path = typer.Argument(..., metavar="FILE", help="规则文本文件（.txt 或 .docx）"),
        text_id: str = typer.Option(..., "--id", help="文本编号，如 taian-2025（小写字母、数字、连字符）"),
        data_dir: Path = DataDir) -> None:
    """添加规则文本：存入数据库，解析为章、条、项，列出每一处修复；此后可引用、可检索。"""
    if not file.is_file():
        fail(f"找不到文件「{file}」")
    db = open_db(data_dir)
    try:
        with unit_of_work(db, Actor.system(), "onboarding.add_text") as uow:
            row = store.add_text(uow, text_id=text_id, filename=file.name, data=file.read_bytes())
            title, repairs = row.title, list(row.repairs)
    except RuleViolation as exc:
        fail_refusal(exc)
    finally:
        db.dispose()
    typer.echo(f"已添加《{title}》，编号 {text_id}。")
    if repairs:
        typer.echo(f"解析时修复了 {len(repairs)} 处（请对照原文核实）：")
        for repair in repairs:
            typer.echo(f"  第{repair['line']}行：{repair['message']}")


def draft(text_id: str = typer.Argument(..., metavar="ID", help="已添加的规则文本编号"),
          name: str = typer.Option("", help="政府名称（默认取自标题）"),
          output: Path | None = typer.Option(None, "--output", help="把全部建议值写成规则配置 YAML 文件"),
          as_json: bool = typer.Option(False, "--json", help="以 JSON 输出建议值"),
          data_dir: Path = DataDir) -> None:
    """从规则文本起草规则配置：每项建议值附出处、原句和可信度；文本未规定的继承默认规则。"""
    db = open_db(data_dir)
    try:
        with unit_of_work(db, Actor.system(), "onboarding.draft") as uow:
            store.ensure_loaded(uow.session)
            existing = next((d for d in store.list_drafts(uow.session) if d.text_id == text_id), None)
            row = existing or store.create_draft(uow, text_id=text_id, name=name)
            proposals = store.proposals_of(row)
            inherited = list(row.inherited)
            data = store.profile_data(row, None, all_accepted=True)
            draft_id = row.id
    except RuleViolation as exc:
        fail_refusal(exc)
    except NotFound as exc:
        fail(str(exc))
    finally:
        db.dispose()
    if output is not None:
        output.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps({"draft": draft_id, "proposals": [p.as_dict() for p in proposals],
                               "inherited": inherited}, ensure_ascii=False, indent=2))
        return
    typer.echo(f"草稿 {draft_id}：{len(proposals)} 项建议值，{len(inherited)} 项继承默认规则。")
    for p in proposals:
        typer.echo(f"{p.key}：{labels.value(p.value, {})}　〔{describe(f'{text_id}:{p.cite}')}；可信度 {p.confidence:.0%}〕")
        typer.echo(f"    «{p.sentence}»")
    for key in inherited:
        typer.echo(f"{key}：继承默认规则（文本中未找到）")
