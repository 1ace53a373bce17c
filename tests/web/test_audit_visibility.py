"""Issue 14, finding 3: the audit API and page show a member only events they may read; a
classified document's title never reaches a member who gets 404 on the document itself."""

from __future__ import annotations

from zhengwu import demo
from zhengwu.core import audit, tenants

from support import TEST_NOW, api_token, log_in

TITLE = "关于某涉密工程选址的请示"


def test_a_classified_titles_events_are_hidden_from_members_without_clearance(client, db, make_user):
    demo.seed_demo(db, TEST_NOW)
    with db.read() as session:
        tenant = tenants.find_tenant(session, "dawa")
    office = api_token(client, "dawa.office", demo.DEMO_PASSWORD)
    drafted = client.post("/api/tenants/dawa/documents", headers=office, json={
        "issuer": "office", "doc_type": "notice", "title": TITLE, "classification": "secret",
        "classification_term": "10年"})
    assert drafted.status_code == 201, drafted.text
    doc_id = drafted.json()["id"]
    with db.read() as session:
        everything = audit.recent(session, audit.chain_of(tenant.id), limit=500)
    assert any(TITLE in str(e.summary) for e in everything)  # the chain itself keeps it

    make_user("bystander", tenants=[tenant])
    member = api_token(client, "bystander")
    assert client.get(f"/api/tenants/dawa/documents/{doc_id}", headers=member).status_code == 404
    events = client.get("/api/tenants/dawa/audit?limit=500", headers=member)
    assert events.status_code == 200 and TITLE not in events.text
    assert not any(e["object_type"] == "document" and e["object_id"] == str(doc_id) for e in events.json())
    assert events.json(), "the member still sees the events they may read"
    # The office drafted it, is cleared and on its routing: it reads the same events.
    theirs = client.get("/api/tenants/dawa/audit?limit=500", headers=office).json()
    assert any(e["object_type"] == "document" and e["object_id"] == str(doc_id) for e in theirs)
    log_in(client, "bystander")
    page = client.get("/t/dawa/audit")
    assert page.status_code == 200 and TITLE not in page.text
    assert TITLE not in client.get("/t/dawa/").text
