"""Validation that reads the text: a value must be what its cited article says.

The loader checks that a cite points at an article; this checks the article says the value: a
number (30 minutes, 7 working days) must appear in the cited article or its items (written in
digits or Chinese numerals, an hour counting as 60 minutes), a named post or meeting must be
named there in the text's words (区长, 分管副区长, 区政府常务会议), a cadence must be worded
there (每月召开2次). Where legal staff keep a value the words do not show (a reading across
articles), the override is recorded with its reason and reported as such. Every problem is
listed, not only the first. Pure: profile and texts in, Chinese lines out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, get_args

from zhengwu.rulebook import sources
from zhengwu.rulebook.articles import RulebookError
from zhengwu.rulebook.drafting import CADENCES, Vocabulary
from zhengwu.rulebook.numerals import to_chinese
from zhengwu.rulebook.profile import Actor, Cadence, Profile


@dataclass(frozen=True)
class TextProblem:
    key: str
    cite: str
    message: str
    overridden_by: str | None = None  # the reason recorded by the reviewer who kept the value

    def line(self) -> str:
        if self.overridden_by:
            return f"{self.key}（{self.cite}）：{self.message}——已保留，理由：{self.overridden_by}"
        return f"{self.key}（{self.cite}）：{self.message}"


def _actor_codes() -> set[str]:
    codes: set[str] = set()
    for arg in get_args(Actor):
        codes |= set(get_args(arg)) or {arg}
    return codes


ACTOR_CODES = _actor_codes()
CADENCE_CODES = set(get_args(Cadence))
# Codes the text names with a generic word rather than a title.
_GENERIC = {"department": r"部门|单位", "related_departments": r"(?:有关|相关)部门", "delegating_leader": r"委托",
            "fill_in": r"补位", "ab_partner": r"AB\s*角|A、B角", "market_regulator": r"市场监(?:督)?管(?:理)?",
            "legal_adviser": r"法律顾问"}


def number_in(n: int, text: str) -> bool:
    """Whether a number is written in the text: 「7」「七」「两」, or 60 minutes as 「1小时」."""
    plain = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    forms = {str(n), to_chinese(n)} | ({"两"} if n == 2 else set())
    if any(re.search(rf"(?<![0-9]){re.escape(f)}(?![0-9])", plain) if f.isdigit() else f in plain for f in forms):
        return True
    if n % 60 == 0 and n:
        hours = n // 60
        return any(f"{h}小时" in plain or f"{h}个小时" in plain for h in {str(hours), to_chinese(hours)})
    return False


class TextValidator:
    """Checks values against the articles of one text; `titles` are the text's post titles
    (post code → 区长 …), `overrides` key → the reason a value is kept."""

    def __init__(self, source: str, titles: dict[str, str], overrides: dict[str, str] | None = None) -> None:
        self.source = source
        self.titles = titles
        self.overrides = overrides or {}
        head = titles.get("head", "区长")
        gov = {"总理": "国务院"}.get(head, head[0] + "政府")
        self.vocab = Vocabulary(head=head, gov=gov)

    @classmethod
    def of(cls, profile: Profile, overrides: dict[str, str] | None = None) -> TextValidator:
        titles: dict[str, str] = {code: leaf.value for code, leaf in profile.posts.items()}
        return cls(profile.source or "", titles, {**profile.text_overrides, **(overrides or {})})

    def article_text(self, ref: str) -> str:
        ref = ref if ":" in ref else f"{self.source}:{ref}"
        book_id, _, article = ref.rpartition(":")
        found = sources.load(book_id).get(article)
        if hasattr(found, "items") and found.items:
            return found.text + "\n" + "\n".join(item.text for item in found.items)
        return found.text

    def named(self, code: str, text: str) -> bool:
        if code in self.vocab.actors(text):
            return True
        if code in _GENERIC:
            return bool(re.search(_GENERIC[code], text))
        title = self.titles.get(code)
        return title is not None and title in text

    def problems_of(self, key: str, value: Any, text: str) -> list[str]:
        found: list[str] = []
        if isinstance(value, bool) or value is None:
            return found
        if isinstance(value, int):
            if not number_in(value, text):
                found.append(f"条文中没有数字 {value}")
        elif isinstance(value, str) and value in CADENCE_CODES:
            if not any(code == value and re.search(pattern, text) for pattern, code in CADENCES):
                found.append(f"条文中没有“{value}”这样的召开频次")
        elif isinstance(value, str) and value in ACTOR_CODES:
            if not self.named(value, text):
                found.append(f"条文中没有提到 {value} 所指的职务")
        elif isinstance(value, str) and (key.startswith("posts.") or key.endswith(".name") or key.endswith("consent_note")):
            if value not in text:
                found.append(f"条文中没有“{value}”")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str) and (item in ACTOR_CODES or key.endswith("observers")):
                    found += self.problems_of(key if item in ACTOR_CODES else key + ".name", item, text)
        elif isinstance(value, dict) and "title" in value:
            if value["title"] not in text:
                found.append(f"条文中没有“{value['title']}”")
        return found

    def check(self, profile: Profile) -> list[TextProblem]:
        problems = []
        for key, holder in profile.leaves():
            if holder.cite is None or not hasattr(holder, "value"):
                continue
            problems += self.check_value(key, holder.value, holder.cite)
            for exc in holder.exceptions:
                if getattr(exc, "cite", None) and getattr(exc, "value", None) is not None:
                    problems += self.check_value(f"{key}.exceptions.{exc.name}", exc.value, exc.cite)
        return problems

    def check_value(self, key: str, value: Any, cite) -> list[TextProblem]:
        """Problems of one value with its cite (an article or item of this text, or a law's)."""
        refs = [cite] if isinstance(cite, str) else list(cite)
        try:
            text = "\n".join(self.article_text(ref) for ref in refs)
        except RulebookError as exc:
            return [TextProblem(key, "、".join(refs), f"出处无法读取：{exc}")]
        value = value.model_dump(mode="json") if hasattr(value, "model_dump") else value
        return [TextProblem(key, "、".join(refs), message, self.overrides.get(key))
                for message in self.problems_of(key, value, text)]


def check_text(profile: Profile, overrides: dict[str, str] | None = None) -> list[TextProblem]:
    """Every value whose cited article does not show it (overridden ones marked with the reason)."""
    return TextValidator.of(profile, overrides).check(profile)


def open_problems(problems: list[TextProblem]) -> list[TextProblem]:
    return [p for p in problems if not p.overridden_by]
