"""A topic whose materials are in is work for the post of its next step (大连 41's pipeline),
and drafted minutes are work for their signer."""

from __future__ import annotations

from sqlalchemy import select

from meeting_support import china, seed_gov, seen
from zhengwu.meetings import minutes_flow, rules, scheduling, topic_flow
from zhengwu.notices.models import Notice
from zhengwu.rulebook.profile import load_profile

BY = {"office": "sun", "secretary_general": "office", "executive_deputy": "exec", "head": "head",
      "oversight_deputy": "exec", "deputy": "dep1", "standing_observers": "sun"}


def _whats(gov, who: str) -> list[str]:
    with gov.db.read() as session:
        return list(session.execute(select(Notice.what).where(Notice.user_id == gov.user(who).id)
                                    .order_by(Notice.id)).scalars())


def test_each_step_of_a_topic_and_the_minutes_reach_the_post_that_takes_them(db, make_tenant):
    gov = seed_gov(db, make_tenant, "dalian-2014")
    finance = gov.department("财政局")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 3, 21, 9), ends_at=china(2024, 3, 21, 11),
        chair_id=gov.user("head").id))
    topic = gov.run("czj", "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind="executive", title="关于农村公路养护资金安排的议题", lead_department_id=finance.id))
    steps = rules.pipeline_steps(load_profile("dalian-2014"), "executive")
    assert steps
    assert all("议题待审核" not in _whats(gov, BY[s.by]) for s in steps)  # nothing to review before the materials
    gov.run("czj", "meetings.submit_materials", lambda uow: topic_flow.submit_materials(
        uow, topic_id=topic.id, meeting_id=meeting.id, materials="资金安排方案", expected_version=seen(uow, topic_id=topic.id)), now=china(2024, 3, 4, 10))
    for step in steps:
        who = BY[step.by]
        assert _whats(gov, who)[-1:] == ["议题待审核"], (step, _whats(gov, who))
        gov.run(who, "meetings.topic_step", lambda uow: topic_flow.take_step(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))

    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[gov.user(w).id for w in ("head", "exec", "dep1", "dep2")], expected_version=seen(uow, meeting_id=meeting.id)),
        now=china(2024, 3, 21, 12))
    gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting.id, body="会议研究了农村公路养护资金安排。", expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 3, 21, 15))
    assert _whats(gov, "head")[-1] == "纪要待签发"
