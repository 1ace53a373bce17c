"""Per seed government: leave and acting authority exactly as each profile says.

A deputy's leave approved by the head makes the AB partner (西市) / fill-in (海南区) act, or
nobody where the text names no one (大洼, 卧龙, 大连); 销假 ends it. The head's absence goes to
the executive deputy on the occasions and mandate the text requires. A department head's leave
goes to the approver the text names (区长 in 大洼, the overseeing deputy in 大连) or is only
reported where it names none.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.org import rules, service

from support import TEST_NOW

PROFILES = ["dawa-2017", "wolong-2018", "dalian-2014", "wuhai-hainan-2023", "xishi-2024"]
START, END = TEST_NOW + timedelta(days=1), TEST_NOW + timedelta(days=3)
DURING, AFTER_CANCEL = TEST_NOW + timedelta(days=2), TEST_NOW + timedelta(days=2, hours=1)

# Who acts for 王副区长 (dep1) while away; his pair is 刘副区长 (dep2). (dep, via, cite)
DEPUTY_COVER = {
    "dawa-2017": None,  # 第四十九条 only asks him to report; nobody is named to act
    "wolong-2018": None,
    "dalian-2014": None,
    "wuhai-hainan-2023": ("dep2", "fill_in", "wuhai-hainan-2023:9"),
    "xishi-2024": ("dep2", "ab_partner", "xishi-2024:5"),
}


def _request(org, who, *, occasion="out_of_area", by=None, start=START, end=END, **extra):
    post = org.post(who)
    return org.run(by or who, "leave.request", lambda uow: service.request_leave(
        uow, post_id=post.id, occasion=occasion, starts_at=start, ends_at=end, **extra))


def _decide(org, who, leave, approve=True, **extra):
    return org.run(who, "leave.approve", lambda uow: service.decide_leave(
        uow, leave_id=leave.id, approve=approve, expected_version=leave.version, **extra))


@pytest.mark.parametrize("profile_id", PROFILES)
def test_deputy_leave_acting(make_org, profile_id):
    org = make_org(profile_id)
    leave = _request(org, "dep1")
    assert leave.state == rules.REQUESTED and leave.approver == "head"
    approved = _decide(org, "head", leave)
    assert approved.state == rules.APPROVED
    name = org.user("dep1").display_name
    acting = org.acting(DURING)[name]
    expected = DEPUTY_COVER[profile_id]
    if expected is None:
        assert acting["via"] == "nobody" and acting["acting"] is None
        assert org.posts_of("dep1", DURING) == {"deputy"}  # the authority stays with him
    else:
        partner, via, cite = expected
        assert (acting["acting"], acting["via"], acting["cite"]) == (org.user(partner).display_name, via, cite)
        assert org.posts_of("dep1", DURING) == frozenset()
        assert org.posts_of(partner, DURING) == {"deputy"}
    assert name not in org.acting(START - timedelta(minutes=1))
    org.run("dep1", "leave.cancel", lambda uow: service.cancel_leave(
        uow, leave_id=leave.id, expected_version=approved.version), now=DURING)
    assert name not in org.acting(AFTER_CANCEL)
    assert org.posts_of("dep1", AFTER_CANCEL) == {"deputy"}
    # The past stays as it was: before 销假 the cover did act.
    assert org.acting(DURING - timedelta(hours=1))[name]["via"] == (expected[1] if expected else "nobody")


# Who acts for the head (张区长) away out of the area: (with mandate, without mandate).
HEAD_COVER = {
    "dawa-2017": ("nobody", "nobody"),  # 第九条: only 出国考察
    "wolong-2018": ("executive_deputy", "nobody"),  # 第五条: 因公外出, 受区长委托
    "dalian-2014": ("executive_deputy", "executive_deputy"),  # 第九条: 出市, no mandate needed
    "wuhai-hainan-2023": ("executive_deputy", "executive_deputy"),
    "xishi-2024": ("executive_deputy", "nobody"),  # 第五条: 离营, 受区长委托
}


@pytest.mark.parametrize("profile_id", PROFILES)
@pytest.mark.parametrize("mandate", [True, False], ids=["mandate", "no-mandate"])
def test_head_absence_acting(make_org, profile_id, mandate):
    org = make_org(profile_id)
    leave = _request(org, "head", mandate=mandate)
    assert leave.state == rules.FILED  # nobody above the head in these texts: it is reported
    expected = HEAD_COVER[profile_id][0 if mandate else 1]
    acting = org.acting(DURING)[org.user("head").display_name]
    assert acting["via"] == expected
    assert ("head" in org.posts_of("exec", DURING)) == (expected == "executive_deputy")
    assert ("head" in org.posts_of("head", DURING)) == (expected == "nobody")


@pytest.mark.parametrize("profile_id", PROFILES)
def test_head_designates_a_deputy_only_where_allowed(make_org, profile_id):
    org = make_org(profile_id)
    designated = org.post("dep3")
    allowed = profile_id in ("wuhai-hainan-2023", "xishi-2024")
    if not allowed:
        with pytest.raises(RuleViolation) as refused:
            _request(org, "head", designated_post_id=designated.id, mandate=True)
        reason = refused.value.verdict.reasons[0]
        assert reason.code == "designation_not_allowed" and reason.cite.startswith(profile_id)
        assert "依据《" in reason.message
        return
    _request(org, "head", designated_post_id=designated.id, mandate=True)
    acting = org.acting(DURING)[org.user("head").display_name]
    assert (acting["acting"], acting["via"]) == (org.user("dep3").display_name, "designated_deputy")


# A department head's leave (区财政局局长, overseen by the executive deputy).
DEPARTMENT_APPROVER = {
    "dawa-2017": ("head", "dawa-2017:49"),
    "dalian-2014": ("exec", "dalian-2014:54"),
    "wolong-2018": (None, None),
    "wuhai-hainan-2023": (None, None),
    "xishi-2024": (None, "xishi-2024:41"),  # reported through the office, no approver named
}


@pytest.mark.parametrize("profile_id", PROFILES)
def test_department_head_leave_goes_to_the_named_approver(make_org, db, profile_id):
    org = make_org(profile_id)
    leave = _request(org, "czj")
    approver, cite = DEPARTMENT_APPROVER[profile_id]
    assert leave.cite == cite
    if approver is None:
        assert leave.state == rules.FILED
        return
    assert leave.state == rules.REQUESTED
    with db.read() as session:
        assert [lv.id for lv in service.pending_for(session, org.tenant, org.user(approver).id, TEST_NOW)] == [leave.id]
    other = "exec" if approver == "head" else "head"
    with pytest.raises(PermissionDenied) as refused:
        _decide(org, other, leave)
    reason = refused.value.verdict.reasons[0]
    assert reason.code == "wrong_approver" and reason.cite == cite and "依据《" in reason.message
    assert _decide(org, approver, leave).state == rules.APPROVED


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_the_acting_head_approves_while_the_head_is_away(make_org, profile_id):
    org = make_org(profile_id)
    _request(org, "head", start=TEST_NOW, end=END)  # reported now: the head's own absence has no approver
    leave = _request(org, "dep1", start=START, end=END)
    with pytest.raises(PermissionDenied):
        _decide(org, "head", leave)  # away: the executive deputy holds the head's authority
    assert _decide(org, "exec", leave).state == rules.APPROVED


def test_own_leave_and_overlap_are_refused(make_org):
    org = make_org("dalian-2014")
    _request(org, "czj")
    with pytest.raises(RuleViolation) as overlap:
        _request(org, "czj", start=START + timedelta(hours=1))
    assert overlap.value.verdict.reasons[0].code == "overlapping_leave"
    # 李副市长 approves the leave of the departments he oversees, but never his own.
    own = _request(org, "exec", start=END + timedelta(days=5), end=END + timedelta(days=6))
    with pytest.raises(PermissionDenied) as refused:
        _decide(org, "exec", own)
    reason = refused.value.verdict.reasons[0]
    assert reason.code == "own_leave" and reason.cite == "dalian-2014:54"


def test_leave_must_be_asked_in_advance(make_org):
    org = make_org("dawa-2017")
    with pytest.raises(RuleViolation) as late:
        _request(org, "dep1", start=TEST_NOW - timedelta(hours=1))
    reason = late.value.verdict.reasons[0]
    assert reason.code == "not_in_advance" and reason.cite == "dawa-2017:49"


def test_the_office_files_for_a_leader_but_others_may_not(make_org):
    org = make_org("xishi-2024")
    leave = _request(org, "dep1", by="sun")
    assert leave.requester_id == org.user("dep1").id and leave.filed_by_id == org.user("sun").id
    with pytest.raises(PermissionDenied):
        _request(org, "dep2", by="czj")


def test_pairs_only_where_the_profile_has_them(make_org):
    org = make_org("dawa-2017")
    first, second = org.post("dep1"), org.post("dep2")
    with pytest.raises(RuleViolation) as refused:
        org.run(None, "org.pair_posts", lambda uow: service.pair_posts(
            uow, kind="ab_partner", first_post_id=first.id, second_post_id=second.id))
    assert refused.value.verdict.reasons[0].code == "pair_not_in_rules"


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023", "xishi-2024"])
def test_deputy_leave_in_advance_even_when_the_rule_is_inherited(make_org, profile_id):
    """海南区 names no leave approver (inherited from the default: the head, as 大洼 49, 大连 54,
    西市 41); the inherited rule binds as an own rule does: a leave starting 3 days ago is refused
    like 西市's, and the refusal says the rule is the default's rather than citing 海南区."""
    org = make_org(profile_id)
    with pytest.raises(RuleViolation) as refused:
        _request(org, "dep1", start=TEST_NOW - timedelta(days=3), end=TEST_NOW + timedelta(days=1))
    reason = refused.value.verdict.reasons[0]
    assert reason.code == "not_in_advance"
    if profile_id == "xishi-2024":
        assert reason.cite == "xishi-2024:41"
    else:
        assert reason.cite is None and "默认规则" in reason.message


def test_the_system_actor_is_refused_asking_for_or_ending_a_leave(make_org):
    """Leave is asked for, decided and ended by a person (the holder, the approver the text names,
    or the office for them): the command line or an event handler has no user and is refused by
    name, never recorded as the requester."""
    org = make_org("xishi-2024")
    with pytest.raises(PermissionDenied) as refused:
        org.run(None, "leave.request", lambda uow: service.request_leave(
            uow, post_id=org.post("dep1").id, occasion="out_of_area", starts_at=START, ends_at=END))
    assert "请假须由工作人员本人登录后办理" in refused.value.verdict.reasons[0].message
    leave = _request(org, "dep1")
    with pytest.raises(PermissionDenied) as refused:
        org.run(None, "leave.cancel", lambda uow: service.cancel_leave(
            uow, leave_id=leave.id, expected_version=leave.version))
    assert "销假须由工作人员本人登录后办理" in refused.value.verdict.reasons[0].message
