"""Legislation and documents drafted with others, through the services (issue 12): 大连 17 法规议案
drafts reviewed by the 法制机构 before the 市政府 decides them; 大连 18 legislative disagreements
listed by the 法制机构 and decided by the government, 规章 post-evaluation reminders; 大连 48
department documents only once the departments agree; 西市 27 drafts for the 区委 go through the
区政府 first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from documents_support import at, executive_resolution, seen_document

from support import TEST_NOW, api_token
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.documents import legislation_service
from zhengwu.documents import countersigning, drafting, intake, issuing, signing
from zhengwu.documents.models import CountersignRequest

PASSWORD = "zhengwu-demo"


def _codes(caught):
    return [(r.code, r.cite) for r in caught.value.verdict.reasons]


def _legislative_draft(office, matter, doc_type="motion", title="关于提请审议《大连市物业管理条例（草案）》的议案"):
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type=doc_type, title=title, body="现将条例草案提请审议。",
        main_recipients="大连市人大常委会", department_id=office.department("zjj"), reserved_matter=matter))
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    office.run("dep1", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, kind="review", expected_version=seen_document(uow, doc.id)))
    return doc


def _sign(office, doc, now=None):
    return office.run("head", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, kind="sign_off", expected_version=seen_document(uow, doc.id)), now=now)


def test_dalian_17_bill_draft_reviewed_by_the_legal_office_before_the_government_decides(make_office):
    """「提请市政府讨论的地方性法规草案…由市政府法制机构审查」: the 议案 is not signed before the
    法制机构's review; the office cannot record it in the legal office's place; then 18 「所有地方性
    法规…草案都要公开征求意见」 before it goes out."""
    office = make_office("dalian-2014")
    doc = _legislative_draft(office, "bill")
    with pytest.raises(RuleViolation) as caught:
        _sign(office, doc)
    assert ("legality_review_missing", "dalian-2014:17") in _codes(caught)
    assert "市政府法制机构" in caught.value.verdict.reasons[0].message
    with pytest.raises(PermissionDenied) as wrong:
        office.run("office", "document.review", lambda uow: issuing.record_review(
            uow, doc_id=doc.id, review="legality_review", passed=True, expected_version=seen_document(uow, doc.id)))
    assert _codes(wrong) == [("wrong_reviewer", "dalian-2014:17")]
    office.run("sfj", "document.review", lambda uow: issuing.record_review(
        uow, doc_id=doc.id, review="legality_review", passed=True, expected_version=seen_document(uow, doc.id)))
    resolution_id = executive_resolution(office, text="审议通过物业管理条例草案，提请市人大常委会审议")
    office.run("office", "document.name_resolution", lambda uow: issuing.name_resolution(
        uow, doc_id=doc.id, resolution_id=resolution_id, expected_version=seen_document(uow, doc.id)))
    assert _sign(office, doc).state == "signed"
    with pytest.raises(RuleViolation) as caught:
        office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    assert _codes(caught) == [("public_comment_missing", "dalian-2014:18")]


def test_dalian_17_motion_on_no_bill_needs_no_legal_review(make_office):
    """A 议案 that is no 地方性法规 draft (and no 规章) takes only its chain (47)."""
    office = make_office("dalian-2014")
    doc = _legislative_draft(office, None, title="关于提请任命市政府组成人员的议案")
    assert _sign(office, doc).state == "signed"


def test_dalian_18_legislative_disagreement_listed_by_the_legal_office_and_decided_by_the_government(make_office):
    """「对经协调仍达不成一致意见的问题，市政府法制机构要列明各方理据，提出倾向性意见，及时报市政府决定」:
    only the 法制机构 records it, with each side's reasons and its leaning; the draft is signed only
    with a resolution of a deciding meeting held after the disagreement was put to the government."""
    office = make_office("dalian-2014")
    doc = _legislative_draft(office, "regulation", doc_type="order", title="大连市物业管理办法")
    entry = {"views": "市住建局主张收费备案；市财政局主张收费审批", "reasons": "住建局：减少审批；财政局：价格法第十八条",
             "leaning": "实行备案管理"}
    with pytest.raises(PermissionDenied) as wrong:
        office.run("zjj", "document.legislative_disagreement", lambda uow: legislation_service.record_disagreement(
            uow, doc_id=doc.id, **entry, expected_version=seen_document(uow, doc.id)))
    assert _codes(wrong) == [("wrong_lister", "dalian-2014:18")]
    with pytest.raises(RuleViolation) as empty:
        office.run("sfj", "document.legislative_disagreement", lambda uow: legislation_service.record_disagreement(
            uow, doc_id=doc.id, **{**entry, "leaning": " "}, expected_version=seen_document(uow, doc.id)))
    assert _codes(empty) == [("field_missing", "dalian-2014:18")] and "倾向性意见" in empty.value.verdict.reasons[0].message
    row = office.run("sfj", "document.legislative_disagreement", lambda uow: legislation_service.record_disagreement(
        uow, doc_id=doc.id, **entry, expected_version=seen_document(uow, doc.id)))  # recorded today, after the meeting of executive_resolution (3 days ago)
    assert "实行备案管理" in row.note
    office.run("sfj", "document.review", lambda uow: issuing.record_review(
        uow, doc_id=doc.id, review="legality_review", passed=True, expected_version=seen_document(uow, doc.id)))
    with pytest.raises(RuleViolation) as undecided:
        _sign(office, doc)
    assert ("disagreement_undecided", "dalian-2014:18") in _codes(undecided)
    resolution_id = executive_resolution(office, text="物业服务收费实行备案管理")
    office.run("office", "document.name_resolution", lambda uow: issuing.name_resolution(
        uow, doc_id=doc.id, resolution_id=resolution_id, expected_version=seen_document(uow, doc.id)))
    with pytest.raises(RuleViolation) as before:
        _sign(office, doc)
    assert _codes(before) == [("disagreement_decided_before", "dalian-2014:18")]


def test_dalian_18_disagreement_decided_by_a_later_meeting_then_signed(make_office):
    office = make_office("dalian-2014")
    doc = _legislative_draft(office, "regulation", doc_type="order", title="大连市物业管理办法")
    office.run("sfj", "document.legislative_disagreement", lambda uow: legislation_service.record_disagreement(
        uow, doc_id=doc.id, views="两部门意见不一", reasons="各有依据", leaning="实行备案管理", expected_version=seen_document(uow, doc.id)), now=at(-5))
    office.run("sfj", "document.review", lambda uow: issuing.record_review(
        uow, doc_id=doc.id, review="legality_review", passed=True, expected_version=seen_document(uow, doc.id)))
    resolution_id = executive_resolution(office, text="物业服务收费实行备案管理")  # 3 days ago: after the disagreement
    office.run("office", "document.name_resolution", lambda uow: issuing.name_resolution(
        uow, doc_id=doc.id, resolution_id=resolution_id, expected_version=seen_document(uow, doc.id)))
    assert _sign(office, doc).state == "signed"


def test_dalian_18_issued_regulation_reminded_for_its_post_evaluation(make_office):
    """「政府规章实施后要进行后评估」: an issued 规章 comes up for post-evaluation a year after its issue
    (the text names no interval: the platform's cadence), and recording it clears the reminder."""
    office = make_office("dalian-2014")
    for prefix in ("government", "office"):
        office.run("office", "document.set_prefix", lambda uow, prefix=prefix: issuing.set_number_prefix(
            uow, issuer=prefix, prefix="大政发" if prefix == "government" else "大政办发", issuer_mark="大连市人民政府文件",
            authority="大连市人民政府"))
    doc = _legislative_draft(office, "regulation", doc_type="order", title="大连市物业管理办法")
    office.run("sfj", "document.review", lambda uow: issuing.record_review(
        uow, doc_id=doc.id, review="legality_review", passed=True, expected_version=seen_document(uow, doc.id)))
    resolution_id = executive_resolution(office)
    office.run("office", "document.name_resolution", lambda uow: issuing.name_resolution(
        uow, doc_id=doc.id, resolution_id=resolution_id, expected_version=seen_document(uow, doc.id)))
    _sign(office, doc)
    office.run("zjj", "document.review", lambda uow: issuing.record_review(
        uow, doc_id=doc.id, review="public_comment", passed=True, on=at(-40).date(), period_end=at(-10).date(), expected_version=seen_document(uow, doc.id)))
    office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    year_on = TEST_NOW.date().replace(year=2025)
    due = office.read(lambda session, tenant: issuing.after_issue_reminders(session, tenant, year_on))
    assert [(r.document_id, r.kind, r.cite) for r in due] == [(doc.id, "regulation_post_evaluation", "dalian-2014:18")]
    assert office.read(lambda session, tenant: issuing.after_issue_reminders(session, tenant, year_on - timedelta(days=1))) == []
    with pytest.raises(RuleViolation) as caught:
        office.run("office", "document.after_issue", lambda uow: issuing.record_after_issue(
            uow, doc_id=doc.id, kind="normative_cleanup", expected_version=seen_document(uow, doc.id)))
    assert _codes(caught) == [("no_after_issue_rule", None)]
    office.run("office", "document.after_issue", lambda uow: issuing.record_after_issue(
        uow, doc_id=doc.id, kind="regulation_post_evaluation", note="继续有效", expected_version=seen_document(uow, doc.id)), now=at(366))
    assert office.read(lambda session, tenant: issuing.after_issue_reminders(session, tenant, date(2030, 1, 1))) == []


def _department_document_with_disagreement(office):
    zjj, czj = office.department("zjj"), office.department("czj")
    doc = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="department", doc_type="notice", title="关于物业服务收费的通知", body="各物业服务企业：……",
        main_recipients="各物业服务企业", department_id=zjj, touches_department_ids=(czj,)))
    requests = office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=doc.id, department_ids=[czj], expected_version=seen_document(uow, doc.id)))
    office.run("czj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
        uow, request_id=requests[0].id, outcome="disagree", their_reasons="收费标准属价格主管部门职权",
        expected_version=seen_document(uow, requests[0].id, CountersignRequest)))
    office.run("zjj", "document.countersign_disagreement", lambda uow: countersigning.record_disagreement(
        uow, request_id=requests[0].id, our_reasons="属物业管理事项", proposal="报市政府协调",
        expected_version=seen_document(uow, requests[0].id, CountersignRequest)))
    office.run("zjj", "document.countersign_close", lambda uow: countersigning.close_countersign(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    return doc


def test_dalian_48_departments_do_not_issue_separately_without_agreement(make_office):
    """「部门或地区之间对有关问题未经协商一致，不得各自向下发文」: a department's own document on which a
    countersigning department still disagrees is not sent for signing."""
    office = make_office("dalian-2014")
    doc = _department_document_with_disagreement(office)
    with pytest.raises(RuleViolation) as caught:
        office.run("zjj", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    assert _codes(caught) == [("departments_not_agreed", "dalian-2014:48")]
    assert "未经协商一致" in caught.value.verdict.reasons[0].message


def test_dalian_48_rule_is_dalians_own_xishi_sends_with_the_disagreement_listed(make_office):
    office = make_office("xishi-2024")
    doc = _department_document_with_disagreement(office)
    assert office.run("zjj", "document.send_for_signing", lambda uow: signing.send_for_signing(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id))).state == "signing"


@pytest.mark.parametrize("flag", ["to_party_committee_meeting", "joint_with_party_committee"])
def test_xishi_27_draft_for_the_party_committee_goes_through_the_government_first(make_office, flag):
    """「拟提请区委有关会议审议或提请以区委、区政府名义联合发文的文件稿…先报区政府履行相关审议或审核
    程序」: a department cannot make it its own document; drafted for the government, it takes the
    government's chain, the 区长 signing (31(一)) before it goes to the 区委."""
    office = make_office("xishi-2024")
    zjj = office.department("zjj")
    args = dict(doc_type="opinion", title="关于加强物业管理工作的意见", body="……", main_recipients="区委", department_id=zjj)
    with pytest.raises(RuleViolation) as caught:
        office.run("zjj", "document.draft", lambda uow: drafting.create_draft(uow, issuer="department", **args, **{flag: True}))
    assert _codes(caught) == [("party_committee_draft_via_government", "xishi-2024:27")]
    assert "先报区政府" in caught.value.verdict.reasons[0].message
    proxy = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", **args, **{flag: True}, addressee="party_committee", important=True))
    assert proxy.facts["proxy_draft"] is True
    sent = office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=proxy.id, expected_version=seen_document(uow, proxy.id)))
    assert (sent.chain[-1]["kind"], sent.chain[-1]["post"], sent.chain[-1]["cite"]) == ("sign_off", "head", "xishi-2024:31.1")


def test_xishi_27_rule_is_xishis_own(make_office):
    """大连 49 sends such drafts through the 市委办公厅's procedure (outside the platform): no refusal here."""
    office = make_office("dalian-2014")
    doc = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="department", doc_type="opinion", title="关于加强物业管理工作的意见", body="……",
        main_recipients="市委", department_id=office.department("zjj"), to_party_committee_meeting=True))
    assert doc.state == "draft"


def test_dalian_18_legislative_disagreement_through_the_api(client, make_office):
    office = make_office("dalian-2014")
    doc = _legislative_draft(office, "regulation", doc_type="order", title="大连市物业管理办法")
    t = "/api/tenants/dalian"
    body = {"views": "两部门意见不一", "reasons": "各有依据", "leaning": "实行备案管理",
            "version": office.read(lambda s, _t: s.get(type(doc), doc.id).version)}
    refused = client.post(f"{t}/documents/{doc.id}/legislative-disagreements", headers=api_token(
        client, "dalian.zjj", PASSWORD), json=body)
    assert refused.status_code == 403 and refused.json()["cite"] == "dalian-2014:18"
    assert "市政府法制机构" in refused.json()["message"]
    made = client.post(f"{t}/documents/{doc.id}/legislative-disagreements", headers=api_token(
        client, "dalian.sfj", PASSWORD), json=body)
    assert made.status_code == 201 and made.json()["document_id"] == doc.id and "实行备案管理" in made.json()["note"]
    signed = client.post(f"{t}/documents/{doc.id}/steps", headers=api_token(client, "dalian.head", PASSWORD),
                         json={"kind": "sign_off", "version": office.read(lambda s, _t: s.get(type(doc), doc.id).version)})
    assert signed.status_code == 422
    assert ("disagreement_undecided", "dalian-2014:18") in {(r["code"], r["cite"]) for r in signed.json()["reasons"]}


def test_xishi_27_party_committee_draft_refused_through_the_api(client, make_office):
    office = make_office("xishi-2024")
    t = "/api/tenants/xishi"
    refused = client.post(f"{t}/documents", headers=api_token(client, "xishi.zjj", PASSWORD), json={
        "issuer": "department", "doc_type": "opinion", "title": "关于加强物业管理工作的意见", "body": "……",
        "main_recipients": "区委", "department_id": office.department("zjj"), "joint_with_party_committee": True})
    assert refused.status_code == 422
    assert (refused.json()["code"], refused.json()["cite"]) == ("party_committee_draft_via_government", "xishi-2024:27")
    assert "第二十七条" in refused.json()["message"]


def test_xishi_27_request_of_several_matters_names_the_national_rule_too(client, make_office):
    """西市 27 「请示应当一文一事」 rests on 《党政机关公文处理工作条例》第十五条第（四）项: the check's
    reason cites the local article and names the national one, through the service and the API."""
    office = make_office("xishi-2024")
    doc = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=office.department("zjj"), doc_type="request", title="关于两个项目资金的请示", body="……",
        decision_needed_by=date(2024, 4, 30), matter_count=2))
    reason = next(r for r in doc.check_reasons if r["code"] == "request_several_matters")
    assert reason["cite"] == "xishi-2024:27" and "《党政机关公文处理工作条例》第十五条第（四）项" in reason["message"]
    answered = client.post("/api/tenants/xishi/documents/incoming", headers=api_token(client, "xishi.zjj", PASSWORD), json={
        "department_id": office.department("zjj"), "doc_type": "request", "title": "关于两个项目资金的请示", "body": "……",
        "decision_needed_by": "2024-04-30", "matter_count": 2})
    found = next(r for r in answered.json()["check_reasons"] if r["code"] == "request_several_matters")
    assert found["cite"] == "xishi-2024:27" and "《党政机关公文处理工作条例》第十五条第（四）项" in found["message"]


def test_dalian_18_legislative_disagreement_on_the_document_page(client, make_office):
    """The 法制机构 finds the form on a 规章 draft's page and lists the disagreement there; an empty
    leaning is refused on the page with article 18; the office sees no such form."""
    from support import csrf_of, log_in

    office = make_office("dalian-2014")
    doc = _legislative_draft(office, "regulation", doc_type="order", title="大连市物业管理办法")
    url = f"/t/dalian/documents/{doc.id}"
    log_in(client, "dalian.office", PASSWORD)
    assert "登记立法协调分歧" not in client.get(url).text
    log_in(client, "dalian.sfj", PASSWORD)
    page = client.get(url)
    assert page.status_code == 200 and "登记立法协调分歧" in page.text
    version = str(office.read(lambda s, _t: s.get(type(doc), doc.id).version))
    refused = client.post(f"{url}/legislative_disagreement", data={
        "csrf_token": csrf_of(page.text), "views": "两部门意见不一", "reasons": "各有依据", "leaning": "", "version": version})
    assert refused.status_code == 422 and "倾向性意见" in refused.text and "第十八条" in refused.text
    done = client.post(f"{url}/legislative_disagreement", data={
        "csrf_token": csrf_of(page.text), "views": "两部门意见不一", "reasons": "各有依据", "leaning": "实行备案管理",
        "version": version},
        follow_redirects=True)
    assert done.status_code == 200 and "登记立法协调分歧" in done.text
    office.run("sfj", "document.review", lambda uow: issuing.record_review(
        uow, doc_id=doc.id, review="legality_review", passed=True, expected_version=seen_document(uow, doc.id)))
    with pytest.raises(RuleViolation) as caught:
        _sign(office, doc)
    assert ("disagreement_undecided", "dalian-2014:18") in _codes(caught)
