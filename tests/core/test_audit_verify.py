"""Issue 18: `audit verify` walks a long chain in parts, in worker processes, and must break
exactly where one walk from the start breaks — an event changed, deleted, moved or added at a
part's edge as much as inside a part — and check the data against the latest sealed states."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text
from typer.testing import CliRunner

from zhengwu import demo
from zhengwu.web import app as _app  # noqa: F401  (registers every domain's demo seeder)
from zhengwu.cli.main import app as cli
from zhengwu.core import audit, audit_verify, checkpoints, tenants
from zhengwu.core.audit import AuditChainHead, AuditEvent
from zhengwu.core.settings import Settings
from zhengwu.core.uow import Actor, unit_of_work

from support import TEST_NOW

CHAIN = "parts"
EVENTS = 60


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of 20 events: three workers split a 60-event chain at 20 and 40."""
    monkeypatch.setattr(audit_verify, "PARALLEL_FROM", 10)
    assert audit_verify._parts(0, EVENTS, 3) == [(0, 20), (20, 40), (40, 60)]


def _chain(db, n: int = EVENTS) -> None:
    rows, previous = [], audit.GENESIS
    for seq in range(1, n + 1):
        event = AuditEvent(chain=CHAIN, seq=seq, tenant_id=None, actor_user_id=seq % 3 or None, actor="系统",
                           action="test", outcome="done", object_type="thing", object_id=str(seq % 7),
                           summary={"after": {"n": seq}, "before": None}, cite=None, at=TEST_NOW, prev_hash=previous,
                           algorithm="sm3", data_hash=f"{seq:064x}" if seq % 2 else None)
        event.hash = audit.digest("sm3", audit.canonical(event))
        previous = event.hash
        rows.append({name: getattr(event, name) for name in (*audit.HASHED, "hash")})
    with db.write() as session:
        session.execute(AuditEvent.__table__.insert(), rows)
        session.add(AuditChainHead(chain=CHAIN, last_seq=n, last_hash=previous))


def _walks(db, **options) -> tuple[audit.Verification, audit.Verification]:
    with db.read() as session:
        one = audit.verify(session, CHAIN, data=False, **options)
    with db.read() as session:
        parts = audit.verify(session, CHAIN, data=False, workers=3, **options)
    return one, parts


def _sql(db, *statements: str) -> None:
    with db.write() as session:
        for statement in statements:
            session.execute(text(statement.replace("{c}", f"chain = '{CHAIN}'")))


TAMPERS = {
    "the first event changed": ["UPDATE audit_events SET actor = 'x' WHERE {c} AND seq = 1"],
    "the last event of a part changed": ["UPDATE audit_events SET actor = 'x' WHERE {c} AND seq = 20"],
    "the first event of a part changed": ["UPDATE audit_events SET action = 'x' WHERE {c} AND seq = 21"],
    "an event inside the middle part changed": ["UPDATE audit_events SET summary = '{}' WHERE {c} AND seq = 30"],
    "the last event changed": ["UPDATE audit_events SET data_hash = NULL WHERE {c} AND seq = 59"],
    "the first event of a part relinked": ["UPDATE audit_events SET prev_hash = '" + "1" * 64 + "' WHERE {c} AND seq = 41"],
    "the last event of a part deleted": ["DELETE FROM audit_events WHERE {c} AND seq = 20"],
    "the first event of a part deleted": ["DELETE FROM audit_events WHERE {c} AND seq = 21"],
    "an event inside a part deleted": ["DELETE FROM audit_events WHERE {c} AND seq = 33"],
    "a whole part deleted": ["DELETE FROM audit_events WHERE {c} AND seq > 20 AND seq <= 40"],
    "the tail cut off": ["DELETE FROM audit_events WHERE {c} AND seq > 55"],
    "two events swapped across a part's edge": [
        "UPDATE audit_events SET seq = -1 WHERE {c} AND seq = 20",
        "UPDATE audit_events SET seq = 20 WHERE {c} AND seq = 21",
        "UPDATE audit_events SET seq = 21 WHERE {c} AND seq = -1"],
    "an event renumbered into the next part": ["UPDATE audit_events SET seq = 100 WHERE {c} AND seq = 40"],
    "an event added past the head": [
        "INSERT INTO audit_events (chain, seq, actor, action, outcome, summary, at, prev_hash, hash, algorithm) "
        "SELECT chain, 61, actor, action, outcome, summary, at, hash, hash, algorithm FROM audit_events "
        "WHERE {c} AND seq = 60"],
}


def _rewrite(db, seq: int) -> None:
    """An event changed and its own hash recomputed: only the next event's link shows it."""
    with db.write() as session:
        event = session.execute(select(AuditEvent).where(AuditEvent.chain == CHAIN, AuditEvent.seq == seq)).scalar_one()
        event.actor = "改写者"
        event.hash = audit.digest("sm3", audit.canonical(event))


@pytest.mark.parametrize("tamper", [*TAMPERS, 20, 21, 30])
def test_a_walk_in_parts_breaks_where_one_walk_breaks(db, small_parts, tamper):
    _chain(db)
    assert _walks(db) == (audit.Verification(CHAIN, True, EVENTS),) * 2
    if isinstance(tamper, int):
        _rewrite(db, tamper)
    else:
        _sql(db, *TAMPERS[tamper])
    one, parts = _walks(db)
    assert not one.ok, one
    assert parts == one
    if isinstance(tamper, int):
        assert (one.broken_seq, one.problem) == (tamper + 1, "前一事件哈希不符（前一事件被改动、删除或插入）")


def test_a_walk_in_parts_from_a_checkpoint_breaks_where_one_walk_breaks(db, small_parts):
    _chain(db, 80)
    with db.read() as session:
        checkpoint = (20, session.execute(text(f"SELECT hash FROM audit_events WHERE chain = '{CHAIN}' AND seq = 20"))
                      .scalar_one())
    assert audit_verify._parts(20, 80, 3) == [(20, 40), (40, 60), (60, 80)]
    assert _walks(db, start=checkpoint) == (audit.Verification(CHAIN, True, 80, after_seq=20),) * 2
    _sql(db, "UPDATE audit_events SET actor = 'x' WHERE {c} AND seq = 61")
    one, parts = _walks(db, start=checkpoint)
    assert not one.ok and one.broken_seq == 61
    assert parts == one


def test_the_data_check_takes_each_objects_last_state_across_the_parts(db, monkeypatch, unaudited_writes):
    """The demo's documents are written many times, their events spread over the parts; each must
    be held to the state its last event sealed, and a row changed in the database is still found."""
    demo.seed_demo(db, TEST_NOW)
    with db.read() as session:
        dawa = tenants.find_tenant(session, "dawa")
        chain = audit.chain_of(dawa.id)
        first = session.execute(text("SELECT min(id) FROM doc_documents WHERE tenant_id = :t"), {"t": dawa.id}).scalar_one()
    # A document written, then sixty other events, then the document written again: its two
    # states are sealed in different parts, and the later one must win.
    for title, others in [("第一次", 60), ("第二次", 0)]:
        with unit_of_work(db, Actor.system("测试"), "test.change", tenant_id=dawa.id, now=TEST_NOW) as uow:
            uow.session.execute(text("UPDATE doc_documents SET title = :title WHERE id = :id"),
                                {"title": title, "id": first})
            uow.record(object_type="document", object_id=first)
            for n in range(others):
                uow.record(object_type="thing", object_id=n)
    with db.read() as session:
        events = session.get(AuditChainHead, chain).last_seq
    monkeypatch.setattr(audit_verify, "PARALLEL_FROM", events // 4)
    assert len(audit_verify._parts(0, events, 3)) == 3
    with db.read() as session:
        assert audit.verify(session, chain, workers=3) == audit.Verification(chain, True, events)
        document = session.execute(text("SELECT max(id) FROM doc_documents WHERE tenant_id = :t"),
                                   {"t": dawa.id}).scalar_one()
    with db.write() as session:
        session.execute(text("UPDATE doc_documents SET title = '改过的标题' WHERE id = :id"), {"id": document})
    with db.read() as session:
        result = audit.verify(session, chain, workers=3)
    assert not result.ok and not result.data_ok and f"编号 {document}" in result.problem
    with db.read() as session:
        assert audit.verify(session, chain) == result


def test_cli_verify_full_in_parts(db, database_url, monkeypatch, unaudited_writes, tmp_path):
    demo.seed_demo(db, TEST_NOW)
    monkeypatch.setenv("ZHENGWU_DATABASE_URL", database_url)
    monkeypatch.setattr(audit_verify, "PARALLEL_FROM", 1)  # every chain in two parts
    runner = CliRunner()
    ok = runner.invoke(cli, ["audit", "verify", "--full", "--workers", "2", "--data-dir", str(tmp_path)])
    assert ok.exit_code == 0 and "平台链：完整" in ok.output and "（盘锦市大洼区人民政府）：完整" in ok.output, ok.output
    with db.read() as session:
        platform_events = session.get(AuditChainHead, audit.PLATFORM_CHAIN).last_seq
    with db.write() as session:  # the first event of the second part
        session.execute(text("UPDATE audit_events SET actor = 'x' WHERE chain = :c AND seq = :s"),
                        {"c": audit.PLATFORM_CHAIN, "s": -(-platform_events // 2) + 1})
    broken = runner.invoke(cli, ["audit", "verify", "--full", "--workers", "2", "--data-dir", str(tmp_path)])
    assert broken.exit_code == 1 and f"第 {-(-platform_events // 2) + 1} 号事件" in broken.output, broken.output


def _signed(key, seqs: list[int], hashes: dict[int, str]) -> list[dict]:
    return [{"chain": CHAIN, "seq": seq, "hash": hashes[seq], "at": "2024-03-04T09:00:00+00:00",
             "signature": key.sign(checkpoints._payload(CHAIN, seq, hashes[seq], "2024-03-04T09:00:00+00:00")).hex()}
            for seq in seqs]


def test_checking_many_checkpoints_reads_their_events_together(db, tmp_path):
    """A year of hourly checkpoints is 8,760 of them: the events they sign are read 500 to a
    query, not one query each; a checkpoint that no longer matches its event is still found."""
    _chain(db)
    key = checkpoints.load_or_create_key(Settings(data_dir=tmp_path))
    with db.read() as session:
        hashes = dict(session.execute(text(f"SELECT seq, hash FROM audit_events WHERE chain = '{CHAIN}'")).all())
    statements = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        counts = []
        for seqs in ([10, 20, 30], list(range(1, EVENTS + 1))):
            statements.clear()
            with db.read() as session:
                checked = checkpoints.check(session, CHAIN, _signed(key, seqs, hashes), key.public_key())
            assert checked.ok and checked.start == (seqs[-1], hashes[seqs[-1]])
            counts.append(len(statements))
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert counts[0] == counts[1], counts
    _sql(db, "UPDATE audit_events SET actor = 'x' WHERE {c} AND seq = 37")
    with db.read() as session:
        checked = checkpoints.check(session, CHAIN, _signed(key, list(range(1, EVENTS + 1)), hashes), key.public_key())
    assert not checked.ok and "第 37 号事件与已签名的检查点不符" in checked.problem
