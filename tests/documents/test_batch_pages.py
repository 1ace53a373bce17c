"""批量办理 on the pages: a leader takes the step owed on several documents of 待我签批 at once, a
department head agrees to several countersign requests on 会签时限 — one transaction, all or none,
each document's trail with its own step and article; a refused item names itself and the rule,
changes nothing, and the page keeps the navigation, the ticks and the opinion."""

from __future__ import annotations

import json
import re

from documents_support import at, seen_document
from support import csrf_of, log_in
from zhengwu.documents import countersigning, drafting, reading, signing

PASSWORD = "zhengwu-demo"
TYPED = re.compile(r'<script type="application/json" id="typed-values">(.*?)</script>', re.S)
TICKS = re.compile(r'name="item" value="([^"]+)"[^>]*aria-label="选择《([^》]+)》')


def ticks(html: str) -> dict[str, str]:
    """Each row's checkbox value, by the title it names."""
    return {title: value for value, title in TICKS.findall(html)}


def at_signing(office, title: str, **facts):
    """A document of the government drafted by the office for the 住建局 and sent for signing."""
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", title=title, body="……", department_id=office.department("zjj"),
        **{"doc_type": "report", "main_recipients": "市人民政府", **facts}))
    return office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))


def state_of(office, doc_id: int) -> str:
    return office.read(lambda s, t: reading.get_document(s, t, doc_id, office.user("office").id, at()).state)




def test_a_leader_reviews_two_documents_then_the_head_signs_both_each_trail_with_its_article(client, make_office):
    office = make_office("dawa-2017")
    first, second = at_signing(office, "关于住房公积金归集情况的报告"), at_signing(office, "关于保障性住房建设进展的报告")

    log_in(client, "dawa.dep1", PASSWORD)  # 分管副区长: 审核 (大洼 45)
    queue = client.get("/t/dawa/documents/queue")
    rows = ticks(queue.text)
    assert rows[first.title].endswith(":review") and rows[second.title].endswith(":review")
    assert "全选" in queue.text and "办理所选公文" in queue.text
    done = client.post("/t/dawa/documents/queue/batch", data={
        "csrf_token": csrf_of(queue.text), "item": [rows[first.title], rows[second.title]], "opinion": "同意报送"},
        follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/t/dawa/documents/queue?done=2"
    after = client.get(done.headers["location"])
    assert "已办理所选的 2 件公文" in after.text and first.title not in after.text

    log_in(client, "dawa.head", PASSWORD)  # 区长: 签发
    queue = client.get("/t/dawa/documents/queue")
    rows = ticks(queue.text)
    assert rows[first.title].endswith(":sign_off") and rows[second.title].endswith(":sign_off")
    client.post("/t/dawa/documents/queue/batch", data={
        "csrf_token": csrf_of(queue.text), "item": [rows[first.title], rows[second.title]], "opinion": ""})
    for doc in (first, second):
        assert state_of(office, doc.id) == "signed"
        trail = client.get(f"/t/dawa/documents/{doc.id}").text
        trail = trail[trail.index('id="trail"'):]
        assert "审核" in trail and "签发" in trail and "同意报送" in trail and "第四十五条" in trail


def test_one_document_the_head_may_not_sign_yet_refuses_the_batch_naming_it_and_keeps_the_ticks(client, make_office):
    office = make_office("dawa-2017")
    report = at_signing(office, "关于住房公积金归集情况的报告")
    # A normative notice: the 司法局's legality review comes before the sign-off (大洼 17).
    notice = at_signing(office, "关于印发住房租赁管理办法的通知", doc_type="notice", normative=True,
                        main_recipients="各街道办事处")
    log_in(client, "dawa.dep1", PASSWORD)
    queue = client.get("/t/dawa/documents/queue")
    client.post("/t/dawa/documents/queue/batch", data={"csrf_token": csrf_of(queue.text), "item": list(ticks(queue.text).values())})

    log_in(client, "dawa.head", PASSWORD)
    queue = client.get("/t/dawa/documents/queue")
    rows = ticks(queue.text)
    picked = [rows[report.title], rows[notice.title]]
    refused = client.post("/t/dawa/documents/queue/batch", headers={"referer": "http://testserver/t/dawa/documents/queue"},
                          data={"csrf_token": csrf_of(queue.text), "item": picked, "opinion": "同意印发"})
    assert refused.status_code == 422
    alert = re.search(r'<section class="alert alert-error refusal".*?</section>', refused.text, re.S).group()
    assert f"第 2 件《{notice.title}》" in alert and "（整批均未办理）" in alert and "合法性审查" in alert
    assert 'class="mainnav"' in refused.text and 'id="batch"' in refused.text  # the frame and the form are kept
    typed = json.loads(TYPED.search(refused.text).group(1))
    assert typed["action"] == "/t/dawa/documents/queue/batch"
    assert ["item", picked[0]] in typed["values"] and ["item", picked[1]] in typed["values"]
    assert ["opinion", "同意印发"] in typed["values"]
    assert state_of(office, report.id) == "signing" and state_of(office, notice.id) == "signing"
    assert "同意印发" not in client.get(f"/t/dawa/documents/{report.id}").text


def countersign_with_finance(office, title: str):
    """A draft of the 住建局 touching the 财政局, its countersign opened (as the demo's)."""
    zjj, czj = office.department("zjj"), office.department("czj")
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title=title, body="……",
        main_recipients="各街道办事处", touches_department_ids=(czj,)))
    office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, department_ids=[czj], mode="parallel", expected_version=seen_document(uow, draft.id)))
    return draft


def finance_heads_page(client, make_office):
    """大洼's 财政局 head on 会签时限 with two requests of the 住建局 waiting: the office, both
    drafts, the page and its ticks by title."""
    office = make_office("dawa-2017")
    first = countersign_with_finance(office, "关于加强物业管理的通知")
    second = countersign_with_finance(office, "关于规范房屋租赁的通知")
    log_in(client, "dawa.czj", PASSWORD)
    page = client.get("/t/dawa/documents/countersigns")
    return office, first, second, page, ticks(page.text)


def test_the_finance_head_agrees_to_two_countersign_requests_at_once(client, make_office):
    office, first, second, page, rows = finance_heads_page(client, make_office)
    assert set(rows) == {first.title, second.title} and "批量同意" in page.text
    done = client.post("/t/dawa/documents/countersigns/batch", data={
        "csrf_token": csrf_of(page.text), "item": list(rows.values()), "opinion": "无不同意见"}, follow_redirects=True)
    assert "已同意所选的 2 件会签请求" in done.text and "批量同意" not in done.text  # nothing left to answer
    for draft in (first, second):
        clocks = office.read(lambda s, t, d=draft: reading.countersign_clocks(s, t, at(), doc_id=d.id))
        assert [(c.request.outcome, c.request.opinion, c.status) for c in clocks] == [("agree", "无不同意见", "replied")]
        trail = client.get(f"/t/dawa/documents/{draft.id}").text
        assert "会签回复" in trail[trail.index('id="trail"'):]


def test_who_may_not_answer_or_sign_sees_no_checkbox_and_no_batch_button(client, make_office):
    office = make_office("dawa-2017")
    countersign_with_finance(office, "关于加强物业管理的通知")
    at_signing(office, "关于住房公积金归集情况的报告")
    # The 住建局 asked, the 财政局 answers: its own request is not the 住建局 head's to answer; the office answers none.
    for who in ("dawa.zjj", "dawa.office", "dawa.head"):
        log_in(client, who, PASSWORD)
        page = client.get("/t/dawa/documents/countersigns")
        assert "关于加强物业管理的通知" in page.text
        assert 'name="item"' not in page.text and "批量同意" not in page.text and "全选" not in page.text
    # Nothing awaits the 财政局 head's signature: the queue has no checkbox and no button.
    log_in(client, "dawa.czj", PASSWORD)
    queue = client.get("/t/dawa/documents/queue")
    assert 'name="item"' not in queue.text and "办理所选公文" not in queue.text


def test_a_tampered_tick_is_refused_in_chinese_and_changes_nothing(client, make_office):
    office = make_office("dawa-2017")
    doc = at_signing(office, "关于住房公积金归集情况的报告")
    log_in(client, "dawa.dep1", PASSWORD)
    queue = client.get("/t/dawa/documents/queue")
    for value in (f"{doc.id}", f"{doc.id}:x:review", f"{doc.id}:{doc.version}:approve", f"{doc.id}:99999999999999999999:review"):
        refused = client.post("/t/dawa/documents/queue/batch", data={"csrf_token": csrf_of(queue.text), "item": value})
        assert refused.status_code == 400 and "所勾选的事项无法识别" in refused.text
    nothing = client.post("/t/dawa/documents/queue/batch", data={"csrf_token": csrf_of(queue.text), "opinion": "同意"})
    assert nothing.status_code == 422 and "收到 0 件" in nothing.text
    assert state_of(office, doc.id) == "signing"


def test_a_row_changed_since_the_page_was_read_is_the_standard_conflict_naming_it(client, make_office):
    office, first, second, page, rows = finance_heads_page(client, make_office)
    # Meanwhile the second is answered from its document's page (another tab): the batch's tick is stale.
    request_id, version = (int(n) for n in rows[second.title].split(":"))
    office.run("czj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
        uow, request_id=request_id, outcome="agree", expected_version=version))
    stale = client.post("/t/dawa/documents/countersigns/batch", headers={"referer": "http://testserver/t/dawa/documents/countersigns"},
                        data={"csrf_token": csrf_of(page.text), "item": [rows[first.title], rows[second.title]]})
    assert stale.status_code == 409
    alert = re.search(r'<section class="alert alert-error refusal".*?</section>', stale.text, re.S).group()
    assert "内容已变化" in alert and f"第 2 件《{second.title}》" in alert and "（整批均未办理）" in alert
    clocks = office.read(lambda s, t: reading.countersign_clocks(s, t, at(), doc_id=first.id))
    assert [c.request.outcome for c in clocks] == [None]  # the first was not answered either


def test_a_document_awaiting_another_leader_is_refused_naming_the_item_and_who_takes_its_step(client, make_office):
    office = make_office("dawa-2017")
    doc = at_signing(office, "关于住房公积金归集情况的报告")
    log_in(client, "dawa.dep2", PASSWORD)  # not the 住建局's overseeing deputy
    queue = client.get("/t/dawa/documents/queue")
    refused = client.post("/t/dawa/documents/queue/batch", headers={"referer": "http://testserver/t/dawa/documents/queue"},
                          data={"csrf_token": csrf_of(queue.text), "item": f"{doc.id}:{doc.version}:review"})
    alert = re.search(r'<section class="alert alert-error refusal".*?</section>', refused.text, re.S).group()
    assert refused.status_code == 403
    assert f"第 1 件《{doc.title}》" in alert and "应由分管副区长办理" in alert and "第四十五条" in alert
