"""Notices in Chromium at 390 px: a 请示 sent to the office shows on the office's navigation as
an unread count, and the notice leads to the 请示 itself."""

from __future__ import annotations

import pytest

from browser_support import login

pytestmark = pytest.mark.browser

TITLE = "关于更新街道消防设施的请示"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_request_sent_to_the_office_shows_as_an_unread_notice_that_links_to_it(browser, live_server, screenshot):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        login(page, "xishi.office")
        page.goto("/t/xishi/notices")
        if page.locator("#read-all").count():
            page.click("#read-all")
            page.wait_for_load_state()
        assert page.locator(".mainnav a[href='/t/xishi/notices'] .badge").count() == 0

        login(page, "xishi.zjj")
        page.goto("/t/xishi/documents")
        page.select_option("#doc_type", "request")
        page.fill("#title", TITLE)
        page.fill("#body", "我街道消防设施老化，拟予更新。\n妥否，请批示。")
        page.click("#submit button[type=submit]")
        page.wait_for_url("**/t/xishi/documents/*")
        request_url = page.url

        login(page, "xishi.office")
        badge = page.locator(".mainnav a[href='/t/xishi/notices'] .badge")
        assert badge.inner_text() == "1"
        screenshot(page, "1-office-home-badge")
        page.click("label[for=nav-toggle]")  # on a phone the menu folds behind 「菜单」
        page.click(".mainnav a[href='/t/xishi/notices']")
        page.wait_for_load_state()
        notice = page.locator(".notice-list li").first
        assert notice.locator(".notice-subject").inner_text() == f"请示待初审登记：{TITLE}"
        assert "依据《党政机关公文处理工作条例》第二十四条第（三）项" in notice.inner_text()
        assert fits(page)
        screenshot(page, "2-notices-390")
        notice.locator("summary").click()  # the office's 催办 form opens in place
        assert page.locator(".remind-form").first.is_visible() and fits(page)
        screenshot(page, "3-remind-form-390")
        notice.locator(".notice-subject").click()
        page.wait_for_url(request_url)
        assert page.locator("#doc-title").inner_text() == TITLE
        assert page.locator(".mainnav a[href='/t/xishi/notices'] .badge").count() == 0  # read by following it
    finally:
        context.close()
