"""会议材料 as files count as materials reaching the office on the day they are uploaded: after
the topic is put to a meeting, a file uploaded past the cut-off (海南区第五十一条: 会前 7 个工作日)
is refused with the article, like materials on paper; only the proposer's side or the office files
them; once the meeting is held they are fixed."""

from __future__ import annotations

import pytest

import files_support as make
from meeting_support import china, seed_gov, seen
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.limits import Limits
from zhengwu.core.verdict import RuleViolation
from zhengwu.files import service as files
from zhengwu.meetings import scheduling, topic_flow

MEETING = china(2024, 3, 21, 9)
ON_TIME = china(2024, 3, 4, 10)
LATE = china(2024, 3, 15, 10)


def test_materials_uploaded_after_the_cut_off_are_refused_hainan_51(db, make_tenant, store):
    gov = seed_gov(db, make_tenant, "wuhai-hainan-2023")
    finance = gov.department("财政局")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=MEETING, ends_at=china(2024, 3, 21, 11),
        chair_id=gov.user("head").id, location="三楼会议室"), now=ON_TIME)
    topic = gov.run("czj", "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind="executive", title="关于2024年农村公路养护资金安排的议题", lead_department_id=finance.id),
        now=ON_TIME)

    def upload(who, now, name="资金安排方案.pdf"):
        return gov.run(who, "files.upload", lambda uow: files.upload(
            uow, store, Limits(), object_type="topic", object_id=topic.id, kind="material", name=name,
            data=make.pdf()), now=now)

    assert upload("czj", ON_TIME).kind == "material"
    with pytest.raises(PermissionDenied):
        upload("dep1", ON_TIME)
    gov.run("czj", "meetings.submit_materials", lambda uow: topic_flow.submit_materials(
        uow, topic_id=topic.id, meeting_id=meeting.id, materials="资金安排方案", expected_version=seen(uow, topic_id=topic.id)), now=ON_TIME)
    with pytest.raises(RuleViolation) as refused:
        upload("czj", LATE, "补充测算.pdf")
    reason = refused.value.verdict.reasons[0]
    assert reason.code == "meetings.materials_late" and reason.cite == "wuhai-hainan-2023:51"
    assert "2024-03-12" in reason.message
    # With the chair's recorded consent to the late topic, the late file is taken.
    gov.run("head", "meetings.consent_late_topic", lambda uow: topic_flow.consent_late_topic(
        uow, topic_id=topic.id, meeting_id=meeting.id, note="汛期前须定，临时受理", expected_version=seen(uow, topic_id=topic.id)), now=LATE)
    assert upload("czj", LATE, "补充测算.pdf").name == "补充测算.pdf"
