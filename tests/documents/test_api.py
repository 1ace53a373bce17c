"""The documents API end to end (大连): a 请示 submitted, routed, instructed; the 批复 drafted,
signed along the matrix and issued; stale versions answered 409, retries applied once, a
signature by a post the matrix does not name refused 403 (a permission refusal) with its article and audited; the
issued document downloaded as .docx; full-text search."""

from __future__ import annotations

import io

from docx import Document as Docx

from documents_support import issued_normative_notice
from support import api_token
from zhengwu.core import audit

PASSWORD = "zhengwu-demo"


def test_request_to_reply_through_the_api(client, db, make_office):
    office = make_office("dalian-2014")
    t = "/api/tenants/dalian"
    zjj = api_token(client, "dalian.zjj", PASSWORD)
    czj = office.department("czj")
    body = {"department_id": office.department("zjj"), "doc_type": "request", "title": "关于老旧小区改造项目资金的请示",
            "body": "我局拟对3个老旧小区实施改造。", "decision_needed_by": "2024-04-30",
            "touches_department_ids": [czj], "countersigned_by_ids": [czj]}
    first = client.post(f"{t}/documents/incoming", headers={**zjj, "Idempotency-Key": "req-1"}, json=body)
    retry = client.post(f"{t}/documents/incoming", headers={**zjj, "Idempotency-Key": "req-1"}, json=body)
    assert first.status_code == retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
    request = first.json()
    assert request["check_reasons"] == [] and request["state"] == "submitted"
    assert len(client.get(f"{t}/documents", headers=zjj).json()) == 1

    late = client.post(f"{t}/documents/incoming", headers=zjj, json={**body, "decision_needed_by": "2024-03-06"})
    assert [(r["code"], r["cite"]) for r in late.json()["check_reasons"]] == [("lead_time_short", "dalian-2014:45")]

    office_h = api_token(client, "dalian.office", PASSWORD)
    assert {d["id"] for d in client.get(f"{t}/documents/inbox", headers=office_h).json()} == {request["id"], late.json()["id"]}
    refused = client.post(f"{t}/documents/{late.json()['id']}/route", headers=office_h, json={"version": 1})
    assert refused.status_code == 422 and refused.json()["cite"] == "dalian-2014:45"
    routed = client.post(f"{t}/documents/{request['id']}/route", headers=office_h, json={"version": request["version"]})
    assert routed.status_code == 200 and routed.json()["state"] == "routed"
    stale = client.post(f"{t}/documents/{request['id']}/route", headers=office_h, json={"version": request["version"]})
    assert stale.status_code == 409 and stale.json()["current"]["state"] == "routed"

    dep1 = api_token(client, "dalian.dep1", PASSWORD)
    seen = routed.json()["version"]
    vague = client.post(f"{t}/documents/{request['id']}/instructions", headers=dep1,
                        json={"version": seen, "opinion": "agree", "text": ""})
    assert vague.status_code == 422 and vague.json()["cite"] == "dalian-2014:46"
    assert client.post(f"{t}/documents/{request['id']}/instructions", headers=dep1,
                       json={"version": seen, "opinion": "agree", "text": "同意，请办公厅拟文批复。"}).status_code == 201

    reply = client.post(f"{t}/documents", headers=office_h, json={
        "issuer": "government", "doc_type": "reply", "title": "关于老旧小区改造项目资金的批复",
        "body": "你局请示收悉。经研究，同意所请。", "main_recipients": "市住房和城乡建设局", "reply_to_id": request["id"]}).json()
    reply = client.post(f"{t}/documents/{reply['id']}/send-for-signing", headers=office_h, json={"version": reply["version"]}).json()
    assert [s["kind"] for s in reply["chain"]] == ["review", "review", "review", "sign_off"]

    dep2 = api_token(client, "dalian.dep2", PASSWORD)
    wrong = client.post(f"{t}/documents/{reply['id']}/steps", headers=dep2, json={"version": reply["version"], "kind": "sign_off"})
    assert wrong.status_code == 403 and (wrong.json()["code"], wrong.json()["cite"]) == ("not_named_by_matrix", "dalian-2014:48")
    with db.read() as session:
        event = audit.recent(session, audit.chain_of(office.tenant.id), limit=1)[0]
    assert (event.action, event.outcome, event.cite) == ("document.step", audit.REFUSED, "dalian-2014:48")

    for who in ("office", "dep1", "exec"):
        reply = client.post(f"{t}/documents/{reply['id']}/steps", headers=api_token(client, f"dalian.{who}", PASSWORD),
                            json={"version": reply["version"], "kind": "review"}).json()
    head = api_token(client, "dalian.head", PASSWORD)
    assert [d["id"] for d in client.get(f"{t}/documents/sign-queue", headers=head).json()] == [reply["id"]]
    reply = client.post(f"{t}/documents/{reply['id']}/steps", headers=head, json={"version": reply["version"], "kind": "sign_off"}).json()
    issued = client.post(f"{t}/documents/{reply['id']}/issue", headers=office_h, json={"version": reply["version"]}).json()
    assert issued["doc_number"] == "大政发〔2024〕1号"

    docx = client.get(f"{t}/documents/{reply['id']}/docx", headers=zjj)
    assert docx.status_code == 200 and "大政发〔2024〕1号" in "".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    trail = client.get(f"{t}/documents/{reply['id']}/trail", headers=zjj).json()
    assert trail[-1]["label"] == "印发" and all(e["cite"] for e in trail)
    found = client.get(f"{t}/documents", headers=zjj, params={"q": "老旧小区 批复"}).json()
    assert [d["id"] for d in found] == [reply["id"]]


def test_after_issue_reminders_and_records_through_the_api(client, clock, make_office):
    office = make_office("wuhai-hainan-2023")
    issued = issued_normative_notice(office)
    t = "/api/tenants/hainan"
    office_h = api_token(client, "hainan.office", PASSWORD)
    assert issued.issued_on.isoformat() == "2024-03-06"
    assert client.get(f"{t}/documents/after-issue-reminders", headers=office_h).json() == []
    assert client.get(f"{t}/documents/after-issue-reminders", headers=office_h, params={"on": "2025-03-05"}).json() == []
    due = client.get(f"{t}/documents/after-issue-reminders", headers=office_h, params={"on": "2025-03-06"}).json()
    assert [(r["document_id"], r["kind"], r["due_on"], r["cite"]) for r in due] == [
        (issued.id, "normative_cleanup", "2025-03-06", "wuhai-hainan-2023:21"),
        (issued.id, "normative_post_evaluation", "2025-03-06", "wuhai-hainan-2023:21")]
    recorded = client.post(f"{t}/documents/{issued.id}/after-issue", headers=office_h,
                           json={"version": client.get(f"{t}/documents/{issued.id}", headers=office_h).json()["version"],
                                 "kind": "normative_post_evaluation", "on": "2025-03-06", "note": "实施效果良好"})
    assert recorded.status_code == 201 and recorded.json()["kind"] == "normative_post_evaluation"
    due = client.get(f"{t}/documents/after-issue-reminders", headers=office_h, params={"on": "2025-03-06"}).json()
    assert [r["kind"] for r in due] == ["normative_cleanup"]


def test_a_countersign_answer_takes_the_version_the_department_saw(client, make_office):
    """A stale or missing version of the 会签请求 changes nothing: 409 with the request as it stands, 422."""
    office = make_office("dalian-2014")
    t = "/api/tenants/dalian"
    office_h = api_token(client, "dalian.office", PASSWORD)
    draft = client.post(f"{t}/documents", headers=office_h, json={
        "issuer": "government", "doc_type": "notice", "title": "关于老旧小区改造的通知", "body": "……"}).json()
    opened = client.post(f"{t}/documents/{draft['id']}/countersign", headers=office_h,
                         json={"version": draft["version"], "department_ids": [office.department("czj")]})
    assert opened.status_code == 200, opened.text
    asked = opened.json()[0]
    czj = api_token(client, "dalian.czj", PASSWORD)
    url = f"{t}/countersigns/{asked['id']}/answer"
    stale = client.post(url, headers=czj, json={"version": asked["version"] + 1, "outcome": "agree"})
    assert stale.status_code == 409 and stale.json()["current"]["outcome"] is None
    assert client.post(url, headers=czj, json={"outcome": "agree"}).status_code == 422
    answered = client.post(url, headers=czj, json={"version": asked["version"], "outcome": "agree"})
    assert answered.status_code == 200 and answered.json()["outcome"] == "agree"
