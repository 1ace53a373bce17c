"""The topic pipeline (议题) per article: who proposes, written consultation and disagreement
(海南区 50), legality review first, materials N working days before (海南区 51), the approval
order (大洼 37, 大连 38, 西市 21)."""

from __future__ import annotations

from datetime import date

import pytest

from zhengwu.meetings.rules import (
    TOPIC_STATES,
    TOPIC_TRANSITIONS,
    Consultation,
    Topic,
    advance,
    check_proposer,
    late_topic_approver,
    materials_due,
    pipeline_steps,
)
from zhengwu.rulebook.profile import load_profile

R = frozenset


def test_state_machine_is_declared():
    for t in TOPIC_TRANSITIONS.values():
        assert t.target in TOPIC_STATES and set(t.sources) <= set(TOPIC_STATES)


@pytest.mark.parametrize(
    "profile_id, proposer, ok, cite",
    [
        ("dawa-2017", {"lead_department"}, True, None),
        ("dawa-2017", {"deputy", "oversight_deputy"}, False, "dawa-2017:37"),
        ("wuhai-hainan-2023", {"lead_department"}, True, None),
        ("xishi-2024", {"deputy", "oversight_deputy"}, True, None),
        ("xishi-2024", {"lead_department"}, False, "xishi-2024:21"),
    ],
    ids=["dawa-2017-department", "dawa-2017-deputy", "wuhai-hainan-2023-department", "xishi-2024-deputy", "xishi-2024-department"],
)
def test_executive_topic_proposers(profile_id, proposer, ok, cite):
    verdict = check_proposer(load_profile(profile_id), "executive", R(proposer))
    assert verdict.ok is ok
    if not ok:
        assert verdict.reasons[0].cite == cite and verdict.reasons[0].code == "meetings.proposer_not_allowed"


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_unresolved_disagreement_article_50(profile_id, calendar):
    profile = load_profile(profile_id)
    topic = Topic("executive")
    topic, v = advance(profile, topic, "consult", departments=["区财政局", "区自然资源局"])
    assert v.ok and topic.state == "consulting"
    topic, v = advance(profile, topic, "answer", consultation=Consultation("区财政局", True))
    topic, v = advance(profile, topic, "answer", consultation=Consultation("区自然资源局", False, "用地指标不足"))
    meeting = date(2024, 6, 20)
    topic = _with(topic, materials_on=date(2024, 6, 3))
    blocked, v = advance(profile, topic, "submit", meeting_day=meeting, calendar=calendar)
    assert not v.ok and blocked == topic
    assert [r.code for r in v.reasons] == ["meetings.unresolved_disagreement"]
    assert v.reasons[0].cite == "wuhai-hainan-2023:50" and "第五十条" in v.reasons[0].message
    topic, v = advance(profile, topic, "escalate")
    assert topic.state == "coordinating"
    # only the 分管副区长 coordinates (海南区 50)
    same, v = advance(profile, topic, "coordinate", actor=R({"deputy"}), coordinated=True)
    assert not v.ok and v.reasons[0].cite == "wuhai-hainan-2023:50"
    topic, v = advance(profile, topic, "coordinate", actor=R({"deputy", "oversight_deputy"}), coordinated=False)
    assert v.ok and topic.state == "consulting"
    _, v = advance(profile, topic, "submit", meeting_day=meeting, calendar=calendar)
    assert "经协调仍未取得一致" in v.reasons[0].message
    topic, _ = advance(profile, _with(topic, state="coordinating"), "coordinate", actor=R({"oversight_deputy"}), coordinated=True)
    topic, v = advance(profile, topic, "submit", meeting_day=meeting, calendar=calendar)
    assert v.ok and topic.state == "submitted"


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_disagreement_not_refused_where_text_silent(profile_id, calendar):
    """大连 has no 「未协商一致的议题不提交会议」: the disagreement is recorded, not a bar."""
    profile = load_profile(profile_id)
    topic = Topic("executive", consultations=(Consultation("市财政局", False),), materials_on=date(2024, 6, 3))
    topic, v = advance(profile, topic, "submit", meeting_day=date(2024, 6, 20), calendar=calendar)
    assert v.ok


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_open_consultation_blocks_submission(profile_id, calendar):
    profile = load_profile(profile_id)
    topic = Topic("executive", state="consulting", consultations=(Consultation("区财政局"),), materials_on=date(2024, 6, 3))
    _, v = advance(profile, topic, "submit", meeting_day=date(2024, 6, 20), calendar=calendar)
    assert [r.code for r in v.reasons] == ["meetings.consultation_open"]


@pytest.mark.parametrize(
    "profile_id, cite",
    [("wuhai-hainan-2023", "wuhai-hainan-2023:50"), ("dawa-2017", "dawa-2017:17"), ("dalian-2014", "dalian-2014:48")],
    ids=["wuhai-hainan-2023", "dawa-2017", "dalian-2014"],
)
def test_legality_review_first(profile_id, cite, calendar):
    profile = load_profile(profile_id)
    topic = Topic("executive", needs_legality_review=True, materials_on=date(2024, 6, 3))
    _, v = advance(profile, topic, "submit", meeting_day=date(2024, 6, 20), calendar=calendar)
    assert [r.code for r in v.reasons] == ["meetings.legality_review_missing"]
    assert v.reasons[0].cite == cite
    _, v = advance(profile, _with(topic, legality_reviewed=True), "submit", meeting_day=date(2024, 6, 20), calendar=calendar)
    assert v.ok


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_materials_seven_workdays_article_51(profile_id, calendar):
    """海南区 51: 会前7个工作日. For a meeting on Thursday 2024-10-10 the seventh working day
    before is 2024-09-25 (the National Day week skipped, the 调休 Sunday 9-29 counted)."""
    profile = load_profile(profile_id)
    meeting = date(2024, 10, 10)
    assert materials_due(profile, "executive", meeting, calendar) == date(2024, 9, 25)
    on_time = Topic("executive", materials_on=date(2024, 9, 25))
    assert advance(profile, on_time, "submit", meeting_day=meeting, calendar=calendar)[1].ok
    late = Topic("executive", materials_on=date(2024, 9, 26))
    same, v = advance(profile, late, "submit", meeting_day=meeting, calendar=calendar)
    assert same is late
    assert [r.code for r in v.reasons] == ["meetings.materials_late"]
    assert v.reasons[0].cite == "wuhai-hainan-2023:51"
    assert "特殊情况下会前临时受理议题" in v.reasons[0].message
    # the exception opens with the recorded consent of its approver (the text names none: the chair)
    assert late_topic_approver(profile, "executive") == "chair"
    topic, v = advance(profile, _with(late, late_consent=True), "submit", meeting_day=meeting, calendar=calendar)
    assert v.ok and topic.state == "submitted"


@pytest.mark.parametrize("profile_id", ["dawa-2017", "dalian-2014", "xishi-2024"])
def test_materials_before_meeting_where_no_lead_days(profile_id, calendar):
    profile = load_profile(profile_id)
    meeting = date(2024, 6, 20)
    assert materials_due(profile, "executive", meeting, calendar) is None
    assert advance(profile, Topic("executive", materials_on=date(2024, 6, 19)), "submit", meeting_day=meeting, calendar=calendar)[1].ok
    _, v = advance(profile, Topic("executive", materials_on=meeting), "submit", meeting_day=meeting, calendar=calendar)
    assert v.reasons[0].code == "meetings.materials_late"
    _, v = advance(profile, Topic("executive"), "submit", meeting_day=meeting, calendar=calendar)
    assert v.reasons[0].code == "meetings.materials_missing"


@pytest.mark.parametrize(
    "profile_id, order, cite",
    [
        ("dalian-2014", ["office", "secretary_general", "executive_deputy", "head"], "dalian-2014:38"),
        ("dawa-2017", ["oversight_deputy", "standing_observers", "office", "deputy", "standing_observers", "head"], "dawa-2017:37"),
        ("xishi-2024", ["office", "head"], "xishi-2024:21"),
        ("wuhai-hainan-2023", ["office"], "wuhai-hainan-2023:50"),
    ],
    ids=["dalian-2014", "dawa-2017", "xishi-2024", "wuhai-hainan-2023"],
)
def test_executive_approval_order(profile_id, order, cite, calendar):
    profile = load_profile(profile_id)
    assert [s.by for s in pipeline_steps(profile, "executive")] == order
    topic = Topic("executive", state="submitted")
    # the last step's post cannot jump the queue
    if len(order) > 1:
        _, v = advance(profile, topic, "take_step", actor=R({order[-1]}))
        assert v.reasons[0].code == "meetings.wrong_step_actor" and v.reasons[0].cite == cite
    for by in order:
        topic, v = advance(profile, topic, "take_step", actor=R({by}) if by != "standing_observers" else R({"office"}))
        assert v.ok, v
    assert topic.state == "approved"
    topic = _with(topic, materials_on=date(2024, 6, 3))
    if profile.meeting("executive").documents_finalized_by is not None:  # 大连 38, 西市 21: 审定 first
        _, v = advance(profile, topic, "schedule", meeting_day=date(2024, 6, 20), calendar=calendar)
        assert not v.ok and v.reasons[0].cite == cite.split(":")[0] + ":" + ("38" if profile_id == "dalian-2014" else "21")
        topic = _with(topic, documents_reviewed=True, documents_finalized=True)
    topic, v = advance(profile, topic, "schedule", meeting_day=date(2024, 6, 20), calendar=calendar)
    assert v.ok and topic.state == "scheduled"


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_illegal_transition_refused(profile_id):
    _, v = advance(load_profile(profile_id), Topic("executive"), "schedule")
    assert v.reasons[0].code == "meetings.illegal_transition"


def _with(topic, **changes):
    from dataclasses import replace

    return replace(topic, **changes)
