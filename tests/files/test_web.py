"""The files' pages and API: the upload form on a document page (multipart), the list with
size, uploader and hash, download, refusals in Chinese on the page, the edge's raised body limit
on upload routes only, and the API (pydantic models) with another tenant's ids as 404."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from fastapi.testclient import TestClient

import files_support as make
from support import api_token, csrf_of, log_in
from zhengwu.core.limits import Limits
from zhengwu.documents import drafting
from zhengwu.web.app import create_app

PASSWORD = "zhengwu-demo"


def draft(office):
    return office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=office.department("zjj"),
        title="关于加强物业管理的通知", body="物业服务企业应当……"))


def test_upload_list_and_download_on_the_document_page(client, make_office):
    office = make_office("wuhai-hainan-2023")
    doc = draft(office)
    url = f"/t/hainan/documents/{doc.id}"
    log_in(client, "hainan.zjj", PASSWORD)
    page = client.get(url)
    assert 'id="files"' in page.text and "上传附件" in page.text
    data = make.pdf()
    done = client.post(f"/t/hainan/files/document/{doc.id}/attachment", data={"csrf_token": csrf_of(page.text)},
                       files={"file": ("征求意见汇总.pdf", data, "application/octet-stream")}, follow_redirects=True)
    assert done.status_code == 200 and "征求意见汇总.pdf" in done.text
    assert hashlib.sha256(data).hexdigest()[:12] in done.text  # the hash's first 12 digits
    link = re.search(r'href="(/t/hainan/files/(\d+)/download)"', done.text).group(1)
    got = client.get(link)
    assert got.content == data and got.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in got.headers["content-disposition"]

    # A renamed program: refused on a Chinese page that keeps the navigation and the way back.
    refused = client.post(f"/t/hainan/files/document/{doc.id}/attachment", data={"csrf_token": csrf_of(page.text)},
                          files={"file": ("附件2.pdf", make.exe(), "application/pdf")})
    assert refused.status_code == 422 and "「附件2.pdf」是可执行程序" in refused.text
    assert f'href="{url}"' in refused.text

    # A member who is not on the drafting side reads the files but gets no upload form.
    log_in(client, "hainan.czj", PASSWORD)
    other = client.get(url)
    assert "征求意见汇总.pdf" in other.text and "上传附件" not in other.text and "删除" not in other.text
    assert client.get(link).content == data


def test_the_upload_route_takes_more_than_the_default_body_limit_and_says_the_kinds_limit(settings, db, clock,
                                                                                          make_office):
    office = make_office("wuhai-hainan-2023")
    doc = draft(office)
    small = Limits(body_default=64 * 1024, upload_attachment=256 * 1024)
    with TestClient(create_app(replace(settings, limits=small), db, clock)) as client:
        log_in(client, "hainan.zjj", PASSWORD)
        csrf = csrf_of(client.get(f"/t/hainan/documents/{doc.id}").text)
        big = make.pdf("x" * 200 * 1024)  # over the default body limit, under the attachment's
        done = client.post(f"/t/hainan/files/document/{doc.id}/attachment", data={"csrf_token": csrf},
                           files={"file": ("附件.pdf", big, "application/pdf")}, follow_redirects=True)
        assert done.status_code == 200 and "附件.pdf" in done.text
        huge = make.pdf("x" * 400 * 1024)
        refused = client.post(f"/t/hainan/files/document/{doc.id}/attachment", data={"csrf_token": csrf},
                              files={"file": ("附件.pdf", huge, "application/pdf")})
        assert refused.status_code == 413 and "上传的文件过大：此类文件不能超过 256 KB" in refused.text
        # Any other route keeps the default.
        assert client.post("/t/hainan/documents/drafts", data={"csrf_token": csrf, "body": "x" * 70 * 1024}).status_code == 413


def test_the_api_lists_uploads_and_hides_another_tenants_files(client, make_office):
    office = make_office("wuhai-hainan-2023")
    doc = draft(office)
    headers = api_token(client, "hainan.zjj", PASSWORD)
    data = make.docx()
    made = client.post(f"/api/tenants/hainan/files/document/{doc.id}/body", headers=headers,
                       files={"file": ("通知.docx", data, "application/msword")})
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["kind_label"], body["version_no"], body["file_type"]) == ("正文", 1, "docx")
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    listed = client.get(f"/api/tenants/hainan/documents/{doc.id}/files", headers=headers).json()
    assert listed["object"] == "公文「关于加强物业管理的通知」" and [f["id"] for f in listed["files"]] == [body["id"]]
    assert client.get(f"/api/tenants/hainan/files/{body['id']}/content", headers=headers).content == data
    extra = client.post(f"/api/tenants/hainan/files/document/{doc.id}/attachment", headers=headers,
                        files={"file": ("误传.png", make.png(), "image/png")}).json()
    assert client.delete(f"/api/tenants/hainan/files/{extra['id']}", headers=headers).json()["name"] == "误传.png"
    assert client.get(f"/api/tenants/hainan/files/{extra['id']}", headers=headers).status_code == 404
    missing = client.post(f"/api/tenants/hainan/files/document/{doc.id}/body", headers=headers)
    assert missing.status_code == 422 and "file" in missing.json()["message"]

    other = make_office("xishi-2024")
    assert other.tenant.id != office.tenant.id
    foreign = api_token(client, "xishi.office", PASSWORD)
    assert client.get(f"/api/tenants/xishi/files/{body['id']}", headers=foreign).status_code == 404
    assert client.get(f"/api/tenants/xishi/files/{body['id']}/content", headers=foreign).status_code == 404
    assert client.get(f"/api/tenants/xishi/documents/{doc.id}/files", headers=foreign).status_code == 404


def test_a_paper_incoming_document_is_registered_with_its_scans(client, make_office):
    office = make_office("dawa-2017")
    log_in(client, "dawa.zjj", PASSWORD)
    page = client.get("/t/dawa/documents")
    assert 'name="scan"' in page.text and 'enctype="multipart/form-data"' in page.text
    fields = {"csrf_token": csrf_of(page.text), "department_id": str(office.department("zjj")), "doc_type": "request",
              "title": "关于拨付防汛物资资金的请示", "body": "妥否，请批示。", "received_on": "2024-03-01"}
    done = client.post("/t/dawa/documents/incoming", data=fields, follow_redirects=True,
                       files=[("scan", ("来文第1页.jpg", make.jpeg(), "image/jpeg")),
                              ("scan", ("来文.pdf", make.pdf(), "application/pdf"))])
    assert done.status_code == 200 and "来文第1页.jpg" in done.text and "来文.pdf" in done.text
    assert 'id="files-scan"' in done.text

    # A bad scan refuses the registration itself: no 收文 without the scans it was sent with.
    refused = client.post("/t/dawa/documents/incoming", data={**fields, "title": "关于另一事项的请示"},
                          files=[("scan", ("来文.pdf", make.exe(), "application/pdf"))])
    assert refused.status_code == 422 and "「来文.pdf」是可执行程序" in refused.text
    assert "关于另一事项的请示" not in client.get("/t/dawa/documents").text
