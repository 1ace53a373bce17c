"""The documents pages over the test database: the countersign round from the document page
(lead department opens it, the asked department answers, the clock shows), refusals shown with
their article, search, the sign-off queue, and classified documents hidden from the uncleared."""

from __future__ import annotations

import re

from documents_support import at
from support import csrf_of, log_in
from zhengwu.documents import service as docs

PASSWORD = "zhengwu-demo"


def version_of(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_countersign_round_on_the_document_page(client, make_office):
    office = make_office("wuhai-hainan-2023")
    zjj, czj = office.department("zjj"), office.department("czj")
    draft = office.run("zjj", "document.draft", lambda uow: docs.create_draft(
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
    request_id = re.search(r'/countersigns/(\d+)/answer', page.text).group(1)
    answered = client.post(f"/t/hainan/countersigns/{request_id}/answer", data={
        "csrf_token": csrf_of(page.text), "document_id": draft.id, "outcome": "agree"}, follow_redirects=True)
    assert "已回复" in answered.text
    clocks = client.get("/t/hainan/documents/countersigns")
    assert "关于加强物业管理的通知" in clocks.text and "已回复" in clocks.text

    found = client.get("/t/hainan/documents", params={"q": "物业"})
    assert "关于加强物业管理的通知" in found.text


def test_classified_document_is_not_found_for_the_uncleared(client, make_office):
    office = make_office("dawa-2017")
    secret = office.run("zjj", "document.submit", lambda uow: docs.submit_incoming(
        uow, department_id=office.department("zjj"), doc_type="request", title="关于某涉密项目的请示", body="……",
        classification="secret", classification_term="1年"), now=at())
    log_in(client, "dawa.dep2", PASSWORD)
    assert client.get(f"/t/dawa/documents/{secret.id}").status_code == 404
    assert "关于某涉密项目的请示" not in client.get("/t/dawa/documents", params={"q": "涉密项目"}).text
