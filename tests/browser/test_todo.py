"""The 区长's home page on a phone (390 px): the minutes waiting for his 签发 come first, with the
count on the 待办 menu entry; the item leads to the step, and leaves the list once he has signed.
(卧龙, demo data; the minutes are made through the services, as the clerk would.)"""

from __future__ import annotations

from datetime import timedelta

import pytest

from zhengwu.core.tenants import find_tenant
from zhengwu.core.uow import unit_of_work
from zhengwu.core.users import find_user
from zhengwu.demo import DEMO_PASSWORD
from zhengwu.meetings import minutes_flow, scheduling
from meeting_support import seen

pytestmark = pytest.mark.browser

TITLE = "区政府常务会议（年终工作调度）"


def _minutes_waiting_for_the_head(live_server) -> None:
    db, now = live_server.app.state.db, live_server.now()
    with db.read() as session:
        tenant = find_tenant(session, "wolong")
        head, clerk, dep1 = (find_user(session, name) for name in ("wolong.head", "sun", "wolong.dep1"))

    def run(action, use_case, at):
        with unit_of_work(db, clerk.actor, action, tenant_id=tenant.id, now=at) as uow:
            return use_case(uow)

    start = now - timedelta(hours=2)
    meeting = run("meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title=TITLE, starts_at=start, ends_at=start + timedelta(hours=1), chair_id=head.id),
        now - timedelta(days=14))
    run("meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id, dep1.id], expected_version=seen(uow, meeting_id=meeting.id)), now)
    run("meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting.id, body="会议研究部署了年终各项工作。", expected_version=seen(uow, meeting_id=meeting.id)), now)


def test_the_heads_home_page_shows_the_minutes_awaiting_his_sign_off(browser, live_server, screenshot):
    _minutes_waiting_for_the_head(live_server)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto("/login")
    page.fill("#username", "wolong.head")
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/t/wolong/")

    panel = page.locator("#panel-todo")
    item = panel.locator("li", has_text=TITLE)
    assert "签发纪要" in item.inner_text()
    badge = page.locator(".mainnav a:has-text('待办') .badge")
    assert int(badge.inner_text()) >= 1
    # His work is the first thing on the page, and nothing scrolls sideways on a phone.
    first = page.locator(".panels > .panel").first
    assert first.get_attribute("id") == "panel-todo"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "1-head-home-390")

    item.locator("a").click()
    page.wait_for_url("**/t/wolong/meetings/*")
    page.locator("#minutes button:has-text('签发纪要')").click()
    page.wait_for_load_state()
    page.goto("/t/wolong/")
    assert TITLE not in page.locator("#panel-todo").inner_text()
    screenshot(page, "2-head-home-after-signing")
    page.goto("/t/wolong/todo?tab=done")
    assert "签发纪要" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "3-done-390")
    context.close()
