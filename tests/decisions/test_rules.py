"""Major decisions, per article of each complete seed: refused at each missing step, decided
when complete, and only by a meeting the profile names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from zhengwu.decisions import rules
from zhengwu.decisions.rules import Decision, DecisionState, Responsible, StepRecord
from zhengwu.rulebook.profile import load_profile

COMPLETE = ["dawa-2017", "dalian-2014", "wuhai-hainan-2023", "xishi-2024"]
# The article each seed lists the required steps in, and the one on stability risk assessment.
STEPS_CITE = {"dawa-2017": "dawa-2017:20", "dalian-2014": "dalian-2014:21",
              "wuhai-hainan-2023": "wuhai-hainan-2023:27", "xishi-2024": "xishi-2024:11"}
STABILITY_CITE = {"dawa-2017": "dawa-2017:22", "dalian-2014": "dalian-2014:23",
                  "wuhai-hainan-2023": "wuhai-hainan-2023:29", "xishi-2024": "xishi-2024:28"}
DECIDED_BY_CITE = {"dawa-2017": "dawa-2017:21", "dalian-2014": "dalian-2014:22",
                   "wuhai-hainan-2023": "wuhai-hainan-2023:28", "xishi-2024": "xishi-2024:18"}
MEETING = date(2024, 6, 20)
PEOPLE = (Responsible("王明", "决策承办单位主要负责人"), Responsible("李强", "区长"))


def record(step: str, **extra) -> StepRecord:
    if step == "public_participation":
        extra = {"opened_on": date(2024, 4, 1), "closed_on": date(2024, 5, 1), **extra}
    return StepRecord(step, extra.pop("done_on", date(2024, 5, 10)), f"{step} 材料", **extra)


ALL_STEPS = ["public_participation", "expert_review", "risk_assessment", "legality_review",
             "stability_risk_assessment", "hearing", "party_committee_report", "consultation"]


def complete(**overrides) -> DecisionState:
    values = dict(title="老旧小区改造三年计划", touches_public_interest=True, listed_in_catalog=True,
                  steps=tuple(record(s) for s in ALL_STEPS))
    values.update(overrides)
    return DecisionState(**values)


def without(step: str) -> DecisionState:
    return complete(steps=tuple(record(s) for s in ALL_STEPS if s != step))


@pytest.mark.parametrize("profile_id", COMPLETE)
def test_decided_when_every_step_is_recorded(profile_id):
    verdict = rules.check_decide(load_profile(profile_id), complete(), Decision("executive", MEETING, PEOPLE))
    assert verdict.ok, verdict.reasons


@pytest.mark.parametrize(("profile_id", "step"), [
    pytest.param(p, s, id=f"{STEPS_CITE[p]}-{s}")
    for p in COMPLETE for s in ["public_participation", "expert_review", "risk_assessment", "legality_review"]])
def test_refused_at_each_missing_step(profile_id, step):
    profile = load_profile(profile_id)
    verdict = rules.check_ready(profile, without(step), MEETING)
    assert not verdict.ok
    assert [(r.code, r.cite) for r in verdict.reasons] == [(f"missing_{step}", STEPS_CITE[profile_id])]
    assert rules.STEP_LABELS[step] in verdict.reasons[0].message
    assert "依据《" in verdict.reasons[0].message
    assert not rules.check_decide(profile, without(step), Decision("plenary", MEETING, PEOPLE)).ok


@pytest.mark.parametrize(("step", "article"), [("public_participation", "第十四条"), ("expert_review", "第十九条"),
                                             ("risk_assessment", "第二十二条"), ("legality_review", "第二十五条")])
def test_missing_step_refusal_names_the_national_regulation_too(step, article):
    """A refusal resting on 《重大行政决策程序暂行条例》 names it beside the local article."""
    verdict = rules.check_ready(load_profile("dawa-2017"), without(step), MEETING)
    message = verdict.reasons[0].message
    assert "《盘锦市大洼区人民政府工作规则》第二十条" in message
    assert f"《重大行政决策程序暂行条例》{article}" in message


@pytest.mark.parametrize(("profile_id", "step"), [
    pytest.param(p, s, id=f"{STABILITY_CITE[p]}-{s}") for p in COMPLETE for s in ["stability_risk_assessment", "hearing"]])
def test_public_interest_needs_stability_assessment_and_hearing(profile_id, step):
    profile = load_profile(profile_id)
    verdict = rules.check_ready(profile, without(step))
    assert [(r.code, r.cite) for r in verdict.reasons] == [(f"missing_{step}", STABILITY_CITE[profile_id])]
    # A decision that does not touch the public interest does not need them.
    assert rules.check_ready(profile, replace(without(step), touches_public_interest=False)).ok


@pytest.mark.parametrize("profile_id", [pytest.param(p, id=f"{DECIDED_BY_CITE[p]}") for p in COMPLETE])
@pytest.mark.parametrize("kind", ["head_office", "topical", "party_group"])
def test_only_plenary_or_executive_decides(profile_id, kind):
    verdict = rules.check_decide(load_profile(profile_id), complete(), Decision(kind, MEETING, PEOPLE))
    assert [(r.code, r.cite) for r in verdict.reasons] == [("wrong_meeting", DECIDED_BY_CITE[profile_id])]
    assert "常务会议" in verdict.reasons[0].message


@pytest.mark.parametrize("profile_id", COMPLETE)
def test_comment_period_at_least_30_days_unless_shortened_for_urgency(profile_id):
    profile = load_profile(profile_id)
    short = record("public_participation", closed_on=date(2024, 4, 30))  # 29 days
    verdict = rules.check_step_record(profile, short, date(2024, 6, 1))
    assert [(r.code, r.cite) for r in verdict.reasons] == [("comment_period_short", "law-decision-2019:15")]
    assert "29 日" in verdict.reasons[0].message
    urgent = record("public_participation", closed_on=date(2024, 4, 30), shortened_reason="汛期前须完工，情况紧急")
    assert rules.check_step_record(profile, urgent, date(2024, 6, 1)).ok
    assert rules.check_step_record(profile, record("public_participation"), date(2024, 6, 1)).ok


def test_steps_recorded_after_the_meeting_do_not_count():
    profile = load_profile("dawa-2017")
    steps = tuple(record(s, done_on=date(2024, 6, 21)) if s == "legality_review" else record(s) for s in ALL_STEPS)
    verdict = rules.check_decide(profile, complete(steps=steps), Decision("executive", MEETING, PEOPLE))
    assert [(r.code, r.cite) for r in verdict.reasons] == [("late_legality_review", "dawa-2017:20")]


def test_step_needs_evidence_and_may_not_be_in_the_future():
    profile = load_profile("dalian-2014")
    verdict = rules.check_step_record(profile, StepRecord("expert_review", date(2024, 7, 1), "  "), date(2024, 6, 1))
    assert [r.code for r in verdict.reasons] == ["evidence_missing", "step_in_future"]


def test_hainan_catalogue_article_27():
    profile = load_profile("wuhai-hainan-2023")
    verdict = rules.check_ready(profile, complete(listed_in_catalog=False))
    assert [(r.code, r.cite) for r in verdict.reasons] == [("not_in_catalog", "wuhai-hainan-2023:27")]
    # 大洼 has no catalogue rule.
    assert rules.check_ready(load_profile("dawa-2017"), complete(listed_in_catalog=False)).ok


def test_hainan_lifelong_responsibility_article_44():
    profile = load_profile("wuhai-hainan-2023")
    verdict = rules.check_decide(profile, complete(), Decision("executive", MEETING, ()))
    assert [(r.code, r.cite) for r in verdict.reasons] == [("responsible_missing", "wuhai-hainan-2023:44")]
    assert rules.check_decide(load_profile("dawa-2017"), complete(), Decision("executive", MEETING, ())).ok


def test_implementation_and_post_evaluation_follow_the_decision():
    profile = load_profile("dawa-2017")
    open_state = complete()
    assert [(r.code, r.cite) for r in rules.check_implementation_report(profile, open_state).reasons] == [
        ("not_decided", "dawa-2017:22")]
    assert rules.check_post_evaluation(open_state, "评估报告").reasons[0].cite == "law-decision-2019:36"
    decided = complete(decided=True)
    assert rules.check_implementation_report(profile, decided).ok
    assert rules.check_post_evaluation(decided, "评估报告").ok
    assert rules.check_decide(profile, decided, Decision("executive", MEETING, PEOPLE)).reasons[0].code == "already_decided"


@pytest.mark.parametrize(("profile_id", "cite"), [("xishi-2024", "xishi-2024:8"), ("wuhai-hainan-2023", "wuhai-hainan-2023:3")])
def test_reported_to_the_party_committee_before_deciding(profile_id, cite):
    """西市 8、40 「重大决策、重大事项、重要情况，必须向区委请示报告」; 海南区 3: a decision not yet reported
    to the Party committee is not put to the meeting; 大洼 and 大连 say nothing of it."""
    verdict = rules.check_ready(load_profile(profile_id), without("party_committee_report"), MEETING)
    assert [(r.code, r.cite) for r in verdict.reasons] == [("missing_party_committee_report", cite)]
    assert rules.check_ready(load_profile("dawa-2017"), without("party_committee_report"), MEETING).ok


@pytest.mark.parametrize(("profile_id", "cite"), [("dawa-2017", "dawa-2017:22"), ("dalian-2014", "dalian-2014:23"),
                                                  ("wuhai-hainan-2023", "wuhai-hainan-2023:29"), ("xishi-2024", "xishi-2024:28"),
                                                  ("wolong-2018", "wolong-2018:22")])
def test_departments_and_localities_consulted_before_deciding(profile_id, cite):
    """大洼 22 「涉及相关部门的，应当充分协商；涉及各地的，应当事先征求意见」 and its kin in the
    other texts: not put to the meeting until the consultation (or that none is touched) is recorded."""
    verdict = rules.check_ready(load_profile(profile_id), without("consultation"), MEETING)
    assert ("missing_consultation", cite) in [(r.code, r.cite) for r in verdict.reasons]
