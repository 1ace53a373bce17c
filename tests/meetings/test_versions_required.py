"""Versions required (issue 11, point 5): every mutating use case of the meetings domain takes the
version of the object the person saw — the meeting, topic, minutes or request, or the child row
when it has its own (an attendance row, a resolution) — with no default, and a stale one is
refused (409) with nothing changed, for the child rows as for their parents."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from sqlalchemy import func, select

import zhengwu.meetings
from meeting_support import china, seen
from zhengwu.core.errors import StaleVersion
from zhengwu.meetings import absences, conference_approval, minutes_flow, scheduling, topic_flow
from zhengwu.meetings.models import Attendance, Consultation, Minutes, MinutesSignature, Resolution

# Functions of the domain taking a unit of work that change no versioned object a person saw.
NOT_ON_A_SEEN_OBJECT = {
    # A new root object, made from nothing the person saw (a repeated submit is caught by the
    # Idempotency-Key, not by a version).
    "zhengwu.meetings.scheduling.schedule_meeting": "creates a meeting",
    "zhengwu.meetings.topic_flow.propose_topic": "creates a topic",
    "zhengwu.meetings.conference_approval.request_conference": "creates a conference request",
    "zhengwu.meetings.department_meetings.request_department_meeting": "creates a department meeting request",
    "zhengwu.meetings.department_meetings.issue_attendance_bulletin": "issues a new bulletin for a period",
    # The person's own calendar link: a new one replaces the old, it has no version.
    "zhengwu.meetings.feeds.create_feed": "the person's own calendar link",
    "zhengwu.meetings.feeds.revoke_feed": "the person's own calendar link",
    # Run by the platform inside a use case or the publisher's transaction, never by a person.
    "zhengwu.meetings.handlers.link_task": "event handler (supervision's TaskOpened)",
    "zhengwu.meetings.notify.topic_waiting": "publishes a notice inside the use case",
    "zhengwu.meetings.notify.minutes_waiting": "publishes a notice inside the use case",
    "zhengwu.meetings.notify.documents_waiting": "publishes a notice inside the use case",
    "zhengwu.meetings.demo.seed_meetings": "demo seeder (calls the use cases with versions)",
    # Reads who acts; changes nothing.
    "zhengwu.meetings.scene.person": "the acting person's id",
}


def _mutating_functions():
    """Every public function of a meetings module whose first parameter is the unit of work."""
    found = {}
    for info in pkgutil.iter_modules(zhengwu.meetings.__path__):
        module = importlib.import_module(f"zhengwu.meetings.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = list(inspect.signature(fn).parameters.values())
            if params and params[0].name == "uow":
                found[f"{module.__name__}.{name}"] = params
    return found


def _problems(found: dict) -> list[str]:
    wrong = []
    for name, params in sorted(found.items()):
        if name in NOT_ON_A_SEEN_OBJECT:
            continue
        version = next((p for p in params if p.name == "expected_version"), None)
        if version is None:
            wrong.append(f"{name}: no expected_version")
        elif version.default is not inspect.Parameter.empty or version.kind is not inspect.Parameter.KEYWORD_ONLY:
            wrong.append(f"{name}: expected_version has a default or is positional")
    return wrong


def test_every_mutating_use_case_requires_the_version_seen():
    found = _mutating_functions()
    assert "zhengwu.meetings.topic_flow.take_step" in found and "zhengwu.meetings.minutes_flow.add_resolution" in found
    assert _problems(found) == []
    assert sorted(set(NOT_ON_A_SEEN_OBJECT) - set(found)) == []  # no exemption outlives its function


def test_the_walker_sees_an_optional_or_missing_version():
    """The check above fails on the very things it forbids (a check that finds nothing proves nothing)."""
    def optional(uow, *, topic_id: int, expected_version: int | None = None):
        return None

    def missing(uow, *, topic_id: int):
        return None

    def required(uow, *, topic_id: int, expected_version: int):
        return None

    found = {name: list(inspect.signature(fn).parameters.values())
             for name, fn in (("optional", optional), ("missing", missing), ("required", required))}
    assert _problems(found) == ["missing: no expected_version", "optional: expected_version has a default or is positional"]


def _count(gov, model, **where) -> int:
    with gov.db.read() as session:
        query = select(func.count()).select_from(model).where(*(getattr(model, k) == v for k, v in where.items()))
        return session.execute(query).scalar_one()


def _held_meeting(gov):
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 3, 21, 9), ends_at=china(2024, 3, 21, 11),
        chair_id=head.id))
    return meeting, head


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_stale_child_rows_are_refused(make_gov, profile_id):
    gov = make_gov(profile_id)
    meeting, head = _held_meeting(gov)
    held = china(2024, 3, 21, 12)  # the meeting's day, after it

    # 请假: the person's own attendance row, as their page showed it
    row = gov.run("exec", "meetings.request_absence", lambda uow: absences.request_absence(
        uow, meeting_id=meeting.id, reason="出差", expected_version=seen(uow, own_attendance=meeting.id)))
    with pytest.raises(StaleVersion):
        gov.run("exec", "meetings.request_absence", lambda uow: absences.request_absence(
            uow, meeting_id=meeting.id, reason="另有公务", expected_version=row.version - 1))
    with pytest.raises(StaleVersion):  # the approval of a request read before it was changed
        gov.run("head", "meetings.approve_absence", lambda uow: absences.decide_absence(
            uow, attendance_id=row.id, approve=True, expected_version=row.version - 1))
    with gov.db.read() as session:
        assert session.get_one(Attendance, row.id).absence_state == "requested"

    # 出席 and the minutes drafted from the meeting as the clerk saw it
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=meeting.version), now=held)  # (the absence changed its own row, not the meeting)
    with pytest.raises(StaleVersion):
        gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
            uow, meeting_id=meeting.id, body="议定", expected_version=meeting.version), now=held)  # read before it was held
    assert _count(gov, Minutes, meeting_id=meeting.id) == 0
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)), now=held)

    # 议定事项 written into the minutes as seen; a text edited since refuses the new row
    edited = gov.run("sun", "meetings.edit_minutes", lambda uow: minutes_flow.edit_minutes(
        uow, minutes_id=minutes.id, body="议定如下", expected_version=minutes.version), now=held)
    with pytest.raises(StaleVersion):
        gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
            uow, minutes_id=minutes.id, text="印发实施意见", department_id=gov.department("财政局").id,
            deadline=date(2024, 6, 30), document_title="关于财政资金管理的实施意见", expected_version=minutes.version), now=held)
    assert _count(gov, Resolution, meeting_id=meeting.id) == 0
    resolution = gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text="印发实施意见", department_id=gov.department("财政局").id,
        deadline=date(2024, 6, 30), document_title="关于财政资金管理的实施意见", expected_version=edited.version), now=held)

    # 签发 of minutes read before their text changed
    with pytest.raises(StaleVersion):
        gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(
            uow, minutes_id=minutes.id, expected_version=minutes.version), now=held)
    assert _count(gov, MinutesSignature, minutes_id=minutes.id) == 0

    # the resolution's own version: the document's arrival and issue
    reached = gov.run("sun", "meetings.record_to_office", lambda uow: minutes_flow.record_to_office(
        uow, resolution_id=resolution.id, reached_on=date(2024, 3, 22), expected_version=resolution.version),
        now=china(2024, 3, 25, 9))
    with pytest.raises(StaleVersion):
        gov.run("sun", "meetings.record_issue", lambda uow: minutes_flow.record_issue(
            uow, resolution_id=resolution.id, issued_on=date(2024, 3, 26), expected_version=resolution.version),
            now=china(2024, 3, 26, 9))
    with gov.db.read() as session:
        assert session.get_one(Resolution, resolution.id).issued_on is None
    gov.run("sun", "meetings.record_issue", lambda uow: minutes_flow.record_issue(
        uow, resolution_id=resolution.id, issued_on=date(2024, 3, 26), expected_version=reached.version),
        now=china(2024, 3, 26, 9))


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_a_stale_topic_refuses_its_consultation_answer(make_gov, profile_id):
    """A department's answer is a row of the topic: it takes the topic's version."""
    gov = make_gov(profile_id)
    finance, land = gov.department("财政局"), gov.department("自然资源局")
    topic = gov.run("czj", "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind="executive", title="关于道路养护的议题", lead_department_id=finance.id))
    consulted = gov.run("czj", "meetings.consult", lambda uow: topic_flow.consult_departments(
        uow, topic_id=topic.id, department_ids=[land.id], expected_version=topic.version))
    with pytest.raises(StaleVersion):
        gov.run("zrj", "meetings.answer_consultation", lambda uow: topic_flow.answer_consultation(
            uow, topic_id=topic.id, department_id=land.id, agrees=True, expected_version=topic.version))
    with gov.db.read() as session:
        assert session.execute(select(Consultation.agrees).where(Consultation.topic_id == topic.id)).scalar_one() is None
    gov.run("zrj", "meetings.answer_consultation", lambda uow: topic_flow.answer_consultation(
        uow, topic_id=topic.id, department_id=land.id, agrees=True, expected_version=consulted.version))


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_a_stale_conference_request_refuses_its_step(make_gov, profile_id):
    gov = make_gov(profile_id)
    request = gov.run("czj", "meetings.request_conference", lambda uow: conference_approval.request_conference(
        uow, department_id=gov.department("财政局").id, title="全区财政工作会议", held_on=date(2024, 4, 10),
        duration_minutes=60, speech_minutes=10))
    stepped = gov.run("sun", "meetings.approve_conference", lambda uow: conference_approval.approve_conference(
        uow, request_id=request.id, expected_version=request.version))
    with pytest.raises(StaleVersion):  # the deputy acting on the list as it was before the office's step
        gov.run("exec", "meetings.approve_conference", lambda uow: conference_approval.approve_conference(
            uow, request_id=request.id, expected_version=request.version))
    assert stepped.steps_done == 1
