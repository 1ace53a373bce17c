"""Supervision use cases: the ledger of tasks the 督查室 chases (from meeting resolutions,
leaders' 批示, the government work report and NPC/CPPCC proposals), their milestones and
progress reports, inspections and their rectification lists (回头看), the per-department
figures, and the deviations the compliance report lists."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, lazyload
from sqlalchemy.orm.attributes import flag_modified

from zhengwu.calendar import china_date, default_calendar
from zhengwu.core import audit, permissions
from zhengwu.core.errors import NotFound
from zhengwu.core.notify_events import To, WorkArrived
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.paging import Page, keyset, page_size
from zhengwu.core.realdates import real_date
from zhengwu.core.tenants import profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Reason, RuleViolation, Verdict
from zhengwu.deadlines import service as deadlines
from zhengwu.core.deviations import deviation
from zhengwu.org import rules as org_rules
from zhengwu.org.rules import OFFICE_KINDS
from zhengwu.org.models import Department
from zhengwu.org.service import department_names, load_state, people
from zhengwu.rulebook.provenance import rule_cite
from zhengwu.supervision import rules
from zhengwu.supervision.events import TaskOpened
from zhengwu.supervision.models import Inspection, Milestone, PeriodicReport, ProgressReport, Rectification, Task

OFFICE_POSTS = (*OFFICE_KINDS, "supervision_office")
TASK_DEADLINE = "supervision_task"  # deadline kinds (registered in supervision/deadlines.py)
MILESTONE_DEADLINE = "supervision_milestone"
ANNUAL_PLAN_DEADLINE = "annual_plan"
RESOLUTION_REPORT_DEADLINE = "resolution_report"


def _operator(subject: permissions.Subject) -> bool:
    """The command line or the demo seeder (no user): already holds the database."""
    return subject.user_id is None


permissions.define("supervision.view", "查看督查台账", "本单位成员", permissions.member)
permissions.define("supervision.manage", "督查立项、督查和整改销号", "督查室、政府办公室",
                   permissions.any_of(permissions.holds(*OFFICE_POSTS), _operator))
permissions.define("supervision.fieldwork", "登记基层调研或现场办公", "政府领导同志",
                   permissions.holds(*org_rules.LEADER_KINDS))
permissions.define("supervision.report", "报告督办事项进展、办结", "责任单位、督查室或政府办公室",
                   permissions.any_of(permissions.holds_a_post, _operator))

audit.label(actions={"supervision.create_task": "立项督办事项", "supervision.add_milestone": "设置办理节点",
                     "supervision.assign_person": "明确责任人",
                     "supervision.report": "报告办理进展", "supervision.close_task": "督办事项办结",
                     "supervision.inspect": "开展督查", "supervision.close_rectification": "整改销号",
                     "supervision.recheck": "整改回头看", "supervision.call_for_plans": "通知提交下一年度重点工作安排",
                     "supervision.submit_plan": "提交下一年度重点工作安排",
                     "supervision.report_resolutions": "报告会议决定事项落实情况",
                     "supervision.fieldwork": "登记基层调研或现场办公"},
            objects={"task": "督办事项", "inspection": "督查", "rectification": "整改事项",
                     "periodic_report": "定期报告"})


def ledger_cite(session: Session, tenant_id: int, day: date) -> str | None:
    profile = profile_on(session, tenant_id, day)
    return rule_cite(profile, "supervision.ledger") or rule_cite(profile, "supervision.office")


def create_task(uow: TenantWork, *, source: str, source_id: str | int, title: str, department_id: int | None,
                deadline: date | None, cite: str | None = None, person: str | None = None,
                workdays: int | None = None, own_deadline: bool = True) -> Task:
    """Put a task on the ledger (audited in the caller's transaction): by the office, or by
    `supervision.handlers` on another domain's event (signed minutes, a 批示件). A task needs a responsible department and a deadline: the ledger cannot
    chase one without them. `workdays`: the deadline is that many working days from today.
    `own_deadline=False` when the source domain already runs the deadline (a 批示件's report),
    so its passing is reported once, not twice."""
    verdict = Verdict.passed()
    if not title.strip():
        verdict &= Verdict.refused("supervision.missing_title", "督办事项须写明内容。")
    if department_id is None:
        verdict &= Verdict.refused("supervision.missing_department", "督办事项须明确责任单位。")
    if deadline is None:
        verdict &= Verdict.refused("supervision.missing_deadline", "督办事项须明确办理时限。")
    if department_id is None or deadline is None:
        raise RuleViolation(verdict)
    verdict.raise_if_refused()
    task = Task(tenant_id=uow.tenant_id, source=source, source_id=str(source_id), title=title.strip(),
                department_id=department_id, person=(person or "").strip() or None, deadline=deadline, state="open",
                cite=cite, created_at=uow.now)
    uow.session.add(task)
    uow.session.flush()
    uow.record("supervision.create_task", object_type="task", object_id=task.id, subject=task, cite=cite)
    uow.publish(TaskOpened(tenant_id=uow.tenant_id, task_id=task.id, source=task.source, source_id=task.source_id))
    if own_deadline:
        deadlines.schedule(uow, TASK_DEADLINE, task.id, due=deadline, title=task.title, trail_type="task", trail_id=task.id,
                           cite=cite, start_on=uow.today if workdays is not None else None, count=workdays,
                           unit="workdays" if workdays is not None else None)
        # (A 批示件's task is told by the document's own notice.)
        uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(units=(department_id,)), what="督办事项待办理",
                                title=task.title, link="supervision", cite=cite, due=deadline, object_type="task",
                                object_id=str(task.id)))
    return task


def enter_task(uow: TenantWork, *, source: str, reference: str, title: str, department_id: int | None, person: str,
               deadline: date | None = None, workdays: int | None = None) -> Task:
    """The 督查室 enters a task from the work report or an NPC/CPPCC proposal (or a resolution
    or 批示 it tracks by hand); the time limit is a date or a number of working days from today."""
    permissions.require(uow, "supervision.manage")
    today = uow.today
    if deadline is None and workdays is not None:
        deadline = rules.deadline_in_workdays(default_calendar(), today, workdays)
    rules.check_entry(source, title, department_id, person, deadline, today).raise_if_refused()
    return create_task(uow, source=source, source_id=reference.strip() or "-", title=title, department_id=department_id,
                       deadline=deadline, person=person, cite=ledger_cite(uow.session, uow.tenant_id, uow.today),
                       workdays=workdays)


def units_answered_for(session: Session, tenant_id: int, user_id: int, posts: frozenset[str],
                       now: datetime) -> set[int] | None:
    """The departments whose tasks this person reports on or closes (those whose head post they
    hold or act in today); None for the 督查室 and the office, who keep the whole ledger."""
    if posts & set(OFFICE_POSTS):
        return None
    state = load_state(session, tenant_id)
    profile = profile_on(session, tenant_id, china_date(now))
    return {seat.department_id for seat in state.seats if seat.department_id is not None
            and org_rules.authority(profile, state, seat.post_id, now).acting_id == user_id}


def _require_responsible(uow: TenantWork, subject: permissions.Subject, task: Task | PeriodicReport) -> None:
    """Only the task's responsible unit reports on it or closes it, or the 督查室/office that
    keeps the ledger: holding some post elsewhere in the government is not enough."""
    if uow.actor.user_id is None:
        return
    units = units_answered_for(uow.session, uow.tenant_id, uow.actor.user_id, subject.posts, uow.now)
    if units is None or (task.department_id is not None and task.department_id in units):
        return
    unit = department_names(uow.session, uow.tenant_id).get(task.department_id, "责任单位") \
        if task.department_id is not None else "责任单位"
    permissions.refuse("supervision.not_responsible",
                       f"只有责任单位（{unit}）、督查室或政府办公室可以报告或办结该督办事项。", task.cite)


def _task(uow: TenantWork, task_id: int, expected_version: int) -> Task:
    task = get_in_tenant(uow.session, Task, task_id, uow.tenant_id, "督办事项")
    task.expect_version(expected_version, "督办事项")
    return task


def _touch(uow: TenantWork, task: Task) -> None:
    """A milestone or progress report added changes its task: bump the task's version so a form
    showing the task as it was is refused."""
    uow.session.flush()
    flag_modified(task, "title")
    uow.session.flush()


def assign_person(uow: TenantWork, *, task_id: int, person: str, expected_version: int) -> Task:
    """The 督查室 names the responsible person of a task that arrived without one (a resolution
    names only the department)."""
    permissions.require(uow, "supervision.manage")
    task = _task(uow, task_id, expected_version)
    if not person.strip():
        Verdict.refused("supervision.missing_person", "督办事项须明确责任人。").raise_if_refused()
    task.person = person.strip()
    uow.session.flush()
    uow.record("supervision.assign_person", object_type="task", object_id=task.id, subject=task, cite=task.cite)
    return task


def add_milestone(uow: TenantWork, *, task_id: int, title: str, due: date, expected_version: int) -> Milestone:
    """A milestone of a task, checked against the version of the task the office saw."""
    permissions.require(uow, "supervision.manage")
    task = _task(uow, task_id, expected_version)
    verdict = Verdict.passed()
    if not title.strip():
        verdict &= Verdict.refused("supervision.missing_title", "请写明节点内容。")
    if task.deadline and due > task.deadline:
        verdict &= Verdict.refused("supervision.milestone_after_deadline", "节点时间不能晚于办理时限。")
    verdict.raise_if_refused()
    row = Milestone(tenant_id=uow.tenant_id, task_id=task.id, title=title.strip(), due=due)
    uow.session.add(row)
    _touch(uow, task)
    uow.record("supervision.add_milestone", object_type="task", object_id=task.id, cite=task.cite,
               detail={"milestone": row.title, "due": due.isoformat()})
    deadlines.schedule(uow, MILESTONE_DEADLINE, row.id, due=due, title=f"{task.title}：{row.title}", trail_type="task",
                       trail_id=task.id, cite=task.cite)
    return row


def report_progress(uow: TenantWork, *, task_id: int, text: str, expected_version: int,
                    milestone_id: int | None = None) -> ProgressReport:
    """A progress report from the responsible department on the task as it saw it; it may
    complete a milestone."""
    subject = permissions.require(uow, "supervision.report")
    task = get_task(uow.session, uow.tenant_id, task_id)
    _require_responsible(uow, subject, task)  # who may, before whether what they saw is current
    task.expect_version(expected_version, "督办事项")
    if task.state != "open":
        Verdict.refused("supervision.closed", "该督办事项已办结。").raise_if_refused()
    if not text.strip():
        Verdict.refused("supervision.empty_report", "请填写办理进展。").raise_if_refused()
    on = uow.today
    if milestone_id is not None:
        milestone = next((m for m in task.milestones if m.id == milestone_id), None)
        if milestone is None:
            raise NotFound("没有这个办理节点。")
        milestone.done_on = on
        deadlines.close(uow, MILESTONE_DEADLINE, milestone.id, outcome="done")
    row = ProgressReport(tenant_id=uow.tenant_id, task_id=task.id, on=on, text=text.strip(),
                         reporter=uow.actor.label, final=False)
    uow.session.add(row)
    _touch(uow, task)
    uow.record("supervision.report", object_type="task", object_id=task.id, subject=row, cite=task.cite,
               detail={"text": row.text, "milestone_id": milestone_id})
    return row


def close_task(uow: TenantWork, *, task_id: int, report: str, expected_version: int) -> Task:
    """办结: the final report closes the task on today's date; after the deadline it is closed
    late, and stays so in the figures."""
    subject = permissions.require(uow, "supervision.report")
    task = get_in_tenant(uow.session, Task, task_id, uow.tenant_id, "督办事项")
    _require_responsible(uow, subject, task)
    task.expect_version(expected_version, "督办事项")
    if task.state != "open":
        Verdict.refused("supervision.closed", "该督办事项已办结。").raise_if_refused()
    rules.check_close(report, sum(m.done_on is None for m in task.milestones)).raise_if_refused()
    on = uow.today
    uow.session.add(ProgressReport(tenant_id=uow.tenant_id, task_id=task.id, on=on, text=report.strip(),
                                   reporter=uow.actor.label, final=True))
    task.state, task.closed_on = "done", on
    uow.session.flush()
    late = task.deadline is not None and on > task.deadline
    deadlines.close(uow, TASK_DEADLINE, task.id, outcome="closed_late" if late else "closed")
    uow.record("supervision.close_task", object_type="task", object_id=task.id, subject=task,
               cite=task.cite, detail={"late": late})
    return task


def close_from_source(uow: TenantWork, *, source: str, source_id: str | int, report: str) -> Task | None:
    """Close the task a domain created when that domain's own record says the work is done
    (a 批示件's result report); None when it put none on the ledger."""
    task = next(iter(tasks_from(uow.session, uow.tenant_id, source, [str(source_id)])), None)
    if task is None or task.state != "open":
        return None
    uow.session.add(ProgressReport(tenant_id=uow.tenant_id, task_id=task.id, on=uow.today, text=report.strip(),
                                   reporter=uow.actor.label, final=True))
    task.state, task.closed_on = "done", uow.today
    uow.session.flush()
    deadlines.close(uow, TASK_DEADLINE, task.id, outcome="closed")
    uow.record("supervision.close_task", object_type="task", object_id=task.id, subject=task,
               cite=task.cite)
    return task


def tasks_from(session: Session, tenant_id: int, source: str, source_ids: list[str]) -> list[Task]:
    if not source_ids:
        return []
    return list(session.execute(select(Task).where(Task.tenant_id == tenant_id, Task.source == source,
                                                   Task.source_id.in_(source_ids)).order_by(Task.id)).scalars())


def get_task(session: Session, tenant_id: int, task_id: int) -> Task:
    return get_in_tenant(session, Task, task_id, tenant_id, "督办事项")


# --- the ledger as read ------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One ledger line: the task, its department's name and its standing today."""

    number: int
    task: Task
    department: str
    standing: rules.Standing

    @property
    def source_label(self) -> str:
        return rules.SOURCES.get(self.task.source, self.task.source)

    @property
    def progress(self) -> str:
        return self.task.reports[-1].text if self.task.reports else "尚未报告进展"


def _unit(names: dict[int, str], department_id: int | None) -> str:
    return names.get(department_id, "—") if department_id is not None else "—"


def ledger(session: Session, tenant_id: int, today: date, *, department_id: int | None = None,
           state: str | None = None) -> list[Row]:
    names = department_names(session, tenant_id)
    query = select(Task).where(Task.tenant_id == tenant_id)
    if department_id is not None:
        query = query.where(Task.department_id == department_id)
    if state is not None:
        query = query.where(Task.state == state)
    calendar = default_calendar()
    tasks = session.execute(query.order_by(Task.deadline, Task.id)).scalars()
    return [Row(n, t, _unit(names, t.department_id), rules.standing(t.deadline, t.closed_on, today, calendar))
            for n, t in enumerate(tasks, start=1)]


def ledger_page(session: Session, tenant_id: int, today: date, *, department_id: int | None = None,
                state: str | None = None, after: int | None = None, limit: int | None = None) -> Page[Row]:
    """A page of the ledger in the order tasks were entered (keyset on the id); each line's number
    is the task's own, so it stays the same from page to page."""
    names = department_names(session, tenant_id)
    query = select(Task).where(Task.tenant_id == tenant_id)
    if department_id is not None:
        query = query.where(Task.department_id == department_id)
    if state is not None:
        query = query.where(Task.state == state)
    found = keyset(session, query, Task.id, after=after, limit=limit, descending=False)
    calendar = default_calendar()
    rows = [Row(t.id, t, _unit(names, t.department_id), rules.standing(t.deadline, t.closed_on, today, calendar))
            for t in found]
    return Page(rows, found.next_after, found.total, found.capped)


def reminders(session: Session, tenant_id: int, today: date, *, limit: int | None = None,
              department_ids: list[int] | None = None, except_source: str | None = None) -> list[Row]:
    """What the ledger and the home panel show: open tasks near, at or past their deadline,
    earliest deadline first (of `department_ids` only, when given; without the tasks that
    `except_source` tracks, when given). The database keeps to open tasks due by the last day a
    reminder can fall on; the working-day rule then decides."""
    calendar = default_calendar()
    last = calendar.add_workdays(today, rules.REMIND_WORKDAYS)
    names = department_names(session, tenant_id)
    query = select(Task).where(Task.tenant_id == tenant_id, Task.state == "open", Task.deadline <= last)
    if department_ids is not None:
        query = query.where(Task.department_id.in_(department_ids))
    if except_source is not None:
        query = query.where(Task.source != except_source)
    # A reminder names the task, its unit and deadline: its milestones and reports (loaded with
    # a task otherwise) are left to be read if anything asks.
    tasks = session.execute(query.order_by(Task.deadline, Task.id).limit(page_size(limit))
                            .options(lazyload(Task.milestones), lazyload(Task.reports))).scalars()
    rows = [Row(t.id, t, _unit(names, t.department_id), rules.standing(t.deadline, t.closed_on, today, calendar))
            for t in tasks]
    return [r for r in rows if r.standing.reminder or r.standing.overdue]


def performance(session: Session, tenant_id: int, start: date, end: date, today: date) -> list[tuple[str, rules.Figures]]:
    """Per department, the figures of `rules.performance` over the tasks due in the period,
    counted by the database (a year's ledger at a million documents holds some 50,000 tasks;
    the page needs a dozen rows of four numbers). The four conditions are the rule's, written
    as SQL: a test holds the two to the same figures."""
    names = department_names(session, tenant_id)
    open_ = Task.closed_on.is_(None)

    def counted(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    rows = session.execute(select(
        Task.department_id, counted(and_(Task.closed_on.is_not(None), Task.closed_on <= Task.deadline)),
        counted(Task.closed_on > Task.deadline), counted(open_), counted(and_(open_, Task.deadline < today)))
        .where(Task.tenant_id == tenant_id, Task.department_id.is_not(None), Task.deadline.is_not(None),
               Task.deadline >= start, Task.deadline <= end)
        .group_by(Task.department_id)).all()
    figures = {d: rules.Figures(on_time, late, open_count, overdue) for d, on_time, late, open_count, overdue in rows}
    return [(names.get(d, "—"), figures[d]) for d in names if d in figures]


# --- inspections and rectification -------------------------------------------------------------


def inspect(uow: TenantWork, *, department_id: int, matter: str, problems: list[tuple[str, date]]) -> Inspection:
    """督查 of a unit on a matter; the problems found go on its rectification list. A second
    inspection of the same unit on the same matter in the year is refused where the text says so."""
    permissions.require(uow, "supervision.manage")
    on = uow.today
    past = [rules.PastInspection(i.department_id, i.matter, i.on.year)
            for i in uow.session.execute(select(Inspection).where(Inspection.tenant_id == uow.tenant_id)).scalars()]
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    verdict = rules.check_inspection(profile, department_id, matter, on, past)
    for problem, due in problems:
        if not problem.strip():
            verdict &= Verdict.refused("supervision.missing_problem", "整改清单每一项须写明问题。", rules.RECTIFY_CITE)
        elif due < on:
            verdict &= Verdict.refused("supervision.deadline_past", f"「{problem}」的整改时限不能早于今天。")
    verdict.raise_if_refused()
    row = Inspection(tenant_id=uow.tenant_id, department_id=department_id, matter=matter.strip(), on=on,
                     inspector=uow.actor.label)
    uow.session.add(row)
    uow.session.flush()
    for problem, due in problems:
        uow.session.add(Rectification(tenant_id=uow.tenant_id, inspection_id=row.id, problem=problem.strip(), due=due))
    uow.session.flush()
    uow.session.refresh(row, ["items"])  # the caller reads the list after the transaction
    cite = rule_cite(profile, "supervision.no_duplicate_inspection") or rules.FREQUENCY_CITE
    uow.record("supervision.inspect", object_type="inspection", object_id=row.id, cite=cite,
               detail={"department_id": department_id, "matter": row.matter, "problems": [p for p, _ in problems]})
    return row


def _rectification(uow: TenantWork, item_id: int, expected_version: int) -> Rectification:
    item = get_in_tenant(uow.session, Rectification, item_id, uow.tenant_id, "整改事项")
    item.expect_version(expected_version, "整改事项")
    return item


def close_rectification(uow: TenantWork, *, item_id: int, evidence: str, expected_version: int) -> Rectification:
    """销号 after checking the unit's rectification (条例第十八条)."""
    permissions.require(uow, "supervision.manage")
    item = _rectification(uow, item_id, expected_version)
    rules.check_close_rectification(item.state, evidence).raise_if_refused()
    item.state, item.closed_on, item.evidence = "closed", uow.today, evidence.strip()
    uow.session.flush()
    uow.record("supervision.close_rectification", object_type="rectification", object_id=item.id, subject=item, cite=rules.RECTIFY_CITE)
    return item


def recheck(uow: TenantWork, *, item_id: int, holds: bool, note: str, expected_version: int) -> Rectification:
    """回头看: a closed item re-checked later; a relapse reopens it until closed again."""
    permissions.require(uow, "supervision.manage")
    item = _rectification(uow, item_id, expected_version)
    _, cite = rules.follow_up_required(profile_on(uow.session, uow.tenant_id, uow.today))
    on = uow.today
    verdict = rules.check_recheck(item.state, item.closed_on, on, cite)
    if not note.strip():
        verdict &= Verdict.refused("supervision.empty_recheck", "请写明回头看的核查情况。", cite or rules.RECTIFY_CITE)
    verdict.raise_if_refused()
    item.rechecked_on, item.recheck_note, item.rechecks = on, note.strip(), item.rechecks + 1
    if not holds:
        item.state, item.closed_on = "open", None
    uow.session.flush()
    uow.record("supervision.recheck", object_type="rectification", object_id=item.id, subject=item, cite=cite or rules.RECTIFY_CITE, detail={"holds": holds})
    return item


def inspections(session: Session, tenant_id: int) -> list[Inspection]:
    return list(session.execute(select(Inspection).where(Inspection.tenant_id == tenant_id)
                                .order_by(Inspection.on.desc(), Inspection.id.desc())).scalars())


def rectification_list(session: Session, tenant_id: int, day: date) -> list[tuple[Inspection, Rectification]]:
    """Every item kept on the list: open ones, and closed ones still awaiting 回头看 where the
    text asks for it (海南区 70)."""
    follow_up, _ = rules.follow_up_required(profile_on(session, tenant_id, day))
    return [(i, r) for i in inspections(session, tenant_id) for r in i.items
            if r.state == "open" or (follow_up and r.rechecked_on is None)]


# --- compliance --------------------------------------------------------------------------------


def _late_tasks(tenant_id: int, start: date, end: date, today: date):
    """The tasks due in [start, end] that are late: closed after the deadline, or still open with
    the deadline before `today` (the deadline is a stored date: no calendar arithmetic here)."""
    return and_(Task.tenant_id == tenant_id, Task.deadline >= start, Task.deadline <= end,
                or_(Task.closed_on > Task.deadline, and_(Task.closed_on.is_(None), Task.deadline < today)))


def _late_rectifications(session: Session, tenant_id: int, start: date, end: date, today: date):
    """Rectification items due in [start, end] not closed by their due date."""
    for inspection in inspections(session, tenant_id):
        for item in inspection.items:
            if start <= item.due <= end and (item.closed_on or today) > item.due:
                yield item


def deviations(session: Session, tenant_id: int, start: date, end: date, today: date) -> list[dict]:
    """Tasks due in [start, end] closed after the deadline or still open past it on `today`;
    rectification items due in the period not closed by their due date.
    Each: {object_type, object_id, title, on, code, message, cite}."""
    found = []
    # Only the late ones, as columns (a year's ledger is mostly closed in time; it is not read
    # into objects).
    cites: dict[date, str | None] = {}
    for task_id, title, deadline, closed_on, cite in session.execute(
            select(Task.id, Task.title, Task.deadline, Task.closed_on, Task.cite)
            .where(_late_tasks(tenant_id, start, end, today)).order_by(Task.deadline, Task.id)):
        if deadline is None:  # (the range in the query already leaves out tasks without one)
            continue
        if closed_on:
            message = f"督办事项时限{deadline.isoformat()}，{closed_on.isoformat()}才办结（逾期）。"
            code = "supervision.closed_late"
        else:
            message = f"督办事项时限{deadline.isoformat()}，至{today.isoformat()}仍未办结（逾期）。"
            code = "supervision.overdue"
        if not cite:
            if deadline not in cites:
                cites[deadline] = ledger_cite(session, tenant_id, deadline)
            cite = cites[deadline]
        found.append(deviation("task", task_id, title, deadline, Reason(code, message, cite)))
    for item in _late_rectifications(session, tenant_id, start, end, today):
        message = f"整改时限{item.due.isoformat()}，" + (f"{item.closed_on.isoformat()}才销号。" if item.closed_on
                                                       else f"至{today.isoformat()}仍未销号。")
        found.append(deviation("rectification", item.id, item.problem, item.due,
                               Reason("supervision.rectification_late", message, rules.RECTIFY_CITE)))
    return found


def deviation_days(session: Session, tenant_id: int, start: date, end: date, today: date) -> Counter[date]:
    """How many of `deviations(...)` fall on each day, the late tasks counted by the database
    (a year's ledger at a million documents has tens of thousands overdue; the dashboard needs
    their number per month). A test holds the two to the same counts."""
    days: Counter[date] = Counter({deadline: count for deadline, count in session.execute(
        select(Task.deadline, func.count()).where(_late_tasks(tenant_id, start, end, today))
        .group_by(Task.deadline)) if deadline is not None})  # (the range leaves out tasks without one)
    days.update(item.due for item in _late_rectifications(session, tenant_id, start, end, today))
    return days


# --- recurring reports: next year's plans (海南区 29), meeting decisions (海南区 54) -----------


def call_for_plans(uow: TenantWork, *, year: int) -> list[PeriodicReport]:
    """The office asks every department for its key work plan for `year`, due by the text's day
    of the year before; each department's due day runs on the deadline registry."""
    permissions.require(uow, "supervision.manage")
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    called = uow.session.execute(select(PeriodicReport.id).where(
        PeriodicReport.tenant_id == uow.tenant_id, PeriodicReport.kind == "annual_plan",
        PeriodicReport.period == str(year)).limit(1)).first() is not None
    verdict = rules.check_call_for_plans(profile, year, uow.today, called)
    due = rules.plans_due(profile, year)
    if due is None or not verdict.ok:  # no due day: the text sets no such duty, and the check said so
        raise RuleViolation(verdict)
    rows = []
    # 「区政府各部门」: the working departments and the office, not the towns and streets.
    departments = uow.session.execute(select(Department.id, Department.name).where(
        Department.tenant_id == uow.tenant_id, Department.kind != "township").order_by(Department.id)).all()
    for department_id, name in departments:
        row = PeriodicReport(tenant_id=uow.tenant_id, kind="annual_plan", department_id=department_id,
                             period=str(year), due=due.on, cite=due.cite, late=False, text="", figures={},
                             created_at=uow.now)
        uow.session.add(row)
        uow.session.flush()
        deadlines.schedule(uow, ANNUAL_PLAN_DEADLINE, row.id, due=due.on, title=f"{name}{year}年度重点工作安排",
                           trail_type="periodic_report", trail_id=row.id, cite=due.cite)
        rows.append(row)
    uow.record("supervision.call_for_plans", object_type="periodic_report", object_id=rows[0].id if rows else None,
               after={"year": year, "due": due.on.isoformat(), "departments": len(rows)}, cite=due.cite)
    return rows


def submit_plan(uow: TenantWork, *, report_id: int, text: str, expected_version: int) -> PeriodicReport:
    """The department hands in its plan; after the due day it is still taken, flagged late."""
    subject = permissions.require(uow, "supervision.report")
    row = get_in_tenant(uow.session, PeriodicReport, report_id, uow.tenant_id, "年度重点工作安排")
    if row.kind != "annual_plan":
        raise NotFound("没有这个年度重点工作安排。")
    row.expect_version(expected_version, "年度重点工作安排")
    _require_responsible(uow, subject, row)
    rules.check_plan(text, row.submitted_on is not None).raise_if_refused()
    timing = rules.late_against(row.due, uow.today, f"{row.period}年度重点工作安排", row.cite)
    row.text, row.submitted_on, row.late, row.submitted_by_id = text.strip(), uow.today, not timing.ok, uow.actor.user_id
    uow.session.flush()
    deadlines.close(uow, ANNUAL_PLAN_DEADLINE, row.id, outcome="submitted_late" if row.late else "submitted")
    uow.record("supervision.submit_plan", object_type="periodic_report", object_id=row.id, subject=row, cite=row.cite,
               detail={"reasons": [r.as_dict() for r in timing.reasons]} if row.late else None)
    return row


def _resolution_tasks(session: Session, tenant_id: int) -> list[Task]:
    return list(session.execute(select(Task).where(Task.tenant_id == tenant_id, Task.source == "meeting_resolution")
                                .order_by(Task.id)).scalars())


def _last_resolution_report(session: Session, tenant_id: int) -> PeriodicReport | None:
    return session.execute(select(PeriodicReport).where(
        PeriodicReport.tenant_id == tenant_id, PeriodicReport.kind == "resolution_report")
        .order_by(PeriodicReport.id.desc()).limit(1)).scalar_one_or_none()


def resolution_report_due(session: Session, tenant_id: int, today: date) -> rules.Due | None:
    """When the next report on meeting decisions is due (None: no such duty, nothing tracked)."""
    profile = profile_on(session, tenant_id, today)
    last = _last_resolution_report(session, tenant_id)
    first = session.execute(select(Task.created_at).where(
        Task.tenant_id == tenant_id, Task.source == "meeting_resolution").order_by(Task.id).limit(1)).scalar()
    return rules.next_report_due(profile, last.submitted_on if last else None, first.date() if first else None)


def report_resolutions(uow: TenantWork, *, text: str = "") -> PeriodicReport:
    """「由区政府办公室负责督办，并定期将会议决定事项的落实情况向区政府领导同志报告」: the office's
    report, its figures computed from the ledger's meeting decisions; the next one is scheduled."""
    permissions.require(uow, "supervision.manage")
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    cite = rule_cite(profile, rules.REPORTS_KEY)
    following = rules.next_report_due(profile, uow.today, None)  # None only where the text sets no such duty
    if following is None:
        raise RuleViolation(Verdict.refused("no_resolution_reports_rule", "本规则未规定定期报告会议决定事项落实情况。"))
    due = resolution_report_due(uow.session, uow.tenant_id, uow.today)
    calendar = default_calendar()
    tasks = _resolution_tasks(uow.session, uow.tenant_id)
    figures = rules.resolution_figures([rules.standing(t.deadline, t.closed_on, uow.today, calendar).code for t in tasks])
    timing = rules.late_against(due.on if due else None, uow.today, "会议决定事项落实情况报告", cite)
    row = PeriodicReport(tenant_id=uow.tenant_id, kind="resolution_report", department_id=None,
                         period=uow.today.isoformat(), due=due.on if due else None, cite=cite, submitted_on=uow.today,
                         late=not timing.ok, text=text.strip(), figures=figures, submitted_by_id=uow.actor.user_id,
                         created_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
    deadlines.schedule(uow, RESOLUTION_REPORT_DEADLINE, "next", due=following.on, title="会议决定事项落实情况报告",
                       trail_type="periodic_report", trail_id=row.id, cite=cite)
    uow.record("supervision.report_resolutions", object_type="periodic_report", object_id=row.id, subject=row,
               cite=cite, detail={"next_due": following.on.isoformat(), "cadence": rules.REPORT_CADENCE_NOTE})
    return row


def periodic_reports(session: Session, tenant_id: int, kind: str, *, after: int | None = None,
                     limit: int | None = None) -> Page[PeriodicReport]:
    query = select(PeriodicReport).where(PeriodicReport.tenant_id == tenant_id, PeriodicReport.kind == kind)
    return keyset(session, query, PeriodicReport.id, after=after, limit=limit)


# --- leaders' fieldwork (大洼 58) ----------------------------------------------------------------


def record_fieldwork(uow: TenantWork, *, place: str, report: str, on: date | None = None) -> PeriodicReport:
    """A leader's visit to the grassroots (调研或现场办公) with its report, counted in its week."""
    permissions.require(uow, "supervision.fieldwork")
    rules.check_fieldwork(place, report).raise_if_refused()
    day = real_date(on, uow.today, "调研日期")
    minimum = rules.fieldwork_minimum(profile_on(uow.session, uow.tenant_id, day))
    row = PeriodicReport(tenant_id=uow.tenant_id, kind="fieldwork", department_id=None, period=rules.iso_week(day),
                         due=None, cite=minimum.cite if minimum else None, submitted_on=day, late=False,
                         text=report.strip(), figures={"place": place.strip()}, submitted_by_id=uow.actor.user_id,
                         created_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
    uow.record("supervision.fieldwork", object_type="periodic_report", object_id=row.id, subject=row,
               cite=row.cite)
    return row


@dataclass(frozen=True)
class FieldworkWeek:
    leader_id: int
    leader: str
    week: str
    visits: int


def fieldwork_shortfalls(session: Session, tenant_id: int, today: date, weeks: int = 4) -> list[FieldworkWeek]:
    """The leaders who, in the last `weeks` finished weeks, went to the grassroots fewer times
    than the text's weekly minimum; none where the text sets no minimum."""
    minimum = rules.fieldwork_minimum(profile_on(session, tenant_id, today))
    if minimum is None:
        return []
    monday = today - timedelta(days=today.weekday())
    finished = [rules.iso_week(monday - timedelta(weeks=n)) for n in range(weeks, 0, -1)]
    state = load_state(session, tenant_id)
    who = people(session, tenant_id)  # several hold 「副区长」: the page names each
    leaders = {s.holder_id: f"{s.title}{who(s.holder_id)}" for s in state.seats
               if s.kind in org_rules.LEADER_KINDS and s.holder_id}
    rows = session.execute(select(PeriodicReport.submitted_by_id, PeriodicReport.period, func.count()).where(
        PeriodicReport.tenant_id == tenant_id, PeriodicReport.kind == "fieldwork",
        PeriodicReport.period.in_(finished)).group_by(PeriodicReport.submitted_by_id, PeriodicReport.period)).all()
    counts = {(user_id, week): n for user_id, week, n in rows if user_id is not None}  # (the operator's are no leader's)
    return [FieldworkWeek(leader, leaders[leader], week, n)
            for leader, week, n in rules.fieldwork_shortfalls(minimum, counts, list(leaders), finished)]
