"""`zhengwu rules signer`: who reviews, countersigns and signs such a document, by the profile.

A single Typer command; the `rules` group attaches it with `app.command("signer")(signer)`.
"""

from __future__ import annotations

import json
from typing import get_args

import typer

from zhengwu.cli.profile import OutputFormat, _load, provenance, titles
from zhengwu.rulebook import labels
from zhengwu.rulebook.profile import Addressee, DocType, Issuer, Matter
from zhengwu.rulebook.signing import SigningError, chain


def _choice(value: str | None, allowed: tuple, option: str) -> None:
    if value is not None and value not in allowed:
        typer.echo(f"错误：{option} 应为以下之一：{'、'.join(allowed)}，实际为 {value!r}", err=True)
        raise typer.Exit(2)


def signer(
    profile_id: str = typer.Argument(..., metavar="ID", help="规则配置编号，如 xishi-2024"),
    issuer: str = typer.Option(..., "--issuer", help="发文机关：government（政府）或 office（办公室）"),
    doc_type: str = typer.Option(..., "--type", help="文种：request、report、decision、notice、motion …"),
    important: bool = typer.Option(False, "--important", help="重要公文"),
    normative: bool = typer.Option(False, "--normative", help="规范性文件"),
    from_executive_meeting: bool = typer.Option(False, "--from-executive-meeting", help="经常务会议决定的事项"),
    addressee: str = typer.Option(None, "--addressee", help="主送：superior_government、party_committee、congress"),
    matter: str = typer.Option(None, "--matter", help="特别事项：routine_approval（例行批准）、outbound_travel（出国审批）"),
    cross_portfolio: bool = typer.Option(
        None, "--cross-portfolio/--single-portfolio", help="是否涉及其他领导分管工作（不填则列出附条件的步骤）"
    ),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text 或 json"),
) -> None:
    """公文审核签发流程：按本地规则列出审核、会签、签发的各步及出处。"""
    _choice(issuer, get_args(Issuer), "--issuer")
    _choice(doc_type, get_args(DocType), "--type")
    _choice(addressee, get_args(Addressee), "--addressee")
    _choice(matter, get_args(Matter), "--matter")
    profile = _load(profile_id)
    try:
        steps = chain(
            profile,
            issuer,
            doc_type,
            important=important,
            normative=normative,
            from_executive_meeting=from_executive_meeting,
            addressee=addressee,
            matter=matter,
            cross_portfolio=cross_portfolio,
        )
    except SigningError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(1) from None
    if output is OutputFormat.json:
        typer.echo(json.dumps([s.as_dict() for s in steps], ensure_ascii=False, indent=2))
        return
    names = titles(profile)
    for number, step in enumerate(steps, 1):
        who = "或".join(labels.post(p, names) for p in step.posts)
        condition = f"（{labels.word(step.condition)}）" if step.condition else ""
        where = provenance({"cite": step.cite, "inherited_from": step.inherited_from})
        typer.echo(f"{number}. {labels.word(step.kind)}：{who}{condition}　{'依据' if step.cite else ''}{where}")
