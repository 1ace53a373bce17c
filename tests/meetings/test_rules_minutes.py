"""Minutes (纪要) per article: drafter, countersign (大洼 38), reviewer and delegated signer
(大连 40), matter-based signer (海南区 53), the chair (大洼 39), inherited signer (卧龙)."""

from __future__ import annotations

import pytest

from zhengwu.meetings.rules import MinutesCase, check_drafter, check_sign_off, minutes_fully_signed, minutes_signers
from zhengwu.rulebook.profile import load_profile

R = frozenset


@pytest.mark.parametrize(
    "profile_id, cite",
    [("dawa-2017", "dawa-2017:37"), ("dalian-2014", "dalian-2014:38"), ("wuhai-hainan-2023", "wuhai-hainan-2023:53"), ("xishi-2024", "xishi-2024:22")],
    ids=["dawa-2017", "dalian-2014", "wuhai-hainan-2023", "xishi-2024"],
)
def test_executive_minutes_signed_by_head(profile_id, cite):
    profile = load_profile(profile_id)
    case = MinutesCase("executive")
    assert check_sign_off(profile, case, R({"head"})).ok
    v = check_sign_off(profile, case, R({"executive_deputy", "deputy", "chair"}))
    assert [r.code for r in v.reasons] == ["meetings.wrong_signer"] and v.reasons[0].cite == cite
    assert "依据《" in v.reasons[0].message


@pytest.mark.parametrize("profile_id", ["wolong-2018"])
def test_inherited_minutes_signer_shows_provenance(profile_id):
    """卧龙's meeting chapter is cut off: the signer is the default's, and the refusal says so."""
    profile = load_profile(profile_id)
    leaf = profile.meeting("executive").minutes_signer
    assert leaf.inherited_from == "default" and leaf.cite is None
    v = check_sign_off(profile, MinutesCase("executive"), R({"deputy"}))
    assert v.reasons[0].cite is None
    assert "未作规定" in v.reasons[0].message and "默认规则" in v.reasons[0].message


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_head_office_minutes_countersigned_by_attending_deputies_article_38(profile_id):
    profile = load_profile(profile_id)
    case = MinutesCase("head_office", countersigners_due=R({"p1", "p2"}), countersigned=R({"p1"}))
    v = check_sign_off(profile, case, R({"head"}))
    assert [r.code for r in v.reasons] == ["meetings.countersign_missing"]
    assert v.reasons[0].cite == "dawa-2017:38" and "出席会议的副区长" in v.reasons[0].message
    done = MinutesCase("head_office", countersigners_due=R({"p1", "p2"}), countersigned=R({"p1", "p2"}))
    assert check_sign_off(profile, done, R({"head"})).ok


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_topical_minutes_signed_by_chair_article_39(profile_id):
    profile = load_profile(profile_id)
    assert check_sign_off(profile, MinutesCase("topical"), R({"deputy", "chair"})).ok
    v = check_sign_off(profile, MinutesCase("topical"), R({"head"}))
    assert v.reasons[0].cite == "dawa-2017:39"


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_topical_minutes_reviewed_then_signed_by_delegating_leader_article_40(profile_id):
    profile = load_profile(profile_id)
    case = MinutesCase("topical", delegated=True)
    v = check_sign_off(profile, case, R({"deputy", "delegating_leader"}))
    assert [r.code for r in v.reasons] == ["meetings.minutes_not_reviewed"] and v.reasons[0].cite == "dalian-2014:40"
    reviewed = MinutesCase("topical", delegated=True, reviewed=True)
    assert check_sign_off(profile, reviewed, R({"deputy", "delegating_leader"})).ok
    v = check_sign_off(profile, reviewed, R({"secretary_general", "chair"}))
    assert v.reasons[0].code == "meetings.wrong_signer" and v.reasons[0].cite == "dalian-2014:40"


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_topical_minutes_matters_and_delegation_article_53(profile_id):
    profile = load_profile(profile_id)
    plain = MinutesCase("topical")
    assert [c for c, _ in minutes_signers(profile, plain)] == ["oversight_deputy"]
    assert check_sign_off(profile, plain, R({"deputy", "oversight_deputy"})).ok
    land = MinutesCase("topical", matters=R({"land_use"}))
    v = check_sign_off(profile, land, R({"deputy", "oversight_deputy", "chair"}))
    assert v.reasons[0].code == "meetings.wrong_signer" and v.reasons[0].cite == "wuhai-hainan-2023:53"
    assert "区长" in v.reasons[0].message
    assert check_sign_off(profile, land, R({"head"})).ok
    both = MinutesCase("topical", matters=R({"fiscal_funds"}), delegated=True)
    assert [c for c, _ in minutes_signers(profile, both)] == ["head", "delegating_leader"]
    assert not minutes_fully_signed(profile, both, R({"head"}))
    assert check_sign_off(profile, both, R({"deputy", "delegating_leader"}), signed=R({"head"})).ok
    assert minutes_fully_signed(profile, both, R({"head", "delegating_leader"}))


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_topical_minutes_major_matter_to_head_article_23(profile_id):
    profile = load_profile(profile_id)
    assert check_sign_off(profile, MinutesCase("topical"), R({"deputy", "chair"})).ok
    major = MinutesCase("topical", invoked=R({"head_finalizes"}))
    v = check_sign_off(profile, major, R({"deputy", "chair"}))
    assert v.reasons[0].cite == "xishi-2024:23"


@pytest.mark.parametrize(
    "profile_id, kind, cite",
    [("dawa-2017", "executive", "dawa-2017:37"), ("xishi-2024", "executive", "xishi-2024:22")],
    ids=["dawa-2017", "xishi-2024"],
)
def test_minutes_drafted_by_office(profile_id, kind, cite):
    profile = load_profile(profile_id)
    assert check_drafter(profile, kind, R({"office"})).ok
    v = check_drafter(profile, kind, R({"department"}))
    assert v.reasons[0].code == "meetings.wrong_drafter" and v.reasons[0].cite == cite
