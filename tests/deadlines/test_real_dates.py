"""Events carry their real dates: a 请示 that arrived on paper last week (收文日期), a 批示件
received three days ago, a countersign sent on Friday, a disclosure request received by post
(《政府信息公开条例》第三十一条). Never in the future, back-dating limited by the platform; the
deadline runs from the real date and the audit keeps both it and who registered it when."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from deadlines_support import rows
from documents_support import at, seen_document

from support import api_token, csrf_of, log_in
from zhengwu.core import audit
from zhengwu.core.realdates import check_real_date
from zhengwu.core.verdict import RuleViolation
from zhengwu.demo import DEMO_PASSWORD
from zhengwu.disclosure import rules as disclosure_rules
from zhengwu.disclosure import service as disclosure
from zhengwu.documents import drafting, intake
from zhengwu.disclosure.rules import Application

TODAY = date(2024, 3, 4)


def test_a_real_date_is_never_in_the_future_nor_older_than_the_platform_allows():
    assert check_real_date(TODAY, TODAY, 30, "收文日期").ok
    assert check_real_date(TODAY - timedelta(days=30), TODAY, 30, "收文日期").ok
    future = check_real_date(TODAY + timedelta(days=1), TODAY, 30, "收文日期").reasons[0]
    assert future.code == "date_in_future" and "不能晚于今天" in future.message
    old = check_real_date(TODAY - timedelta(days=31), TODAY, 30, "收文日期").reasons[0]
    assert old.code == "date_too_old" and "30 天以内" in old.message and "平台管理员" in old.message


@pytest.mark.parametrize(("channel", "cite"), [("in_person", "law-disclosure-2019:31.1"),
                                               ("post_signed", "law-disclosure-2019:31.2"),
                                               ("post_unsigned", "law-disclosure-2019:31.2"),
                                               ("online", "law-disclosure-2019:31.3")])
def test_disclosure_31_when_a_request_counts_as_received(channel, cite):
    receipt = disclosure_rules.receipt(channel, date(2024, 2, 28))
    assert (receipt.received_on, receipt.cite) == (date(2024, 2, 28), cite)
    with pytest.raises(RuleViolation) as missing:
        disclosure_rules.receipt(channel, None)
    assert missing.value.verdict.reasons[0].cite == cite


def test_disclosure_31_a_request_by_post_runs_from_the_day_it_was_signed_for(make_office):
    office = make_office("xishi-2024")
    request = office.run("office", "disclosure.register_request", lambda uow: disclosure.register_request(
        uow, Application(applicant="李四", identity_type="resident_id", identity_number="210102198001011234", contact="营口市西市区某街1号", description="2023年老旧小区改造资金安排", medium="paper", delivery="post"),
        channel="post_signed", on=date(2024, 2, 29)))
    clerk = office.user("office")
    assert (request.received_on, request.channel, request.registered_by) == (
        date(2024, 2, 29), "post_signed", clerk.display_name)
    [deadline] = rows(office.db, office.tenant.id, "disclosure_reply")
    # 20 working days from Thursday 02-29, not from the Monday it was typed in.
    assert (deadline.start_on, deadline.due) == (date(2024, 2, 29), date(2024, 3, 28))
    with office.db.read() as session:
        event = audit.recent(session, audit.chain_of(office.tenant.id), limit=1)[0]
    assert (event.action, event.cite, event.actor) == ("disclosure.register_request", "law-disclosure-2019:31.2", clerk.actor.label)
    assert (event.summary["detail"]["received_on"], event.summary["detail"]["registered_on"]) == ("2024-02-29", "2024-03-04")
    assert event.at == at()


def test_disclosure_31_registering_a_future_or_stale_receipt_is_refused_and_changes_nothing(make_office):
    office = make_office("xishi-2024")
    for on, code in ((date(2024, 3, 5), "date_in_future"), (date(2024, 1, 1), "date_too_old")):
        with pytest.raises(RuleViolation) as refused:
            office.run("office", "disclosure.register_request", lambda uow, on=on: disclosure.register_request(
                uow, Application(applicant="李四", identity_type="resident_id", identity_number="210102198001011234", contact="某街1号", description="资金安排", medium="paper", delivery="post"), channel="in_person", on=on))
        assert refused.value.verdict.reasons[0].code == code
    assert rows(office.db, office.tenant.id) == []


def test_an_incoming_request_registered_late_counts_from_its_receipt_date_dalian_45(make_office):
    office = make_office("dalian-2014")
    zjj = office.department("zjj")
    doc = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=zjj, doc_type="request", title="关于老旧小区改造项目资金的请示", body="妥否，请批示。",
        decision_needed_by=date(2024, 3, 15), received_on=date(2024, 3, 1)))
    assert doc.received_on == date(2024, 3, 1) and doc.intake["sent_on"] == "2024-03-01"
    # 大连 45: 10 working days ahead. From Friday 03-01 to Friday 03-15 there are 10; from 03-04, 9.
    assert [r["code"] for r in doc.check_reasons] == []
    late_registered = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=zjj, doc_type="request", title="关于另一事项的请示", body="妥否，请批示。",
        decision_needed_by=date(2024, 3, 15)))
    assert [(r["code"], r["cite"]) for r in late_registered.check_reasons] == [("lead_time_short", "dalian-2014:45")]
    with office.db.read() as session:
        submitted = [e for e in audit.recent(session, audit.chain_of(office.tenant.id), limit=10)
                     if e.action == "document.submit" and e.object_id == str(doc.id)][0]
    assert (submitted.summary["detail"]["received_on"], submitted.summary["detail"]["registered_on"]) == (
        "2024-03-01", "2024-03-04")


def test_an_instruction_received_three_days_ago_is_due_ten_days_after_it_dalian_51(make_office):
    office = make_office("dalian-2014")
    zjj = office.department("zjj")
    request = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=zjj, doc_type="request", title="关于老旧小区改造项目资金的请示", body="妥否，请批示。",
        decision_needed_by=at(40).date()))
    office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))
    row = office.run("dep1", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="handle", text="请住建局办理并报告结果。", asks_report=True,
        handler_department_id=zjj, handler="李科长", received_on=date(2024, 3, 1)))
    assert (row.received_on, row.report_due) == (date(2024, 3, 1), date(2024, 3, 11))
    with pytest.raises(RuleViolation) as refused:
        office.run("dep1", "document.instruct", lambda uow: intake.instruct(
            uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="handle", text="再批示。", received_on=date(2024, 3, 9)))
    assert refused.value.verdict.reasons[0].code == "date_in_future"


def test_a_countersign_sent_on_friday_is_due_seven_working_days_after_friday_xishi_29(client, make_office):
    office = make_office("xishi-2024")
    zjj, zrj = office.department("zjj"), office.department("zrj")
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于加强物业管理的通知",
        main_recipients="各街道办事处", body="请认真贯彻执行。", touches_department_ids=(zrj,)))
    # Through the API, as a department would register a round it sent on paper on Friday 03-01.
    headers = api_token(client, "xishi.zjj", DEMO_PASSWORD)
    future = client.post(f"/api/tenants/xishi/documents/{draft.id}/countersign", headers=headers,
                         json={"department_ids": [zrj], "version": draft.version, "sent_on": "2024-03-05"})
    assert future.status_code == 422 and "不能晚于今天" in future.json()["message"]
    assert rows(office.db, office.tenant.id) == []  # refused: nothing changed
    opened = client.post(f"/api/tenants/xishi/documents/{draft.id}/countersign", headers=headers,
                         json={"department_ids": [zrj], "version": draft.version, "sent_on": "2024-03-01"})
    assert opened.status_code == 200, opened.text
    assert (opened.json()[0]["sent_on"], opened.json()[0]["due"]) == ("2024-03-01", "2024-03-12")
    shown = client.get(f"/api/tenants/xishi/documents/{draft.id}", headers=headers).json()
    assert [(d["kind"], d["due"], d["start_on"]) for d in shown["deadlines"]] == [
        ("countersign_reply", "2024-03-12", "2024-03-01")]


def test_disclosure_31_the_office_registers_a_posted_request_through_the_api(client, make_office):
    make_office("xishi-2024")
    headers = api_token(client, "sun", DEMO_PASSWORD)
    body = {"identity_type": "resident_id", "identity_number": "210102198001011234", "medium": "electronic", "delivery": "online", "applicant": "李四", "contact": "某街1号", "description": "资金安排", "channel": "post_unsigned",
            "on": "2024-03-01"}
    made = client.post("/api/tenants/xishi/disclosure/requests", headers=headers, json=body)
    assert made.status_code == 201, made.text
    assert (made.json()["received_on"], made.json()["due_on"], made.json()["channel"]) == (
        "2024-03-01", "2024-03-29", "post_unsigned")
    assert made.json()["registered_by"] == "孙秘书"
    stale = client.post("/api/tenants/xishi/disclosure/requests", headers=headers, json={**body, "on": "2023-12-01"})
    assert stale.status_code == 422 and "30 天以内" in stale.json()["message"]


def test_disclosure_31_the_desk_registers_a_posted_request_and_shows_who_and_when(client, make_office):
    make_office("xishi-2024")
    log_in(client, "sun", DEMO_PASSWORD)
    desk = client.get("/t/xishi/disclosure")
    assert "登记当面、邮寄或传真收到的申请" in desk.text and "第三十一条" in desk.text
    done = client.post("/t/xishi/disclosure/requests", data={
        "csrf_token": csrf_of(desk.text), "identity_type": "resident_id", "identity_number": "210102198001011234", "medium": "electronic", "delivery": "online", "applicant": "王五", "contact": "某街2号", "description": "供热价格成本监审报告",
        "channel": "in_person", "on": "2024-03-01"})
    assert done.status_code == 200 and "王五" in done.text
    assert "2024-03-01" in done.text and "当面提交，孙秘书于" in done.text and "xishi." not in done.text
    refused = client.post("/t/xishi/disclosure/requests", data={
        "csrf_token": csrf_of(desk.text), "identity_type": "resident_id", "identity_number": "210102198001011234", "medium": "electronic", "delivery": "online", "applicant": "王五", "contact": "某街2号", "description": "报告",
        "channel": "in_person", "on": "2024-03-09"})
    assert refused.status_code == 422 and "不能晚于今天" in refused.text


def test_the_incoming_form_takes_the_receipt_date_and_the_page_shows_it(client, make_office):
    office = make_office("dalian-2014")
    log_in(client, "dalian.zjj", DEMO_PASSWORD)
    index = client.get("/t/dalian/documents")
    assert 'name="received_on"' in index.text
    done = client.post("/t/dalian/documents/incoming", data={
        "csrf_token": csrf_of(index.text), "department_id": str(office.department("zjj")), "doc_type": "request",
        "title": "关于纸质来文的请示", "body": "妥否，请批示。", "decision_needed_by": "2024-04-30",
        "received_on": "2024-02-28"})
    assert done.status_code == 200 and "收文日期 2024-02-28" in done.text


def test_the_instruct_form_takes_the_received_date_of_a_paper_instruction_dalian_51(client, make_office):
    office = make_office("dalian-2014")
    zjj = office.department("zjj")
    request = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=zjj, doc_type="request", title="关于老旧小区改造项目资金的请示", body="妥否，请批示。",
        decision_needed_by=at(40).date()))
    office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))
    log_in(client, "dalian.dep1", DEMO_PASSWORD)
    page = client.get(f"/t/dalian/documents/{request.id}")
    assert 'name="received_on"' in page.text
    done = client.post(f"/t/dalian/documents/{request.id}/instruct", data={
        "csrf_token": csrf_of(page.text), "version": re.search(r'name="version" value="(\d+)"', page.text).group(1),
        "opinion": "handle", "text": "请住建局办理并报告结果。", "asks_report": "1",
        "handler_department_id": str(zjj), "handler": "李科长", "received_on": "2024-03-01"})
    assert done.status_code == 200 and "2024-03-11" in done.text  # 10 days from 03-01, not from 03-04
    [deadline] = rows(office.db, office.tenant.id, "instruction_report")
    assert (deadline.start_on, deadline.due) == (date(2024, 3, 1), date(2024, 3, 11))
