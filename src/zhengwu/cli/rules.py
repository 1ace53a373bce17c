"""`zhengwu rules`: parse a rules text, show an article, search the shipped rulebooks."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from zhengwu.cli.common import DataDir
from zhengwu.rulebook.articles import Article, Rulebook, RulebookError, parse_file
from zhengwu.rulebook.cite import describe
from zhengwu.rulebook.numerals import to_chinese
from zhengwu.rulebook.search import search as search_articles
from zhengwu.rulebook.sources import known_ids, load

def register_stored(data_dir: Path | None) -> None:
    # Imported here: reading the shipped texts needs no database.
    from zhengwu.onboarding.cli import register_stored as register

    register(data_dir)


app = typer.Typer(help="规则文本：解析、查看条文、全文检索。", no_args_is_help=True)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _fail(error: Exception) -> None:
    typer.echo(f"错误：{error}", err=True)
    raise typer.Exit(1)


def _open(source: str, rulebook_id: str | None) -> Rulebook:
    """A file path, or the id of a shipped text."""
    path = Path(source)
    if path.exists():
        return parse_file(path, rulebook_id)
    if source in known_ids():
        return load(source)
    raise RulebookError(f"找不到文件「{source}」，也不是已收录的规则 id（已收录：{'、'.join(known_ids())}）")


def _print_rulebook(rulebook: Rulebook) -> None:
    articles = list(rulebook.articles())
    typer.echo(f"《{rulebook.title}》" if rulebook.title else f"（无标题）{rulebook.id}")
    if rulebook.doc_number:
        typer.echo(f"文号：{rulebook.doc_number}")
    if rulebook.date:
        typer.echo(f"日期：{rulebook.date.year}年{rulebook.date.month}月{rulebook.date.day}日")
    chapters = [chapter for chapter in rulebook.chapters if chapter.no]
    typer.echo(f"共{len(chapters)}章、{len(articles)}条" if chapters else f"共{len(articles)}条（不分章）")
    for chapter in rulebook.chapters:
        if chapter.no:
            typer.echo(f"\n第{to_chinese(chapter.no)}章　{chapter.title}")
        for article in chapter.articles:
            mark = "（文本不完整）" if article.incomplete else ""
            typer.echo(f"\n  第{to_chinese(article.no)}条　[{article.id}]{mark}")
            item_lines = {f"（{to_chinese(item.no)}）{item.text}": item for item in article.items}
            for paragraph in article.paragraphs:
                item = item_lines.get(paragraph)
                if item is not None:
                    typer.echo(f"      {paragraph}　[{item.id}]")
                else:
                    typer.echo(f"    {paragraph}")
    if rulebook.warnings:
        typer.echo(f"\n解析提示（共{len(rulebook.warnings)}条，请对照原文核实）：", err=True)
        for warning in rulebook.warnings:
            typer.echo(f"  {warning}", err=True)


@app.command("parse")
def parse_command(
    source: str = typer.Argument(..., help="规则文本文件（.txt 或 .docx），或已收录规则的 id，如 dawa-2017"),
    rulebook_id: str | None = typer.Option(None, "--id", help="条文 id 的前缀，默认取文件名"),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format", help="输出格式：text 或 json"),
) -> None:
    """解析规则文本，列出章、条、项及解析提示。"""
    try:
        rulebook = _open(source, rulebook_id)
    except RulebookError as error:
        _fail(error)
    if output is OutputFormat.json:
        typer.echo(json.dumps(rulebook.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_rulebook(rulebook)


@app.command("show")
def show_command(
    rulebook_id: str = typer.Argument(..., help="规则 id，如 dalian-2014；也可直接写 dalian-2014:45"),
    article: str | None = typer.Argument(None, help="条号或“条号.项号”，如 45 或 31.3"),
    data_dir: Path | None = DataDir,
) -> None:
    """显示一条（或一项）条文及其 id。"""
    register_stored(data_dir)
    try:
        if article is None:
            if ":" not in rulebook_id:
                raise RulebookError("请给出条号，如：zhengwu rules show dalian-2014 45")
            rulebook_id, article = rulebook_id.split(":", 1)
        found = load(rulebook_id).get(article)
        cite = found.id
        typer.echo(f"{describe(cite)}　[{cite}]")
    except RulebookError as error:
        _fail(error)
    typer.echo(found.text)
    if isinstance(found, Article) and found.incomplete:
        typer.echo("（原文在此中断，本条不完整）")


@app.command("search")
def search_command(
    query: str = typer.Argument(..., help="检索词，如 会签、常务会议 每月"),
    rulebook_ids: list[str] | None = typer.Option(None, "--id", help="只检索这些规则（可重复）"),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format", help="输出格式：text 或 json"),
    limit: int = typer.Option(10, "--limit", min=1, help="最多列出几条结果"),
    data_dir: Path | None = DataDir,
) -> None:
    """全文检索已收录的规则（中文分词），按相关度排序，列出条文 id 和命中的句子。"""
    register_stored(data_dir)
    try:
        hits = search_articles(query, ids=rulebook_ids or None, limit=limit)
    except RulebookError as error:
        _fail(error)
    if output is OutputFormat.json:
        typer.echo(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo(f"未找到与「{query}」相关的条文。")
        return
    for rank, hit in enumerate(hits, start=1):
        typer.echo(f"{rank:>2}. {describe(hit.id)}　[{hit.id}]　相关度 {hit.score:.2f}")
        typer.echo(f"    {hit.snippet}")


@app.command("list")
def list_command(data_dir: Path | None = DataDir) -> None:
    """列出已收录的规则文本及其 id（含运行时添加的）。"""
    register_stored(data_dir)
    for rulebook_id in known_ids():
        rulebook = load(rulebook_id)
        count = sum(1 for _ in rulebook.articles())
        typer.echo(f"{rulebook_id:<22}《{rulebook.title}》　{count}条")
