"""A meeting type this government's text does not have, and a step with no person behind it, are
refused in Chinese before anything is stored (issue 11: strict Optional in the meetings domain —
`profile.meeting(kind)` may be None, and the system actor has no user id)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from meeting_support import china
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.meetings import feeds, rules, scheduling, topic_flow
from zhengwu.meetings.models import Meeting, Topic
from zhengwu.rulebook.profile import load_profile


def _count(gov, model) -> int:
    with gov.db.read() as session:
        return session.execute(select(func.count(model.id)).where(model.tenant_id == gov.tenant.id)).scalar_one()


def test_a_meeting_type_the_text_lacks_is_refused_in_chinese():
    """卧龙's rules know 全体会议 and 常务会议 only: a 首长办公会议 is refused by name, in Chinese."""
    profile = load_profile("wolong-2018")
    assert rules.meeting_type(profile, "executive") is profile.meeting("executive")
    with pytest.raises(RuleViolation) as refused:
        rules.meeting_type(profile, "head_office")
    [reason] = refused.value.verdict.reasons
    assert reason.code == "meetings.unknown_kind"
    assert reason.message == "本单位的工作规则没有「首长办公会议」这种会议。"


@pytest.mark.parametrize("profile_id", ["wolong-2018"])
def test_no_topic_or_meeting_of_a_type_the_text_lacks(make_gov, profile_id):
    gov = make_gov(profile_id)
    with pytest.raises(RuleViolation) as refused:
        gov.run("czj", "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
            uow, meeting_kind="head_office", title="关于道路养护的议题", lead_department_id=gov.department("财政局").id))
    assert refused.value.verdict.reasons[0].code == "meetings.unknown_kind"
    assert not re.search(r"[A-Za-z_]", refused.value.verdict.reasons[0].message)  # no code shown to the user
    head = gov.user("head")
    with pytest.raises(RuleViolation) as refused:
        gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
            uow, kind="head_office", title="区长办公会议", starts_at=china(2024, 3, 21, 9),
            ends_at=china(2024, 3, 21, 11), chair_id=head.id))
    assert refused.value.verdict.reasons[0].message == "本单位的工作规则没有「首长办公会议」这种会议。"
    assert _count(gov, Topic) == 0 and _count(gov, Meeting) == 0


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_the_system_takes_no_persons_step(make_gov, profile_id):
    """Proposing, asking leave, subscribing to one's calendar are a person's: the system actor (the
    command line, the deadline clock) has no post and is refused, nothing stored."""
    gov = make_gov(profile_id)
    with pytest.raises(PermissionDenied) as refused:
        gov.run(None, "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
            uow, meeting_kind="executive", title="关于道路养护的议题", lead_department_id=gov.department("财政局").id))
    assert refused.value.verdict.reasons[0].code == "meetings.person_required"
    assert refused.value.verdict.reasons[0].message == "会议事项须由本人以其职务办理，系统不能代为办理。"
    with pytest.raises(PermissionDenied):
        gov.run(None, "meetings.create_feed", feeds.create_feed)
    assert _count(gov, Topic) == 0
