"""Recurring reports (海南区 29, 54): each department hands in next year's key work plan by the
year's end, on the deadline registry, late flagged; the office reports on the meeting decisions
the ledger tracks, its figures computed, the next report scheduled. Other texts set neither."""

from __future__ import annotations

from datetime import date

import pytest

from meeting_support import china
from supervision.test_scenarios import resolution_task
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.deadlines import service as deadlines
from zhengwu.rulebook.profile import load_profile
from zhengwu.supervision import rules, service

HAINAN = load_profile("wuhai-hainan-2023")


def test_wuhai_hainan_29_next_years_plans_due_by_the_end_of_the_year_before():
    due = rules.plans_due(HAINAN, 2025)
    assert (due.on, due.cite) == (date(2024, 12, 31), "wuhai-hainan-2023:29")
    assert rules.plans_due(load_profile("dawa-2017"), 2025) is None
    assert rules.check_call_for_plans(HAINAN, 2025, date(2024, 11, 1), called=False).ok
    assert rules.check_call_for_plans(HAINAN, 2025, date(2025, 1, 2), called=False).reasons[0].code == "plans_call_too_late"
    assert not rules.late_against(due.on, date(2025, 1, 3), "安排", due.cite).ok
    assert rules.late_against(due.on, date(2024, 12, 31), "安排", due.cite).ok


def test_wuhai_hainan_54_next_report_a_month_after_the_last():
    due = rules.next_report_due(HAINAN, date(2024, 1, 31), None)
    assert (due.on, due.cite) == (date(2024, 2, 29), "wuhai-hainan-2023:54")
    assert rules.next_report_due(HAINAN, None, None) is None  # nothing tracked yet
    assert rules.next_report_due(load_profile("xishi-2024"), date(2024, 1, 31), None) is None
    assert rules.resolution_figures(["open", "overdue", "open"])["open"] == 2


def test_wuhai_hainan_29_departments_hand_in_next_years_plans(make_gov):
    gov = make_gov("wuhai-hainan-2023")
    finance = gov.department("财政局")
    rows = gov.run("sun", "supervision.call_for_plans", lambda uow: service.call_for_plans(uow, year=2025),
                   now=china(2024, 11, 1, 9))
    plan = next(r for r in rows if r.department_id == finance.id)
    assert (plan.due, plan.cite) == (date(2024, 12, 31), "wuhai-hainan-2023:29")
    with gov.db.read() as session:
        assert deadlines.find(session, gov.tenant.id, service.ANNUAL_PLAN_DEADLINE, plan.id).due == date(2024, 12, 31)
    with pytest.raises(RuleViolation):  # asked once a year
        gov.run("sun", "supervision.call_for_plans", lambda uow: service.call_for_plans(uow, year=2025),
                now=china(2024, 11, 2, 9))
    other = next(r for r in rows if r.department_id != finance.id and r.department_id != gov.department("办公室").id)
    with pytest.raises(PermissionDenied):  # 财政局 does not hand in another department's plan
        gov.run("czj", "supervision.submit_plan", lambda uow: service.submit_plan(
            uow, report_id=other.id, text="……", expected_version=other.version),
                now=china(2024, 12, 1, 9))
    done = gov.run("czj", "supervision.submit_plan", lambda uow: service.submit_plan(
        uow, report_id=plan.id, text="一、深化预算绩效管理……", expected_version=plan.version), now=china(2025, 1, 3, 9))
    assert done.late and done.submitted_on == date(2025, 1, 3)
    with gov.db.read() as session:
        assert deadlines.find(session, gov.tenant.id, service.ANNUAL_PLAN_DEADLINE, plan.id).outcome == "submitted_late"


def test_wuhai_hainan_54_office_reports_on_meeting_decisions_periodically(make_gov):
    gov = make_gov("wuhai-hainan-2023")
    resolution_task(gov, date(2024, 5, 6))
    with gov.db.read() as session:
        due = service.resolution_report_due(session, gov.tenant.id, date(2024, 4, 1))
    assert due.cite == "wuhai-hainan-2023:54" and due.on > date(2024, 3, 21)
    report = gov.run("sun", "supervision.report_resolutions", lambda uow: service.report_resolutions(
        uow, text="议定事项均在办理中。"), now=china(2024, 5, 10, 9))
    assert report.late and report.figures["overdue"] == 1
    with gov.db.read() as session:
        pending = deadlines.find(session, gov.tenant.id, service.RESOLUTION_REPORT_DEADLINE, "next")
    assert pending.due == date(2024, 6, 10)


def test_texts_without_periodic_reports_refuse_them(make_gov):
    gov = make_gov("xishi-2024")
    with pytest.raises(RuleViolation) as caught:
        gov.run("sun", "supervision.report_resolutions", lambda uow: service.report_resolutions(uow))
    assert caught.value.verdict.reasons[0].code == "no_resolution_reports_rule"


def test_dawa_58_leaders_go_to_the_grassroots_twice_a_week_with_a_report():
    dawa = load_profile("dawa-2017")
    minimum = rules.fieldwork_minimum(dawa)
    assert (minimum.count, minimum.cite) == (2, "dawa-2017:58")
    assert rules.fieldwork_minimum(HAINAN) is None
    assert [r.code for r in rules.check_fieldwork("新兴镇", " ").reasons] == ["fieldwork_report_missing"]
    counts = {(1, "2024-W10"): 2, (1, "2024-W11"): 1}
    assert rules.fieldwork_shortfalls(minimum, counts, [1], ["2024-W10", "2024-W11"]) == [(1, "2024-W11", 1)]


def test_dawa_58_weeks_a_leader_went_fewer_than_twice_are_flagged(make_gov):
    gov = make_gov("dawa-2017")
    visit = lambda who, day: gov.run(who, "supervision.fieldwork", lambda uow: service.record_fieldwork(  # noqa: E731
        uow, place="新兴镇", report="调研秋收和秸秆离田情况，形成调研报告。"), now=china(2024, 3, day, 17))
    visit("dep1", 5)  # the week of 4 March: once
    visit("dep1", 12)
    visit("dep1", 14)  # the week of 11 March: twice
    with pytest.raises(PermissionDenied):  # a department head is not a 区政府领导同志
        visit("czj", 12)
    with gov.db.read() as session:
        short = service.fieldwork_shortfalls(session, gov.tenant.id, date(2024, 3, 20), weeks=2)
    dep1 = gov.user("dep1").id
    assert [(s.week, s.visits) for s in short if s.leader_id == dep1] == [("2024-W10", 1)]
    assert ("2024-W11", 0) in [(s.week, s.visits) for s in short if s.leader_id == gov.user("head").id]
