"""In a real browser: a member of the public reads 大洼's portal and files a disclosure request
without logging in; then an emergency is reported eleven minutes after the event — the
countdown shows it overdue and the report is flagged late with 第五十条."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from zhengwu.calendar import CHINA_TZ
from zhengwu.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_public_portal_and_a_late_emergency_report(page, screenshot):
    page.goto("/public/dawa")
    assert "/login" not in page.url
    assert page.locator("h1").inner_text() == "盘锦市大洼区人民政府 · 政府信息公开"
    assert page.locator(".portal-item").count() >= 2
    assert "一图读懂" in page.locator(".interpretation").first.inner_text()
    screenshot(page, "1-portal")

    page.fill("#applicant", "王五")
    page.fill("#contact", "wangwu@example.cn")
    page.fill("#description", "2025年本区财政预算执行情况")
    # 条例第二十九条: an identity document and the way of receiving the information are required.
    page.fill("#identity_number", "12345")
    page.select_option("#identity_type", "resident_id")
    page.select_option("#medium", "paper")
    page.select_option("#delivery", "email")
    page.evaluate("document.querySelector('form[action$=\"/requests\"]').noValidate = true")
    page.click("button:has-text('提交申请')")
    refused = page.locator(".alert-error").inner_text()
    assert "居民身份证号码应为 18 位" in refused and "第二十九条第（一）项" in refused
    assert "纸质文本不能以电子邮件" in refused and "第二十九条第（三）项" in refused
    assert page.locator("#description").input_value() == "2025年本区财政预算执行情况"  # what was typed is kept
    screenshot(page, "2-request-refused")
    page.fill("#identity_number", "21010219800101123X")
    page.select_option("#medium", "electronic")
    page.click("button:has-text('提交申请')")
    page.wait_for_url("**/public/dawa?filed=*")
    status = page.locator(".alert-ok").inner_text()
    assert "您的申请已收到" in status and "前答复" in status and "第三十三条" in status
    screenshot(page, "3-request-filed")

    page.goto("/login?next=/t/dawa/emergency")
    page.fill("#username", "dawa.jd")  # the demo township's head: towns report emergencies (大洼 第五十条)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/t/dawa/emergency")
    assert "10 分钟" in page.locator(".page-sub").inner_text()
    assert "剩余" in page.locator("#countdown-text").inner_text()
    event = (datetime.now(CHINA_TZ) - timedelta(minutes=11)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#event_at", event)
    page.wait_for_function("document.getElementById('countdown').classList.contains('is-late')")
    assert "已超时" in page.locator("#countdown-text").inner_text()
    page.fill("#title", "化工园区储罐泄漏")
    page.fill("#location", "化工园区东区")
    page.fill("#description", "储罐阀门泄漏，已疏散周边人员，无人员伤亡")
    screenshot(page, "4-emergency-overdue")
    page.click("#emergency-form button[type=submit]")
    page.wait_for_url("**/t/dawa/emergency?filed=*")
    assert "迟报" in page.locator(".alert-error", has_text="已收到报告").inner_text()
    assert page.locator("tr.row-refused .tag-refused").first.inner_text() == "迟报"
    screenshot(page, "5-emergency-flagged")


def test_office_pages_of_the_demo(page, screenshot):
    page.goto("/login?next=/t/wuhai-hainan/decisions")
    page.fill("#username", "wuhai-hainan.office")  # the office director: the operator reads no government's work
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/t/wuhai-hainan/decisions")
    page.click("text=城区老旧小区改造三年行动方案")
    assert "尚不能提交集体讨论" in page.locator(".alert-error[role=alert]").inner_text()
    assert page.locator("tbody tr .tag-refused").count() >= 4  # risk, legality, stability, hearing, meeting
    screenshot(page, "1-decision-checklist")
    page.click("nav >> text=政务公开")
    assert "未审查" in page.locator("table").first.inner_text()
    screenshot(page, "2-disclosure-desk")
    page.click("nav >> text=重大决策")
    assert "城区老旧小区改造三年行动方案" in page.locator("table").inner_text()
    screenshot(page, "3-decision-catalogue")
    page.click("nav >> text=合同协议")
    assert "法律顾问意见" in page.locator(".page-sub").inner_text()
    screenshot(page, "4-contracts")


def test_office_clerk_checks_and_publishes_a_resolution(page, screenshot):
    page.goto("/login?next=/t/dawa/disclosure")
    page.fill("#username", "sun")  # the demo office clerk (org's demo), in every demo government
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/t/dawa/disclosure")
    row = page.locator("tr", has_text="关于城区供热价格调整的议定事项")
    assert "未审查" in row.inner_text()
    screenshot(page, "1-queue")
    row.locator("button:has-text('保密审查通过')").click()
    page.wait_for_url("**/t/dawa/disclosure")
    row = page.locator("tr", has_text="关于城区供热价格调整的议定事项")
    assert "已审查" in row.inner_text()
    row.locator("button:has-text('发布')").click()
    page.wait_for_url("**/t/dawa/disclosure")
    # Gone from the queue (which may hold resolutions of minutes signed by other browser tests).
    assert "关于城区供热价格调整的议定事项" not in page.locator("table").first.inner_text()
    screenshot(page, "2-published")
    page.goto("/public/dawa")
    assert page.locator(".portal-item h3").first.inner_text() == "关于城区供热价格调整的议定事项"
