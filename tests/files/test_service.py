"""The files use cases over each storage backend (local disk and S3 over HTTP): 正文 versions,
size limits, the SHA-256, who may read and who may add files, another tenant's ids, and files
fixed once the document is signed and issued (《党政机关公文处理工作条例》第二十二条)."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest

import files_support as make
from documents_support import at, executive_resolution, issued_normative_notice, seen_document
from zhengwu.core.errors import NotFound, PermissionDenied
from zhengwu.core.limits import Limits
from zhengwu.core.verdict import RuleViolation
from zhengwu.documents import drafting, intake, issuing, reading, signing
from zhengwu.files import service
from zhengwu.files.models import StoredFile
from zhengwu.files.storage import StorageError

LIMITS = Limits()


def draft(office):
    return office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=office.department("zjj"),
        title="关于加强物业管理的通知", body="物业服务企业应当……"))


def put(office, who, store, doc_id, kind, name, data, limits=LIMITS, object_type="document"):
    return office.run(who, "files.upload", lambda uow: service.upload(
        uow, store, limits, object_type=object_type, object_id=doc_id, kind=kind, name=name, data=data))


def fetch(office, who, store, file_id):
    return office.run(who, "files.download", lambda uow: service.download(uow, store, file_id))


def test_the_body_keeps_every_version_with_who_when_and_hash(make_office, store):
    office = make_office("wuhai-hainan-2023")
    doc = draft(office)
    first, second = make.docx("第一稿"), make.docx("第二稿")
    v1 = put(office, "zjj", store, doc.id, "body", "通知.docx", first)
    v2 = put(office, "office", store, doc.id, "body", "通知（审改）.docx", second)
    assert (v1.version_no, v2.version_no) == (1, 2)
    rows = office.read(lambda s, t: service.files_of(s, t.id, "document", doc.id))
    assert [(r.version_no, r.uploaded_by_name) for r in rows] == [(2, office.user("office").display_name),
                                                                  (1, office.user("zjj").display_name)]
    assert rows[1].sha256 == hashlib.sha256(first).hexdigest() and rows[1].size == len(first)
    # Any version downloads as it was uploaded.
    assert fetch(office, "zjj", store, v1.id)[1] == first
    assert fetch(office, "zjj", store, v2.id)[1] == second


def test_a_file_over_its_kinds_limit_is_refused_stating_the_limit(make_office, store):
    office = make_office("wuhai-hainan-2023")
    doc = draft(office)
    small = replace(LIMITS, upload_attachment=1024)
    with pytest.raises(RuleViolation) as refused:
        put(office, "zjj", store, doc.id, "attachment", "附件1.pdf", make.pdf("x" * 2000), limits=small)
    assert "超过附件的上限 1 KB" in str(refused.value)
    assert office.read(lambda s, t: service.files_of(s, t.id, "document", doc.id)) == []


def test_a_reader_downloads_a_non_reader_and_another_tenant_find_nothing(make_office, make_tenant, make_user, store):
    office = make_office("dawa-2017")
    secret = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=office.department("zjj"), doc_type="request", title="关于某涉密项目的请示", body="……",
        classification="secret", classification_term="1年"), now=at())
    # The office handles it (on its routing) once cleared; a deputy not cleared reads nothing of it.
    office.run("head", "document.clear", lambda uow: reading.grant_clearance(
        uow, user_id=office.user("office").id, level="secret"))
    scan = put(office, "office", store, secret.id, "scan", "来文扫描.pdf", make.pdf())
    assert fetch(office, "office", store, scan.id)[1] == make.pdf()
    with pytest.raises(NotFound):
        fetch(office, "dep2", store, scan.id)
    with pytest.raises(NotFound):
        put(office, "dep2", store, secret.id, "attachment", "补充.pdf", make.pdf())
    # An unclassified document: every member reads its files, only its drafters add to them.
    doc = draft(office)
    attachment = put(office, "zjj", store, doc.id, "attachment", "附件.pdf", make.pdf())
    assert fetch(office, "dep2", store, attachment.id)[1] == make.pdf()
    with pytest.raises(PermissionDenied) as refused:
        put(office, "czj", store, doc.id, "attachment", "另一份.pdf", make.pdf())
    assert "起草单位" in str(refused.value)
    # Another government's ids do not exist here.
    other = make_office("xishi-2024")
    with pytest.raises(NotFound):
        fetch(other, "office", store, attachment.id)
    with pytest.raises(NotFound):
        put(other, "office", store, doc.id, "attachment", "附件.pdf", make.pdf())


def test_scans_are_the_registrars_or_the_offices_and_only_of_incoming_documents(make_office, store):
    office = make_office("dawa-2017")
    incoming = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=office.department("zjj"), doc_type="request", title="关于拨付资金的请示", body="……"))
    with pytest.raises(PermissionDenied):
        put(office, "czj", store, incoming.id, "scan", "扫描.png", make.png())
    assert put(office, "zjj", store, incoming.id, "scan", "来文.ofd", make.ofd()).file_type == "ofd"
    assert put(office, "sun", store, incoming.id, "scan", "扫描.png", make.png()).file_type == "png"
    with pytest.raises(RuleViolation) as refused:
        put(office, "office", store, draft(office).id, "scan", "扫描.png", make.png())
    assert "不收扫描件" in str(refused.value)


def test_files_are_fixed_once_the_document_is_signed_and_issued_gongwen_22(make_office, store):
    office = make_office("wuhai-hainan-2023")
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", title="关于公布规范性文件清理结果的通知", body="……"))
    attachment = put(office, "office", store, doc.id, "attachment", "清理结果.pdf", make.pdf())
    removed = put(office, "office", store, doc.id, "attachment", "误传.pdf", make.pdf("误传"))
    office.run("office", "files.delete", lambda uow: service.delete(uow, removed.id))
    issued = issued_normative_notice(office)
    kept = office.read(lambda s, t: service.files_of(s, t.id, "document", doc.id))
    assert [f.id for f in kept] == [attachment.id]

    # The issued notice: its files were attached before signing; afterwards nothing changes.
    with pytest.raises(RuleViolation) as refused:
        put(office, "office", store, issued.id, "attachment", "补充.pdf", make.pdf())
    reason = refused.value.verdict.reasons[0]
    assert "公文已印发，" in reason.message and "已已" not in reason.message and reason.cite == "law-gongwen-2012:22"


def test_a_file_attached_before_issue_cannot_be_deleted_after(make_office, store):
    office = make_office("wuhai-hainan-2023")
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", normative=True, title="关于规范物业服务收费的通知",
        body="物业服务收费实行明码标价。", main_recipients="各街道办事处", department_id=office.department("zjj")))
    text = make.docx()
    body = put(office, "office", store, doc.id, "body", "正文.docx", text)
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    with pytest.raises(RuleViolation) as refused:
        put(office, "office", store, doc.id, "body", "正文2.docx", make.docx("改"))
    assert "只能在拟稿、审改时修改" in str(refused.value)
    office.run("sun", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"), now=at(1))
    office.run("sfj", "document.review", lambda uow: issuing.record_review(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), review="legality_review", passed=True), now=at(1))
    resolution_id = executive_resolution(office)  # 海南区 21: a normative document is decided by the 常务会议
    office.run("office", "document.name_resolution", lambda uow: issuing.name_resolution(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), resolution_id=resolution_id), now=at(1))
    office.run("head", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(1))
    with pytest.raises(RuleViolation) as refused:
        office.run("office", "files.delete", lambda uow: service.delete(uow, body.id))
    reason = refused.value.verdict.reasons[0]
    assert "已签发" in reason.message and reason.cite == "law-gongwen-2012:22"
    assert fetch(office, "office", store, body.id)[1] == text
    assert office.read(lambda s, t: s.get(StoredFile, body.id)) is not None


def test_a_download_whose_bytes_no_longer_match_the_recorded_hash_is_refused(make_office, store):
    office = make_office("wuhai-hainan-2023")
    doc = draft(office)
    row = put(office, "zjj", store, doc.id, "attachment", "附件.pdf", make.pdf())
    store.put(row.storage_key, make.pdf("被替换的内容"))
    with pytest.raises(StorageError) as refused:
        fetch(office, "zjj", store, row.id)
    assert refused.value.status == 503 and "SHA-256 不一致" in refused.value.message
