"""The documents pages over the test database: the countersign round from the document page
(lead department opens it, the asked department answers, the clock shows), refusals shown with
their article, search, the sign-off queue, and classified documents hidden from the uncleared."""

from __future__ import annotations

import re

from documents_support import at, issued_normative_notice
from support import csrf_of, log_in
from zhengwu.documents import drafting, intake, reading

PASSWORD = "zhengwu-demo"


def version_of(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_countersign_round_on_the_document_page(client, make_office):
    office = make_office("wuhai-hainan-2023")
    zjj, czj = office.department("zjj"), office.department("czj")
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于加强物业管理的通知", body="物业服务企业应当……"))
    url = f"/t/hainan/documents/{draft.id}"

    log_in(client, "hainan.zjj", PASSWORD)
    page = client.get(url)
    assert "发起会签" in page.text
    opened = client.post(f"{url}/countersign", data={"csrf_token": csrf_of(page.text), "version": draft.version,
                                                     "departments": str(czj), "mode": "parallel"}, follow_redirects=True)
    assert "会签中" in opened.text and "2024-03-13" in opened.text
    refused = client.post(f"{url}/close_countersign", data={"csrf_token": csrf_of(opened.text), "version": version_of(opened.text)},
                          follow_redirects=True)
    assert refused.status_code == 422 and "尚未回复会签意见" in refused.text and "第五十七条" in refused.text

    log_in(client, "hainan.czj", PASSWORD)
    page = client.get(url)
    request_id, asked_version = re.search(r'/countersigns/(\d+)/answer".*?name="version" value="(\d+)"', page.text, re.S).groups()
    answered = client.post(f"/t/hainan/countersigns/{request_id}/answer", data={
        "csrf_token": csrf_of(page.text), "document_id": draft.id, "version": asked_version, "outcome": "agree"},
        follow_redirects=True)
    assert "已回复" in answered.text
    clocks = client.get("/t/hainan/documents/countersigns")
    assert "关于加强物业管理的通知" in clocks.text and "已回复" in clocks.text

    found = client.get("/t/hainan/documents", params={"q": "物业"})
    assert "关于加强物业管理的通知" in found.text


def test_classified_document_is_not_found_for_the_uncleared(client, make_office):
    office = make_office("dawa-2017")
    secret = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=office.department("zjj"), doc_type="request", title="关于某涉密项目的请示", body="……",
        classification="secret", classification_term="1年"), now=at())
    log_in(client, "dawa.dep2", PASSWORD)
    assert client.get(f"/t/dawa/documents/{secret.id}").status_code == 404
    assert "关于某涉密项目的请示" not in client.get("/t/dawa/documents", params={"q": "涉密项目"}).text


def test_department_submits_a_proxy_draft_from_the_documents_page(client, make_office):
    office = make_office("wuhai-hainan-2023")
    zjj, czj = office.department("zjj"), office.department("czj")
    log_in(client, "hainan.zjj", PASSWORD)
    page = client.get("/t/hainan/documents")
    assert 'id="proxy-draft"' in page.text and "提交文稿" in page.text
    form = {"department_id": str(zjj), "issuer": "government", "doc_type": "notice", "title": "关于印发住房租赁管理办法的通知",
            "main_recipients": "各街道办事处，区政府各部门", "body": "现将《住房租赁管理办法》印发给你们。",
            "touches": str(czj), "normative": "1"}
    assert client.post("/t/hainan/documents/drafts", data=form).status_code == 403  # no CSRF token
    # A department drafts in its own name only: drafting for the 财政局 is refused with the reason.
    other = client.post("/t/hainan/documents/drafts", data={**form, "department_id": str(czj), "csrf_token": csrf_of(page.text)})
    assert other.status_code == 403 and "部门只能以本部门名义代拟文稿" in other.text
    made = client.post("/t/hainan/documents/drafts", data={**form, "csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert made.status_code == 303
    doc_page = client.get(made.headers["location"])
    # The trail records the proxy draft under the article that lets departments draft (海南区 57).
    assert "关于印发住房租赁管理办法的通知" in doc_page.text and "第五十七条" in doc_page.text and "发起会签" in doc_page.text
    doc = office.read(lambda s, t: reading.search(s, t, "住房租赁", office.user("zjj").id, at())[0])
    assert doc.facts == {"normative": True, "policy": False, "important": False, "proxy_draft": True}
    assert doc.touches_department_ids == [czj] and doc.department_id == zjj


def test_clean_up_and_post_evaluation_reminders_on_the_documents_page(client, clock, make_office):
    office = make_office("wuhai-hainan-2023")
    issued = issued_normative_notice(office)
    log_in(client, "hainan.office", PASSWORD)
    assert "到期清理/评估提醒" not in client.get("/t/hainan/documents").text
    clock.set(at(367))
    log_in(client, "hainan.office", PASSWORD)
    page = client.get("/t/hainan/documents")
    panel = page.text.split('id="after-issue-reminders"')[1].split("</section>")[0]
    assert "关于规范物业服务收费的通知" in panel and "定期清理" in panel and "实施后评估" in panel
    assert "第二十一条" in panel and "本规则未规定周期" in panel
    doc_page = client.get(f"/t/hainan/documents/{issued.id}")
    assert "记录清理或后评估" in doc_page.text
    client.post(f"/t/hainan/documents/{issued.id}/after_issue", data={
        "csrf_token": csrf_of(doc_page.text), "version": version_of(doc_page.text), "kind": "normative_cleanup",
        "note": "继续有效"}, follow_redirects=True)
    panel = client.get("/t/hainan/documents").text.split('id="after-issue-reminders"')[1].split("</section>")[0]
    assert "实施后评估" in panel and "定期清理" not in panel
