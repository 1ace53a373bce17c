"""批量签批 on a phone (390 px, 大洼, demo data): the 分管副区长 ticks the reports waiting for his
审核 on 待我签批 and sends them in one go. One of them was reviewed meanwhile from its own page:
the batch is refused naming it, nothing is done, and the page comes back with his other ticks and
his opinion; he sends again and both are done. (The reports reach signing through the services,
as the office would send them.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from browser_support import login
from zhengwu.core.tenants import find_tenant
from zhengwu.core.uow import unit_of_work
from zhengwu.core.users import find_user
from zhengwu.documents import drafting, signing
from zhengwu.documents.models import Document
from zhengwu.org.models import Department

pytestmark = pytest.mark.browser

TITLES = ("关于全区住房公积金归集情况的报告（批量）", "关于全区保障性住房建设进展的报告（批量）",
          "关于全区老旧小区改造资金使用情况的报告（批量）")


def _reports_at_signing(live_server) -> list[int]:
    db, now = live_server.app.state.db, live_server.now()
    with db.read() as session:
        tenant = find_tenant(session, "dawa")
        office = find_user(session, "dawa.office")
        housing = session.execute(select(Department.id).where(
            Department.tenant_id == tenant.id, Department.name.endswith("住房和城乡建设局"))).scalar_one()

    def run(action, use_case):
        with unit_of_work(db, office.actor, action, tenant_id=tenant.id, now=now) as uow:
            return use_case(uow)

    ids = []
    for title in TITLES:  # 向市政府报送的报告: the overseeing deputy reviews, the head signs (大洼 45)
        doc = run("document.draft", lambda uow, title=title: drafting.create_draft(
            uow, issuer="government", doc_type="report", title=title, body="……", main_recipients="市人民政府",
            department_id=housing))
        run("document.send_for_signing", lambda uow, doc=doc: signing.send_for_signing(
            uow, doc_id=doc.id, expected_version=uow.session.get_one(Document, doc.id).version))
        ids.append(doc.id)
    return ids


def _review_from_its_own_page(live_server, doc_id: int) -> None:
    db, now = live_server.app.state.db, live_server.now()
    with db.read() as session:
        tenant, deputy = find_tenant(session, "dawa"), find_user(session, "dawa.dep1")
    with unit_of_work(db, deputy.actor, "document.step", tenant_id=tenant.id, now=now) as uow:
        signing.take_step(uow, doc_id=doc_id, kind="review", expected_version=uow.session.get_one(Document, doc_id).version)


def test_the_deputy_ticks_and_sends_his_reviews_on_a_phone(browser, live_server, tmp_path):
    ids = _reports_at_signing(live_server)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    login(page, "dawa.dep1")
    page.goto("/t/dawa/documents/queue")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.check("#batch input[data-select-all]")  # every row of his queue (the demo's reports too)
    total = page.locator("#batch input[name='item']").count()
    assert total >= len(ids) and page.locator("[data-picked]").inner_text() == f"已选 {total} 件"
    page.uncheck("#batch input[data-select-all]")
    assert page.locator("[data-picked]").inner_text() == ""  # nothing ticked: nothing said
    for doc_id in ids:
        page.check(f"#pick-{doc_id}")
    assert page.locator("[data-picked]").inner_text() == "已选 3 件"
    page.uncheck(f"#pick-{ids[0]}")  # one he wants to read first
    page.fill("#batch-opinion", "同意报送市政府")
    page.screenshot(path=str(tmp_path / "1-ticked-390.png"), full_page=True)

    _review_from_its_own_page(live_server, ids[2])  # meanwhile, from another tab
    page.click("#batch-submit")
    page.wait_for_load_state()
    alert = page.locator("#refusal").inner_text()
    assert f"第 2 件《{TITLES[2]}》" in alert and "整批均未办理" in alert
    assert page.locator(".mainnav").count() == 1
    # His tick on the one still waiting and his opinion are back; the one done meanwhile has left the list.
    assert page.is_checked(f"#pick-{ids[1]}") and not page.is_checked(f"#pick-{ids[0]}")
    assert page.locator(f"#pick-{ids[2]}").count() == 0
    assert page.input_value("#batch-opinion") == "同意报送市政府"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "2-refused-390.png"), full_page=True)

    page.click("#batch-submit")
    page.wait_for_url("**/t/dawa/documents/queue?done=1")
    assert "已办理所选的 1 件公文" in page.locator("#done").inner_text()
    assert TITLES[1] not in page.locator("#signing").inner_text() and TITLES[0] in page.locator("#signing").inner_text()
    page.screenshot(path=str(tmp_path / "3-done-390.png"), full_page=True)
    assert all((tmp_path / name).stat().st_size > 0 for name in ("1-ticked-390.png", "2-refused-390.png", "3-done-390.png"))

    page.goto(f"/t/dawa/documents/{ids[1]}")
    trail = page.locator("#trail").inner_text()
    assert "审核" in trail and "同意报送市政府" in trail and "第四十五条" in trail
    context.close()
