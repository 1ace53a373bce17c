"""`zhengwu profile`: a government's rules at a glance, two governments compared, a file checked."""

from __future__ import annotations

import json
import unicodedata
from enum import Enum
from pathlib import Path

import typer

from zhengwu.cli.common import DataDir
from zhengwu.cli.rules import register_stored
from zhengwu.rulebook import labels
from zhengwu.rulebook.labels import titles
from zhengwu.rulebook.articles import RulebookError
from zhengwu.rulebook.cite import describe
from zhengwu.rulebook.facts import diff as diff_facts
from zhengwu.rulebook.facts import facts as profile_facts
from zhengwu.rulebook.profile import Profile, ProfileError, known_profiles, load_profile, validate as validate_file

app = typer.Typer(help="政府规则配置：速查、比较、校验。", no_args_is_help=True)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _load(profile_id: str) -> Profile:
    try:
        return load_profile(profile_id)
    except ProfileError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(1) from None


def provenance(fact: dict, own_source: str | None = None) -> str:
    """「《…》第三十七条」, 「继承自默认规则」 or 「本规则未作规定」.

    With `own_source`, the profile's own articles are named short (「第三十七条」), for tables
    whose header already names the government.
    """
    cite = fact["cite"]
    if cite is not None:
        cites = [cite] if isinstance(cite, str) else cite
        try:
            named = [describe(c) for c in cites]
        except RulebookError:
            return "；".join(cites)
        if own_source:
            named = [n.split("》", 1)[1] if c.startswith(f"{own_source}:") else n for c, n in zip(cites, named, strict=True)]
        return "；".join(named)
    if fact["inherited_from"]:
        return "继承自默认规则（本规则未作规定）"
    return "本规则未作规定"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if _width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line]


def _table(header: list[str], rows: list[list[str]], max_width: int = 30) -> str:
    """A plain-text table; long cells wrap onto continuation lines (the first column never)."""
    cells = [[[c] if i == 0 else _wrap(c, max_width) for i, c in enumerate(row)] for row in [header, *rows]]
    widths = [max(_width(part) for row in cells for part in row[i]) for i in range(len(header))]
    lines = []
    for index, row in enumerate(cells):
        for depth in range(max(len(c) for c in row)):
            parts = [c[depth] if depth < len(c) else "" for c in row]
            lines.append("  ".join(_pad(p, w) for p, w in zip(parts, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


@app.command("list")
def list_profiles() -> None:
    """列出已收录的各地规则配置。"""
    for profile_id in known_profiles():
        profile = _load(profile_id)
        since = f"，自 {profile.effective_from.isoformat()} 起施行" if profile.effective_from else ""
        typer.echo(f"{profile_id}　{profile.name}{since}")


@app.command()
def facts(
    profile_id: str = typer.Argument(..., metavar="ID", help="规则配置编号，如 dawa-2017"),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text 或 json"),
) -> None:
    """速查：每项规定的取值与出处。"""
    profile = _load(profile_id)
    found = profile_facts(profile)
    if output is OutputFormat.json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    names = titles(profile)
    typer.echo(f"{profile.name}（{profile.id}）")
    for key, fact in found.items():
        typer.echo(f"{key}：{labels.value(fact['value'], names)}　〔{provenance(fact)}〕")


@app.command()
def diff(
    a: str = typer.Argument(..., metavar="A", help="规则配置编号"),
    b: str = typer.Argument(..., metavar="B", help="规则配置编号"),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text 或 json"),
) -> None:
    """比较两地规则：列出取值不同的每一项，两边各附出处。"""
    left, right = _load(a), _load(b)
    rows = diff_facts(left, right)
    if output is OutputFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    lt, rt = titles(left), titles(right)
    table = [
        [
            row["key"],
            labels.value(row[left.id]["value"], lt),
            provenance(row[left.id], left.source),
            labels.value(row[right.id]["value"], rt),
            provenance(row[right.id], right.source),
        ]
        for row in rows
    ]
    typer.echo(f"{left.name}（{left.id}） ↔ {right.name}（{right.id}）：{len(rows)} 项不同")
    typer.echo(_table(["项目", left.id, "出处", right.id, "出处"], table))


@app.command()
def validate(file: Path = typer.Argument(..., metavar="FILE", help="规则配置 YAML 文件"),
             data_dir: Path | None = DataDir) -> None:
    """校验规则配置文件：每个问题一行（文件、键路径、应为何值）；并对照所引条文核对数字和职务。"""
    from zhengwu.rulebook.profile import load_profile_file
    from zhengwu.rulebook.validate_text import check_text

    register_stored(data_dir)
    problems = validate_file(file)
    if not problems:
        found = check_text(load_profile_file(file))
        problems = [f"{file.name}：{p.line()}" for p in found if not p.overridden_by]
        for p in found:
            if p.overridden_by:
                typer.echo(f"{file.name}：{p.line()}")
    for line in problems:
        typer.echo(line, err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"{file.name}：校验通过")
