"""传阅 and opinions in Chromium (西市): the office circulates a received 请示 to the head and the
财政局; the head reads it on a 390 px phone and writes a 批示 of two lines, shown as written;
the 财政局 reads for its unit; the page says 传阅完毕. A review opinion 「无意见。」 is one line of
text, not a character per line, on a desktop and on a phone; the 主送 the clerk typed twice is
printed once."""

from __future__ import annotations

import pytest

from browser_support import login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_circulated_until_all_have_read(page, screenshot):
    login(page, "xishi.zjj")
    page.goto("/t/xishi/documents")
    page.fill("#title", "关于城区排水管网改造的请示")
    page.fill("#body", "拟对城区排水管网实施改造。\n妥否，请批示。")
    page.click("#submit button[type=submit]")
    page.wait_for_url("**/t/xishi/documents/*")
    url = page.url
    assert page.locator("#intake-passed").is_visible()

    login(page, "xishi.office")
    page.goto(url)
    page.check("#circulate-form input[name=posts] >> nth=0")  # the head's post comes first
    page.locator("#circulate-form").get_by_role("checkbox", name="区财政局", exact=True).check()  # the unit
    page.fill("#circulate-note", "请阅示")
    page.click("#circulate")
    page.wait_for_load_state()
    assert page.locator("#circulation-open").is_visible()
    assert page.locator("#circulation .unread").count() == 2
    page.click("#urge-read")
    page.wait_for_load_state()
    assert "已催阅1次" in page.locator("#circulation").inner_text()
    screenshot(page, "1-office-circulates")

    login(page, "xishi.head")
    page.set_viewport_size(PHONE)
    page.goto(url)
    page.fill("#read-comment", "同意。\n请财政局抓紧研究资金安排。")
    page.locator("#mark-read").scroll_into_view_if_needed()
    assert page.locator("#mark-read").is_visible()
    page.click("#mark-read")
    page.wait_for_load_state()
    comment = page.locator("#circulation .comment").first
    assert comment.inner_text() == "批示：同意。\n请财政局抓紧研究资金安排。"
    lines = page.evaluate("""e => { const s = getComputedStyle(e);
        return Math.round(e.getBoundingClientRect().height / parseFloat(s.lineHeight)); }""", comment.element_handle())
    assert lines == 2  # as written: its own line break, no more
    assert page.locator("#mark-read").count() == 0  # read once
    _no_sideways_scroll(page)
    screenshot(page, "2-head-reads-on-a-phone")

    login(page, "xishi.czj")
    page.goto(url)
    page.click("#mark-read")
    page.wait_for_load_state()
    assert page.locator("#circulation-done").inner_text() == "传阅完毕"
    assert page.locator("#circulation .unread").count() == 0
    screenshot(page, "3-circulation-done")


def test_a_review_opinion_reads_as_written(page, screenshot):
    login(page, "xishi.zjj")
    page.goto("/t/xishi/documents")
    page.select_option("#draft-issuer", "office")
    page.fill("#draft-title", "关于做好汛期安全检查工作的通知")
    page.fill("#draft-recipients", "各街道办事处")
    page.fill("#draft-body", "各街道办事处：\n请做好汛期安全检查。")  # the 主送 typed again, as on paper
    page.click("#submit-proxy-draft")
    page.wait_for_url("**/t/xishi/documents/*")
    url = page.url
    assert page.locator("#text").inner_text().count("各街道办事处") == 1

    login(page, "xishi.office")
    page.goto(url)
    page.click("#send-for-signing")
    page.wait_for_load_state()
    login(page, "xishi.dep1")
    page.goto(url)
    page.fill("#actions input[name=opinion]", "无意见。")
    page.click("#step-review")
    page.wait_for_load_state()
    for size in ({"width": 1280, "height": 900}, PHONE):
        page.set_viewport_size(size)
        opinion = page.locator("#taken .written").first
        assert opinion.inner_text() == "无意见。"
        width, height, line, font = page.evaluate("""e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
            return [r.width, r.height, parseFloat(s.lineHeight), parseFloat(s.fontSize)]; }""", opinion.element_handle())
        assert height < 1.5 * line, f"「无意见。」 takes {height / line:.1f} lines at {size['width']} px"
        assert width >= 4 * font
        if size is PHONE:
            _no_sideways_scroll(page)
    screenshot(page, "opinion-on-a-phone")
