"""The ledger's pure rules: a task's standing on a given day in working days (the reminder
before and at the deadline, overdue after it), and the per-department figures."""

from __future__ import annotations

from datetime import date

from zhengwu.calendar import default_calendar
from zhengwu.rulebook.profile import load_profile
from zhengwu.supervision import rules

CAL = default_calendar()


def test_standing_counts_working_days_across_the_labour_day_holiday():
    deadline = date(2024, 5, 6)  # the first working day after 1–5 May 2024
    assert rules.standing(deadline, None, date(2024, 4, 22), CAL).code == "open"
    # 4-29, 4-30 and 5-6 are working days; the five-day holiday is not counted
    soon = rules.standing(deadline, None, date(2024, 4, 28), CAL)
    assert (soon.code, soon.workdays_left, soon.reminder) == ("due_soon", 3, True)
    assert rules.standing(deadline, None, deadline, CAL).code == "due_today"
    late = rules.standing(deadline, None, date(2024, 5, 8), CAL)
    assert (late.code, late.workdays_left, late.overdue, late.label) == ("overdue", -2, True, "已逾期")


def test_a_task_without_a_deadline_is_never_late_or_reminded():
    """A ledger row older than the rule that every task has a 时限: nothing to count against."""
    open_ = rules.standing(None, None, date(2024, 5, 8), CAL)
    assert (open_.code, open_.workdays_left, open_.overdue, open_.reminder) == ("open", None, False, False)
    assert rules.standing(None, date(2024, 5, 8), date(2024, 9, 1), CAL).code == "done_on_time"


def test_closed_tasks_are_on_time_or_late_for_good():
    assert rules.standing(date(2024, 5, 6), date(2024, 5, 6), date(2024, 9, 1), CAL).code == "done_on_time"
    assert rules.standing(date(2024, 5, 6), date(2024, 5, 7), date(2024, 9, 1), CAL).code == "done_late"


def test_deadline_in_working_days_skips_the_spring_festival():
    assert rules.deadline_in_workdays(CAL, date(2024, 2, 8), 3) == date(2024, 2, 19)


def test_performance_per_department_for_the_period():
    tasks = [rules.TaskFacts(1, date(2024, 3, 10), date(2024, 3, 9)),
             rules.TaskFacts(1, date(2024, 3, 20), date(2024, 3, 25)),
             rules.TaskFacts(1, date(2024, 3, 30), None),
             rules.TaskFacts(2, date(2024, 4, 30), None),
             rules.TaskFacts(2, date(2024, 2, 1), None)]  # due before the period: not counted
    figures = rules.performance(tasks, date(2024, 3, 1), date(2024, 4, 30), date(2024, 4, 1))
    assert (figures[1].on_time, figures[1].late, figures[1].open, figures[1].overdue) == (1, 1, 1, 1)
    assert (figures[2].on_time, figures[2].late, figures[2].open, figures[2].overdue, figures[2].total) == (0, 0, 1, 0, 1)


def test_duplicate_inspection_only_where_the_text_forbids_it():
    past = [rules.PastInspection(7, "安全生产 大检查", 2024)]
    hainan = rules.check_inspection(load_profile("wuhai-hainan-2023"), 7, "安全生产大检查", date(2024, 6, 1), past)
    assert not hainan.ok and hainan.reasons[0].cite == "wuhai-hainan-2023:69" and "依据《" in hainan.reasons[0].message
    assert rules.check_inspection(load_profile("wuhai-hainan-2023"), 7, "安全生产大检查", date(2025, 6, 1), past).ok
    assert rules.check_inspection(load_profile("wuhai-hainan-2023"), 8, "安全生产大检查", date(2024, 6, 1), past).ok
    assert rules.check_inspection(load_profile("dawa-2017"), 7, "安全生产大检查", date(2024, 6, 1), past).ok


def test_a_deadline_in_a_provisional_year_is_counted_on_the_statutory_holidays():
    last = CAL.covered_range()[1]
    beyond = CAL.add_workdays(last, 3)  # three working days into the next, provisional year
    assert CAL.is_provisional(beyond)
    assert rules.standing(beyond, None, last, CAL) == rules.Standing("due_soon", 3)
