"""Each domain's deadline fires by itself, once, as one audited system event with its cite:
a late 批示件 report (大连 51), an overdue supervision task and milestone (督查台账), an
unanswered disclosure request (《政府信息公开条例》第三十三条), a meeting's materials cut-off,
and a handler that keeps failing is left for the operator instead of looping."""

from __future__ import annotations

from datetime import date, datetime

from deadlines_support import fire_on, rows, system_events
from documents_support import at, seen_document

from zhengwu.calendar import CHINA_TZ
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.deadlines.processor import MAX_ATTEMPTS, fire_due
from zhengwu.deadlines.registry import Kind, Registry
from zhengwu.disclosure import service as disclosure
from zhengwu.documents import intake
from zhengwu.documents.models import Instruction
from zhengwu.supervision import service as supervision
from zhengwu.disclosure.rules import Application


def _instruction(office, **extra):
    zjj = office.department("zjj")
    request = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=zjj, doc_type="request", title="关于老旧小区改造项目资金的请示", body="妥否，请批示。",
        decision_needed_by=at(40).date()))
    office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))
    row = office.run("dep1", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, opinion="handle", text="请住建局抓紧办理并报告结果。", asks_report=True,
        handler_department_id=zjj, handler="住建局李科长", expected_version=seen_document(uow, request.id), **extra))
    return request, row


def test_a_late_instruction_report_is_flagged_and_reported_to_the_office_dalian_51(make_office):
    office = make_office("dalian-2014")
    request, row = _instruction(office)
    assert row.report_due == date(2024, 3, 14)  # 10 calendar days
    [deadline] = rows(office.db, office.tenant.id, "instruction_report")
    assert (deadline.start_on, deadline.count, deadline.unit, deadline.provisional) == (date(2024, 3, 4), 10, "days", False)
    fire_on(office.db, date(2024, 3, 14))  # the on-day 催办
    [firing] = fire_on(office.db, date(2024, 3, 15))
    assert (firing.kind, firing.stage, firing.action) == ("instruction_report", "expire", "deadline.overdue")
    event = system_events(office.db, office.tenant.id)[-1]
    assert (event.object_type, event.object_id, event.cite) == ("document", str(request.id), "dalian-2014:51")
    assert event.summary["detail"]["escalated_to"] == "政府办公室"
    # The late report, explained, closes it; nothing fires again.
    office.run("zjj", "document.report", lambda uow: intake.report_instruction(
        uow, instruction_id=row.id, expected_version=seen_document(uow, row.id, Instruction), text="已办结", late_explanation="需待省厅批复"), now=at(12))
    assert [(d.state, d.outcome) for d in rows(office.db, office.tenant.id, "instruction_report")] == [("done", "reported_late")]
    assert [f for f in fire_on(office.db, date(2024, 3, 30)) if f.kind == "instruction_report"] == []


def test_a_task_and_its_milestone_run_overdue_by_themselves_ledger(make_office):
    office = make_office("xishi-2024")
    zjj = office.department("zjj")
    task = office.run("office", "supervision.enter_task", lambda uow: supervision.enter_task(
        uow, source="work_report", reference="政府工作报告第3项", title="完成老旧小区改造", department_id=zjj,
        person="李科长", workdays=10))
    assert task.deadline == date(2024, 3, 18)
    office.run("office", "supervision.add_milestone", lambda uow: supervision.add_milestone(
        uow, task_id=task.id, title="完成方案", due=date(2024, 3, 8), expected_version=task.version))
    [deadline] = rows(office.db, office.tenant.id, "supervision_task")
    assert (deadline.start_on, deadline.count, deadline.unit) == (date(2024, 3, 4), 10, "workdays")
    assert [(f.kind, f.stage) for f in fire_on(office.db, date(2024, 3, 11))] == [("supervision_milestone", "expire")]
    # 催办 two working days before the time limit (Monday 03-18): Thursday 03-14.
    assert [(f.kind, f.stage) for f in fire_on(office.db, date(2024, 3, 14))] == [("supervision_task", "remind")]
    fired = fire_on(office.db, date(2024, 3, 19))
    assert [(f.kind, f.stage) for f in fired] == [("supervision_task", "expire")]
    overdue = [e for e in system_events(office.db, office.tenant.id) if e.action == "deadline.overdue"]
    assert [(e.object_type, e.object_id, e.summary["detail"]["escalated_to"]) for e in overdue] == [
        ("task", str(task.id), "督查室"), ("task", str(task.id), "督查室")]
    assert fire_on(office.db, date(2024, 3, 25)) == []


def test_an_unanswered_disclosure_request_is_flagged_after_20_working_days_law_33(make_office):
    office = make_office("xishi-2024")
    with unit_of_work(office.db, Actor(None, "公众（张三）"), "disclosure.request", tenant_id=office.tenant.id,
                      now=at()) as uow:
        request = disclosure.file_request(uow, Application(applicant="张三", identity_type="resident_id", identity_number="210102198001011234", contact="13800000000", description="老旧小区改造清单", medium="paper", delivery="post"))
    [deadline] = rows(office.db, office.tenant.id, "disclosure_reply")
    assert (deadline.due, deadline.count, deadline.cite) == (date(2024, 4, 1), 20, "law-disclosure-2019:33")
    [firing] = fire_on(office.db, date(2024, 4, 2))
    assert (firing.kind, firing.stage) == ("disclosure_reply", "expire")
    event = system_events(office.db, office.tenant.id)[-1]
    assert (event.object_type, event.object_id, event.cite) == ("disclosure_request", str(request.id),
                                                                "law-disclosure-2019:33")


def test_a_handler_that_keeps_failing_is_left_for_the_operator(make_office):
    office = make_office("xishi-2024")
    zjj = office.department("zjj")
    office.run("office", "supervision.enter_task", lambda uow: supervision.enter_task(
        uow, source="work_report", reference="第1项", title="完成改造", department_id=zjj, person="李科长", workdays=1))

    def broken(uow, row):
        raise RuntimeError("handler broken")

    registry = Registry()
    registry.register(Kind("supervision_task", "督办事项办理时限", "督查室", on_expiry=broken))
    from zhengwu.calendar import FixedClock
    clock = FixedClock(datetime(2024, 3, 20, 9, tzinfo=CHINA_TZ))
    fired = fire_due(office.db, clock, registry)
    assert [(f.stage, f.kind) for f in fired] == [("failed", "supervision_task")] * MAX_ATTEMPTS
    [deadline] = rows(office.db, office.tenant.id, "supervision_task")
    assert (deadline.state, deadline.attempts, deadline.last_error) == ("failed", MAX_ATTEMPTS, "RuntimeError: handler broken")
    assert system_events(office.db, office.tenant.id) == []  # a failed firing leaves no event behind


def test_a_kind_nobody_registered_fails_loudly_not_silently(make_office):
    office = make_office("xishi-2024")
    zjj = office.department("zjj")
    office.run("office", "supervision.enter_task", lambda uow: supervision.enter_task(
        uow, source="work_report", reference="第1项", title="完成改造", department_id=zjj, person="李科长", workdays=1))
    from zhengwu.calendar import FixedClock
    fire_due(office.db, FixedClock(datetime(2024, 3, 20, 9, tzinfo=CHINA_TZ)), Registry())
    [deadline] = rows(office.db, office.tenant.id, "supervision_task")
    assert deadline.state == "failed" and "supervision_task" in deadline.last_error
