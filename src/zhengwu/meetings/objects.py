"""What the meetings domain answers about the files of a topic or a meeting (会议材料), registered
in wiring.install(): every member reads them as they read the meeting pages; a topic's materials
are filed by its proposer, its lead department or the office, and a file counts as materials
reaching the office on the day it is uploaded, so the cut-off (会前 N 个工作日, with its named
late-topic exception) applies to it as to materials sent on paper; a meeting's own materials are
the office's, before the meeting opens. Once the meeting is held they are fixed."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from zhengwu.calendar import china_date, default_calendar
from zhengwu.core.objects import Access
from zhengwu.core.verdict import Verdict
from zhengwu.meetings import rules, topic_flow
from zhengwu.meetings.scene import pinned, roles_of, scene_for
from zhengwu.meetings.models import Meeting, Topic
from zhengwu.rulebook.provenance import refusal, rule_of

KINDS = ("material",)


def _held(meeting: Meeting | None) -> Verdict:
    if meeting is not None and meeting.state in ("held", "cancelled"):
        done = "已召开" if meeting.state == "held" else "已取消"
        return Verdict.refused("files.meeting_over", f"会议「{meeting.title}」{done}，会议材料以会上所用为准，不能再更改或删除。")
    return Verdict.passed()


def topic_access(session: Session, tenant_id: int, user_id: int | None, object_id: int, kind: str | None,
                 at: datetime) -> Access | None:
    topic = session.get(Topic, object_id)
    if topic is None or topic.tenant_id != tenant_id:
        return None
    scene = pinned(session, scene_for(session, tenant_id, at), topic)
    roles = roles_of(scene, user_id, department_id=topic.lead_department_id) if user_id else frozenset()
    editor = Verdict.passed() if user_id == topic.proposer_id or roles & {"office", "lead_department"} else Verdict.refused(
        "files.not_proposer", "议题材料由议题的提出人、主办部门或政府办公室报送。")
    meeting = session.get(Meeting, topic.meeting_id) if topic.meeting_id else None
    frozen = _held(meeting)
    if not frozen.ok:
        open_ = frozen
    elif topic.state == "withdrawn":
        open_ = Verdict.refused("files.topic_withdrawn", "议题已撤回，不能再报送材料。")
    elif meeting is not None:
        # The upload is the materials reaching the office today: the same cut-off as on paper.
        facts = replace(topic_flow._rule_topic(session, topic), materials_on=china_date(at))
        open_ = rules.check_materials(scene.profile, facts, china_date(meeting.starts_at), default_calendar())
    else:
        open_ = Verdict.passed()
    return Access(label=f"议题「{topic.title}」", path=f"topics/{topic.id}", kinds=KINDS, readable=True,
                  editor=editor, open=open_, frozen=frozen)


def meeting_access(session: Session, tenant_id: int, user_id: int | None, object_id: int, kind: str | None,
                   at: datetime) -> Access | None:
    meeting = session.get(Meeting, object_id)
    if meeting is None or meeting.tenant_id != tenant_id:
        return None
    scene = scene_for(session, tenant_id, at)
    roles = roles_of(scene, user_id, meeting=meeting) if user_id else frozenset()
    editor = Verdict.passed() if "office" in roles else Verdict.refused(
        "files.not_organiser", "会议材料由政府办公室在会前送达与会人员。")
    frozen = _held(meeting)
    leaf = block.materials_before_meeting if (block := scene.profile.meeting(meeting.kind)) else None
    if not frozen.ok:
        open_ = frozen
    elif at >= meeting.starts_at and leaf is not None and leaf.value:
        open_ = refusal("meetings.materials_after_start", "会议材料应在会前送达与会人员，会议已开始", rule_of(scene.profile, leaf))
    else:
        open_ = Verdict.passed()
    return Access(label=f"会议「{meeting.title}」", path=f"meetings/{meeting.id}", kinds=KINDS, readable=True,
                  editor=editor, open=open_, frozen=frozen)
