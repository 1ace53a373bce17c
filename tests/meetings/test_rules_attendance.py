"""Absence and substitutes per article: 大洼 41 (to the chair), 大连 42 (leaders to the 市长,
others to the 秘书长 and filed, no substitute without consent), 海南区 52, 西市 24."""

from __future__ import annotations

import pytest

from zhengwu.meetings.rules import absence_filed_with_office, check_absence, check_chair, check_substitute
from zhengwu.rulebook.profile import load_profile

R = frozenset


@pytest.mark.parametrize(
    "profile_id, leader, right, wrong, cite",
    [
        ("dawa-2017", True, {"chair", "head"}, {"office_director"}, "dawa-2017:41"),
        ("dalian-2014", True, {"head"}, {"secretary_general"}, "dalian-2014:42"),
        ("dalian-2014", False, {"secretary_general"}, {"head"}, "dalian-2014:42"),
        ("wuhai-hainan-2023", False, {"head"}, {"office_director"}, "wuhai-hainan-2023:52"),
    ],
    ids=["dawa-2017-leader", "dalian-2014-leader", "dalian-2014-other", "wuhai-hainan-2023-other"],
)
def test_absence_approver(profile_id, leader, right, wrong, cite):
    profile = load_profile(profile_id)
    reason = "special" if profile_id == "wuhai-hainan-2023" else None
    assert check_absence(profile, leader=leader, approver=R(right), reason=reason).ok
    v = check_absence(profile, leader=leader, approver=R(wrong), reason=reason)
    assert [r.code for r in v.reasons] == ["meetings.wrong_absence_approver"] and v.reasons[0].cite == cite


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_absence_only_for_admitted_reasons_article_24(profile_id):
    profile = load_profile(profile_id)
    assert check_absence(profile, leader=True, approver=R({"chair"}), reason="health").ok
    v = check_absence(profile, leader=True, approver=R({"chair"}), reason=None)
    assert [r.code for r in v.reasons] == ["meetings.absence_not_admitted"] and v.reasons[0].cite == "xishi-2024:24"
    assert "个人身体健康" in v.reasons[0].message


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_substitute_needs_consent_article_42(profile_id):
    profile = load_profile(profile_id)
    assert check_substitute(profile, consented=True).ok
    v = check_substitute(profile, consented=False)
    assert v.reasons[0].code == "meetings.substitute_without_consent" and v.reasons[0].cite == "dalian-2014:42"
    assert absence_filed_with_office(profile)[0] is True


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_substitute_free_where_text_silent(profile_id):
    assert check_substitute(load_profile(profile_id), consented=False).ok
    assert absence_filed_with_office(load_profile(profile_id))[0] is False


@pytest.mark.parametrize(
    "profile_id, cite",
    [("wuhai-hainan-2023", "wuhai-hainan-2023:47"), ("xishi-2024", "xishi-2024:20")],
    ids=["wuhai-hainan-2023", "xishi-2024"],
)
def test_executive_chaired_by_executive_deputy_only_when_delegated(profile_id, cite):
    profile = load_profile(profile_id)
    assert check_chair(profile, "executive", R({"head"})).ok
    assert check_chair(profile, "executive", R({"executive_deputy", "deputy"}), delegated_by=R({"head"})).ok
    v = check_chair(profile, "executive", R({"executive_deputy", "deputy"}))
    assert v.reasons[0].code == "meetings.delegation_required" and v.reasons[0].cite == cite
    v = check_chair(profile, "executive", R({"deputy"}), delegated_by=R({"head"}))
    assert v.reasons[0].code == "meetings.chair_not_allowed"


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_topical_chaired_by_secretary_general_by_delegation_article_40(profile_id):
    profile = load_profile(profile_id)
    assert check_chair(profile, "topical", R({"secretary_general"}), delegated_by=R({"deputy"})).ok
    v = check_chair(profile, "topical", R({"secretary_general"}))
    assert v.reasons[0].cite == "dalian-2014:40"
