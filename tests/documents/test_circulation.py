"""传阅 (《党政机关公文处理工作条例》第二十四条第（五）项): the office sends a received document to
leaders (by post) and units; each reader marks it read, once, with a 批示 kept as written; the
office presses (催阅) those who have not read; the round is 传阅完毕 when all have read. Only
the office starts or presses; only a named reader (or a member of a named unit) reads; another
government's ids are not found. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from documents_support import at, seen_document, seen_round
from sqlalchemy import select

from support import api_token, assert_refused_and_audited
from zhengwu.core import audit
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.documents import circulation as rules
from zhengwu.documents import circulation_service as circulations
from zhengwu.documents import intake, reading
from zhengwu.documents.models import Circulation, CirculationReader
from zhengwu.org.models import Post

CITE = "law-gongwen-2012:24.5"
PASSWORD = "zhengwu-demo"


def _request(office, **extra):
    czj = office.department("czj")
    args = dict(department_id=office.department("zjj"), doc_type="request", title="关于老旧小区改造项目资金的请示",
                body="我局拟对3个老旧小区实施改造。\n妥否，请批示。", decision_needed_by=at(40).date(),
                touches_department_ids=(czj,), countersigned_by_ids=(czj,))
    args.update(extra)
    return office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(uow, **args))


def _post_of(office, who: str) -> int:
    user = office.user(who)
    with office.db.read() as session:
        return session.execute(select(Post.id).where(Post.tenant_id == office.tenant.id,
                                                     Post.holder_id == user.id)).scalars().first()


def _refused(office, who, action, use_case, error=RuleViolation):
    with pytest.raises(error) as caught:
        office.run(who, action, use_case)
    assert_refused_and_audited(office.db, office.tenant, action)
    return caught.value.verdict.reasons[0]


def _readers(office, doc_id) -> list[CirculationReader]:
    with office.db.read() as session:
        row = session.execute(select(Circulation).where(Circulation.document_id == doc_id)).scalar_one()
        return list(session.execute(select(CirculationReader).where(CirculationReader.circulation_id == row.id)
                                    .order_by(CirculationReader.position)).scalars())


def test_gongwen_24_5_circulated_until_every_reader_has_read(make_office):
    office = make_office("dawa-2017")
    doc = _request(office)
    office.document_id = doc.id
    head, dep1, czj = _post_of(office, "head"), _post_of(office, "dep1"), office.department("czj")
    office.run("office", "document.circulate", lambda uow: circulations.start(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), post_ids=[head, dep1, head], department_ids=[czj], note="请各位领导阅示"))
    labels = [r.label for r in _readers(office, doc.id)]  # the post named twice is one reader
    assert len(labels) == 3 and labels[0].endswith(office.user("head").display_name) and labels[2].endswith("财政局")

    # Someone not named (another deputy, another bureau) may not mark it read: refused with the rule.
    reason = _refused(office, "dep2", "document.read_circulated",
                      lambda uow: circulations.mark_read(uow, doc_id=doc.id, expected_version=seen_round(uow, doc.id)), PermissionDenied)
    assert (reason.code, reason.cite) == ("not_a_reader", CITE)
    reason = _refused(office, "zjj", "document.read_circulated",
                      lambda uow: circulations.mark_read(uow, doc_id=doc.id, expected_version=seen_round(uow, doc.id)), PermissionDenied)
    assert reason.code == "not_a_reader"

    # The head reads and writes a 批示: kept exactly as written, once.
    written = "请财政局研究。\n抓紧办理。"
    office.run("head", "document.read_circulated", lambda uow: circulations.mark_read(uow, doc_id=doc.id, expected_version=seen_round(uow, doc.id), comment=written))
    reason = _refused(office, "head", "document.read_circulated",
                      lambda uow: circulations.mark_read(uow, doc_id=doc.id, expected_version=seen_round(uow, doc.id), comment="同意。"))
    assert (reason.code, reason.cite) == ("already_read", CITE)
    # A member of a named unit reads for it.
    office.run("czj", "document.read_circulated", lambda uow: circulations.mark_read(uow, doc_id=doc.id, expected_version=seen_round(uow, doc.id)))
    readers = _readers(office, doc.id)
    assert readers[0].comment == written and readers[0].read_at is not None
    assert readers[2].read_by_id == office.user("czj").id and readers[2].comment is None
    assert readers[1].read_at is None

    # 催阅 goes to those who have not read, and is audited with their names.
    urged = office.run("office", "document.urge_read", lambda uow: circulations.urge(uow, doc_id=doc.id, expected_version=seen_round(uow, doc.id)))
    assert [r.post_id for r in urged] == [dep1]
    with office.db.read() as session:
        event = audit.recent(session, audit.chain_of(office.tenant.id), limit=1)[0]
    assert (event.action, event.cite) == ("document.urge_read", CITE)
    assert event.summary["detail"]["to"] == [readers[1].label]
    assert [r.urged_count for r in _readers(office, doc.id)] == [0, 1, 0]

    # The last reader: 传阅完毕; nothing left to press.
    office.run("dep1", "document.read_circulated", lambda uow: circulations.mark_read(uow, doc_id=doc.id, expected_version=seen_round(uow, doc.id)))
    with office.db.read() as session:
        row = session.execute(select(Circulation).where(Circulation.document_id == doc.id)).scalar_one()
        actions = [e.action for e in reading.trail(session, office.tenant, reading.get_document(session, office.tenant, doc.id, None, at()))]
    assert row.completed_at is not None and actions[-1] == "document.circulation_complete"
    reason = _refused(office, "office", "document.urge_read", lambda uow: circulations.urge(uow, doc_id=doc.id, expected_version=seen_round(uow, doc.id)))
    assert (reason.code, reason.cite) == ("nothing_to_urge", CITE)


def test_only_the_office_circulates_and_presses(make_office):
    office = make_office("dawa-2017")
    doc = _request(office)
    head = _post_of(office, "head")
    reason = _refused(office, "zjj", "document.circulate", lambda uow: circulations.start(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), post_ids=[head]), PermissionDenied)
    assert "政府办公室" in reason.message
    office.run("office", "document.circulate", lambda uow: circulations.start(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), post_ids=[head]))
    _refused(office, "head", "document.urge_read", lambda uow: circulations.urge(uow, doc_id=doc.id, expected_version=seen_round(uow, doc.id)), PermissionDenied)
    # One round at a time: a second while the first is open is refused.
    reason = _refused(office, "office", "document.circulate", lambda uow: circulations.start(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), post_ids=[head]))
    assert (reason.code, reason.cite) == ("circulation_open", CITE)


def test_what_may_circulate(make_office):
    office = make_office("dawa-2017")
    czj = office.department("czj")
    # Failing the initial check: returned, not circulated (条例第二十四条第（三）项).
    bad = _request(office, countersigned_by_ids=())
    reason = _refused(office, "office", "document.circulate", lambda uow: circulations.start(
        uow, doc_id=bad.id, expected_version=seen_document(uow, bad.id), department_ids=[czj]))
    assert (reason.code, reason.cite) == ("nonconforming_not_circulated", "law-gongwen-2012:24.3")
    office.run("office", "document.return", lambda uow: intake.return_document(uow, doc_id=bad.id, expected_version=seen_document(uow, bad.id), reasons=["未会签"]))
    reason = _refused(office, "office", "document.circulate", lambda uow: circulations.start(
        uow, doc_id=bad.id, expected_version=seen_document(uow, bad.id), department_ids=[czj]))
    assert (reason.code, reason.cite) == ("not_circulable", CITE)
    good = _request(office)
    reason = _refused(office, "office", "document.circulate", lambda uow: circulations.start(uow, doc_id=good.id, expected_version=seen_document(uow, good.id)))
    assert (reason.code, reason.cite) == ("no_readers", CITE)


def test_reader_rules_are_pure():
    assert rules.check_read(is_reader=False, already_read=False, comment="").reasons[0].code == "not_a_reader"
    assert rules.check_read(is_reader=True, already_read=False, comment="阅" * (rules.MAX_COMMENT + 1)).reasons[0].code \
        == "comment_too_long"
    assert rules.complete([rules.ReaderState("甲", at()), rules.ReaderState("乙", None)]) is False
    assert rules.complete([rules.ReaderState("甲", at())]) is True
    assert rules.complete([]) is False


def test_circulation_api_and_other_governments_ids(client, make_office):
    office = make_office("dalian-2014")
    other = make_office("dawa-2017")
    doc = _request(office)
    foreign = _request(other)
    t = "/api/tenants/dalian"
    clerk = api_token(client, "dalian.office", PASSWORD)
    head = _post_of(office, "head")
    started = client.post(f"{t}/documents/{doc.id}/circulations", headers=clerk,
                          json={"version": client.get(f"{t}/documents/{doc.id}", headers=clerk).json()["version"],
                                "post_ids": [head], "department_ids": [office.department("czj")]})
    assert started.status_code == 201, started.text
    body = started.json()
    assert (body["reader_count"], body["read_count"], body["complete"]) == (2, 0, False)
    # Another government's document and unit are not found here.
    assert client.post(f"{t}/documents/{foreign.id}/circulations", headers=clerk,
                       json={"version": foreign.version, "post_ids": [head]}).status_code == 404
    assert client.get(f"{t}/documents/{foreign.id}/circulations", headers=clerk).status_code == 404
    seen = {"version": body["version"]}  # the round's version, sent back with 催阅 and 已阅
    assert client.post(f"{t}/documents/{doc.id}/circulation/urge", headers=clerk,
                       json=seen).json()["readers"][0]["urged_count"] == 1
    dep2 = api_token(client, "dalian.dep2", PASSWORD)
    refused = client.post(f"{t}/documents/{doc.id}/circulation/read", headers=dep2, json={**seen, "comment": ""})
    assert refused.status_code == 403 and (refused.json()["code"], refused.json()["cite"]) == ("not_a_reader", CITE)
    read = client.post(f"{t}/documents/{doc.id}/circulation/read", headers=api_token(client, "dalian.head", PASSWORD),
                       json={**seen, "comment": "同意。"})
    assert read.status_code == 200 and read.json()["readers"][0]["comment"] == "同意。"
    done = client.post(f"{t}/documents/{doc.id}/circulation/read", headers=api_token(client, "dalian.czj", PASSWORD),
                       json={**seen, "comment": ""}).json()
    assert done["complete"] and done["read_count"] == 2


def test_a_classified_document_goes_round_only_to_the_cleared(make_office):
    office = make_office("dawa-2017")
    secret = _request(office, classification="confidential", classification_term="1年")
    office.run("head", "document.clear", lambda uow: reading.grant_clearance(uow, user_id=office.user("dep2").id, level="top_secret"))
    dep1, dep2 = _post_of(office, "dep1"), _post_of(office, "dep2")

    def sees(who):
        user = office.user(who)
        return secret.id in office.read(lambda s, t: [d.id for d in reading.documents(s, t, user.id, at())])

    reason = _refused(office, "office", "document.circulate", lambda uow: circulations.start(
        uow, doc_id=secret.id, expected_version=seen_document(uow, secret.id), post_ids=[dep1]))
    assert (reason.code, reason.cite) == ("reader_not_cleared", "law-gongwen-2012:9.2")
    reason = _refused(office, "office", "document.circulate", lambda uow: circulations.start(
        uow, doc_id=secret.id, expected_version=seen_document(uow, secret.id), department_ids=[office.department("czj")]))
    assert reason.code == "classified_to_unit"
    assert not sees("dep2")  # cleared, but not yet a reader
    office.run("office", "document.circulate", lambda uow: circulations.start(uow, doc_id=secret.id, expected_version=seen_document(uow, secret.id), post_ids=[dep2]))
    assert sees("dep2")  # a reader of the circulation reads it
