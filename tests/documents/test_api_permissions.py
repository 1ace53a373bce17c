"""Every documents API route, called by a user whose posts do not allow it: 403 with a Chinese
message, the refusal on the tenant's audit chain, and nothing changed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from support import api_token
from zhengwu.core import audit
from zhengwu.documents import intake
from zhengwu.documents.models import ChainStep, CountersignRequest, Document, Instruction, ReviewRecord

PASSWORD = "zhengwu-demo"


def _snapshot(db, tenant_id):
    with db.read() as session:
        rows = {m.__tablename__: session.execute(select(func.count()).select_from(m)).scalar_one()
                for m in (Document, ChainStep, CountersignRequest, Instruction, ReviewRecord)}
        rows["states"] = sorted(session.execute(select(Document.id, Document.state, Document.version)).all())
        rows["done"] = sum(1 for e in audit.recent(session, audit.chain_of(tenant_id), limit=10_000)
                           if e.outcome == audit.DONE)
    return rows


# (name, method, path, body, who, audited action). `outsider` belongs to another tenant.
CASES = [
    ("list", "GET", "/documents", None, "outsider", "tenant.view"),
    ("inbox", "GET", "/documents/inbox", None, "outsider", "tenant.view"),
    ("queue", "GET", "/documents/sign-queue", None, "outsider", "tenant.view"),
    ("clocks", "GET", "/countersigns", None, "outsider", "tenant.view"),
    ("get", "GET", "/documents/{doc}", None, "outsider", "tenant.view"),
    ("trail", "GET", "/documents/{doc}/trail", None, "outsider", "tenant.view"),
    ("docx", "GET", "/documents/{doc}/docx", None, "outsider", "tenant.view"),
    ("pdf", "GET", "/documents/{doc}/pdf", None, "outsider", "tenant.view"),
    ("submit", "POST", "/documents/incoming", lambda d: {"department_id": d["zjj"], "doc_type": "request", "title": "关于X的请示"},
     "dep1", "document.submit"),
    ("draft", "POST", "/documents", lambda d: {"issuer": "government", "doc_type": "notice", "title": "关于X的通知"},
     "dep1", "document.draft"),
    ("return", "POST", "/documents/{doc}/return", lambda d: {"version": d["version"]}, "czj", "document.return"),
    ("route", "POST", "/documents/{doc}/route", lambda d: {"version": d["version"]}, "czj", "document.route"),
    ("forward", "POST", "/documents/{doc}/forward", lambda d: {"version": d["version"], "to_user_id": 1}, "czj", "document.forward"),
    ("instruct", "POST", "/documents/{doc}/instructions", lambda d: {"version": d["version"], "opinion": "agree", "text": "同意"}, "office", "document.instruct"),
    ("revise", "POST", "/documents/{doc}/revise", lambda d: {"version": d["version"], "title": "X", "body": "Y"}, "czj", "document.revise"),
    ("countersign", "POST", "/documents/{doc}/countersign", lambda d: {"version": d["version"], "department_ids": [d["czj"]]},
     "dep1", "document.countersign_open"),
    ("silence", "POST", "/documents/{doc}/countersign/silence", lambda d: {"version": d["version"]}, "dep1", "document.countersign_silence"),
    ("close", "POST", "/documents/{doc}/countersign/close", lambda d: {"version": d["version"]}, "dep1", "document.countersign_close"),
    ("answer", "POST", "/countersigns/1/answer", lambda d: {"version": 1, "outcome": "agree"}, "dep1", "document.countersign_reply"),
    ("disagreement", "POST", "/countersigns/1/disagreement", lambda d: {"version": 1, "our_reasons": "a", "proposal": "b"}, "dep1",
     "document.countersign_disagreement"),
    ("extension", "POST", "/countersigns/1/extension", lambda d: {"version": 1, "new_due": "2024-12-31", "agreed_by_lead": True}, "dep1",
     "document.countersign_extend"),
    ("send", "POST", "/documents/{doc}/send-for-signing", lambda d: {"version": d["version"]}, "czj", "document.send_for_signing"),
    ("step", "POST", "/documents/{doc}/steps", lambda d: {"version": d["version"], "kind": "sign_off"}, "czj", "document.step"),
    ("review", "POST", "/documents/{doc}/reviews", lambda d: {"version": d["version"], "review": "legality_review", "passed": True}, "dep1", "document.review"),
    ("statement", "POST", "/documents/{doc}/legality-statement", lambda d: {"version": d["version"], "statement": "合法"}, "dep1", "document.legality_statement"),
    ("issue", "POST", "/documents/{doc}/issue", lambda d: {"version": d["version"]}, "czj", "document.issue"),
    ("file", "POST", "/documents/{doc}/filings", lambda d: {"version": d["version"], "to": ["congress_standing_committee"]},
     "czj", "document.file"),
    ("progress", "POST", "/instructions/1/progress", lambda d: {"version": 1, "text": "进展"}, "dep1", "document.progress"),
    ("report", "POST", "/instructions/1/report", lambda d: {"version": 1, "text": "结果"}, "dep1", "document.report"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_route_refused_without_the_right_post(client, db, make_office, make_user, case):
    name, method, path, body, who, action = case
    office = make_office("xishi-2024")
    doc = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=office.department("zjj"), doc_type="request", title="关于老旧小区改造的请示", body="……"))
    if who == "outsider":
        make_user("outsider", password=PASSWORD)
        headers = api_token(client, "outsider", PASSWORD)
    else:
        headers = api_token(client, f"xishi.{who}", PASSWORD)
    data = {"version": doc.version, "zjj": office.department("zjj"), "czj": office.department("czj")}
    before = _snapshot(db, office.tenant.id)
    url = "/api/tenants/xishi" + path.replace("{doc}", str(doc.id))
    response = client.request(method, url, headers=headers, json=body(data) if body else None)
    assert response.status_code == 403, response.text
    assert "无权" in response.json()["message"]
    with db.read() as session:
        event = audit.recent(session, audit.chain_of(office.tenant.id), limit=1)[0]
    assert (event.action, event.outcome) == (action, audit.REFUSED)
    assert _snapshot(db, office.tenant.id) == before
