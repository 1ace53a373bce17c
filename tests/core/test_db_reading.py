"""core.db.reading: a read of some tables flushes first only when the session holds unwritten rows
of them, so a use case's other changes are written once, by its own flush."""

from __future__ import annotations

from sqlalchemy import event, func, select
from support import TEST_NOW

from zhengwu.core.db import reading, unwritten
from zhengwu.org.models import Department


def test_a_read_flushes_only_for_unwritten_rows_of_its_tables(db, make_tenant, unaudited_writes):
    dawa = make_tenant("dawa", "dawa-2017")
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with db.write() as session:
        session.add(Department(tenant_id=dawa.id, name="区财政局", kind="department", created_at=TEST_NOW))
        count = select(func.count()).select_from(Department).where(Department.tenant_id == dawa.id)
        with reading(session, Department):
            assert session.execute(count).scalar() == 1  # the new row was written first
        unit = session.execute(select(Department).where(Department.tenant_id == dawa.id)).scalar_one()
        unit.name = "区财政局（改）"
        statements.clear()
        with reading(session, Department, rows=True):  # the row itself: the session's copy answers
            assert session.execute(select(Department).where(Department.id == unit.id)).scalar_one().name == "区财政局（改）"
        assert not any(s.startswith("UPDATE") for s in statements), statements
        with reading(session, Department):  # by its columns: the change is written first
            assert session.execute(select(Department.name).where(Department.id == unit.id)).scalar() == "区财政局（改）"
        assert any(s.startswith("UPDATE") for s in statements)
        session.rollback()


def test_a_row_is_seen_unwritten_however_it_came_into_the_session(db, make_tenant, unaudited_writes):
    """`unwritten` answers at once for a class the session never held: so every way a row comes
    in — added new, loaded, a detached one added back, merged — must be noted."""
    dawa = make_tenant("dawa", "dawa-2017")
    with db.write() as session:
        assert unwritten(session, (Department,)) == []
        assert "zhengwu.unwritten" not in session.info  # nothing held: the touched rows were not sorted
        new = Department(tenant_id=dawa.id, name="区财政局", kind="department", created_at=TEST_NOW)
        session.add(new)
        assert unwritten(session, (Department,)) == [new]
    with db.write() as session:
        loaded = session.execute(select(Department).where(Department.tenant_id == dawa.id)).scalar_one()
        loaded.name = "区财政局（载入后改）"
        assert unwritten(session, (Department,)) == [loaded]
        session.rollback()
    with db.read() as session:
        detached = session.execute(select(Department).where(Department.tenant_id == dawa.id)).scalar_one()
    detached.name = "区财政局（离开后改）"
    with db.write() as session:
        session.add(detached)
        assert unwritten(session, (Department,)) == [detached]
        session.rollback()
    detached.name = "区财政局（合并）"
    with db.write() as session:
        merged = session.merge(detached)
        assert unwritten(session, (Department,)) == [merged]
        session.rollback()
