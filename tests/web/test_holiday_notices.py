"""Entering a year's holiday notice: the operator's page and API, the 暂定 mark, the reminder.

The 2027 notice used here is made up for the tests (consistent weekdays and statutory days);
it is not the real schedule.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from typer.testing import CliRunner

from support import api_token, csrf_of, log_in
from zhengwu.calendar import CHINA_TZ, default_calendar
from zhengwu.cli.main import app as cli
from zhengwu.core import audit

NOTICE_2027 = (Path(__file__).parent.parent / "calendar" / "notices" / "2027-fictional.txt").read_text("utf-8")


def test_a_deadline_in_a_year_without_its_notice_is_marked_provisional(client, make_user):
    make_user("zhang")
    headers = api_token(client, "zhang")
    body = client.get("/api/calendar/add", headers=headers, params={"start": "2027-02-05", "workdays": "3"}).json()
    # Provisionally (no 调休): 02-05 … 02-08 off, so Tuesday, Wednesday, Thursday → 02-11.
    assert body["date"] == "2027-02-11" and body["provisional"] is True
    assert "全国年节及纪念日放假办法" in body["basis"]
    official = client.get("/api/calendar/add", headers=headers, params={"start": "2026-09-30", "workdays": "1"}).json()
    assert official["provisional"] is False


def test_operator_previews_then_enters_and_deadlines_become_official(client, db, make_user):
    make_user("root", platform_admin=True)
    headers = api_token(client, "root")
    preview = client.post("/api/calendar/notices/preview", headers=headers, json={"text": NOTICE_2027})
    assert preview.status_code == 200 and preview.json()["year"] == 2027
    assert default_calendar().is_provisional(datetime(2027, 3, 1).date())  # a preview saves nothing

    entered = client.post("/api/calendar/notices", headers=headers, json={"text": NOTICE_2027})
    assert entered.status_code == 201, entered.text
    body = client.get("/api/calendar/add", headers=headers, params={"start": "2027-02-05", "workdays": "3"}).json()
    # Officially 02-05 … 02-12 are off and Sunday 02-14 is a make-up workday: 02-14, 02-15, 02-16.
    assert body == {**body, "date": "2027-02-16", "provisional": False}
    years = client.get("/api/calendar/years", headers=headers, params={"first": 2026, "last": 2028}).json()
    assert [y["official"] for y in years] == [True, True, False]
    with db.read() as session:
        events = audit.recent(session, audit.PLATFORM_CHAIN, limit=5)
    assert any(e.action == "calendar.enter" for e in events)


def test_a_wrong_notice_is_refused_with_the_line_and_nothing_changes(client, make_user):
    make_user("root", platform_admin=True)
    headers = api_token(client, "root")
    wrong = NOTICE_2027.replace("2027年", "2028年")  # the weekdays no longer match
    refused = client.post("/api/calendar/notices", headers=headers, json={"text": wrong})
    assert refused.status_code == 422
    assert "第 2 行" in refused.json()["message"] and "年份是否正确" in refused.json()["message"]
    assert default_calendar().is_provisional(datetime(2028, 3, 1).date())


def test_only_the_operator_enters_a_notice(client, make_user):
    make_user("zhang")
    headers = api_token(client, "zhang")
    refused = client.post("/api/calendar/notices", headers=headers, json={"text": NOTICE_2027})
    assert refused.status_code == 403 and "平台管理员" in refused.json()["message"]
    log_in(client, "zhang")
    page = client.get("/platform/calendar")
    assert page.status_code == 403 and "平台管理员" in page.text


def test_the_page_keeps_the_text_on_a_refusal_and_enters_after_checking(client, make_user):
    make_user("root", platform_admin=True)
    log_in(client, "root")
    page = client.get("/platform/calendar")
    assert page.status_code == 200 and "暂定" in page.text
    bad = client.post("/platform/calendar/preview", data={"csrf_token": csrf_of(page.text), "year": "",
                                                          "text": NOTICE_2027.replace("共8天", "共9天")})
    assert bad.status_code == 422 and "共9天" in bad.text and "第 3 行" in bad.text
    assert "农历除夕、周五" in bad.text  # what was pasted is still in the box
    checked = client.post("/platform/calendar/preview", data={"csrf_token": csrf_of(page.text), "year": "",
                                                              "text": NOTICE_2027})
    assert "核对：2027 年" in checked.text and "2月14日" in checked.text
    done = client.post("/platform/calendar/enter", data={"csrf_token": csrf_of(page.text), "year": "2027",
                                                         "text": NOTICE_2027}, follow_redirects=True)
    assert "已录入 2027 年节假日安排" in done.text
    assert not default_calendar().is_provisional(datetime(2027, 3, 1).date())


def test_from_november_the_operator_is_told_next_years_notice_is_missing(client, clock, make_user, make_tenant):
    make_tenant()
    make_user("root", platform_admin=True)
    make_user("clerk")
    clock.set(datetime(2026, 11, 2, 9, 0, tzinfo=CHINA_TZ))
    log_in(client, "root")
    assert "2027 年的国务院办公厅节假日安排通知尚未录入" in client.get("/platform/calendar").text
    clock.set(datetime(2026, 10, 30, 9, 0, tzinfo=CHINA_TZ))
    assert "年的国务院办公厅节假日安排通知尚未录入" not in client.get("/platform/calendar").text
    clock.set(datetime(2026, 11, 2, 9, 0, tzinfo=CHINA_TZ))
    client.post("/api/calendar/notices", headers=api_token(client, "root"), json={"text": NOTICE_2027})
    assert "年的国务院办公厅节假日安排通知尚未录入" not in client.get("/platform/calendar").text


def test_cli_import_checks_then_enters(tmp_path, monkeypatch):
    data = tmp_path / "data"
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade", "--data-dir", str(data)]).exit_code == 0
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    dry = runner.invoke(cli, ["calendar", "import", str(notice), "--dry-run", "--data-dir", str(data)])
    assert dry.exit_code == 0 and "春节：放假 2027-02-05 至 2027-02-12，共 8 天；调休上班 2027-02-14" in dry.stdout
    assert runner.invoke(cli, ["calendar", "add", "2027-02-05", "3", "--data-dir", str(data)]).stdout == "2027-02-11\n"
    done = runner.invoke(cli, ["calendar", "import", str(notice), "--data-dir", str(data)])
    assert done.exit_code == 0 and "已录入 2027 年节假日安排" in done.stdout
    after = runner.invoke(cli, ["calendar", "add", "2027-02-05", "3", "--data-dir", str(data)])
    assert after.stdout == "2027-02-16\n" and "暂定" not in after.stderr
    bad = tmp_path / "bad.txt"
    bad.write_text(NOTICE_2027.replace("共7天", "共6天"), encoding="utf-8")
    refused = runner.invoke(cli, ["calendar", "import", str(bad), "--data-dir", str(data)])
    assert refused.exit_code == 1 and "第 8 行" in refused.stderr and "Traceback" not in refused.output
