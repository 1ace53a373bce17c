"""Per complete seed government, on SQLite and PostgreSQL: a 常务会议 resolution becomes a
ledger task when the minutes are signed, is reminded before and at its deadline, flagged
overdue, and closed late after its milestone and progress reports; a 批示件 asking for a report
is on the ledger until the report arrives; a second inspection of the same unit on the same
matter is refused where the text forbids it (海南区 69); a rectification list is kept until
closed and re-checked (回头看, 海南区 70)."""

from __future__ import annotations

from datetime import date

import pytest

from meeting_support import china, seen
from zhengwu.core import audit
from zhengwu.core.errors import StaleVersion
from zhengwu.core.verdict import RuleViolation
from zhengwu.meetings import minutes_flow, scheduling
from zhengwu.meetings.events import RESOLUTION_SOURCE
from zhengwu.supervision import service
from zhengwu.supervision import rules
from zhengwu.supervision.models import Rectification, Task

# The article a late task is listed under: the text's resolution-tracking article where it has
# one, else the article naming the supervision office.
TASK_CITE = {"dawa-2017": "dawa-2017:24", "dalian-2014": "dalian-2014:25",
             "wuhai-hainan-2023": "wuhai-hainan-2023:54", "xishi-2024": "xishi-2024:35"}
NO_DUPLICATE = {"wuhai-hainan-2023": "wuhai-hainan-2023:69", "xishi-2024": "xishi-2024:36"}
SEEDS = list(TASK_CITE)


def resolution_task(gov, deadline: date):
    """A 常务会议 on 2024-03-21 whose signed minutes assign 财政局 a resolution due `deadline`."""
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 3, 21), ends_at=china(2024, 3, 21, 11),
        chair_id=head.id))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 3, 21, 12))
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting.id, body="会议研究了农村公路养护。", expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 3, 21, 15))
    resolution = gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text="拨付农村公路养护资金", department_id=gov.department("财政局").id,
        deadline=deadline, expected_version=seen(uow, minutes_id=minutes.id)), now=china(2024, 3, 21, 15))
    gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)),
            now=china(2024, 3, 22, 10))
    with gov.db.read() as session:
        [task] = service.tasks_from(session, gov.tenant.id, RESOLUTION_SOURCE, [str(resolution.id)])
    return meeting, resolution, task


def standing_on(gov, task_id, day):
    with gov.db.read() as session:
        return next(r.standing for r in service.ledger(session, gov.tenant.id, day) if r.task.id == task_id)


@pytest.mark.parametrize("profile_id", SEEDS)
def test_resolution_to_task_to_closure_with_a_late_report(make_gov, profile_id):
    gov = make_gov(profile_id)
    finance = gov.department("财政局")
    _, _, task = resolution_task(gov, date(2024, 5, 6))
    assert (task.department_id, task.deadline, task.state) == (finance.id, date(2024, 5, 6), "open")

    assert task.person is None  # a resolution names the department; the office names the person
    named = gov.run("sun", "supervision.manage", lambda uow: service.assign_person(
        uow, task_id=task.id, person="王科长", expected_version=task.version))
    assert named.person == "王科长"
    milestone = gov.run("sun", "supervision.manage", lambda uow: service.add_milestone(
        uow, task_id=task.id, title="拨付第一批资金", due=date(2024, 4, 15), expected_version=named.version))
    gov.run("czj", "supervision.report", lambda uow: service.report_progress(
        uow, task_id=task.id, text="方案已报区政府", expected_version=service.get_task(uow.session, uow.tenant_id, task.id).version), now=china(2024, 4, 10))

    assert standing_on(gov, task.id, date(2024, 4, 22)).code == "open"
    assert standing_on(gov, task.id, date(2024, 4, 28)).code == "due_soon"  # 4-28 is a working Sunday
    assert standing_on(gov, task.id, date(2024, 5, 6)).code == "due_today"
    with gov.db.read() as session:
        assert [r.task.id for r in service.reminders(session, gov.tenant.id, date(2024, 4, 28))] == [task.id]
        assert service.reminders(session, gov.tenant.id, date(2024, 4, 22)) == []
    assert standing_on(gov, task.id, date(2024, 5, 7)).code == "overdue"

    with pytest.raises(RuleViolation) as refused:
        gov.run("czj", "supervision.report", lambda uow: service.close_task(
            uow, task_id=task.id, report="已拨付", expected_version=service.get_task(uow.session, uow.tenant_id, task.id).version),
                now=china(2024, 5, 8))
    assert refused.value.verdict.reasons[0].code == "supervision.milestones_open"
    gov.run("czj", "supervision.report", lambda uow: service.report_progress(
        uow, task_id=task.id, text="第一批资金已拨付", milestone_id=milestone.id, expected_version=service.get_task(uow.session, uow.tenant_id, task.id).version),
        now=china(2024, 5, 8))
    closed = gov.run("czj", "supervision.report", lambda uow: service.close_task(
        uow, task_id=task.id, report="资金已全部拨付到位", expected_version=service.get_task(uow.session, uow.tenant_id, task.id).version), now=china(2024, 5, 8))
    assert (closed.state, closed.closed_on) == ("done", date(2024, 5, 8))
    assert standing_on(gov, task.id, date(2024, 9, 1)).code == "done_late"

    with gov.db.read() as session:
        event = audit.recent(session, audit.chain_of(gov.tenant.id), limit=1)[0]
        figures = dict(service.performance(session, gov.tenant.id, date(2024, 5, 1), date(2024, 5, 31), date(2024, 9, 1)))
        found = service.deviations(session, gov.tenant.id, date(2024, 5, 1), date(2024, 5, 31), date(2024, 9, 1))
    assert event.action == "supervision.close_task" and event.summary["detail"]["late"] is True
    row = figures[finance.name]
    assert (row.on_time, row.late, row.open) == (0, 1, 0)
    assert [(d["code"], d["object_id"], d["cite"]) for d in found] == [
        ("supervision.closed_late", task.id, TASK_CITE[profile_id])]


@pytest.mark.parametrize("profile_id", SEEDS)
def test_the_office_enters_a_proposal_in_working_days(make_gov, profile_id):
    gov = make_gov(profile_id)
    with pytest.raises(RuleViolation) as refused:
        gov.run("sun", "supervision.manage", lambda uow: service.enter_task(
            uow, source="npc_proposal", reference="第8号", title="增设公交线路", department_id=None, person="",
            workdays=10), now=china(2024, 2, 8))
    assert {r.code for r in refused.value.verdict.reasons} == {"supervision.missing_department",
                                                               "supervision.missing_person"}
    task = gov.run("sun", "supervision.manage", lambda uow: service.enter_task(
        uow, source="npc_proposal", reference="第8号", title="增设公交线路", department_id=gov.department("财政局").id,
        person="刘敏", workdays=10), now=china(2024, 2, 8))
    # ten working days from 2024-02-08 across the Spring Festival holiday
    assert (task.deadline, task.person, task.source) == (date(2024, 2, 28), "刘敏", "npc_proposal")
    with pytest.raises(RuleViolation):  # a department head is not the supervision office
        gov.run("czj", "supervision.manage", lambda uow: service.enter_task(
            uow, source="work_report", reference="", title="x", department_id=gov.department("财政局").id,
            person="刘敏", workdays=5))


@pytest.mark.parametrize("profile_id", SEEDS)
def test_duplicate_inspection_of_the_same_unit_on_the_same_matter(make_gov, profile_id):
    gov = make_gov(profile_id)
    unit = gov.department("财政局").id
    gov.run("sun", "supervision.manage", lambda uow: service.inspect(
        uow, department_id=unit, matter="惠民资金发放", problems=[("台账不全", date(2024, 6, 30))]), now=china(2024, 5, 8))
    again = lambda uow: service.inspect(uow, department_id=unit, matter="惠民资金 发放", problems=[])  # noqa: E731
    if profile_id in NO_DUPLICATE:
        with pytest.raises(RuleViolation) as refused:
            gov.run("sun", "supervision.manage", again, now=china(2024, 9, 8))
        reason = refused.value.verdict.reasons[0]
        assert (reason.code, reason.cite) == ("supervision.duplicate_inspection", NO_DUPLICATE[profile_id])
        assert "严禁重复督查" in reason.message and "依据《" in reason.message
    else:
        gov.run("sun", "supervision.manage", again, now=china(2024, 9, 8))
    with gov.db.read() as session:
        assert len(service.inspections(session, gov.tenant.id)) == (1 if profile_id in NO_DUPLICATE else 2)


def _version(uow, item_id: int) -> int:
    """The version of the rectification item as the office's page shows it now."""
    return uow.session.get(Rectification, item_id).version


@pytest.mark.parametrize("profile_id", SEEDS)
def test_rectification_kept_until_closed_and_rechecked(make_gov, profile_id):
    gov = make_gov(profile_id)
    follow_up = profile_id == "wuhai-hainan-2023"  # 海南区 70: 回头看
    inspection = gov.run("sun", "supervision.manage", lambda uow: service.inspect(
        uow, department_id=gov.department("财政局").id, matter="惠民资金发放",
        problems=[("台账不全", date(2024, 6, 30))]), now=china(2024, 5, 8))
    [item] = inspection.items

    def listed():
        with gov.db.read() as session:
            return [r.id for _, r in service.rectification_list(session, gov.tenant.id, date(2024, 7, 1))]

    with pytest.raises(RuleViolation) as refused:
        gov.run("sun", "supervision.manage", lambda uow: service.close_rectification(
            uow, item_id=item.id, evidence=" ", expected_version=item.version))
    assert refused.value.verdict.reasons[0].cite == "law-supervision-2020:18"
    gov.run("sun", "supervision.manage", lambda uow: service.close_rectification(
        uow, item_id=item.id, evidence="已补齐台账", expected_version=_version(uow, item.id)), now=china(2024, 6, 20))
    assert listed() == ([item.id] if follow_up else [])

    # 回头看 finds a relapse: the item is open again until closed anew
    reopened = gov.run("sun", "supervision.manage", lambda uow: service.recheck(
        uow, item_id=item.id, holds=False, note="新发放批次台账又有缺项", expected_version=_version(uow, item.id)), now=china(2024, 9, 10))
    assert (reopened.state, reopened.rechecks) == ("open", 1)
    assert listed() == [item.id]
    gov.run("sun", "supervision.manage", lambda uow: service.close_rectification(
        uow, item_id=item.id, evidence="建立逐批核对制度", expected_version=_version(uow, item.id)), now=china(2024, 9, 20))
    gov.run("sun", "supervision.manage", lambda uow: service.recheck(
        uow, item_id=item.id, holds=True, note="连续两批台账齐全", expected_version=_version(uow, item.id)), now=china(2024, 11, 20))
    assert listed() == []
    with gov.db.read() as session:
        event = audit.recent(session, audit.chain_of(gov.tenant.id), limit=1)[0]
        late = service.deviations(session, gov.tenant.id, date(2024, 6, 1), date(2024, 6, 30), date(2024, 12, 1))
    assert event.cite == ("wuhai-hainan-2023:70" if follow_up else "law-supervision-2020:18")
    # closed in time on 06-20, but the relapse found by 回头看 left it open past its due date
    assert [(d["code"], d["object_id"], d["cite"]) for d in late] == [
        ("supervision.rectification_late", item.id, "law-supervision-2020:18")]
    assert "2024-09-20才销号" in late[0]["message"]


def test_a_progress_report_on_a_task_changed_since_it_was_read_is_refused_as_stale(make_gov):
    """A milestone or progress report goes against the task as the reporter saw it: after the
    office added a milestone, a report sent with the older version is refused (409) and nothing is
    recorded; each such change gives the task a new version."""
    gov = make_gov("xishi-2024")
    _, _, task = resolution_task(gov, date(2024, 5, 6))
    gov.run("sun", "supervision.manage", lambda uow: service.add_milestone(
        uow, task_id=task.id, title="拨付第一批资金", due=date(2024, 4, 15), expected_version=task.version))
    with pytest.raises(StaleVersion) as stale:
        gov.run("czj", "supervision.report", lambda uow: service.report_progress(
            uow, task_id=task.id, text="方案已报区政府", expected_version=task.version), now=china(2024, 4, 10))
    assert stale.value.status == 409 and "督办事项" in str(stale.value)
    with gov.db.read() as session:
        current = service.get_task(session, gov.tenant.id, task.id)
        assert current.reports == [] and current.version == task.version + 1


def test_the_ledger_figures_counted_by_the_database_are_the_rules(make_gov):
    # service.performance counts in SQL what rules.performance counts in Python: the same tasks
    # must give the same figures (on time, late, open, overdue; a task due outside the period
    # and one closed on its deadline day included).
    gov = make_gov("dawa-2017")
    finance, other = gov.department("财政局"), gov.department("人力")
    period, today = (date(2024, 3, 1), date(2024, 4, 30)), date(2024, 4, 1)
    facts = [(finance.id, date(2024, 3, 10), date(2024, 3, 9)), (finance.id, date(2024, 3, 20), date(2024, 3, 25)),
             (finance.id, date(2024, 3, 30), None), (finance.id, date(2024, 3, 12), date(2024, 3, 12)),
             (other.id, date(2024, 4, 30), None), (other.id, date(2024, 4, 1), None),
             (other.id, date(2024, 2, 1), None), (other.id, date(2024, 5, 2), date(2024, 6, 1))]

    def enter(uow):
        for n, (department_id, deadline, closed_on) in enumerate(facts):
            task = Task(tenant_id=uow.tenant_id, source="instruction", source_id=str(n), title=f"事项{n}",
                        department_id=department_id, deadline=deadline, closed_on=closed_on,
                        state="open" if closed_on is None else "done", created_at=china(2024, 1, 2))
            uow.session.add(task)
            uow.session.flush()
            uow.record("supervision.create_task", object_type="task", object_id=task.id, subject=task)

    gov.run("sun", "supervision.manage", enter)
    with gov.db.read() as session:
        counted = {name: vars(f) for name, f in service.performance(session, gov.tenant.id, *period, today)}
    ruled = rules.performance([rules.TaskFacts(*f) for f in facts], *period, today)
    assert counted == {finance.name: vars(ruled[finance.id]), other.name: vars(ruled[other.id])}
    assert counted[finance.name] == {"on_time": 2, "late": 1, "open": 1, "overdue": 1}
