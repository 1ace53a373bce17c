"""Citations: an article id (`dalian-2014:45`, `xishi-2024:31.3`) → the article, and the way a
user reads it: 《大连市人民政府工作规则》第四十五条, 依据…第三十一条第（三）项."""

from __future__ import annotations

from zhengwu.rulebook.articles import Article, Item, RulebookError
from zhengwu.rulebook.numerals import to_chinese
from zhengwu.rulebook.sources import load


def _split(cite: str) -> tuple[str, str]:
    rulebook_id, sep, ref = str(cite).strip().partition(":")
    if not sep or not rulebook_id or not ref:
        raise RulebookError(f"出处「{cite}」格式有误：应为“规则id:条号”或“规则id:条号.项号”，如 dalian-2014:45")
    return rulebook_id, ref


def resolve(cite: str) -> Article | Item:
    """The article or item a cite names; RulebookError when the rulebook or article is unknown."""
    rulebook_id, ref = _split(cite)
    return load(rulebook_id).get(ref)


def describe(cite: str) -> str:
    """「《大连市人民政府工作规则》第四十五条」, or 「…第三十一条第（三）项」 for an item."""
    rulebook_id, ref = _split(cite)
    rulebook = load(rulebook_id)
    found = rulebook.get(ref)
    title = rulebook.title or rulebook.id
    if isinstance(found, Item):
        article_no = int(found.id.rsplit(":", 1)[1].split(".")[0])
        return f"《{title}》第{to_chinese(article_no)}条第（{to_chinese(found.no)}）项"
    return f"《{title}》第{to_chinese(found.no)}条"


def basis(cite: str) -> str:
    """「依据《大连市人民政府工作规则》第四十五条」: how a verdict names its rule."""
    return f"依据{describe(cite)}"
