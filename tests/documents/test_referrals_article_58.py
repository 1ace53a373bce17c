"""海南区 58 「请示性公文，由政府办公室按规定程序统一办理。需相关部门研究办理的事项，由部门直接答复
报文单位，并及时向政府办公室反馈办理结果；需区政府审批的事项，由相关部门提出办理意见，及时反馈政府
办公室」, through the document services, the page and the API: only the office hands a 请示 over;
only the department it went to answers and reports back; until then it is on that department's
待办, open in the office's inbox, and the office may 催办 it; the text names no number of days, so
no deadline is set. Refusals cite article 58."""

from __future__ import annotations

import pytest

from documents_support import at, seen_document
from support import assert_refused_and_audited, csrf_of, log_in
from zhengwu.core import permissions
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.tenants import Tenant
from zhengwu.core.verdict import RuleViolation
from zhengwu.deadlines import service as deadlines
from zhengwu.documents import referral_service
from zhengwu.documents import intake, reading
from zhengwu.documents.models import Referral
from zhengwu.notices import service as notices
from zhengwu.todo import todo_for
from zhengwu.wiring import install

install()
CITE = "wuhai-hainan-2023:58"


def _request(office):
    """A conforming 请示 of the 住建局 to the government, registered by the office."""
    doc = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=office.department("zjj"), doc_type="request", title="关于老旧小区改造用地指标的请示",
        body="我局拟对3个老旧小区实施改造，需调整用地指标。\n妥否，请批示。", decision_needed_by=at(40).date()))
    assert not doc.check_reasons, doc.check_reasons
    return doc


def _todo(office, who):
    user = office.user(who)
    with office.db.read() as session:
        subject = permissions.subject_for(session, user.id, office.tenant.id, at())
        listed = todo_for(session, session.get(Tenant, office.tenant.id), user.id, at(), subject)
    return {(i.kind, i.title) for g in listed.groups for i in g.items}


def _refer(office, who, doc, mode="answer"):
    return office.run(who, "document.refer", lambda uow: referral_service.refer(
        uow, doc_id=doc.id, department_id=office.department("zrj"), mode=mode, note="用地指标由自然资源局研究答复", expected_version=seen_document(uow, doc.id)))


def test_request_answered_directly_by_the_department_and_fed_back_article_58(make_office):
    office = make_office("wuhai-hainan-2023")
    doc = _request(office)
    with pytest.raises(PermissionDenied) as refused:  # the office decides, not a department
        _refer(office, "czj", doc)
    reason = refused.value.verdict.reasons[0]
    assert (reason.code, reason.cite, reason.who) == ("referral_not_office", CITE, "政府办公室")
    assert "第五十八条" in reason.message
    assert_refused_and_audited(office.db, office.tenant, "document.refer")
    with pytest.raises(RuleViolation) as refused:  # not back to the sender itself
        office.run("office", "document.refer", lambda uow: referral_service.refer(
            uow, doc_id=doc.id, department_id=office.department("zjj"), expected_version=seen_document(uow, doc.id)))
    assert refused.value.verdict.reasons[0].code == "referral_to_sender"

    referral = _refer(office, "office", doc)
    with office.db.read() as session:
        tenant = session.get(Tenant, office.tenant.id)
        assert reading.get_document(session, tenant, doc.id, None, at()).state == "referred"
        inbox = reading.inbox(session, tenant, office.user("office").id, at())
        assert doc.id in [d.id for d in inbox]  # the office sees it open
        assert not deadlines.for_trail(session, office.tenant.id, "document", doc.id)  # 「及时」: no number of days
    item = ("答复交办的请示", doc.title)
    assert item in _todo(office, "zrj") and item not in _todo(office, "zjj")

    # the office chases the department through the notices (催办)
    office.run("office", "notice.remind", lambda uow: notices.remind(
        uow, object_type="document", object_id=str(doc.id), unit_id=office.department("zrj"), message="请抓紧答复"))

    with pytest.raises(PermissionDenied) as refused:  # another department may not answer for it
        office.run("czj", "document.referral_feedback", lambda uow: referral_service.answer(
            uow, referral_id=referral.id, answer="同意", feedback="已答复", expected_version=seen_document(uow, referral.id, Referral)))
    reason = refused.value.verdict.reasons[0]
    assert (reason.code, reason.cite) == ("referral_not_department", CITE) and reason.who.endswith("自然资源局主要负责人")
    with pytest.raises(RuleViolation) as refused:  # both the answer and the feedback
        office.run("zrj", "document.referral_feedback", lambda uow: referral_service.answer(
            uow, referral_id=referral.id, answer="", feedback="", expected_version=seen_document(uow, referral.id, Referral)))
    assert {r.code for r in refused.value.verdict.reasons} == {"referral_answer_missing", "referral_feedback_missing"}
    assert all(r.cite == CITE for r in refused.value.verdict.reasons)

    done = office.run("zrj", "document.referral_feedback", lambda uow: referral_service.answer(
        uow, referral_id=referral.id, answer="同意调整，指标在二季度下达", feedback="已于当日书面答复住建局", expected_version=seen_document(uow, referral.id, Referral)))
    assert (done.state, done.answered_on) == ("answered", at().date())
    with office.db.read() as session:
        assert reading.get_document(session, session.get(Tenant, office.tenant.id), doc.id, None, at()).state == "closed"
    assert item not in _todo(office, "zrj")
    with pytest.raises(RuleViolation):
        office.run("zrj", "document.referral_feedback", lambda uow: referral_service.answer(
            uow, referral_id=referral.id, answer="再答", feedback="再报", expected_version=seen_document(uow, referral.id, Referral)))


def test_opinion_on_a_matter_for_approval_comes_back_to_the_office_article_58(make_office):
    """「需区政府审批的事项，由相关部门提出办理意见，及时反馈政府办公室」: the 请示 returns to the
    office with the opinion, to be routed for approval."""
    office = make_office("wuhai-hainan-2023")
    doc = _request(office)
    referral = _refer(office, "office", doc, mode="opinion")
    assert ("提出交办请示的办理意见", doc.title) in _todo(office, "zrj")
    office.run("zrj", "document.referral_feedback", lambda uow: referral_service.answer(
        uow, referral_id=referral.id, feedback="建议同意，用地指标可在年度计划内调剂", expected_version=seen_document(uow, referral.id, Referral)))
    with office.db.read() as session:
        assert reading.get_document(session, session.get(Tenant, office.tenant.id), doc.id, None, at()).state == "submitted"
    routed = office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    assert routed.state == "routed"


def test_referral_refused_where_the_text_has_no_such_rule(make_office):
    """大洼's text says nothing of handing a 请示 to a department to answer: it is routed."""
    office = make_office("dawa-2017")
    doc = _request(office)
    with pytest.raises(RuleViolation) as refused:
        _refer(office, "office", doc)
    assert refused.value.verdict.reasons[0].code == "referral_not_in_rules"


def test_referral_page_and_api_article_58(make_office, client):
    """The document page offers 交部门办理 to the office only, the answer form to the department's
    head only; the API lists the open referral and takes the answer."""
    from support import api_token

    office = make_office("wuhai-hainan-2023")
    doc = _request(office)
    log_in(client, "hainan.zjj", "zhengwu-demo")
    assert "交部门办理" not in client.get(f"/t/hainan/documents/{doc.id}").text
    log_in(client, "hainan.office", "zhengwu-demo")
    page = client.get(f"/t/hainan/documents/{doc.id}")
    assert page.status_code == 200 and "交部门办理" in page.text and "第五十八条" in page.text
    done = client.post(f"/t/hainan/documents/{doc.id}/refer", data={
        "csrf_token": csrf_of(page.text), "version": str(doc.version), "department_id": str(office.department("zrj")),
        "mode": "answer", "note": "请研究答复"})
    assert done.status_code == 200 and "待部门答复并反馈" in done.text and "答复并反馈办公室" not in done.text

    t = f"/api/tenants/{office.tenant.slug}"
    listed = client.get(f"{t}/referrals", headers=api_token(client, "hainan.office", "zhengwu-demo"))
    assert listed.status_code == 200 and [r["document_id"] for r in listed.json()] == [doc.id]
    referral = listed.json()[0]
    wrong = client.post(f"{t}/referrals/{referral['id']}/answer", json={"answer": "同意", "feedback": "已答复", "version": referral["version"]},
                        headers=api_token(client, "hainan.czj", "zhengwu-demo"))
    assert wrong.status_code == 403 and wrong.json()["cite"] == CITE
    log_in(client, "hainan.zrj", "zhengwu-demo")
    assert "答复并反馈办公室" in client.get(f"/t/hainan/documents/{doc.id}").text
    answered = client.post(f"{t}/referrals/{referral['id']}/answer",
                           json={"answer": "同意调整", "feedback": "已书面答复", "version": referral["version"]},
                           headers=api_token(client, "hainan.zrj", "zhengwu-demo"))
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
