"""Contracts and agreements in the government's name (合同、协议、备忘录): the reviews before
approval, the meeting that approves, and the posts that may sign.

Article families: 卧龙 24 (「须提前由区政府法制机构进行审查，经区政府常务会议或区长办公会议研究
通过后，方可签订。签订协议的必须为区长、常务副区长或区政府主管领导」), 海南区 24 (法律顾问意见、
合法性审查、公平竞争审查). A profile silent on contracts (`contracts` absent) imposes nothing
here. Pure: dates and the signer's standing come in as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhengwu.core.verdict import Verdict
from zhengwu.decisions.rules import meeting_name
from zhengwu.rulebook.labels import post, titles
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import leaf_at, refusal, rule

REVIEW_LABELS = {
    "legal_adviser_opinion": "法律顾问意见",
    "legality_review": "合法性审查",
    "fair_competition_review": "公平竞争审查",
}


@dataclass(frozen=True)
class ReviewRecord:
    review: str
    done_on: date
    evidence: str


@dataclass(frozen=True)
class ContractState:
    title: str
    reviews: tuple[ReviewRecord, ...] = ()
    approved_by: str | None = None  # the meeting kind that approved it
    approved_on: date | None = None
    signed: bool = False

    def review(self, code: str) -> ReviewRecord | None:
        return next((r for r in self.reviews if r.review == code), None)


def required_reviews(profile: Profile) -> list[str]:
    leaf = leaf_at(profile, "contracts.required_reviews")
    return list(leaf.value) if leaf else []


def approving_meetings(profile: Profile) -> list[str]:
    leaf = leaf_at(profile, "contracts.approved_by")
    return list(leaf.value) if leaf else []


def signers(profile: Profile) -> list[str]:
    leaf = leaf_at(profile, "contracts.signers")
    return list(leaf.value) if leaf else []


def check_review_record(record: ReviewRecord, today: date) -> Verdict:
    label = REVIEW_LABELS.get(record.review)
    if label is None:
        return Verdict.refused("unknown_review", f"没有名为「{record.review}」的审查。")
    verdict = Verdict.passed()
    if not record.evidence.strip():
        verdict &= Verdict.refused("evidence_missing", f"「{label}」须附审查意见（意见书名称或文号）。")
    if record.done_on > today:
        verdict &= Verdict.refused("review_in_future", f"「{label}」的日期 {record.done_on} 晚于今天，不能登记。")
    return verdict


def _reviews_done(profile: Profile, state: ContractState, by: date | None, before_what: str) -> Verdict:
    verdict = Verdict.passed()
    source = rule(profile, "contracts.required_reviews")
    for review in required_reviews(profile):
        record = state.review(review)
        label = REVIEW_LABELS[review]
        if record is None:
            verdict &= refusal(f"missing_{review}", f"「{state.title}」尚未经「{label}」，不得{before_what}", source)
        elif by is not None and record.done_on > by:
            verdict &= refusal(f"late_{review}", f"「{label}」于 {record.done_on} 完成，晚于{before_what}日 {by}", source)
    return verdict


def check_approval(profile: Profile, state: ContractState, meeting_kind: str, meeting_on: date) -> Verdict:
    """Approval by a meeting: after every review, and only by a meeting the profile names."""
    if state.signed:
        return Verdict.refused("already_signed", f"「{state.title}」已签订。")
    verdict = _reviews_done(profile, state, meeting_on, "提交会议研究")
    kinds = approving_meetings(profile)
    if kinds and meeting_kind not in kinds:
        allowed = "或".join(meeting_name(profile, k) for k in kinds)
        verdict &= refusal("wrong_meeting",
                           f"以政府名义签订的合同协议须经{allowed}研究通过，{meeting_name(profile, meeting_kind)}无权审议",
                           rule(profile, "contracts.approved_by"))
    return verdict


def check_signing(profile: Profile, state: ContractState, signer_roles: frozenset[str], on: date) -> Verdict:
    """Signing: reviews done, approved where the profile names a meeting, by a post it names.

    `signer_roles` are the posts the signer holds or acts in that day, plus `oversight_deputy`
    when the signer is the deputy overseeing the contract's matter (区政府主管领导).
    """
    if state.signed:
        return Verdict.refused("already_signed", f"「{state.title}」已签订，不能重复签订。")
    verdict = _reviews_done(profile, state, on, "签订")
    if approving_meetings(profile) and state.approved_by is None:
        allowed = "或".join(meeting_name(profile, k) for k in approving_meetings(profile))
        verdict &= refusal("not_approved", f"「{state.title}」须经{allowed}研究通过后方可签订",
                           rule(profile, "contracts.approved_by"))
    allowed_signers = signers(profile)
    if allowed_signers and not signer_roles & set(allowed_signers):
        names = titles(profile)
        who = "、".join(post(s, names) for s in allowed_signers)
        verdict &= refusal("wrong_signer", f"以政府名义签订合同协议的须为{who}", rule(profile, "contracts.signers"))
    return verdict
