"""The audit chain: SM3-linked events, tamper detection, refusals recorded, no forks."""

from __future__ import annotations

import hashlib
import threading

import pytest
from sqlalchemy import select, text, update
from typer.testing import CliRunner

from zhengwu.cli.main import app as cli
from zhengwu.core import audit
from zhengwu.core.audit import AuditEvent
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation, Verdict

from support import TEST_NOW

SYSTEM = Actor.system("测试")


def _append(db, n: int, tenant_id: int | None = None):
    for i in range(n):
        with unit_of_work(db, SYSTEM, "test.change", tenant_id=tenant_id, now=TEST_NOW) as uow:
            uow.record(object_type="thing", object_id=i, before={"n": i}, after={"n": i + 1, "备注": "修改"})


def test_sm3_is_the_national_standard_hash():
    # GB/T 32905-2016 appendix A.1 example: SM3("abc").
    expected = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert audit.digest("sm3", b"abc") == expected
    assert "sm3" in hashlib.algorithms_available  # OpenSSL provides it here: no pure-Python fallback used


def test_events_are_chained_with_their_algorithm(db):
    _append(db, 3)
    with db.read() as session:
        events = list(session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())
        result = audit.verify(session, audit.PLATFORM_CHAIN)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == audit.GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert {e.algorithm for e in events} == {"sm3"}
    assert result.ok and result.count == 3
    assert "完整，共 3 条事件" in result.describe()


def test_each_tenant_has_its_own_chain(db, make_tenant):
    dawa, dalian = make_tenant("dawa"), make_tenant("dalian", "dalian-2014")
    _append(db, 2, dawa.id)
    _append(db, 1, dalian.id)
    with db.read() as session:
        assert audit.verify(session, audit.chain_of(dawa.id)).count == 3  # creation + 2
        assert audit.verify(session, audit.chain_of(dalian.id)).count == 2
        assert audit.verify(session, audit.PLATFORM_CHAIN).count == 2  # both creations


@pytest.mark.parametrize("column, value", [
    ("summary", '{"before": null, "after": {"n": 999}}'),
    ("actor", "别人"),
    ("at", None),
])
def test_tampering_with_one_event_is_caught_at_that_event(db, column, value):
    _append(db, 5)
    with db.write() as session:
        target = session.execute(select(AuditEvent).where(AuditEvent.seq == 3)).scalar_one()
        if column == "at":
            session.execute(update(AuditEvent).where(AuditEvent.id == target.id)
                            .values(at=TEST_NOW.replace(hour=23)))
        else:
            # Behind the ORM's back, as someone editing the database would.
            session.execute(text(f"UPDATE audit_events SET {column} = :v WHERE id = :id"),
                            {"v": value, "id": target.id})
    with db.read() as session:
        result = audit.verify(session, audit.PLATFORM_CHAIN)
    assert not result.ok
    assert result.broken_seq == 3 and result.broken_event_id == target.id
    assert result.count == 2
    assert "被改动" in result.problem


def test_deleting_an_event_is_caught(db):
    _append(db, 4)
    with db.write() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = 2"))
    with db.read() as session:
        result = audit.verify(session, audit.PLATFORM_CHAIN)
    assert not result.ok and result.broken_seq == 3


def test_cutting_off_the_tail_is_caught_by_the_head(db):
    _append(db, 4)
    with db.write() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = 4"))
    with db.read() as session:
        result = audit.verify(session, audit.PLATFORM_CHAIN)
    assert not result.ok and result.broken_seq is None
    assert "链尾" in result.describe()


def test_cli_audit_verify_reports_the_tampered_event(db, database_url, make_tenant, monkeypatch):
    tenant = make_tenant()
    _append(db, 3, tenant.id)
    monkeypatch.setenv("ZHENGWU_DATABASE_URL", database_url)
    runner = CliRunner()
    ok = runner.invoke(cli, ["audit", "verify", "--tenant", "dawa"])
    assert ok.exit_code == 0, ok.output
    assert "完整，共 4 条事件" in ok.output
    with db.write() as session:
        session.execute(text("UPDATE audit_events SET action = 'forged' WHERE chain = :c AND seq = 3"),
                        {"c": audit.chain_of(tenant.id)})
        event_id = session.execute(text("SELECT id FROM audit_events WHERE chain = :c AND seq = 3"),
                                   {"c": audit.chain_of(tenant.id)}).scalar_one()
    broken = runner.invoke(cli, ["audit", "verify", "--tenant", "dawa"])
    assert broken.exit_code == 1
    assert f"第 3 号事件（ID {event_id}）" in broken.output
    every = runner.invoke(cli, ["audit", "verify"])
    assert every.exit_code == 1 and "平台链：完整" in every.output


def test_a_change_and_its_event_commit_together(db, make_tenant):
    tenant = make_tenant()
    with pytest.raises(ZeroDivisionError):
        with unit_of_work(db, SYSTEM, "test.change", tenant_id=tenant.id, now=TEST_NOW) as uow:
            uow.record(object_type="thing", object_id=1)
            raise ZeroDivisionError
    with db.read() as session:
        assert audit.verify(session, audit.chain_of(tenant.id)).count == 1  # only the creation


def test_a_refusal_rolls_back_and_is_audited(db, make_tenant):
    tenant = make_tenant()
    with pytest.raises(RuleViolation):
        with unit_of_work(db, SYSTEM, "test.refused", tenant_id=tenant.id, now=TEST_NOW,
                          object_type="thing", object_id=7) as uow:
            uow.record(object_type="thing", object_id=7, after={"changed": True})
            Verdict.refused("too_late", "材料提交已逾期。", "dawa-2017:39").raise_if_refused()
    with db.read() as session:
        events = audit.recent(session, audit.chain_of(tenant.id))
        assert audit.verify(session, audit.chain_of(tenant.id)).ok
    refusal = events[0]
    assert (refusal.action, refusal.outcome, refusal.cite) == ("test.refused", audit.REFUSED, "dawa-2017:39")
    assert refusal.summary["detail"]["reasons"][0]["message"] == "材料提交已逾期。"
    assert [e.action for e in events] == ["test.refused", "tenant.create"]  # the change itself is gone


def test_concurrent_appends_do_not_fork_the_chain(db, make_tenant):
    tenant = make_tenant()
    workers, each = 6, 8
    barrier = threading.Barrier(workers)
    failures = []

    def work():
        try:
            barrier.wait()
            _append(db, each, tenant.id)
        except Exception as exc:  # surfaced below; a thread cannot fail the test itself
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with db.read() as session:
        result = audit.verify(session, audit.chain_of(tenant.id))
        prevs = session.execute(select(AuditEvent.prev_hash).where(AuditEvent.chain == audit.chain_of(tenant.id))
                                ).scalars().all()
    assert result.ok, result.describe()
    assert result.count == 1 + workers * each
    assert len(set(prevs)) == len(prevs)  # no two events claim the same predecessor


def test_the_head_read_with_the_actors_flag_links_concurrent_writers_without_a_fork(db, make_tenant, make_user):
    """A member's unit of work reads the tenant chain's head with its admin flag (one statement):
    on SQLite, under the write lock its transaction began with, that read is the head it links to
    (no second read); several members appending at once still make one unbroken chain."""
    from sqlalchemy import event

    from zhengwu.core import permissions

    tenant = make_tenant()
    members = [make_user(f"member{i}", tenants=[tenant]) for i in range(4)]
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    failures = []
    barrier = threading.Barrier(len(members))

    def work(user):
        try:
            barrier.wait()
            for i in range(5):
                with unit_of_work(db, user.actor, "audit.view", tenant_id=tenant.id, now=TEST_NOW) as uow:
                    permissions.require(uow, "audit.view")
                    uow.record(object_type="test", object_id=f"{user.username}-{i}")
        except Exception as exc:  # surfaced below; a thread cannot fail the test itself
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(user,)) for user in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    head_reads = [s for s in statements if "audit_chain_heads" in s and s.lstrip().startswith("SELECT")]
    with db.read() as session:
        result = audit.verify(session, audit.chain_of(tenant.id))
    assert result.ok, result.describe()
    if db.engine.dialect.name == "sqlite":
        assert head_reads and all("is_platform_admin" in s for s in head_reads)  # read with the flag only
    else:
        assert any("FOR UPDATE" in s for s in head_reads)  # PostgreSQL still locks the head row


def test_every_recorded_action_has_a_chinese_label():
    """Pages show actions by label (never the code): every code a use case records, and every
    permission a refusal is recorded under, has one."""
    import re
    from pathlib import Path

    import zhengwu.web.app  # noqa: F401  (imports every domain, which labels its codes)
    from zhengwu.core import audit, permissions

    source = Path(audit.__file__).resolve().parent.parent
    recorded = {m.group(1) for path in source.rglob("*.py")
                for m in re.finditer(r'\.record\(\s*"([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8"))}
    codes = recorded | {a.code for a in permissions.all_actions()}
    assert len(recorded) > 50
    unlabelled = sorted(c for c in codes if audit.action_label(c) == "其他操作")
    assert not unlabelled, unlabelled
    objects = {m.group(1) for path in source.rglob("*.py")
               for m in re.finditer(r'object_type="([a-z_]+)"', path.read_text(encoding="utf-8"))}
    assert not sorted(o for o in objects if audit.object_label(o) == "其他对象")
