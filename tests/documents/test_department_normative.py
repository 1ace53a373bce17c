"""A department's own normative documents (大洼 18, 大连 19, 海南区 22, 西市 32), through the
services: the department drafts, its head signs (《党政机关公文处理工作条例》第二十二条), it
issues under its own 代字 and files with the government. 「涉及公众权益、社会关注度高的事项，应当
事先请示区政府」: no sign-off before the government's answer, recorded by the 区长; 「部门联合制定
的（重要）规范性文件发布前须经区政府批准」: no issue before the approval; 「严格合法性审查」."""

from __future__ import annotations

import pytest

from documents_support import seen_document
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.documents import drafting, issuing, signing


def _own(office, who="zjj", **facts):
    department_id = office.department(who)
    office.run(who, "document.set_prefix", lambda uow: issuing.set_number_prefix(
        uow, issuer="department", department_id=department_id, prefix="区住建发", issuer_mark="区住房和城乡建设局文件",
        authority="区住房和城乡建设局"))
    return office.run(who, "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="department", doc_type="notice", department_id=department_id, title="关于规范物业服务收费的通知",
        body="各物业服务企业：……", main_recipients="各物业服务企业", normative=True, **facts))


def _codes(caught):
    return [(r.code, r.cite) for r in caught.value.verdict.reasons]


def _step(office, who, doc, kind="sign_off"):
    return office.run(who, "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind=kind))


def _review(office, who, doc, review):
    return office.run(who, "document.review", lambda uow: issuing.record_review(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), review=review, passed=True))


def test_dawa_18_department_normative_document_asks_the_government_first_and_reaches_filed(make_office):
    office = make_office("dawa-2017")
    doc = _own(office, public_interest=True)
    sent = office.run("zjj", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    assert [s["post"] for s in sent.chain] == ["department"] and sent.chain[0]["cite"] == "law-gongwen-2012:22"
    with pytest.raises(PermissionDenied):  # another department's head does not sign it
        _step(office, "czj", doc)
    with pytest.raises(RuleViolation) as caught:
        _step(office, "zjj", doc)
    assert _codes(caught) == [("prior_request_missing", "dawa-2017:18")]
    assert "事先请示" in caught.value.verdict.reasons[0].message
    with pytest.raises(PermissionDenied):  # the department does not answer its own 请示
        _review(office, "zjj", doc, "prior_request")
    _review(office, "head", doc, "prior_request")
    assert _step(office, "zjj", doc).state == "signed"
    with pytest.raises(RuleViolation) as caught:
        office.run("zjj", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    assert _codes(caught) == [("legality_review_missing", "dawa-2017:18")]
    _review(office, "zjj", doc, "legality_review")
    with pytest.raises(PermissionDenied):  # the office does not issue a department's own document
        office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    issued = office.run("zjj", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    assert issued.state == "issued" and issued.doc_number.startswith("区住建发")
    with pytest.raises(RuleViolation) as caught:
        office.run("zjj", "document.file", lambda uow: issuing.file_document(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), to=[]))
    assert _codes(caught) == [("filing_incomplete", "dawa-2017:18")]
    filed = office.run("zjj", "document.file", lambda uow: issuing.file_document(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), to=["government"]))
    assert filed.state == "filed"


def test_department_drafts_only_in_its_own_name(make_office):
    office = make_office("dawa-2017")
    with pytest.raises(PermissionDenied):
        office.run("czj", "document.draft", lambda uow: drafting.create_draft(
            uow, issuer="department", doc_type="notice", department_id=office.department("zjj"), title="关于……的通知",
            body="……"))


@pytest.mark.parametrize("profile_id, important, needed, cite", [
    ("dawa-2017", False, True, "dawa-2017:18"),  # 「部门联合制定的规范性文件发布前须经区政府批准」
    ("dalian-2014", False, False, None),  # 「部门联合制定的重要规范性文件」: only the important ones
    ("dalian-2014", True, True, "dalian-2014:19"),
    ("wuhai-hainan-2023", True, True, "wuhai-hainan-2023:22"),
    ("xishi-2024", True, True, "xishi-2024:32"),
    ("wolong-2018", True, True, None),  # 卧龙's text is cut off: the common rule applies, cited by no text of its own
])
def test_dalian_19_joint_department_normative_document_approved_by_the_government_before_issue(
        make_office, profile_id, important, needed, cite):
    office = make_office(profile_id)
    doc = _own(office, joint=True, important=important)
    office.run("zjj", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    _step(office, "zjj", doc)
    _review(office, "zjj", doc, "legality_review")
    if profile_id == "wuhai-hainan-2023":  # 二十二「严格公平竞争审查」 of every normative document
        _review(office, "zjj", doc, "fair_competition_review")
    if needed:
        with pytest.raises(RuleViolation) as caught:
            office.run("zjj", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
        assert _codes(caught) == [("government_approval_missing", cite)]
        _review(office, "head", doc, "government_approval")
    assert office.run("zjj", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id))).state == "issued"


@pytest.mark.parametrize("profile_id, cite", [("dalian-2014", "dalian-2014:19"), ("xishi-2024", "xishi-2024:32"),
                                               ("wuhai-hainan-2023", "wuhai-hainan-2023:22")])
def test_xishi_32_public_interest_department_document_asks_the_government_first(make_office, profile_id, cite):
    office = make_office(profile_id)
    doc = _own(office, public_interest=True)
    office.run("zjj", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    with pytest.raises(RuleViolation) as caught:
        _step(office, "zjj", doc)
    assert ("prior_request_missing", cite) in _codes(caught)
