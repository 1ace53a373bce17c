"""The demo clock: `serve --demo --today D` seeds the demo relative to D, and the operator moves it
forward N working days (only in demo mode); the deadline processor then runs, and the API shows
deemed consent (海南区 57, 西市 29), a late 批示件 report (大连 51) and an overdue task."""

from __future__ import annotations

import time
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from support import api_token, csrf_of, log_in
from zhengwu.calendar import DemoClock, default_calendar
from zhengwu.cli.main import app as cli
from zhengwu.core.settings import Settings
from zhengwu.demo import ADMIN_USERNAME, DEMO_PASSWORD, seed_demo
from zhengwu.web.app import create_app

DEMO_DAYS = [date(2026, 12, 4), date(2026, 12, 31), date(2027, 2, 10), date(2030, 6, 1)]


@pytest.fixture
def demo_client(db, tmp_path):
    def start(day: date) -> TestClient:
        clock = DemoClock(day)
        seed_demo(db, now=clock.now())
        return TestClient(create_app(Settings(data_dir=tmp_path, database_url=str(db.engine.url)), db, clock))

    return start


def _open(client, headers, tenant: str) -> list[dict]:
    return client.get(f"/api/tenants/{tenant}/deadlines", headers=headers).json()


@pytest.mark.parametrize("day", DEMO_DAYS, ids=str)
def test_demo_started_on_any_day_shows_consent_late_report_and_overdue_task_after_advancing(demo_client, day):
    client = demo_client(day)
    admin = api_token(client, ADMIN_USERNAME, DEMO_PASSWORD)
    # The operator moves the clock; each government's office reads its own work (the operator
    # reads none of it unless granted).
    office = {t: api_token(client, f"{t}.office", DEMO_PASSWORD) for t in ("xishi", "dalian")}
    assert client.get("/api/platform/clock", headers=admin).json()["today"] == day.isoformat()
    before = {t: _open(client, office[t], t) for t in ("xishi", "dalian")}
    assert any(d["kind"] == "countersign_reply" and d["state"] == "pending" for d in before["xishi"])
    report = next(d for d in before["dalian"] if d["kind"] == "instruction_report")
    assert report["state"] == "pending"
    assert report["provisional"] is False  # 10 calendar days: no holiday schedule involved

    moved = client.post("/api/platform/clock/advance", headers=admin, json={"workdays": 10})
    assert moved.status_code == 200, moved.text
    assert moved.json()["today"] == default_calendar().add_workdays(day, 10).isoformat()
    assert moved.json()["fired"] > 0

    # 西市 29: the 财政局 never answered the countersign; its silence is now consent, by the system.
    clocks = client.get("/api/tenants/xishi/countersigns", headers=office["xishi"]).json()
    assert [(c["status"], c["cite"]) for c in clocks] == [("deemed_consent", "xishi-2024:29")]
    # 大连 51: the 批示件's report is late.
    late = next(d for d in _open(client, office["dalian"], "dalian") if d["kind"] == "instruction_report")
    assert (late["state"], late["cite"]) == ("overdue", "dalian-2014:51")
    # The ledger task due two working days after the start is overdue, flagged by the system.
    overdue = [d for d in _open(client, office["xishi"], "xishi") if d["kind"] == "supervision_task" and d["state"] == "overdue"]
    assert len(overdue) == 2  # the one seeded already late, and the one due in 2 working days
    trail = client.get("/api/tenants/xishi/audit", headers=office["xishi"], params={"limit": 200}).json()
    assert sum(e["action"] == "document.countersign_silence" for e in trail) == 1
    assert {e["actor"] for e in trail if e["action"] in ("deadline.overdue", "document.countersign_silence")} == {
        "系统（期限自动处理）"}


def test_advancing_the_clock_is_refused_outside_demo_mode_and_the_page_says_so(client, make_user):
    make_user("root", platform_admin=True)
    refused = client.post("/api/platform/clock/advance", headers=api_token(client, "root"), json={"workdays": 3})
    assert refused.status_code in (409, 422) and "不是以演示模式启动" in refused.json()["message"]
    log_in(client, "root")
    page = client.get("/platform/clock")
    assert page.status_code == 200 and "不是以演示模式启动" in page.text and 'name="workdays"' not in page.text


def test_only_the_platform_operator_moves_the_demo_clock(demo_client):
    client = demo_client(date(2026, 12, 4))
    clerk = api_token(client, "sun", DEMO_PASSWORD)
    refused = client.post("/api/platform/clock/advance", headers=clerk, json={"workdays": 3})
    assert refused.status_code == 403 and "平台管理员" in refused.json()["message"]
    assert client.get("/api/platform/clock", headers=clerk).json()["today"] == "2026-12-04"


def test_the_operator_page_moves_the_demo_clock(demo_client):
    client = demo_client(date(2026, 12, 4))
    log_in(client, ADMIN_USERNAME, DEMO_PASSWORD)
    page = client.get("/platform/clock")
    assert "2026-12-04" in page.text and 'name="workdays"' in page.text
    done = client.post("/platform/clock/advance", data={"workdays": "3", "csrf_token": csrf_of(page.text)})
    assert done.status_code == 200 and "2026-12-09" in done.text and "已从 2026-12-04 拨到 2026-12-09" in done.text
    bad = client.post("/platform/clock/advance", data={"workdays": "0", "csrf_token": csrf_of(page.text)})
    assert bad.status_code == 422 and "1 至" in bad.text


def test_serve_today_needs_demo_and_a_real_date(monkeypatch, tmp_path):
    runner = CliRunner()
    lonely = runner.invoke(cli, ["serve", "--today", "2026-12-04", "--data-dir", str(tmp_path)])
    assert lonely.exit_code == 1 and "只能与 --demo 一起使用" in lonely.output
    bad = runner.invoke(cli, ["serve", "--demo", "--today", "2026-13-01", "--data-dir", str(tmp_path)])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output


def test_serve_demo_today_starts_the_demo_clock_there_with_the_processor_inside(monkeypatch, tmp_path):
    import uvicorn

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(app=app))
    monkeypatch.delenv("ZHENGWU_DATABASE_URL", raising=False)
    monkeypatch.setenv("ZHENGWU_DEADLINE_TICK_SECONDS", "0.1")
    result = CliRunner().invoke(cli, ["serve", "--demo", "--today", "2027-02-10", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    app = started["app"]
    assert isinstance(app.state.clock, DemoClock) and app.state.clock.today() == date(2027, 2, 10)
    assert "演示时钟：今天是 2027-02-10" in result.output
    # The processor runs inside the server: the task the demo seeded three working days late is
    # flagged within a tick, without anyone calling it.
    with TestClient(app) as client:
        admin = api_token(client, ADMIN_USERNAME, DEMO_PASSWORD)
        for _ in range(100):
            late = [d for d in client.get("/api/tenants/xishi/deadlines", headers=admin).json() if d["state"] == "overdue"]
            if late:
                break
            time.sleep(0.1)
    assert [d["kind"] for d in late] == ["supervision_task"]


def test_the_deadlines_page_and_the_operator_panel(demo_client):
    client = demo_client(date(2026, 12, 24))
    log_in(client, ADMIN_USERNAME, DEMO_PASSWORD)
    home = client.get("/t/xishi/")
    assert "拨动演示时钟" in home.text
    page = client.get("/t/xishi/deadlines")
    # The countersign sent 12-24 runs 7 working days into 2027, whose notice is not entered: 暂定.
    assert page.status_code == 200 and "会签回复" in page.text and "暂定" in page.text
    assert "countersign_reply" not in page.text and "xishi" not in page.text.split("<main", 1)[1].replace("/t/xishi/", "")
    log_in(client, "xishi.zjj", DEMO_PASSWORD)
    assert "拨动演示时钟" not in client.get("/t/xishi/").text
