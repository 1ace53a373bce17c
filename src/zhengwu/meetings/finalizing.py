"""会议文件的审定 (finalize the meeting documents before the agenda): 「提请会议审议的文件由…审定」
(大洼 35 党组书记, 36 区长, 39 主持人; 大连 36 党组书记, 37 市长, 38 市长或常务副市长, 39 主持人)
and 「会议文件由区长批印…由议题汇报部门牵头起草、区政府办公室审核把关」 (西市 21).

A topic's documents (its materials, filed by the lead department) are reviewed by the post the
profile names where the text says so, then finalized by the post it names; only then may the
office put the topic on its meeting's agenda or send the meeting's materials. Pure: the profile,
what was done and the person's roles come in, verdicts go out.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhengwu.core.verdict import Verdict
from zhengwu.rulebook import labels
from zhengwu.rulebook.profile import Leaf, Profile
from zhengwu.rulebook.provenance import refusal, rule_of

Roles = frozenset[str]


@dataclass(frozen=True)
class Papers:
    """A topic's meeting documents as the rules see them."""

    meeting_kind: str
    submitted: bool  # the materials reached the office and the topic is not yet on the agenda
    reviewed: bool = False
    finalized: bool = False


def papers_of(topic) -> Papers:
    """The papers of a stored topic (any object with the topic's columns)."""
    return Papers(topic.meeting_kind, submitted=topic.materials_on is not None and topic.state in ("submitted", "approved"),
                  reviewed=topic.documents_reviewed_by_id is not None,
                  finalized=topic.documents_finalized_by_id is not None)


def _block(profile: Profile, kind: str):
    return profile.meeting(kind)


def finalizer_leaf(profile: Profile, kind: str) -> Leaf | None:
    block = _block(profile, kind)
    return block.documents_finalized_by if block is not None else None


def reviewer_leaf(profile: Profile, kind: str) -> Leaf | None:
    block = _block(profile, kind)
    return block.documents_reviewed_by if block is not None else None


def _names(profile: Profile, codes) -> str:
    titles = labels.titles(profile)
    return "或".join(labels.post(c, titles) for c in codes)


def finalizers(profile: Profile, kind: str) -> str:
    """Who finalizes, in the government's own titles (「区长」, 「市长或常务副市长」)."""
    leaf = finalizer_leaf(profile, kind)
    return _names(profile, leaf.value) if leaf is not None else ""


def reviewer(profile: Profile, kind: str) -> str:
    leaf = reviewer_leaf(profile, kind)
    return _names(profile, [leaf.value]) if leaf is not None else ""


def next_step(profile: Profile, papers: Papers) -> str | None:
    """`review`, `finalize` or None (nothing left, or nothing the text asks)."""
    if not papers.submitted:
        return None
    if reviewer_leaf(profile, papers.meeting_kind) is not None and not papers.reviewed:
        return "review"
    if finalizer_leaf(profile, papers.meeting_kind) is not None and not papers.finalized:
        return "finalize"
    return None


def _not_ready(papers: Papers) -> Verdict:
    if not papers.submitted:
        return Verdict.refused("meetings.documents_not_submitted", "议题材料尚未报送办公室，或议题已列入议程，无可审定的会议文件")
    return Verdict.passed()


def check_review(profile: Profile, papers: Papers, actor: Roles) -> Verdict:
    """西市 21 「区政府办公室审核把关」: by the post the profile names, once, before the 审定."""
    leaf = reviewer_leaf(profile, papers.meeting_kind)
    if leaf is None:
        return Verdict.refused("meetings.no_documents_review", "本单位工作规则未规定此类会议文件须经审核")
    if leaf.value not in actor:
        who = reviewer(profile, papers.meeting_kind)
        found = refusal("meetings.wrong_documents_reviewer", f"会议文件应由{who}审核把关", rule_of(profile, leaf))
        return Verdict.refused(found.reasons[0].code, found.reasons[0].message, found.reasons[0].cite, who=who)
    not_ready = _not_ready(papers)
    if not not_ready.ok:
        return not_ready
    if papers.reviewed:
        return Verdict.refused("meetings.documents_already_reviewed", "会议文件已审核")
    return Verdict.passed()


def check_finalize(profile: Profile, papers: Papers, actor: Roles) -> Verdict:
    """审定 (批印) by the post the profile names — the chair where it says 主持会议的领导 — after
    the review the text puts first."""
    leaf = finalizer_leaf(profile, papers.meeting_kind)
    if leaf is None:
        return Verdict.refused("meetings.no_documents_finalizer", "本单位工作规则未规定此类会议文件由谁审定")
    meeting = labels.word(papers.meeting_kind, labels.titles(profile))
    if not actor & set(leaf.value):
        who = finalizers(profile, papers.meeting_kind)
        found = refusal("meetings.wrong_finalizer", f"提请{meeting}审议的文件应由{who}审定", rule_of(profile, leaf))
        return Verdict.refused(found.reasons[0].code, found.reasons[0].message, found.reasons[0].cite, who=who)
    not_ready = _not_ready(papers)
    if not not_ready.ok:
        return not_ready
    if papers.finalized:
        return Verdict.refused("meetings.documents_already_finalized", "会议文件已审定")
    review = reviewer_leaf(profile, papers.meeting_kind)
    if review is not None and not papers.reviewed:
        return refusal("meetings.documents_not_reviewed",
                       f"会议文件须先经{reviewer(profile, papers.meeting_kind)}审核把关，再报审定", rule_of(profile, review))
    return Verdict.passed()


def check_finalized(profile: Profile, papers: Papers) -> Verdict:
    """Before the agenda and before the materials go out: the documents finalized (and reviewed
    first) where the profile says so."""
    meeting = labels.word(papers.meeting_kind, labels.titles(profile))
    review = reviewer_leaf(profile, papers.meeting_kind)
    if review is not None and not papers.reviewed:
        return refusal("meetings.documents_not_reviewed",
                       f"会议文件尚未经{reviewer(profile, papers.meeting_kind)}审核把关，不能列入{meeting}议程",
                       rule_of(profile, review))
    leaf = finalizer_leaf(profile, papers.meeting_kind)
    if leaf is not None and not papers.finalized:
        return refusal("meetings.documents_not_finalized",
                       f"提请{meeting}审议的文件尚未经{finalizers(profile, papers.meeting_kind)}审定，不能列入议程或送达",
                       rule_of(profile, leaf))
    return Verdict.passed()
