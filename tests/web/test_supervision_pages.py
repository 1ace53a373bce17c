"""The supervision and compliance pages over a seeded 海南区: the 督查室 enters a proposal through
the form (deadline in working days), a department head reports progress, the ledger flags it
overdue once the deadline passes and exports it; a second inspection of the same unit on the
same matter is refused on the page with 第六十九条; a department head may not enter tasks, nor
see the compliance report; the API lists the ledger with each task's standing."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from meeting_support import china, seed_gov
from support import api_token, assert_refused_and_audited, csrf_of, log_in
from zhengwu.demo import DEMO_PASSWORD
from zhengwu.supervision import service


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_ledger_pages(client, clock, db, make_tenant, profile_id):
    gov = seed_gov(db, make_tenant, profile_id)
    slug = gov.tenant.slug
    finance = gov.department("财政局")
    clock.set(china(2024, 2, 8))
    log_in(client, "sun", DEMO_PASSWORD)
    page = client.get(f"/t/{slug}/supervision")
    assert page.status_code == 200 and "台账暂无督办事项" in page.text
    entered = client.post(f"/t/{slug}/supervision/tasks", data={
        "csrf_token": csrf_of(page.text), "source": "cppcc_proposal", "reference": "第15号", "title": "加强留守老人关爱服务",
        "department_id": str(finance.id), "person": "陈静", "deadline": "", "workdays": "3"}, follow_redirects=True)
    assert entered.status_code == 200
    assert "加强留守老人关爱服务" in entered.text and "2024-02-19" in entered.text  # across the Spring Festival
    assert "今日到期" not in entered.text and "临近时限" in entered.text

    inspect = {"csrf_token": csrf_of(entered.text), "department_id": str(finance.id), "matter": "惠民资金发放",
               "problems": "台账不全\n公示不及时", "due": "2024-03-29"}
    listed = client.post(f"/t/{slug}/supervision/inspections", data=inspect, follow_redirects=True)
    assert "公示不及时" in listed.text and "销号后须回头看" in listed.text
    again = client.post(f"/t/{slug}/supervision/inspections", data=inspect)
    assert again.status_code == 422 and "严禁重复督查" in again.text and "第六十九条" in again.text

    client.get("/logout")
    log_in(client, f"{slug}.czj", DEMO_PASSWORD)
    page = client.get(f"/t/{slug}/supervision")
    assert 'id="enter-task"' not in page.text
    task_id = next(int(part.split('"')[0]) for part in page.text.split('id="task-')[1:])
    version = re.search(rf'tasks/{task_id}/report".*?name="version" value="(\d+)"', page.text, re.S).group(1)
    reported = client.post(f"/t/{slug}/supervision/tasks/{task_id}/report", follow_redirects=False,
                           data={"csrf_token": csrf_of(page.text), "text": "已走访留守老人120户", "version": version})
    assert reported.status_code == 303, reported.text[-1500:]
    # 办结 on a page read before another change: refused, the task stays open.
    stale = client.post(f"/t/{slug}/supervision/tasks/{task_id}/report", data={
        "csrf_token": csrf_of(page.text), "text": "已全部办结", "final": "1", "version": "99"})
    assert stale.status_code == 409 and "已全部办结" not in client.get(f"/t/{slug}/supervision").text
    refused = client.post(f"/t/{slug}/supervision/tasks", data={
        "csrf_token": csrf_of(page.text), "source": "work_report", "reference": "", "title": "x",
        "department_id": str(finance.id), "person": "x", "workdays": "5"})
    assert refused.status_code == 403
    assert_refused_and_audited(db, gov.tenant, "supervision.manage")
    assert client.get(f"/t/{slug}/compliance").status_code == 403

    clock.set(china(2024, 2, 21))
    log_in(client, f"{slug}.czj", DEMO_PASSWORD)  # the session of 02-08 has expired
    page = client.get(f"/t/{slug}/supervision")
    assert "已走访留守老人120户" in page.text and "已逾期" in page.text and 'class="row-refused"' in page.text
    export = client.get(f"/t/{slug}/supervision/ledger.xlsx")
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet["B4"].value == "加强留守老人关爱服务" and sheet["G4"].value == "已走访留守老人120户"
    assert sheet["H4"].value == "已逾期"

    headers = api_token(client, f"{slug}.czj", DEMO_PASSWORD)
    [row] = client.get(f"/api/tenants/{slug}/supervision/tasks", headers=headers).json()
    assert (row["standing"], row["workdays_left"], row["person"]) == ("overdue", -2, "陈静")


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_compliance_page_for_the_office(client, clock, db, make_tenant, profile_id):
    gov = seed_gov(db, make_tenant, profile_id)
    clock.set(china(2024, 6, 3))
    log_in(client, "sun", DEMO_PASSWORD)
    page = client.get(f"/t/{gov.tenant.slug}/compliance?start=2024-01-01&end=2024-05-31")
    assert page.status_code == 200 and "<svg" in page.text and "偏差清单" in page.text
    assert "核查危房改造资金" not in page.text
    # The report is kept between views while nothing changes: a task entered since (its
    # deadline passed by today) is on the next view.
    gov.run("sun", "supervision.manage", lambda uow: service.create_task(
        uow, source="instruction", source_id="1", title="核查危房改造资金", department_id=gov.department("财政局").id,
        deadline=date(2024, 5, 20)), now=china(2024, 5, 10))
    page = client.get(f"/t/{gov.tenant.slug}/compliance?start=2024-01-01&end=2024-05-31")
    assert "核查危房改造资金" in page.text
    bad = client.get(f"/t/{gov.tenant.slug}/compliance?start=2024-06-01&end=2024-05-31")
    assert bad.status_code == 400 and "起始日不能晚于截止日" in bad.text
    export = client.get(f"/t/{gov.tenant.slug}/compliance/report.xlsx?start=2024-01-01&end=2024-05-31")
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet["A2"].value.startswith("报告期：") and sheet["A3"].value == "序号"
