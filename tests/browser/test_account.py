"""The account page in a real browser at 390 px: change the password (the policy refuses a common
one, in Chinese), end the other sessions."""

from __future__ import annotations

import pytest

from zhengwu.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_account_page_on_a_phone(browser, live_server, screenshot):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto("/login?next=/account")
    page.fill("#username", "dalian.dep2")
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/account")
    assert page.locator("h1").inner_text() == "本人账户"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "1-account")
    page.fill("#current_password", DEMO_PASSWORD)
    page.fill("#new_password", "12345678")
    page.click("button:has-text('修改密码')")
    assert "过于常见" in page.locator(".alert-error").inner_text()
    screenshot(page, "2-weak-password-refused")
    page.click("button:has-text('结束其他登录')")
    page.wait_for_url("**/account?done=sessions")
    assert "已全部结束" in page.locator(".alert-ok").inner_text()
    screenshot(page, "3-sessions-ended")
    context.close()
