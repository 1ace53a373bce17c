"""A 常务会议 in a real browser (大洼, demo data): the office clerk puts the approved topic on the
agenda, sends the materials, records attendance, drafts the minutes with a resolution; the 区长 signs them off. A
deputy's attempt to sign first is refused with 第三十七条. Screenshots go to the artifacts."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from zhengwu.calendar import CHINA_TZ, china_date, default_calendar
from zhengwu.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def _log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _log_out(page) -> None:
    page.goto("/t/dawa/")  # the error page carries no session tools
    page.click("text=退出登录")
    page.wait_for_url("**/login")


@pytest.fixture
def clock(live_clock):
    """The live server's clock, put back where it was after the test."""
    before = live_clock.now()
    yield live_clock
    live_clock.set(before)


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_clerk_puts_topic_on_agenda_and_head_signs_minutes(page, screenshot, clock, profile_id):
    _log_in(page, "sun")
    page.goto("/t/dawa/meetings")
    assert "会议类型与召开频次" in page.locator("body").inner_text()
    screenshot(page, "1-calendar")

    page.click("nav >> text=议题")
    page.wait_for_url("**/t/dawa/topics")
    row = page.locator("tr", has_text="农村公路养护资金")
    assert "已确定上会" in row.inner_text()
    screenshot(page, "2-topic-queue")
    row.locator("a").first.click()
    page.wait_for_url("**/t/dawa/topics/*")
    assert "办理程序" in page.locator("body").inner_text()
    screenshot(page, "2b-topic")
    page.go_back()
    row = page.locator("tr", has_text="农村公路养护资金")
    row.locator("button:has-text('列入议程')").click()
    page.wait_for_url("**/t/dawa/meetings/*")
    meeting_url = page.url
    assert "农村公路养护资金" in page.locator("#agenda ol").inner_text()
    assert "已列入议程" in page.locator("#agenda").inner_text()
    page.click("button:has-text('会前送达会议材料')")
    page.wait_for_url(meeting_url)
    assert "会议材料已于" in page.locator("#agenda").inner_text()
    screenshot(page, "3-on-agenda")

    # The demo meeting is ten working days ahead: it cannot be held before its day.
    page.click("button:has-text('登记出席')")
    # Refused on the same page, the navigation kept, the article once.
    refusal = page.locator("#refusal").inner_text()
    assert "不能登记出席情况" in refusal and page.locator("nav.mainnav").count() == 1
    screenshot(page, "3b-not-yet-its-day")
    meeting_day = default_calendar().add_workdays(china_date(clock.now()), 10)
    clock.set(datetime.combine(meeting_day, time(11), CHINA_TZ))
    _log_in(page, "sun")  # two weeks later the session has lapsed (8 hours idle)
    page.goto(meeting_url)
    page.click("button:has-text('登记出席')")
    page.wait_for_url(meeting_url)
    page.fill("#body", "会议听取了区财政局关于农村公路养护资金安排的汇报，原则同意安排方案。")
    page.click("button:has-text('起草纪要')")
    page.wait_for_url("**/meetings/*")
    page.fill("#text", "原则同意2026年农村公路养护资金安排方案")
    page.select_option("#department_id", label="区财政局")
    page.fill("#deadline", (meeting_day + timedelta(days=30)).isoformat())
    page.click("button:has-text('写入议定事项')")
    page.wait_for_url("**/meetings/*")
    assert "签发后立项" in page.locator("#minutes").inner_text()
    screenshot(page, "4-minutes-drafted")
    _log_out(page)

    _log_in(page, "dawa.dep1")
    page.goto(meeting_url)
    # A deputy is not offered 签发纪要; the page says whose step it is, with the article.
    assert page.locator("button:has-text('签发纪要')").count() == 0
    owner = page.locator("#minutes .step-owner").inner_text()
    assert "区长签发" in owner and "第三十七条" in owner
    screenshot(page, "5-deputy-sees-whose-step")
    _log_out(page)

    _log_in(page, "dawa.head")
    page.goto(meeting_url)
    page.click("button:has-text('签发纪要')")
    page.wait_for_url("**/meetings/*")
    minutes = page.locator("#minutes").inner_text()
    assert "已签发" in minutes and "已立项" in minutes
    assert page.locator("a:has-text('下载正式文本')").count() == 1
    screenshot(page, "6-signed")
