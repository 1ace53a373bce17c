"""Leave in a real browser: the office files a deputy's leave, the head approves it, and the
home page shows who acts for him today (西市: his AB角 partner, 第五条)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from zhengwu.demo import DEMO_PASSWORD, demo_tenant_code

pytestmark = pytest.mark.browser
XISHI = demo_tenant_code("xishi-2024")


def _log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _minutes_from_now(live_server, minutes: int) -> str:
    moment = live_server.now().astimezone(ZoneInfo("Asia/Shanghai")) + timedelta(minutes=minutes)
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_request_approve_and_see_who_acts(browser, live_server, page, screenshot):
    # 孙秘书 works in the office of every demo government: she logs in and switches to 西市.
    _log_in(page, "sun")
    page.click("button:has-text('盘锦市大洼区人民政府')")
    page.wait_for_url("**/t/dawa/")
    page.select_option("#tenant-select", XISHI)
    page.click(".tenant-switcher button")
    page.wait_for_url(f"**/t/{XISHI}/")
    assert page.locator(".tenant-name").inner_text() == "营口市西市区人民政府"

    page.click("nav >> text=请销假")
    page.wait_for_url(f"**/t/{XISHI}/leave")
    page.select_option("#post_id", label="王副区长 · 副区长")
    page.select_option("#occasion", "out_of_area")
    # Leave must be asked in advance (西市 第四十一条): it begins a few minutes from now.
    page.fill("#starts_at", _minutes_from_now(live_server, 3))
    page.fill("#ends_at", _minutes_from_now(live_server, 3 * 24 * 60))
    page.fill("#reason", "赴省里汇报工作")
    page.click("#request button[type=submit]")
    page.wait_for_url(f"**/t/{XISHI}/leave")
    record = page.locator("#all tbody tr").first
    assert "王副区长" in record.inner_text() and "待审批" in record.inner_text()
    assert "区长（张区长）" in record.inner_text()
    screenshot(page, "1-requested")

    # 张区长 approves it from his home page.
    head = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 860}, locale="zh-CN")
    head_page = head.new_page()
    _log_in(head_page, f"{XISHI}.head")
    head_page.wait_for_url(f"**/t/{XISHI}/")
    pending = head_page.locator("#panel-todo")
    assert "审批请假" in pending.inner_text() and "王副区长" in pending.inner_text()
    screenshot(head_page, "2-head-home-pending")
    pending.locator("a:has-text('王副区长')").first.click()
    head_page.wait_for_url(f"**/t/{XISHI}/leave*")
    head_page.fill("#pending input[name=note]", "同意，注意安全")
    head_page.click("#pending button:has-text('批准')")
    head_page.wait_for_url(f"**/t/{XISHI}/leave")
    assert "已批准" in head_page.locator("#all tbody tr").first.inner_text()
    screenshot(head_page, "3-approved")

    head_page.click("nav >> text=首页")
    head_page.wait_for_url(f"**/t/{XISHI}/")
    acting = head_page.locator("#panel-acting").inner_text()
    assert "刘副区长" in acting and "代行 王副区长" in acting
    assert "依据《西市区人民政府工作规则》第五条" in acting
    screenshot(head_page, "4-home-acting")

    head_page.click("nav >> text=组织机构")
    head_page.wait_for_url(f"**/t/{XISHI}/org")
    assert "AB角" in head_page.locator(".org-leaders").inner_text()
    screenshot(head_page, "5-org-chart")

    # The quick reference: every value links to the article it rests on.
    head_page.click("nav >> text=规则速查")
    head_page.wait_for_url(f"**/t/{XISHI}/rules")
    row = head_page.locator("tr[id='acting.deputy_absent']")
    assert "AB角" in row.inner_text()
    screenshot(head_page, "6-quick-reference")
    row.locator("a.cite").first.click()
    head_page.wait_for_url("**/rules/xishi-2024:5")
    assert "AB 角互补工作制度" in head_page.locator(".article-text").inner_text()
    screenshot(head_page, "7-article")
    head.close()
