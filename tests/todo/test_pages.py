"""The 待办 page, the nav badge, the home page's first panel and the JSON API, over the test
database: each person sees their own work, in Chinese, without ids or codes."""

from __future__ import annotations

import re

from documents_support import at, seen_document
from support import log_in

from zhengwu.documents import intake

PASSWORD = "zhengwu-demo"
TITLE = "关于老旧小区改造项目资金的请示"


def _routed(office):
    czj = office.department("czj")
    request = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=office.department("zjj"), doc_type="request", title=TITLE, body="妥否，请批示。",
        decision_needed_by=at(40).date(), touches_department_ids=(czj,), countersigned_by_ids=(czj,)))
    office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))
    return request


def test_the_deputy_finds_the_routed_request_on_his_home_page_and_todo_page(client, make_office):
    office = make_office("dawa-2017")
    request = _routed(office)
    log_in(client, "dawa.dep1", PASSWORD)
    home = client.get("/t/dawa/").text
    panel = home[home.index('id="panel-todo"'):]
    assert home.index('id="panel-todo"') < home.index("本单位</h2>")  # the work comes first
    assert "批示呈批件" in panel and TITLE in panel and f'href="/t/dawa/documents/{request.id}"' in panel
    assert re.search(r'待办 <span class="badge"[^>]*>1</span>', home)  # the nav's count
    assert "单位代码" not in home and "dawa" not in re.sub(r'(href|action)="[^"]*"', "", home).replace("dawa.css", "")
    assert "本单位最近操作" not in home  # the raw audit feed is the office's

    page = client.get("/t/dawa/todo").text
    assert "公文（1 件）" in page and TITLE in page and "呈批给您，请批示" in page
    done = client.get("/t/dawa/todo?tab=done").text
    assert "暂无已办事项" in done

    seen = re.search(r'name="version" value="(\d+)"', client.get(f"/t/dawa/documents/{request.id}").text).group(1)
    client.post(f"/t/dawa/documents/{request.id}/instruct", data={
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1), "opinion": "agree", "version": seen,
        "text": "同意，请办公室拟文批复。"})
    home = client.get("/t/dawa/").text
    assert TITLE not in home[home.index('id="panel-todo"'):] and '待办 <span class="badge"' not in home
    done = client.get("/t/dawa/todo?tab=done").text
    assert "批示" in done and f'href="/t/dawa/documents/{request.id}"' in done and TITLE in done
    assert TITLE not in client.get("/t/dawa/documents/queue").text  # handled: out of 呈批给我的收文


def test_the_badge_counts_work_that_arrives_between_two_pages(client, make_office):
    # The list is kept between requests under the heads of the audit chains: a step taken
    # elsewhere (here the office's, in its own transaction) must show on the next page.
    office = make_office("dawa-2017")
    _routed(office)
    log_in(client, "dawa.dep1", PASSWORD)
    assert re.search(r'待办 <span class="badge"[^>]*>1</span>', client.get("/t/dawa/documents").text)
    assert re.search(r'待办 <span class="badge"[^>]*>1</span>', client.get("/t/dawa/documents").text)
    _routed(office)
    assert re.search(r'待办 <span class="badge"[^>]*>2</span>', client.get("/t/dawa/documents").text)


def test_the_office_keeps_its_feed_and_sees_its_incoming_work(client, make_office):
    office = make_office("dawa-2017")
    office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=office.department("zjj"), doc_type="report", title="关于一季度工作情况的报告",
        body="现将有关情况报告如下。"))
    log_in(client, "dawa.office", PASSWORD)
    home = client.get("/t/dawa/").text
    assert "本单位最近操作" in home and "办理收文" in home and "关于一季度工作情况的报告" in home


def test_the_api_lists_my_work_and_what_i_did(client, make_office):
    office = make_office("dawa-2017")
    request = _routed(office)
    log_in(client, "dawa.dep1", PASSWORD)
    found = client.get("/api/tenants/dawa/todo").json()
    assert found["total"] == 1 and not found["total_capped"]
    [group] = found["groups"]
    assert group["label"] == "公文" and group["items"][0] == {
        "kind": "批示呈批件", "title": TITLE, "link": f"/t/dawa/documents/{request.id}", "step": "呈批给您，请批示",
        "due": None, "provisional": False, "overdue": False}
    assert client.get("/api/tenants/dawa/todo/done").json() == {"items": [], "next_after": None, "total": 0,
                                                               "total_capped": False}
    log_in(client, "dawa.office", PASSWORD)
    done = client.get("/api/tenants/dawa/todo/done").json()
    assert [d["action"] for d in done["items"]][:1] == ["呈批公文"]
    assert done["items"][0]["link"] == f"/t/dawa/documents/{request.id}"
    # Another government's list is not the caller's to read.
    assert client.get("/api/tenants/dalian/todo").status_code in (403, 404)
