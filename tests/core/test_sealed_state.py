"""The commit-time seal hashes a covered object's state from the row the session holds
(covered.sealed_state_hashes) instead of reading it again; the hash must be byte for byte the one
covered.state_hashes takes from the stored row, or verify would find every sealed object changed.
Held to it here on every covered table the demo writes, through the real use cases, on SQLite and
PostgreSQL: each seal computes both."""

from __future__ import annotations

from collections import Counter

import pytest

from zhengwu import demo
from zhengwu.web import app as _app  # noqa: F401  (registers every domain's demo seeder)
from zhengwu.core import audit, covered
from zhengwu.core.uow import Actor, unit_of_work

from support import TEST_NOW


@pytest.fixture
def compared(monkeypatch):
    """Every seal: the held hashes against the stored rows' (read in the same transaction, after
    its flush, so both see the state about to commit). Counts the rows taken as held, per kind."""
    held: Counter[str] = Counter()
    sealed = covered.sealed_state_hashes
    held_row = covered._held_row

    def counting(session, table, spec, key, created):
        row = held_row(session, table, spec, key, created)
        if row is not None:
            held[spec.table] += 1
        return row

    def both(session, object_type, object_ids, created=()):
        ours = sealed(session, object_type, object_ids, created)
        assert ours == covered.state_hashes(session, object_type, object_ids), object_type
        return ours

    monkeypatch.setattr(covered, "_held_row", counting)
    monkeypatch.setattr(covered, "sealed_state_hashes", both)
    return held


def test_held_state_hashes_as_the_stored_row_on_every_covered_table(db, compared):
    demo.seed_demo(db, TEST_NOW)
    # Created, changed, and both in one transaction, on every tenant-owned covered table.
    for table in ("doc_documents", "supervision_tasks", "org_posts", "org_departments"):
        assert compared[table] > 0, f"no {table} row was hashed as held: the comparison proves nothing"
    with db.read() as session:
        for chain in audit.chains(session):
            assert audit.verify(session, chain).ok, chain


def test_a_row_written_by_a_bulk_statement_is_read_again(db, compared, make_tenant):
    """A bulk UPDATE in the transaction leaves held rows unsure: the seal reads them."""
    from sqlalchemy import update

    from zhengwu.org.models import Department
    from zhengwu.org import service as org

    tenant = make_tenant()
    with unit_of_work(db, Actor.system("测试"), "org.create_department", tenant_id=tenant.id, now=TEST_NOW) as uow:
        department = org.create_department(uow, name="市财政局")
    before = compared["org_departments"]
    with unit_of_work(db, Actor.system("测试"), "org.rename", tenant_id=tenant.id, now=TEST_NOW) as uow:
        held = uow.session.get_one(Department, department.id)
        uow.session.execute(update(Department).where(Department.id == held.id).values(name="市财政局（改）"),
                            execution_options={"synchronize_session": False})
        uow.record(object_type="department", object_id=held.id)
    assert compared["org_departments"] == before, "the bulk-written row was hashed as held (stale: 市财政局)"
    with db.read() as session:
        assert audit.verify(session, audit.chain_of(tenant.id)).ok
