"""Contracts in the government's name: 卧龙 24, 海南区 24; governments whose text is silent."""

from __future__ import annotations

from datetime import date

import pytest

from zhengwu.decisions import contracts
from zhengwu.decisions.contracts import ContractState, ReviewRecord
from zhengwu.rulebook.profile import load_profile

SIGN_DAY = date(2024, 7, 1)


def reviews(*codes):
    return tuple(ReviewRecord(c, date(2024, 6, 1), f"{c} 意见书") for c in codes)


HAINAN = ["legal_adviser_opinion", "legality_review", "fair_competition_review"]


@pytest.mark.parametrize("missing", HAINAN, ids=[f"wuhai-hainan-2023:24-{m}" for m in HAINAN])
def test_hainan_refuses_signing_without_each_review(missing):
    profile = load_profile("wuhai-hainan-2023")
    state = ContractState("招商引资框架协议", reviews(*[r for r in HAINAN if r != missing]))
    verdict = contracts.check_signing(profile, state, frozenset({"head"}), SIGN_DAY)
    assert [(r.code, r.cite) for r in verdict.reasons] == [(f"missing_{missing}", "wuhai-hainan-2023:24")]


def test_hainan_signs_when_reviewed():
    profile = load_profile("wuhai-hainan-2023")
    state = ContractState("招商引资框架协议", reviews(*HAINAN))
    assert contracts.check_signing(profile, state, frozenset({"deputy"}), SIGN_DAY).ok


def test_wolong_needs_legality_review_and_the_named_meeting():
    profile = load_profile("wolong-2018")
    bare = ContractState("景区合作协议")
    verdict = contracts.check_approval(profile, bare, "executive", date(2024, 6, 10))
    assert [(r.code, r.cite) for r in verdict.reasons] == [("missing_legality_review", "wolong-2018:24")]
    reviewed = ContractState("景区合作协议", reviews("legality_review"))
    wrong = contracts.check_approval(profile, reviewed, "plenary", date(2024, 6, 10))
    assert [(r.code, r.cite) for r in wrong.reasons] == [("wrong_meeting", "wolong-2018:24")]
    assert "区政府常务会议" in wrong.reasons[0].message
    assert contracts.check_approval(profile, reviewed, "head_office", date(2024, 6, 10)).ok
    unapproved = contracts.check_signing(profile, reviewed, frozenset({"head"}), SIGN_DAY)
    assert [(r.code, r.cite) for r in unapproved.reasons] == [("not_approved", "wolong-2018:24")]


@pytest.mark.parametrize("roles,ok", [
    ({"head"}, True), ({"executive_deputy"}, True), ({"deputy", "oversight_deputy"}, True),
    ({"deputy"}, False), ({"office_director"}, False)])
def test_wolong_signed_only_by_the_posts_it_names(roles, ok):
    profile = load_profile("wolong-2018")
    approved = ContractState("景区合作协议", reviews("legality_review"), "executive", date(2024, 6, 10))
    verdict = contracts.check_signing(profile, approved, frozenset(roles), SIGN_DAY)
    assert verdict.ok is ok
    if not ok:
        assert [(r.code, r.cite) for r in verdict.reasons] == [("wrong_signer", "wolong-2018:24")]
        assert "区长、常务副区长" in verdict.reasons[0].message


def test_review_after_the_meeting_does_not_count():
    profile = load_profile("wolong-2018")
    late = ContractState("景区合作协议", (ReviewRecord("legality_review", date(2024, 6, 11), "意见书"),))
    verdict = contracts.check_approval(profile, late, "executive", date(2024, 6, 10))
    assert [r.code for r in verdict.reasons] == ["late_legality_review"]


@pytest.mark.parametrize("profile_id", ["dawa-2017", "dalian-2014", "xishi-2024"])
def test_silent_texts_impose_nothing_on_contracts(profile_id):
    profile = load_profile(profile_id)
    assert contracts.required_reviews(profile) == [] and contracts.signers(profile) == []
    assert contracts.check_signing(profile, ContractState("租赁合同"), frozenset({"deputy"}), SIGN_DAY).ok


def test_signed_once():
    profile = load_profile("dawa-2017")
    assert contracts.check_signing(profile, ContractState("租赁合同", signed=True), frozenset({"head"}),
                                   SIGN_DAY).reasons[0].code == "already_signed"
