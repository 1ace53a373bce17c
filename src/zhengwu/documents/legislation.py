"""Legislation and documents drafted with others: pure checks.

- 大连 18 「加强立法协调，对经协调仍达不成一致意见的问题，市政府法制机构要列明各方理据，提出倾向性意见，
  及时报市政府决定」: the disagreement is recorded by the body the profile names, with each side's
  views and reasons and its leaning; the draft is signed only with a resolution of a deciding
  meeting held on or after the day the disagreement was put to the government.
- 大连 48 「部门或地区之间对有关问题未经协商一致，不得各自向下发文」: a department's own document
  touching other departments goes for signing only when no countersigning department disagrees.
- 西市 27 「拟提请区委有关会议审议或提请以区委、区政府名义联合发文的文件稿…先报区政府履行相关审议或
  审核程序」: such a draft is never a department's own document; it is drafted for the government
  and passes the government's chain (reviews, the head's sign-off, 西市 31(一)) before it leaves.

No DB, no clock: dates and answers come in as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhengwu.core.verdict import Verdict
from zhengwu.documents.reviews import LEGISLATION
from zhengwu.rulebook import labels
from zhengwu.rulebook.provenance import refusal, rule

DISAGREEMENT_KEY = "documents.legislative_disagreement_by"
DISAGREEMENT = "legislative_disagreement"  # its ReviewRecord kind
AGREEMENT_KEY = "documents.department_documents_need_agreement"
PARTY_COMMITTEE_KEY = "documents.party_committee_drafts_via_government"
# What a drafter says of a draft bound for the Party committee (西市 27).
PARTY_COMMITTEE_FLAGS = ("to_party_committee_meeting", "joint_with_party_committee")


@dataclass(frozen=True)
class DisagreementEntry:
    views: str  # 各方意见
    reasons: str  # 各方理据
    leaning: str  # 倾向性意见


def _who(profile, post: str) -> str:
    return labels.post(post, {c: leaf.value for c, leaf in (profile.posts or {}).items()})


def check_disagreement_entry(profile, *, flags: frozenset[str], entry: DisagreementEntry,
                             capacities: set[str]) -> Verdict:
    """大连 18: the legal office lists each side's reasons and its leaning, on a 法规/规章 draft."""
    r = rule(profile, DISAGREEMENT_KEY)
    if r.value is None:
        return Verdict.refused("no_disagreement_rule", "本规则未规定立法协调分歧的处理。", None)
    if not flags & set(LEGISLATION):
        return refusal("not_legislation", "立法协调分歧只适用于地方性法规草案或政府规章草案。", r)
    who = _who(profile, r.value)
    if r.value not in capacities:
        return refusal("wrong_lister", f"立法协调分歧应由{who}列明各方理据、提出倾向性意见，您不是{who}。", r)
    verdict = Verdict.passed()
    for value, label in ((entry.views, "各方意见"), (entry.reasons, "各方理据"), (entry.leaning, "倾向性意见")):
        if not value.strip():
            verdict &= refusal("field_missing", f"{label}：不能为空，{who}要列明各方理据，提出倾向性意见", r)
    return verdict


def check_disagreement_decided(profile, *, recorded_on: date | None, decided_on: date | None) -> Verdict:
    """大连 18 「及时报市政府决定」: a draft with a recorded disagreement is signed only with a
    resolution of a deciding meeting held on or after the day it was recorded (`decided_on`: the
    day of the meeting of the resolution the document names; None when it names none)."""
    if recorded_on is None:
        return Verdict.passed()
    r = rule(profile, DISAGREEMENT_KEY)
    if decided_on is None:
        return refusal("disagreement_undecided",
                       f"立法协调中仍有未达成一致的问题，须报{profile.name}决定，签发前须注明作出决定的会议议定事项", r)
    if decided_on < recorded_on:
        return refusal("disagreement_decided_before",
                       f"所注明的议定事项（{decided_on.isoformat()}会议）早于立法协调分歧的登记"
                       f"（{recorded_on.isoformat()}），未就该分歧作出决定", r)
    return Verdict.passed()


def check_department_agreement(profile, *, own_department: bool, answers: list[str]) -> Verdict:
    """大连 48: a department's own document is not sent out while a countersigning department
    disagrees (silence deemed consent counts as agreement where the text says so)."""
    r = rule(profile, AGREEMENT_KEY)
    if not r.value or not own_department or "disagree" not in answers:
        return Verdict.passed()
    return refusal("departments_not_agreed",
                   "部门之间对有关问题未经协商一致，不得各自向下发文：会签中仍有部门持不同意见，请协商一致后再送签", r)


def check_party_committee_draft(profile, *, issuer: str, flags: frozenset[str]) -> Verdict:
    """西市 27: a draft for a 区委 meeting or a joint 区委、区政府 document is first reported to the
    government — drafted for it (a proxy draft through its chain), not issued by a department."""
    r = rule(profile, PARTY_COMMITTEE_KEY)
    if not r.value or issuer != "department" or not flags & set(PARTY_COMMITTEE_FLAGS):
        return Verdict.passed()
    return refusal("party_committee_draft_via_government",
                   "拟提请区委有关会议审议或以区委、区政府名义联合发文的文件稿，须先报区政府履行审议或审核程序："
                   "请以代拟稿报政府办公室，经政府审核签发后再按区委规定报送", r)
