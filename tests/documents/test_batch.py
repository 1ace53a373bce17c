"""批量办理 through the API (大连): the six steps of 发文 taken on three documents at once — each
document on its own trail with the article of each step, one write transaction a batch, numbers
taken in order — and a batch with one item that may not go refused whole, naming the item, with
nothing changed and the refusal on record."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from support import api_token
from zhengwu.core import audit
from zhengwu.documents import batch, reading
from zhengwu.documents.models import Document

PASSWORD = "zhengwu-demo"
T = "/api/tenants/dalian"


@pytest.fixture
def dalian(client, make_office):
    office = make_office("dalian-2014")
    return office, {who: api_token(client, f"dalian.{who}", PASSWORD) for who in ("office", "czj", "rsj", "zjj", "dep2")}


def _draft(client, headers, office, count=3):
    items = [{"issuer": "office", "doc_type": "notice", "title": f"关于第{i}批项目的通知", "body": "",
              "main_recipients": "各区市县政府", "department_id": office.department("zjj")} for i in range(count)]
    answer = client.post(f"{T}/documents/batch", headers=headers, json={"action": "draft", "items": items})
    assert answer.status_code == 200, answer.json()
    return answer.json()["items"]


def _step(client, headers, action, docs, **extra):
    answer = client.post(f"{T}/documents/batch", headers=headers, json={
        "action": action, "items": [{"id": d["id"], "version": d["version"], **extra} for d in docs]})
    assert answer.status_code == 200, answer.json()
    return answer.json()["items"]


def _write_transactions(db):
    """Counts the audited write transactions while it is held: each seals its events with one insert."""
    seen = []
    event.listen(db.engine, "before_cursor_execute", lambda conn, cursor, statement, *rest: seen.append(statement)
                 if statement.startswith("INSERT INTO audit_events") else None)
    return seen


def test_batch_takes_each_step_of_fawen_on_every_document_gongwen_19_to_25(client, db, dalian):
    office, h = dalian
    docs = _draft(client, h["office"], office)
    docs = _step(client, h["office"], "revise", docs, title="关于项目的通知", body="现将有关事项通知如下。", note="拟稿")
    docs = _step(client, h["office"], "countersign", docs, department_ids=[office.department("czj"), office.department("rsj")])
    assert {d["state"] for d in docs} == {"countersigning"}
    for who in ("czj", "rsj"):
        waiting = client.get(f"{T}/countersigns", headers=h[who], params={"open": "true"}).json()
        mine = [r for r in waiting if r["document_id"] in {d["id"] for d in docs} and r["outcome"] is None
                and r["department"] == ("市财政局" if who == "czj" else "市人力资源和社会保障局")]
        assert len(mine) == 3
        answer = client.post(f"{T}/documents/batch", headers=h[who], json={
            "action": "countersign_answer", "items": [{"id": r["id"], "version": r["version"], "outcome": "agree"} for r in mine]})
        assert answer.status_code == 200, answer.json()
    writes = _write_transactions(db)
    docs = [client.get(f"{T}/documents/{d['id']}", headers=h["office"]).json() for d in docs]
    docs = _step(client, h["office"], "countersign_close", docs)
    assert len(writes) == 1, "one batch, one write transaction"
    docs = _step(client, h["office"], "send_for_signing", docs)
    assert {d["state"] for d in docs} == {"signing"}
    docs = _step(client, h["office"], "step", docs, kind="sign_off")
    docs = _step(client, h["office"], "issue", docs)
    assert [d["doc_number"] for d in docs] == [f"大政办发〔2024〕{n}号" for n in (1, 2, 3)], "numbers in the items' order"
    for d in docs:
        trail = client.get(f"{T}/documents/{d['id']}/trail", headers=h["office"]).json()
        labels = [e["label"] for e in trail]
        assert labels[:3] == ["拟稿", "审改", "发起会签"] and labels[-4:] == ["结束会签", "送签", "签发", "印发"]
        assert all(e["cite"] for e in trail), "every step names its article"
    with db.read() as session:
        assert audit.verify(session, audit.chain_of(office.tenant.id)).ok


def test_batch_refused_for_one_item_changes_none_and_names_it(client, db, dalian):
    office, h = dalian
    docs = _draft(client, h["office"], office)
    # The second touches another department's powers: it may not go for signing before a countersign.
    second = _step(client, h["office"], "countersign", [docs[1]], department_ids=[office.department("czj")])[0]
    answer = client.post(f"{T}/documents/batch", headers=h["office"], json={
        "action": "send_for_signing", "items": [{"id": d["id"], "version": d["version"]} for d in (docs[0], second, docs[2])]})
    assert answer.status_code == 422
    body = answer.json()
    assert body["message"].startswith("第 2 件《关于第1批项目的通知》：") and "整批均未办理" in body["message"]
    after = [client.get(f"{T}/documents/{d['id']}", headers=h["office"]).json() for d in docs]
    assert [(d["state"], d["version"]) for d in after] == [("draft", docs[0]["version"]), ("countersigning", second["version"]),
                                                          ("draft", docs[2]["version"])]
    with db.read() as session:
        event = audit.recent(session, audit.chain_of(office.tenant.id), limit=1)[0]
    assert (event.action, event.outcome) == ("document.batch", audit.REFUSED)
    assert event.summary["detail"]["reasons"][0]["message"].startswith("第 2 件")


def test_batch_by_someone_without_the_post_is_forbidden_and_changes_nothing(client, db, dalian):
    office, h = dalian
    docs = _draft(client, h["office"], office, count=2)
    answer = client.post(f"{T}/documents/batch", headers=h["dep2"], json={
        "action": "issue", "items": [{"id": d["id"], "version": d["version"]} for d in docs]})
    assert answer.status_code == 403 and answer.json()["message"].startswith("第 1 件《关于第0批项目的通知》：")
    assert [client.get(f"{T}/documents/{d['id']}", headers=h["office"]).json()["version"] for d in docs] == \
        [d["version"] for d in docs]


def test_batch_with_a_stale_item_is_409_naming_it(client, db, dalian):
    office, h = dalian
    docs = _draft(client, h["office"], office, count=2)
    stale = [{"id": docs[0]["id"], "version": docs[0]["version"]}, {"id": docs[1]["id"], "version": docs[1]["version"] + 5}]
    answer = client.post(f"{T}/documents/batch", headers=h["office"], json={"action": "send_for_signing", "items": stale})
    assert answer.status_code == 409 and answer.json()["message"].startswith("第 2 件")
    assert client.get(f"{T}/documents/{docs[0]['id']}", headers=h["office"]).json()["state"] == "draft"


def test_batch_naming_another_governments_document_is_404_and_changes_nothing(client, db, dalian, make_office):
    office, h = dalian
    ours = _draft(client, h["office"], office, count=1)[0]
    other = make_office("dawa-2017")
    with other.db.read() as session:
        theirs = session.execute(select(func.max(Document.id))).scalar() or 0
    answer = client.post(f"{T}/documents/batch", headers=h["office"], json={
        "action": "send_for_signing", "items": [{"id": ours["id"], "version": ours["version"]},
                                                {"id": theirs + 1000, "version": 1}]})
    assert answer.status_code == 404 and "公文" in answer.json()["message"]
    assert client.get(f"{T}/documents/{ours['id']}", headers=h["office"]).json()["state"] == "draft"


def test_batch_is_bounded_and_names_the_bound(client, dalian):
    _, h = dalian
    items = [{"id": i, "version": 1} for i in range(batch.MAX_ITEMS + 1)]
    too_many = client.post(f"{T}/documents/batch", headers=h["office"], json={"action": "issue", "items": items})
    assert too_many.status_code == 422 and f"最多 {batch.MAX_ITEMS} 项" in too_many.json()["message"]
    empty = client.post(f"{T}/documents/batch", headers=h["office"], json={"action": "issue", "items": []})
    assert empty.status_code == 422
    unknown = client.post(f"{T}/documents/batch", headers=h["office"], json={"action": "delete", "items": [{"id": 1}]})
    assert unknown.status_code == 422 and "不是允许的取值" in unknown.json()["message"]


def test_batch_retried_with_its_key_is_done_once(client, dalian):
    office, h = dalian
    docs = _draft(client, h["office"], office, count=2)
    body = {"action": "send_for_signing", "items": [{"id": d["id"], "version": d["version"]} for d in docs]}
    first = client.post(f"{T}/documents/batch", headers={**h["office"], "Idempotency-Key": "b-1"}, json=body)
    again = client.post(f"{T}/documents/batch", headers={**h["office"], "Idempotency-Key": "b-1"}, json=body)
    assert first.status_code == again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


def test_a_refused_classified_item_is_named_without_its_title_to_whoever_may_not_read_it(client, dalian):
    office, h = dalian
    items = [{"issuer": "office", "doc_type": "notice", "title": "关于某涉密事项的通知", "body": "", "classification": "secret", "classification_term": "1年",
              "main_recipients": "各区市县政府", "department_id": office.department("zjj")}]
    drafted = client.post(f"{T}/documents/batch", headers=h["office"], json={"action": "draft", "items": items})
    assert drafted.status_code == 200, drafted.json()
    secret = drafted.json()["items"][0]
    answer = client.post(f"{T}/documents/batch", headers=h["dep2"], json={
        "action": "issue", "items": [{"id": secret["id"], "version": secret["version"]}]})
    assert answer.status_code == 403 and answer.json()["message"].startswith("第 1 件：")
    assert "涉密" not in answer.text


def test_a_stale_version_of_a_classified_document_shows_it_only_to_whoever_may_read_it(client, dalian):
    office, h = dalian
    items = [{"issuer": "office", "doc_type": "notice", "title": "关于某涉密事项的通知", "body": "", "classification": "secret",
              "classification_term": "1年", "main_recipients": "各区市县政府", "department_id": office.department("zjj")}]
    secret = client.post(f"{T}/documents/batch", headers=h["office"], json={"action": "draft", "items": items}).json()["items"][0]
    clerk = office.user("office")
    office.run("office", "document.clear", lambda uow: reading.grant_clearance(uow, user_id=clerk.id, level="secret"))
    stale = {"version": secret["version"] + 1}
    hidden = client.post(f"{T}/documents/{secret['id']}/send-for-signing", headers=h["dep2"], json=stale)
    assert hidden.status_code == 404 and "涉密" not in hidden.text
    shown = client.post(f"{T}/documents/{secret['id']}/send-for-signing", headers=h["office"], json=stale)
    assert shown.status_code == 409 and "关于某涉密事项的通知" in shown.text


def test_the_open_countersign_list_reads_its_documents_at_once_issue_18(client, db, dalian):
    """A running clock asks its document's pinned rules what silence means: the list reads those
    documents in one statement, so its statements do not grow with the requests listed."""
    office, h = dalian
    counts = []
    for many in (2, 8):
        docs = _draft(client, h["office"], office, count=many)
        _step(client, h["office"], "countersign", docs, department_ids=[office.department("czj")])
        seen = [0]

        def count(*_, seen=seen):
            seen[0] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        answer = client.get(f"{T}/countersigns", headers=h["czj"], params={"open": "true"})
        event.remove(db.engine, "before_cursor_execute", count)
        assert answer.status_code == 200 and sum(r["outcome"] is None for r in answer.json()) >= many
        counts.append(seen[0])
    assert counts[0] == counts[1], counts
