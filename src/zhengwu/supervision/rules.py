"""The supervision ledger's rules (pure): where a task comes from, its standing against its
deadline on a given day (reminder before and at the deadline, overdue, closed on time or late),
duplicate inspection (海南区 69), rectification and 回头看 (海南区 70), and the per-department
figures for a period. Cites: the tenant's text where it speaks, else 《政府督查工作条例》."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhengwu.calendar import add_months
from zhengwu.calendar.workdays import WorkCalendar
from zhengwu.core.verdict import Verdict
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import leaf_at, refusal, rule, rule_cite

LAW = "law-supervision-2020"
RECTIFY_CITE = f"{LAW}:18"  # 督查结论中要求整改的事项，督查对象应当按要求整改；督查机构可以核查
FREQUENCY_CITE = f"{LAW}:15"  # 严格控制督查频次和时限

SOURCES = {
    "meeting_resolution": "会议议定事项",
    "instruction": "领导批示",
    "work_report": "政府工作报告",
    "npc_proposal": "人大代表建议",
    "cppcc_proposal": "政协委员提案",
}
# What the 督查室 enters by hand; resolutions and 批示 arrive from their own domains.
ENTERED_SOURCES = ("work_report", "npc_proposal", "cppcc_proposal")

# The reminder shows this many working days ahead: long enough for a department to report
# before the deadline, short enough that the ledger is not all reminders.
REMIND_WORKDAYS = 3

STANDINGS = {
    "open": "办理中",
    "due_soon": "临近时限",
    "due_today": "今日到期",
    "overdue": "已逾期",
    "done_on_time": "按时办结",
    "done_late": "逾期办结",
}


@dataclass(frozen=True)
class Standing:
    code: str
    workdays_left: int | None  # working days to the deadline; None once closed

    @property
    def label(self) -> str:
        return STANDINGS[self.code]

    @property
    def overdue(self) -> bool:
        return self.code in ("overdue", "done_late")

    @property
    def reminder(self) -> bool:
        return self.code in ("due_soon", "due_today")


def standing(deadline: date | None, closed_on: date | None, today: date, calendar: WorkCalendar) -> Standing:
    """A task's standing on `today`: closed on time or late, or open — reminded from
    REMIND_WORKDAYS working days before the deadline, at the deadline, and overdue after it.
    A task without a deadline (a ledger row older than the rule that every task has one) has
    nothing to be late against: open, or closed on time."""
    if deadline is None:
        return Standing("open" if closed_on is None else "done_on_time", None)
    if closed_on is not None:
        return Standing("done_late" if closed_on > deadline else "done_on_time", None)
    if today > deadline:
        return Standing("overdue", -calendar.workdays_between(deadline, today))
    if today == deadline:
        return Standing("due_today", 0)
    left = calendar.workdays_between(today, deadline)
    return Standing("due_soon" if left <= REMIND_WORKDAYS else "open", left)


def deadline_in_workdays(calendar: WorkCalendar, start: date, workdays: int) -> date:
    """A time limit given in working days counts from the day after `start`."""
    return calendar.add_workdays(start, workdays)


def check_entry(source: str, title: str, department_id: int | None, person: str, deadline: date | None,
                today: date) -> Verdict:
    verdict = Verdict.passed()
    if source not in SOURCES:
        verdict &= Verdict.refused("supervision.unknown_source", "督办事项来源须为会议议定事项、领导批示、政府工作报告或人大建议、政协提案。")
    if not title.strip():
        verdict &= Verdict.refused("supervision.missing_title", "督办事项须写明内容。")
    if department_id is None:
        verdict &= Verdict.refused("supervision.missing_department", "督办事项须明确责任单位。")
    if not person.strip():
        verdict &= Verdict.refused("supervision.missing_person", "督办事项须明确责任人。")
    if deadline is None:
        verdict &= Verdict.refused("supervision.missing_deadline", "督办事项须明确办理时限。")
    elif deadline < today:
        verdict &= Verdict.refused("supervision.deadline_past", "办理时限不能早于今天。")
    return verdict


def check_close(final_report: str, open_milestones: int) -> Verdict:
    verdict = Verdict.passed()
    if not final_report.strip():
        verdict &= Verdict.refused("supervision.no_final_report", "办结督办事项须有办结情况报告。", RECTIFY_CITE)
    if open_milestones:
        verdict &= Verdict.refused("supervision.milestones_open",
                                   f"尚有{open_milestones}个节点未完成，不能办结。", RECTIFY_CITE)
    return verdict


def same_matter(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


@dataclass(frozen=True)
class PastInspection:
    department_id: int
    matter: str
    year: int


def check_inspection(profile: Profile, department_id: int, matter: str, on: date,
                     past: list[PastInspection]) -> Verdict:
    """An inspection of the same unit on the same matter in the same year is a duplicate; where
    the text forbids duplicate inspection (海南区 69) it is refused. Re-checking rectification
    (回头看) is not a new inspection and goes through the rectification list instead."""
    if not matter.strip():
        return Verdict.refused("supervision.missing_matter", "督查须写明督查事项。", FREQUENCY_CITE)
    duty = rule(profile, "supervision.no_duplicate_inspection")
    if not duty.value:
        return Verdict.passed()
    if any(p.department_id == department_id and p.year == on.year and same_matter(p.matter, matter) for p in past):
        return refusal("supervision.duplicate_inspection",
                       f"本年度已对该单位就「{matter.strip()}」开展督查，严禁重复督查、多头督查；"
                       "整改情况请通过整改清单回头看核查",
                       duty)
    return Verdict.passed()


def follow_up_required(profile: Profile) -> tuple[bool, str | None]:
    follow_up = rule(profile, "supervision.follow_up_review")
    return (True, follow_up.cite) if follow_up.value else (False, None)


def check_close_rectification(state: str, evidence: str) -> Verdict:
    if state != "open":
        return Verdict.refused("supervision.rectification_not_open", "该整改事项已销号。", RECTIFY_CITE)
    if not evidence.strip():
        return refusal("supervision.no_evidence", "整改销号须写明整改落实情况，经核查后方可销号", RECTIFY_CITE)
    return Verdict.passed()


def check_recheck(state: str, closed_on: date | None, on: date, cite: str | None) -> Verdict:
    if state != "closed" or closed_on is None:
        return refusal("supervision.recheck_not_closed", "回头看针对已销号的整改事项", cite or RECTIFY_CITE)
    if on < closed_on:
        return Verdict.refused("supervision.recheck_before_close", "回头看日期不能早于销号日期。", cite or RECTIFY_CITE)
    return Verdict.passed()


@dataclass(frozen=True)
class TaskFacts:
    department_id: int
    deadline: date
    closed_on: date | None


@dataclass
class Figures:
    on_time: int = 0
    late: int = 0
    open: int = 0
    overdue: int = 0  # of the open ones, past the deadline

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.open


def performance(tasks: list[TaskFacts], start: date, end: date, today: date) -> dict[int, Figures]:
    """Per department, the tasks due in [start, end]: closed on time, closed late, still open
    (and how many of those are past their deadline on `today`)."""
    figures: dict[int, Figures] = {}
    for task in tasks:
        if not start <= task.deadline <= end:
            continue
        row = figures.setdefault(task.department_id, Figures())
        if task.closed_on is None:
            row.open += 1
            row.overdue += today > task.deadline
        elif task.closed_on > task.deadline:
            row.late += 1
        else:
            row.on_time += 1
    return figures


# --- recurring reports: next year's plans (海南区 29), meeting decisions (海南区 54) -----------

PLANS_KEY = "supervision.next_year_plans_due"
REPORTS_KEY = "supervision.resolution_reports"
# 「定期…报告」 names no interval: the reminder cadence is the platform's, and says so.
REPORT_MONTHS = 1
REPORT_CADENCE_NOTE = "本规则未规定报告周期，系统按每月一次提醒。"


@dataclass(frozen=True)
class Due:
    on: date
    cite: str | None


def plans_due(profile: Profile, year: int) -> Due | None:
    """When the departments' key work plans for `year` are due: the text's day of the year before
    (「每年年底前…提交下一年度重点工作安排」), or None where the text sets no such duty."""
    leaf = leaf_at(profile, PLANS_KEY)
    if leaf is None or not leaf.value:
        return None
    month, day = (int(part) for part in leaf.value.split("-"))
    return Due(date(year - 1, month, day), rule_cite(profile, PLANS_KEY))


def check_call_for_plans(profile: Profile, year: int, today: date, called: bool) -> Verdict:
    """The office asks for a year's plans once, before they are due, where the text sets the duty."""
    due = plans_due(profile, year)
    if due is None:
        return Verdict.refused("no_plans_rule", "本规则未规定各部门提交下一年度重点工作安排。")
    if called:
        return refusal("plans_already_called", f"{year}年度重点工作安排已通知各部门提交", due.cite)
    if today > due.on:
        return refusal("plans_call_too_late", f"{year}年度重点工作安排应于{due.on.isoformat()}前提交，已过期限", due.cite)
    return Verdict.passed()


def check_plan(text: str, submitted: bool) -> Verdict:
    if submitted:
        return Verdict.refused("plan_already_submitted", "本部门的年度重点工作安排已提交。")
    if not text.strip():
        return Verdict.refused("plan_empty", "请填写下一年度重点工作安排。")
    return Verdict.passed()


def late_against(due: date | None, on: date, what: str, cite: str | None) -> Verdict:
    """Flag (not refuse) what comes after its due day: the late plan or report is still needed."""
    if due is None or on <= due:
        return Verdict.passed()
    return refusal("late", f"{what}应于{due.isoformat()}前提交，迟交{(on - due).days}天", cite)


def next_report_due(profile: Profile, last_on: date | None, first_resolution_on: date | None) -> Due | None:
    """The next report on meeting decisions: a cadence after the last one (or after the first
    decision the ledger tracks); None where the text sets no such duty or nothing is tracked."""
    leaf = leaf_at(profile, REPORTS_KEY)
    start = last_on or first_resolution_on
    if leaf is None or not leaf.value or start is None:
        return None
    return Due(add_months(start, REPORT_MONTHS), rule_cite(profile, REPORTS_KEY))


def resolution_figures(standings: list[str]) -> dict[str, int]:
    """What the report says of the meeting decisions the ledger tracks: how many in each standing."""
    counts = {code: 0 for code in STANDINGS}
    for code in standings:
        counts[code] += 1
    return counts


# --- leaders' fieldwork (大洼 58) ----------------------------------------------------------------

FIELDWORK_KEY = "supervision.weekly_fieldwork_min"


def fieldwork_minimum(profile: Profile) -> "Minimum | None":
    """The weekly minimum of visits, or None where the text sets none."""
    leaf = leaf_at(profile, FIELDWORK_KEY)
    if leaf is None or not leaf.value:
        return None
    return Minimum(leaf.value, rule_cite(profile, FIELDWORK_KEY))


@dataclass(frozen=True)
class Minimum:
    count: int
    cite: str | None


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def check_fieldwork(place: str, report: str) -> Verdict:
    """A visit is recorded with where it was and its report (「并撰写调研报告或工作报告」)."""
    verdict = Verdict.passed()
    if not place.strip():
        verdict &= Verdict.refused("fieldwork_place_missing", "请填写调研或现场办公的地点、单位。")
    if not report.strip():
        verdict &= Verdict.refused("fieldwork_report_missing", "调研或现场办公须撰写调研报告或工作报告。")
    return verdict


def fieldwork_shortfalls(minimum: Minimum | None, counts: dict[tuple[int, str], int], leaders: list[int],
                         weeks: list[str]) -> list[tuple[int, str, int]]:
    """(leader, week, visits) for each finished week a leader went fewer times than the minimum."""
    if minimum is None:
        return []
    return [(leader, week, counts.get((leader, week), 0)) for week in weeks for leader in leaders
            if counts.get((leader, week), 0) < minimum.count]
