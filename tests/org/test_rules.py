"""The pure rules of acting authority and leave, on hand-built org snapshots (no database)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from zhengwu.org import rules
from zhengwu.org.rules import Absence, OrgState, Seat
from zhengwu.rulebook.profile import load_profile

T0 = datetime(2024, 5, 6, 9, 0, tzinfo=timezone.utc)
HEAD, EXEC, WANG, LIU, CHEN = 1, 2, 3, 4, 5
SEATS = (Seat(10, "head", HEAD, title="区长"), Seat(11, "executive_deputy", EXEC, title="常务副区长"),
         Seat(12, "deputy", WANG, title="副区长"), Seat(13, "deputy", LIU, title="副区长"),
         Seat(14, "deputy", CHEN, title="副区长"))


def away(person, occasion="out_of_area", *, leave_id=1, designated=None, mandate=False, days=2):
    return Absence(leave_id, person, T0, T0 + timedelta(days=days), occasion, designated, mandate)


def test_ab_partner_acts_and_nobody_when_the_partner_is_away_too():
    xishi = load_profile("xishi-2024")
    state = OrgState(SEATS, (away(WANG),), pairs=(("ab_partner", 12, 13),))
    found = rules.authority(xishi, state, 12, T0 + timedelta(hours=1))
    assert (found.acting_id, found.via, found.cite) == (LIU, "ab_partner", "xishi-2024:5")
    both = OrgState(SEATS, (away(WANG), away(LIU, leave_id=2)), pairs=(("ab_partner", 12, 13),))
    assert rules.authority(xishi, both, 12, T0 + timedelta(hours=1)).via == "nobody"


def test_the_head_assigns_another_deputy_by_the_named_exception():
    xishi = load_profile("xishi-2024")
    state = OrgState(SEATS, (away(WANG, designated=14),), pairs=(("ab_partner", 12, 13),))
    found = rules.authority(xishi, state, 12, T0)
    assert (found.acting_id, found.via) == (CHEN, "designated_deputy")
    assert "特殊情况下由区长安排" in found.note


def test_fill_in_only_on_the_occasions_the_text_lists():
    hainan = load_profile("wuhai-hainan-2023")
    state = OrgState(SEATS, (away(WANG, "abroad"),), pairs=(("fill_in", 12, 13),))
    found = rules.authority(hainan, state, 12, T0)
    # 海南区 第九条 lists 因公外出、请假休假、同时有多个重要政务活动, not 出国.
    assert found.via == "nobody" and found.cite == "wuhai-hainan-2023:9"
    state = OrgState(SEATS, (away(WANG, "concurrent_duties"),), pairs=(("fill_in", 12, 13),))
    assert rules.authority(hainan, state, 12, T0).acting_id == LIU


def test_the_head_abroad_only_in_dawa_and_only_when_entrusted():
    dawa = load_profile("dawa-2017")
    for occasion, mandate, via in [("abroad", True, "executive_deputy"), ("abroad", False, "nobody"),
                                   ("out_of_area", True, "nobody")]:
        state = OrgState(SEATS, (away(HEAD, occasion, mandate=mandate),))
        assert rules.authority(dawa, state, 10, T0).via == via, (occasion, mandate)


def test_the_acting_person_exercises_the_post_and_the_holder_gets_it_back_after():
    dalian = load_profile("dalian-2014")
    state = OrgState(SEATS, (away(HEAD),))
    # The 常务副市长 is one of the 副市长 (大连 5, 38): a rule naming 副市长 names him too.
    assert rules.posts_of(dalian, state, EXEC, T0) == {"executive_deputy", "deputy", "head"}
    assert rules.posts_of(dalian, state, HEAD, T0) == frozenset()
    after = T0 + timedelta(days=2)
    assert rules.posts_of(dalian, state, HEAD, after) == {"head"}
    assert rules.acting_for(dalian, state, after) == []


def test_leave_routes_follow_the_profile():
    assert rules.leave_route(load_profile("dawa-2017"), "department_head").approver == "head"
    assert rules.leave_route(load_profile("dalian-2014"), "department_head").approver == "oversight_deputy"
    assert rules.leave_route(load_profile("dalian-2014"), "executive_deputy").approver == "head"
    route = rules.leave_route(load_profile("dalian-2014"), "secretary_general")
    assert (route.approver, route.office_report, route.cite) == ("head", "before_and_after", "dalian-2014:54")


def test_request_checks_every_reason_at_once():
    dawa = load_profile("dawa-2017")
    state = OrgState(SEATS)
    draft = rules.LeaveDraft(WANG, 12, "holiday", T0, T0 - timedelta(hours=1), designated_post_id=13, mandate=True)
    verdict = rules.check_request(dawa, state, draft, [], T0 + timedelta(hours=1), by_id=WANG, by_kinds=frozenset())
    codes = [r.code for r in verdict.reasons]
    assert codes == ["invalid_occasion", "invalid_period", "not_in_advance", "designation_by_head", "mandate_by_head"]
    assert not rules.check_request(dawa, state, rules.LeaveDraft(WANG, 12, "leave", T0, T0 + timedelta(days=1)), [],
                                   T0, by_id=LIU, by_kinds=frozenset({"deputy"})).ok


def test_a_cancelled_leave_cannot_be_decided_or_cancelled_again():
    leave = rules.LeaveView(1, WANG, 12, rules.CANCELLED, T0, T0 + timedelta(days=1), "head", "dawa-2017:49")
    dawa = load_profile("dawa-2017")
    assert rules.check_decision(dawa, OrgState(SEATS), leave, HEAD, T0).reasons[0].code == "not_pending"
    assert rules.check_cancel(leave, WANG, frozenset()).reasons[0].code == "not_open"


@pytest.mark.parametrize("profile_id", ["dawa-2017", "wolong-2018", "dalian-2014", "wuhai-hainan-2023", "xishi-2024"])
def test_the_org_can_hold_every_post_the_text_names(profile_id):
    """Issue 12: a post a text names (党组书记, 办公室副主任, 法律顾问 …) can be created and held, so no
    chain waits on a post the org cannot have."""
    profile = load_profile(profile_id)
    named = set(profile.posts) - set(rules.UNIT_POSTS)
    assert named <= set(rules.POST_KINDS), sorted(named - set(rules.POST_KINDS))
