"""In a real browser: 大洼's 督查室 sees the demo's overdue task on the home panel and the
ledger, and exports the ledger; the downloaded .xlsx has the printed layout with the overdue
row highlighted."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from zhengwu.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_the_supervision_office_sees_an_overdue_task_and_exports_the_ledger(page, screenshot, tmp_path):
    page.goto("/login?next=/t/dawa/")
    page.fill("#username", "dawa.dcs")
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/t/dawa/")
    panel = page.locator("#panel-supervision")
    assert "已逾期" in panel.inner_text() and "老旧小区改造" in panel.inner_text()
    screenshot(page, "1-home-panel")

    page.click("#panel-supervision a:has-text('查看督查台账')")
    page.wait_for_url("**/t/dawa/supervision")
    overdue = page.locator("#ledger tr.row-refused")
    assert overdue.count() == 1 and "老旧小区改造" in overdue.inner_text()
    assert overdue.locator(".tag-refused").inner_text() == "已逾期"
    assert "临近时限" in page.locator("#reminders").inner_text()
    screenshot(page, "2-ledger")

    with page.expect_download() as download:
        page.click("#export-ledger")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    sheet = load_workbook(path).active
    assert "督查事项台账" in sheet["A1"].value and "A1:H1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[3]] == ["序号", "事项", "来源", "责任单位", "责任人", "时限", "进展", "状态"]
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=4) if r[1].value}
    late = next(r for title, r in rows.items() if "老旧小区改造" in title)
    assert late[7].value == "已逾期" and late[0].fill.fgColor.rgb.endswith("F8D7DA")
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows.replace("$", "") == "3:3"

    page.click("nav a:has-text('合规报告')")
    page.wait_for_url("**/t/dawa/compliance")
    assert page.locator("#chart-month svg rect").count() > 0
    assert page.locator("#chart-department svg").count() == 1
    deviations = page.locator("#deviations").inner_text()
    assert "老旧小区改造" in deviations and "仍未办结" in deviations
    screenshot(page, "3-compliance")
