"""The article a verdict should cite for a rule value, including values the text inherits.

`Profile.cite` gives None for an inherited value: the locality's text does not say it. When the
default took that value from a national law (《政府信息公开条例》第三十三条), the law still binds
the tenant, so the verdict cites the law; a default value generalised from other localities'
texts is never cited for this one.
"""

from __future__ import annotations

from zhengwu.core.verdict import Verdict
from zhengwu.rulebook.cite import basis
from zhengwu.rulebook.profile import DEFAULT_ID, Leaf, NamedException, Profile, load_profile


def leaf_at(profile: Profile, key: str) -> Leaf | None:
    """The leaf at a dotted schema path (`disclosure.request_reply_workdays`), or None."""
    node = profile
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            return None
    return node if isinstance(node, Leaf) else None


def _law_cite(holder: Leaf | NamedException) -> str | None:
    cites = [holder.cite] if isinstance(holder.cite, str) else list(holder.cite or [])
    return next((c for c in cites if c.startswith("law-")), None)


def rule_cite(profile: Profile, key: str, exception: str | None = None) -> str | None:
    """The cite of the leaf at `key` (or of its named exception) for a verdict of this tenant."""
    holder = leaf_at(profile, key)
    if holder is not None and exception is not None:
        holder = holder.exception(exception)
    if holder is None:
        return None
    if holder.cite:
        return profile.cite(holder)
    if holder.inherited_from != DEFAULT_ID:
        return None
    base = leaf_at(load_profile(DEFAULT_ID), key)
    if base is not None and exception is not None:
        base = base.exception(exception)
    return _law_cite(base) if base is not None else None


def refusal(code: str, message: str, cite: str | None) -> Verdict:
    """A refusal whose message ends with the article it rests on (「（依据…第二十条）」)."""
    return Verdict.refused(code, f"{message}（{basis(cite)}）" if cite else message, cite)
