"""Routing (呈批) by the leaders' portfolios, forwarding, major matters to the head, and the
leaders' instructions (批示) with a clear opinion.

Implements 大洼 44, 大连 46, 海南区 59, 西市 30 and 《党政机关公文处理工作条例》 第二十四条第
（四）项. Pure: the portfolios (which deputy oversees which departments) are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from zhengwu.core.verdict import Verdict
from zhengwu.documents.rules import GONGWEN
from zhengwu.rulebook.provenance import rule

BASE = "documents.routing"

OPINIONS = {"agree": "同意", "disagree": "不同意", "forward": "转请其他领导核批", "handle": "请有关部门办理"}


# A person key (the service's holder id) or a post code: the rules work over either.
Key = TypeVar("Key")


@dataclass(frozen=True)
class RouteTarget(Generic[Key]):
    leader: Key | None  # a person key (the service's holder id) or a post code; None: the post is vacant
    post: str  # head | oversight_deputy
    cite: str | None


def route_target(
    profile,
    department: Key,
    portfolios: Mapping[Key, Iterable[Key]],
    head: Key | None,
    *,
    major: bool,
) -> RouteTarget[Key]:
    """Whom the office routes a document to: the head for a major matter, else the deputy
    whose portfolio covers the sending department (the head when no deputy oversees it)."""
    by_portfolio = rule(profile, f"{BASE}.by_portfolio")
    major_rule = rule(profile, f"{BASE}.major_to_head")
    if major and major_rule.value:
        return RouteTarget(head, "head", major_rule.cite)
    if by_portfolio.value:
        for deputy, departments in portfolios.items():
            if department in set(departments):
                return RouteTarget(deputy, "oversight_deputy", by_portfolio.cite)
    return RouteTarget(head, "head", by_portfolio.cite or f"{GONGWEN}:24.4")


def check_route(profile, target: RouteTarget[Key], chosen_leader: Key | None, *, major: bool, forwarded_by: Key | None = None) -> Verdict:
    """The office routes to the leader the portfolios name; a leader may forward to another
    leader (「根据需要转请其他领导同志核批」); a major matter must reach the head."""
    major_rule = rule(profile, f"{BASE}.major_to_head")
    if forwarded_by is not None:
        return Verdict.passed()
    if chosen_leader == target.leader:
        return Verdict.passed()
    if major and major_rule.value:
        return Verdict.refused("major_not_to_head", "重大事项应报政府主要负责同志审批。", major_rule.cite)
    by_portfolio = rule(profile, f"{BASE}.by_portfolio")
    return Verdict.refused(
        "not_by_portfolio",
        "公文应按政府领导同志分工呈批，所选领导不分管报文单位的工作。",
        by_portfolio.cite or f"{GONGWEN}:24.4",
    )


def check_instruction(profile, opinion: str | None, text: str) -> Verdict:
    """A leader's 批示 states a clear opinion where the profile requires one (大连 46)."""
    clear = rule(profile, f"{BASE}.clear_opinion_required")
    if opinion not in OPINIONS:
        return Verdict.refused(
            "opinion_missing",
            "批示须选择明确意见（同意、不同意、转请其他领导核批或请有关部门办理）。",
            clear.cite or f"{GONGWEN}:22",
        )
    if clear.value and not text.strip():
        return Verdict.refused("opinion_text_missing", "签批文件应当签署明确意见，批示内容不能为空。", clear.cite)
    return Verdict.passed()


def instruction_text(opinion: str, text: str) -> str:
    """A 批示 as the leader wrote it, said once: the chosen opinion and the written text, except
    that a text already opening with the opinion (「同意。」 under 同意) is the whole 批示 — the
    page and the 收文处理笺 used to print the opinion and then the same words again
    (「同意。同意。」)."""
    label = OPINIONS.get(opinion, opinion)
    text = text.strip()
    if not text:
        return f"{label}。"
    if text.startswith(label):
        return text
    return f"{label}。{text}"
