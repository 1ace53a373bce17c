"""收文初审 per article: 大洼 43, 大连 44–45/50, 海南区 56–57, 西市 27/29–30, 条例 15(四)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from documents_support import each

from zhengwu.calendar import default_calendar
from zhengwu.documents.incoming import Disagreement, IncomingDocument, check_incoming, return_cite

CAL = default_calendar()
GOOD = IncomingDocument(doc_type="request", sender="区交通运输局", sent_on=date(2024, 3, 1))


def codes(verdict):
    return [r.code for r in verdict.reasons]


def refusal(verdict, code):
    return next(r for r in verdict.reasons if r.code == code)


@pytest.mark.parametrize("profile", each())
def test_conforming_request_passes(profile):
    assert check_incoming(profile, GOOD, CAL).ok


@pytest.mark.parametrize(
    "profile, cite",
    [pytest.param(*p.values, c, id=p.id) for p, c in zip(each(), ["dawa-2017:43", "dalian-2014:44", "wuhai-hainan-2023:56", "xishi-2024:27"], strict=True)],
)
def test_addressed_to_a_leader_is_refused(profile, cite):
    verdict = check_incoming(profile, replace(GOOD, addressed_to="leader"), CAL)
    assert refusal(verdict, "addressed_to_leader").cite == cite


@pytest.mark.parametrize("profile", each())
def test_leader_assigned_and_top_secret_may_go_to_the_leader(profile):
    assert check_incoming(profile, replace(GOOD, addressed_to="leader", exception="leader_assigned"), CAL).ok
    assert check_incoming(profile, replace(GOOD, addressed_to="leader", classification="top_secret"), CAL).ok
    claimed = check_incoming(profile, replace(GOOD, addressed_to="leader", exception="top_secret", classification="secret"), CAL)
    assert codes(claimed) == ["not_top_secret"]


@pytest.mark.parametrize("profile", each("xishi-2024"))
def test_xishi_27_emergencies_and_foreign_affairs_may_go_to_the_leader(profile):
    for name in ("major_emergency", "urgent_sensitive_foreign_affairs"):
        assert check_incoming(profile, replace(GOOD, addressed_to="leader", exception=name), CAL).ok


@pytest.mark.parametrize("profile", each("dawa-2017", "dalian-2014", "wuhai-hainan-2023"))
def test_emergency_exception_only_where_the_profile_has_it(profile):
    verdict = check_incoming(profile, replace(GOOD, addressed_to="leader", exception="major_emergency"), CAL)
    assert codes(verdict) == ["exception_not_in_profile"]


@pytest.mark.parametrize(
    "profile, cite",
    [pytest.param(*p.values, c, id=p.id) for p, c in zip(each("dalian-2014", "wuhai-hainan-2023", "xishi-2024"), ["dalian-2014:44", "wuhai-hainan-2023:56", "xishi-2024:30"], strict=True)],
)
def test_signed_by_principal_head(profile, cite):
    verdict = check_incoming(profile, replace(GOOD, signed_by="other"), CAL)
    assert refusal(verdict, "not_signed_by_principal_head").cite == cite


@pytest.mark.parametrize("profile", each("dawa-2017"))
def test_dawa_is_silent_on_the_signer_so_the_rule_is_inherited_without_a_cite(profile):
    reason = refusal(check_incoming(profile, replace(GOOD, signed_by="other"), CAL), "not_signed_by_principal_head")
    assert reason.cite is None and "本规则未作规定，沿用默认规则" in reason.message


@pytest.mark.parametrize("profile", each("dalian-2014"))
def test_dalian_44_presiding_head_signs_only_while_the_head_is_away(profile):
    assert check_incoming(profile, replace(GOOD, signed_by="presiding_head", principal_head_absent=True), CAL).ok
    verdict = check_incoming(profile, replace(GOOD, signed_by="presiding_head"), CAL)
    assert refusal(verdict, "principal_head_not_absent").cite == "dalian-2014:44"


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023", "xishi-2024"))
def test_presiding_head_is_no_exception_elsewhere(profile):
    verdict = check_incoming(profile, replace(GOOD, signed_by="presiding_head", principal_head_absent=True), CAL)
    assert codes(verdict) == ["not_signed_by_principal_head"]


@pytest.mark.parametrize(
    "profile, cite",
    [pytest.param(*p.values, c, id=p.id) for p, c in zip(each(), ["law-gongwen-2012:15.4", "law-gongwen-2012:15.4", "wuhai-hainan-2023:56", "xishi-2024:27"], strict=True)],
)
def test_one_matter_per_request_and_no_request_in_a_report(profile, cite):
    assert refusal(check_incoming(profile, replace(GOOD, matter_count=2), CAL), "request_several_matters").cite == cite
    report = replace(GOOD, doc_type="report", contains_request=True)
    assert refusal(check_incoming(profile, report, CAL), "request_in_report").cite == cite
    assert check_incoming(profile, replace(report, contains_request=False), CAL).ok


@pytest.mark.parametrize("profile", each("dalian-2014"))
def test_dalian_50_not_to_party_committee_and_government_at_once(profile):
    verdict = check_incoming(profile, replace(GOOD, also_to_party_committee=True), CAL)
    assert refusal(verdict, "dual_request").cite == "dalian-2014:50"
    joint = check_incoming(profile, replace(GOOD, also_to_party_committee=True, joint_approval=True), CAL)
    assert refusal(joint, "joint_approval_government_first").cite == "dalian-2014:50"


@pytest.mark.parametrize("profile", each("dawa-2017", "wuhai-hainan-2023", "xishi-2024"))
def test_dual_request_rule_only_where_the_profile_has_it(profile):
    assert check_incoming(profile, replace(GOOD, also_to_party_committee=True), CAL).ok


@pytest.mark.parametrize("profile", each("dalian-2014"))
def test_dalian_45_lead_time_in_working_days(profile):
    # 2024-09-20 (Fri) → 2024-10-08: the National Day week is off, 9-29 is a 调休 workday: 8 workdays.
    late = replace(GOOD, sent_on=date(2024, 9, 20), decision_needed_by=date(2024, 10, 8))
    reason = refusal(check_incoming(profile, late, CAL), "lead_time_short")
    assert reason.cite == "dalian-2014:45" and "10个工作日" in reason.message and "8个工作日" in reason.message
    assert check_incoming(profile, replace(late, urgency="urgent"), CAL).ok
    assert check_incoming(profile, replace(late, decision_needed_by=date(2024, 10, 10)), CAL).ok
    tight = replace(late, decision_needed_by=date(2024, 9, 26), urgency="urgent")
    assert refusal(check_incoming(profile, tight, CAL), "lead_time_short").cite == "dalian-2014:45"
    special = replace(tight, urgency="extra_urgent")
    assert refusal(check_incoming(profile, special, CAL), "special_urgency_unexplained").cite == "dalian-2014:45"
    assert check_incoming(profile, replace(special, urgency_explained=True), CAL).ok


@pytest.mark.parametrize("profile", each("dawa-2017", "wuhai-hainan-2023", "xishi-2024"))
def test_no_lead_time_where_the_text_sets_none(profile):
    late = replace(GOOD, sent_on=date(2024, 9, 20), decision_needed_by=date(2024, 9, 23))
    assert check_incoming(profile, late, CAL).ok


@pytest.mark.parametrize(
    "profile, cite",
    [pytest.param(*p.values, c, id=p.id) for p, c in zip(each(), ["dawa-2017:43", "dalian-2014:44", "wuhai-hainan-2023:57", "xishi-2024:29"], strict=True)],
)
def test_touching_other_departments_needs_countersign_or_recorded_disagreement(profile, cite):
    touching = replace(GOOD, touches_departments=("区财政局", "区自然资源局"))
    verdict = check_incoming(profile, touching, CAL)
    assert codes(verdict) == ["countersign_missing", "countersign_missing"]
    assert all(r.cite == cite for r in verdict.reasons)
    half = Disagreement("区自然资源局", their_reasons="用地指标不足", our_reasons="", proposal="")
    verdict = check_incoming(profile, replace(touching, countersigned_by=("区财政局",), disagreements=(half,)), CAL)
    assert refusal(verdict, "disagreement_incomplete").cite == cite
    full = replace(half, our_reasons="项目已列入年度计划", proposal="请区政府协调用地指标")
    assert check_incoming(profile, replace(touching, countersigned_by=("区财政局",), disagreements=(full,)), CAL).ok


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023"))
def test_hainan_57_request_to_issue_carries_a_legality_statement(profile):
    verdict = check_incoming(profile, replace(GOOD, asks_to_issue=True), CAL)
    assert refusal(verdict, "legality_statement_missing").cite == "wuhai-hainan-2023:57"
    assert check_incoming(profile, replace(GOOD, asks_to_issue=True, legality_statement=True), CAL).ok


@pytest.mark.parametrize("profile", each("dawa-2017", "dalian-2014", "xishi-2024"))
def test_legality_statement_only_where_the_profile_says(profile):
    assert check_incoming(profile, replace(GOOD, asks_to_issue=True), CAL).ok


@pytest.mark.parametrize(
    "profile, cite",
    [pytest.param(*p.values, c, id=p.id) for p, c in zip(each(), ["law-gongwen-2012:24.3", "law-gongwen-2012:24.3", "wuhai-hainan-2023:63", "law-gongwen-2012:24.3"], strict=True)],
)
def test_nonconforming_documents_are_returned_under(profile, cite):
    assert return_cite(profile) == cite


@pytest.mark.parametrize("profile", each())
def test_every_reason_is_listed(profile):
    bad = replace(GOOD, addressed_to="leader", matter_count=3, touches_departments=("区财政局",))
    assert {"addressed_to_leader", "request_several_matters", "countersign_missing"} <= set(codes(check_incoming(profile, bad, CAL)))
