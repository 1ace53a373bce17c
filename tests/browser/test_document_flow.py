"""A 请示 through the real app in Chromium (大洼): the department submits, the office routes it,
the overseeing deputy instructs, the office drafts the 批复, the deputy whose portfolio it
touches countersigns, the head signs and the office issues it with its doc number."""

from __future__ import annotations

import pytest

from browser_support import login

pytestmark = pytest.mark.browser


def test_request_submitted_routed_countersigned_signed_and_issued(page, screenshot):
    login(page, "dawa.zjj")
    page.goto("/t/dawa/documents")
    page.select_option("#doc_type", "request")
    page.fill("#title", "关于老旧小区改造项目资金的请示")
    page.fill("#body", "一、项目概况\n我局拟对3个老旧小区实施改造，涉及资金1200万元。\n妥否，请批示。")
    page.check("#submit input[name=touches][value] >> nth=0")
    page.check("#submit input[name=countersigned][value] >> nth=0")
    screenshot(page, "1-department-submits")
    page.click("#submit button[type=submit]")
    page.wait_for_url("**/t/dawa/documents/*")
    request_url = page.url
    assert page.locator("#doc-state").inner_text() == "已报送"

    login(page, "dawa.office")
    page.goto("/t/dawa/documents")
    assert "关于老旧小区改造项目资金的请示" in page.locator("#inbox").inner_text()
    screenshot(page, "2-office-inbox")
    page.goto(request_url)
    page.click("#route")
    page.wait_for_load_state()
    assert page.locator("#doc-state").inner_text() == "已呈批"
    screenshot(page, "3-office-routed")

    login(page, "dawa.dep1")
    page.goto(request_url)
    page.select_option("#opinion", "agree")
    page.fill("#text", "同意，请办公室拟文批复。")
    page.click("#instruct")
    page.wait_for_load_state()
    assert "同意，请办公室拟文批复。" in page.locator("#instructions").inner_text()

    login(page, "dawa.office")
    page.goto(request_url)
    page.click("#draft-reply")
    page.wait_for_url("**/t/dawa/documents/*")
    reply_url = page.url
    page.click("#send-for-signing")
    page.wait_for_load_state()
    assert "会签" in page.locator("#chain").inner_text()
    page.click("#step-review")  # 办公室主任审核 (大洼 46)
    page.wait_for_load_state()

    login(page, "dawa.dep1")
    page.goto(reply_url)
    page.click("#step-review")  # 分管副区长审核
    page.wait_for_load_state()

    login(page, "dawa.head")  # the head may not sign before the countersign: refused, with its article
    page.goto(reply_url)
    assert page.locator("#step-sign_off").count() == 0

    login(page, "dawa.exec")  # 常务副区长 oversees the 财政局 the matter touches
    page.goto(reply_url)
    screenshot(page, "4-deputy-countersigns")
    page.click("#step-countersign")
    page.wait_for_load_state()

    login(page, "dawa.head")
    page.goto("/t/dawa/documents/queue")
    assert "关于老旧小区改造项目资金的批复" in page.locator("#signing").inner_text()
    screenshot(page, "5-head-queue")
    page.goto(reply_url)
    page.click("#step-sign_off")
    page.wait_for_load_state()
    assert page.locator("#doc-state").inner_text() == "已签发"

    login(page, "dawa.office")
    page.goto(reply_url)
    page.click("#issue")
    page.wait_for_load_state()
    assert page.locator("#doc-state").inner_text() == "已印发"
    assert page.locator("#doc-number").inner_text().startswith("大政发〔")
    trail = page.locator("#trail").inner_text()
    assert "签发" in trail and "大洼区人民政府工作规则" in trail
    screenshot(page, "6-issued-with-trail")
    with page.expect_download() as download:
        page.click("text=下载 .docx")
    assert download.value.suggested_filename.endswith(".docx")
