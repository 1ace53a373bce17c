"""Implementation drafts of superior documents (海南区 60): 「对于未明确办理时限的文件，牵头起草
部门一般应在收到区政府办公室转办意见后1个月内将文件代拟稿上报区政府，特殊情况不得超过2个月」.

The office passes a superior document to the lead department (转办); the draft is due a month
after the 转办 — or by the superior document's own time limit, which comes first 「严格按时限要求」;
a department that states the special circumstance may take the longer limit, never more. A draft
sent late is accepted and flagged with the article. Pure: dates come in as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhengwu.calendar import add_months
from zhengwu.core.verdict import Verdict
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import leaf_at, refusal, rule_cite

KEY = "documents.implementation_draft_months"
SPECIAL = "special"


@dataclass(frozen=True)
class DraftDue:
    due: date | None  # None: neither the text nor the superior document sets a limit
    cite: str | None
    basis: str  # text | superior | special | none


def _months(profile: Profile, special: bool) -> tuple[int | None, str | None]:
    leaf = leaf_at(profile, KEY)
    if leaf is None or leaf.value is None:
        return None, None
    if special:
        exception = next((e for e in leaf.exceptions if e.name == SPECIAL), None)
        if exception is not None:
            return exception.value, rule_cite(profile, KEY, SPECIAL)
    return leaf.value, rule_cite(profile, KEY)


def draft_due(profile: Profile, assigned_on: date, superior_due: date | None = None, *,
              special: bool = False) -> DraftDue:
    """When the draft is due: the superior document's own limit where it sets one, else the
    text's months after the 转办 (the special circumstance's longer limit once stated)."""
    if superior_due is not None:
        return DraftDue(superior_due, rule_cite(profile, KEY), "superior")
    months, cite = _months(profile, special)
    if months is None:
        return DraftDue(None, None, "none")
    return DraftDue(add_months(assigned_on, months), cite, "special" if special else "text")


def check_special(profile: Profile, *, already: bool, superior_due: date | None, reason: str) -> Verdict:
    """「特殊情况不得超过2个月」: stated once, with the circumstance, where the text allows it and
    the superior document set no limit of its own."""
    leaf = leaf_at(profile, KEY)
    exception = next((e for e in leaf.exceptions if e.name == SPECIAL), None) if leaf is not None else None
    if exception is None:
        return Verdict.refused("no_special_limit", "本规则未规定代拟稿特殊情况下的延长时限。", rule_cite(profile, KEY))
    cite = rule_cite(profile, KEY, SPECIAL)
    if superior_due is not None:
        return refusal("superior_limit", "上级文件已明确办理时限，须严格按时限上报，不适用特殊情况的延长时限", cite)
    if already:
        return refusal("special_already", f"已按特殊情况延长至{exception.value}个月，不得再延长", cite)
    if not reason.strip():
        return refusal("special_reason_missing", "请写明特殊情况（延长时限须说明理由）", cite)
    return Verdict.passed()


def check_on_time(due: DraftDue, submitted_on: date) -> Verdict:
    """Flag (not refuse) a draft sent after its due day: the late draft is still needed."""
    if due.due is None or submitted_on <= due.due:
        return Verdict.passed()
    return refusal("implementation_draft_late",
                   f"代拟稿应于{due.due.isoformat()}前上报，迟报{(submitted_on - due.due).days}天", due.cite)
