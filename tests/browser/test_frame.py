"""The frame in a real browser: log in, switch tenant, see the home page, log out."""

from __future__ import annotations

import pytest

from zhengwu.demo import ADMIN_USERNAME, DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_login_switch_tenant_home_and_logout(page, screenshot):
    page.goto("/")
    assert page.url.endswith("/login?next=/")
    screenshot(page, "1-login")

    page.fill("#username", ADMIN_USERNAME)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "选择单位"
    screenshot(page, "2-choose-tenant")

    page.click("button:has-text('盘锦市大洼区人民政府')")
    page.wait_for_url("**/t/dawa/")
    assert page.locator(".tenant-name").inner_text() == "盘锦市大洼区人民政府"
    assert page.locator("h1").inner_text() == "工作台"

    page.select_option("#tenant-select", "dalian")
    page.click(".tenant-switcher button")
    page.wait_for_url("**/t/dalian/")
    assert page.locator(".tenant-name").inner_text() == "大连市人民政府"
    assert "《大连市人民政府工作规则》" in page.locator(".facts").inner_text()
    screenshot(page, "3-home")

    # The operator looks after the tenant, not its work: no audit log, no documents until granted.
    assert page.locator("nav >> text=审计日志").count() == 0
    assert page.locator("nav >> text=公文").count() == 0
    screenshot(page, "4-operator-nav")

    page.click("nav >> text=单位设置")
    page.wait_for_url("**/t/dalian/settings")
    assert page.locator("#profile_id").input_value() == "dalian-2014"
    screenshot(page, "5-settings")

    page.click("text=退出登录")
    page.wait_for_url("**/login")
    page.goto("/t/dalian/")
    assert "/login" in page.url
