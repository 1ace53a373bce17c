"""The compliance report against a seeded period with known deviations, per complete seed, on
SQLite and PostgreSQL: March 2024 built through the real services at fixed moments — one 常务会议
with three resolutions (a task left open past its deadline and one closed in time; a document
issued two days late; two resolutions never published and one published in time), a
countersign answered two days after its deadline, an emergency reported in time and one a
minute late, a disclosure request never answered. Each government's text turns the same events
into its own deviations; the report finds every one and nothing else. The CLI prints it as
text, JSON and .xlsx."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from meeting_support import china, seen
from documents_support import seen_document
from zhengwu.calendar import CHINA_TZ
from zhengwu.cli.main import app as cli
from zhengwu.compliance.report import compliance_report
from zhengwu.disclosure import service as disclosure
from zhengwu.documents import countersigning, drafting
from zhengwu.documents.models import CountersignRequest
from zhengwu.emergency import service as emergency
from zhengwu.meetings import minutes_flow, scheduling
from zhengwu.meetings.events import RESOLUTION_SOURCE
from zhengwu.supervision import service as supervision
from zhengwu.disclosure.rules import Application

PERIOD = (date(2024, 3, 1), date(2024, 4, 10))  # March, and the publication deadlines of its resolutions
AS_OF = date(2024, 6, 3)


def seed_march(gov):
    """Returns the objects each known deviation is about."""
    head, finance, land = gov.user("head"), gov.department("财政局"), gov.department("自然资源局")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 3, 7), ends_at=china(2024, 3, 7, 11),
        chair_id=head.id), now=china(2024, 3, 1))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 3, 7, 12))
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting.id, body="会议研究了春耕备耕工作。", expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 3, 7, 15))
    late_task, kept_task = (gov.run("sun", "meetings.add_resolution", lambda uow, text=text, due=due: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text=text, department_id=finance.id, deadline=due, expected_version=seen(uow, minutes_id=minutes.id)), now=china(2024, 3, 7, 15))
        for text, due in (("拨付春耕补贴", date(2024, 3, 22)), ("制定备耕方案", date(2024, 3, 29))))
    issue = gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text="印发春耕备耕实施方案", department_id=finance.id, deadline=date(2024, 4, 30),
        document_title="关于印发春耕备耕实施方案的通知", expected_version=seen(uow, minutes_id=minutes.id)), now=china(2024, 3, 7, 15))
    gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)),
            now=china(2024, 3, 8))
    with gov.db.read() as session:
        [overdue] = supervision.tasks_from(session, gov.tenant.id, RESOLUTION_SOURCE, [str(late_task.id)])
        [in_time] = supervision.tasks_from(session, gov.tenant.id, RESOLUTION_SOURCE, [str(kept_task.id)])
    gov.run("czj", "supervision.report", lambda uow: supervision.close_task(
        uow, task_id=in_time.id, report="方案已印发", expected_version=in_time.version), now=china(2024, 3, 28))

    if issue.issue_by is not None:  # issued two days after the text's deadline
        gov.run("sun", "meetings.record_issue", lambda uow: minutes_flow.record_issue(
            uow, resolution_id=issue.id, issued_on=issue.issue_by + timedelta(days=2), expected_version=seen(uow, resolution_id=issue.id)), now=china(2024, 3, 25))

    draft = gov.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="office", doc_type="notice", title="关于做好春耕备耕工作的通知", body="各镇街：……",
        department_id=finance.id, main_recipients="各镇人民政府、街道办事处"), now=china(2024, 3, 4))
    [request] = gov.run("office", "document.countersign", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id), department_ids=[land.id]), now=china(2024, 3, 4))
    answered = (request.due or date(2024, 3, 18)) + timedelta(days=2)  # past the deadline, where there is one
    gov.run("zrj", "document.countersign", lambda uow: countersigning.answer_countersign(
        uow, request_id=request.id, expected_version=seen_document(uow, request.id, CountersignRequest), outcome="agree"), now=datetime.combine(answered, time(10), CHINA_TZ))

    event = china(2024, 3, 12, 10)
    for minutes_after in (10, 11):
        report = gov.run("dep1", "emergency.report", lambda uow: emergency.file_report(
            uow, title="河道冰凌险情", location="清水镇", description="冰凌堆积，已组织巡查", event_at=event),
            now=event + timedelta(minutes=minutes_after))
    # The three resolutions were queued for publication when the minutes were signed; the
    # office publishes the third in time and leaves the other two.
    with gov.db.read() as session:
        queued = {i.title: i for i in disclosure.items(session, gov.tenant.id)}
    published = queued["印发春耕备耕实施方案"]
    cleared = gov.run("office", "disclosure.manage", lambda uow: disclosure.check_confidentiality(
        uow, published.id, published.version, cleared=True), now=china(2024, 3, 11))
    gov.run("office", "disclosure.manage", lambda uow: disclosure.publish(uow, cleared.id, cleared.version),
            now=china(2024, 3, 12))
    unanswered = gov.run(None, "disclosure.file_request", lambda uow: disclosure.file_request(
        uow, Application(applicant="王五", identity_type="resident_id", identity_number="210102198001011234", contact="wangwu@example.cn", description="2023年春耕补贴发放情况", medium="paper", delivery="post")), now=china(2024, 2, 20))
    return {"overdue": overdue, "countersign": request, "late_report": report, "request": unanswered,
            "issue": issue, "unpublished": [queued["拨付春耕补贴"], queued["制定备耕方案"]]}


# What each seed's text makes of the same period, beyond what every one of them shares: 大洼's
# 常务会议 twice a month and 10-minute emergency reports; 海南区's and 西市区's countersign and
# issue deadlines (西市区's also the 3 days to the office); 西市区's 常务会议 every two weeks (short twice: after 03-07 and after 03-21).
EXTRA = {
    "dawa-2017": lambda s: [("meetings.cadence_short", "meeting_type", "executive", "dawa-2017:37"),
                            ("report_late", "emergency_report", s["late_report"].id, "dawa-2017:50")],
    "dalian-2014": lambda s: [],
    "wuhai-hainan-2023": lambda s: [
        ("documents.countersign_late", "countersign", s["countersign"].id, "wuhai-hainan-2023:57"),
        ("meetings.issue_late", "resolution", s["issue"].id, "wuhai-hainan-2023:54")],
    "xishi-2024": lambda s: [
        ("documents.countersign_late", "countersign", s["countersign"].id, "xishi-2024:29"),
        ("meetings.issue_late", "resolution", s["issue"].id, "xishi-2024:22"),
        # 「3个工作日内…报区政府办公室」: nobody recorded the document reaching the office.
        ("meetings.to_office_late", "resolution", s["issue"].id, "xishi-2024:22"),
        ("meetings.cadence_short", "meeting_type", "executive", "xishi-2024:20"),
        ("meetings.cadence_short", "meeting_type", "executive", "xishi-2024:20")],
}
TASK_CITE = {"dawa-2017": "dawa-2017:24", "dalian-2014": "dalian-2014:25",
             "wuhai-hainan-2023": "wuhai-hainan-2023:54", "xishi-2024": "xishi-2024:35"}


@pytest.mark.parametrize("profile_id", list(EXTRA))
def test_the_report_finds_every_deviation_and_nothing_else(make_gov, profile_id):
    gov = make_gov(profile_id)
    seeded = seed_march(gov)
    with gov.db.read() as session:
        report = compliance_report(session, gov.tenant, *PERIOD, AS_OF)
    found = sorted((d["code"], d["object_type"], d["object_id"], d["cite"]) for d in report.deviations)
    expected = [
        ("supervision.overdue", "task", seeded["overdue"].id, TASK_CITE[profile_id]),
        ("reply_late", "disclosure_request", seeded["request"].id, "law-disclosure-2019:33"),
        *[("not_published", "disclosure_item", item.id, "law-disclosure-2019:26") for item in seeded["unpublished"]],
        *EXTRA[profile_id](seeded),
    ]
    assert found == sorted(expected)
    assert all(d["title"] and d["on"] and d["message"] for d in report.deviations)
    assert sum(report.by_month().values()) == len(expected)


def test_the_cli_prints_text_json_and_xlsx(make_gov, database_url, tmp_path, monkeypatch):
    gov = make_gov("dawa-2017")
    seed_march(gov)
    monkeypatch.setenv("ZHENGWU_DATABASE_URL", database_url)
    runner = CliRunner()
    args = ["audit", "compliance", "--tenant", gov.tenant.slug, "--from", "2024-03-01", "--to", "2024-04-10",
            "--as-of", AS_OF.isoformat()]
    text = runner.invoke(cli, args)
    assert text.exit_code == 0, text.output
    assert "共发现偏差 6 项" in text.output and "《盘锦市大洼区人民政府工作规则》第三十七条" in text.output
    as_json = runner.invoke(cli, [*args, "--format", "json"])
    assert json.loads(as_json.output)["count"] == 6
    out = tmp_path / "report.xlsx"
    assert runner.invoke(cli, [*args, "--format", "xlsx", "--output", str(out)]).exit_code == 0
    sheet = load_workbook(out).active
    assert sheet["A2"].value.endswith(f"截至：{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日")  # the as-of date
    assert [c.value for c in sheet[3]] == ["序号", "类别", "对象", "日期", "偏差", "依据", "判定所依版本"]
    rows = [r for r in sheet.iter_rows(min_row=4, max_row=9)]
    assert [r[0].value for r in rows] == [1, 2, 3, 4, 5, 6]
    # Dates are dates, shown in the Chinese form; body cells name a CJK face.
    assert all(isinstance(r[3].value, datetime) and r[3].number_format == 'yyyy"年"m"月"d"日"' for r in rows)
    assert {c.font.name for r in rows for c in r} == {"宋体"}
    # Totals per category, and page numbers in the footer.
    totals = {sheet.cell(row=n, column=2).value: sheet.cell(row=n, column=3).value for n in range(11, sheet.max_row + 1)}
    assert totals["合计"] == 6 and sum(v for k, v in totals.items() if k != "合计") == 6 and totals["会议"] >= 1
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    assert {r[6].value for r in rows} == {"《盘锦市大洼区人民政府工作规则》（2017年5月9日起施行）"}
    refused = runner.invoke(cli, [*args, "--format", "xlsx"])
    assert refused.exit_code == 1 and "--output" in refused.output


def test_months_before_the_government_was_set_up_here_are_not_judged(db, make_tenant):
    """A government that joins the platform on 2024-03-04 has no meetings on record for January
    and February: the report does not call those months short of the 常务会议 cadence."""
    from meeting_support import seed_gov

    gov = seed_gov(db, make_tenant, "dawa-2017")  # set up at TEST_NOW, 2024-03-04
    with db.read() as session:
        before = compliance_report(session, gov.tenant, date(2024, 1, 1), date(2024, 2, 29), AS_OF)
        after = compliance_report(session, gov.tenant, date(2024, 4, 1), date(2024, 4, 30), AS_OF)
    assert not [d for d in before.as_json()["deviations"] if d["code"] == "meetings.cadence_short"]
    assert [d["on"] for d in after.as_json()["deviations"] if d["code"] == "meetings.cadence_short"]


def _deviations_read_row_by_row(session, tenant_id, start, end, today):
    """The supervision deviations as the report found them before issue 18 (every task of the
    period read as an object and judged in Python): the reference the late-tasks query must match."""
    from sqlalchemy import select

    from zhengwu.supervision.models import Task

    found = []
    for task in session.execute(select(Task).where(Task.tenant_id == tenant_id, Task.deadline >= start,
                                                   Task.deadline <= end).order_by(Task.deadline, Task.id)).scalars():
        if (task.closed_on or today) <= task.deadline:
            continue
        code = "supervision.closed_late" if task.closed_on else "supervision.overdue"
        found.append((task.id, code, task.deadline.isoformat(), task.cite or supervision.ledger_cite(session, tenant_id, task.deadline)))
    return found


def test_late_tasks_found_by_query_are_those_judged_row_by_row(make_gov):
    gov = make_gov("dawa-2017")
    seed_march(gov)
    finance = gov.department("财政局")
    tasks = {}
    for name, due in (("按时", date(2024, 3, 20)), ("当天办结", date(2024, 3, 21)), ("逾期办结", date(2024, 3, 22)),
                      ("未到期", date(2024, 6, 30)), ("逾期未办", date(2024, 3, 25))):
        tasks[name] = gov.run("office", "supervision.manage", lambda uow, name=name, due=due: supervision.create_task(
            uow, source="manual", source_id=name, title=f"督办：{name}", department_id=finance.id, deadline=due),
            now=china(2024, 3, 5))
    for name, closed in (("按时", china(2024, 3, 19)), ("当天办结", china(2024, 3, 21)), ("逾期办结", china(2024, 3, 26))):
        gov.run("czj", "supervision.report", lambda uow, name=name: supervision.close_task(
            uow, task_id=tasks[name].id, report="已办结", expected_version=tasks[name].version), now=closed)
    with gov.db.read() as session:
        for start, end, today in ((date(2024, 3, 1), date(2024, 4, 10), AS_OF), (date(2024, 1, 1), date(2024, 12, 31), date(2024, 3, 23)),
                                  (date(2024, 3, 22), date(2024, 3, 22), date(2024, 3, 22))):
            found = [(d["object_id"], d["code"], d["on"], d["cite"]) for d in supervision.deviations(
                session, gov.tenant.id, start, end, today) if d["object_type"] == "task"]
            assert found == _deviations_read_row_by_row(session, gov.tenant.id, start, end, today)
        codes = {d["object_id"]: d["code"] for d in supervision.deviations(session, gov.tenant.id, *PERIOD, AS_OF)}
    assert codes[tasks["逾期办结"].id] == "supervision.closed_late" and codes[tasks["逾期未办"].id] == "supervision.overdue"
    assert tasks["按时"].id not in codes and tasks["当天办结"].id not in codes and tasks["未到期"].id not in codes
