"""The 待办 page, its API and the home page (which carries the list and the nav count) run the
same number of SQL statements at 100 and at 1,000 documents (issue 18's rule, see
tests/web/test_statement_counts.py for every page): each provider reads a bounded page of items
and a capped count, never a row at a time. Asked as the office, the head and a bureau."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text
from support import TEST_NOW, log_in

from zhengwu.demo import DEMO_PASSWORD, seed_demo
from zhengwu.scale import grow

PATHS = ("/t/dawa/todo", "/t/dawa/", "/api/tenants/dawa/todo", "/t/dawa/todo?tab=done", "/api/tenants/dawa/todo/done")
PEOPLE = ("dawa.office", "dawa.head", "dawa.czj")


def _counts(client, db) -> dict[tuple[str, str], int]:
    seen: list[int] = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    counts = {}
    for person in PEOPLE:
        client.cookies.clear()
        log_in(client, person, DEMO_PASSWORD)
        for path in PATHS:
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                response = client.get(path)
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            assert response.status_code == 200, (person, path, response.text[:300])
            counts[(person, path)] = len(seen)
            seen.clear()
        counts[(person, "total")] = client.get("/api/tenants/dawa/todo").json()["total"]
    return counts


@pytest.fixture
def demo(db):
    seed_demo(db, TEST_NOW)
    with db.read() as session:
        return session.execute(text("SELECT id FROM tenants WHERE slug = 'dawa'")).scalar()


def test_the_todo_lists_run_the_same_statements_however_many_rows(client, db, demo):
    grow(db, "dawa", 100)
    at_100 = _counts(client, db)
    grow(db, "dawa", 900)
    at_1000 = _counts(client, db)
    totals = {p: (at_100.pop((p, "total")), at_1000.pop((p, "total"))) for p in PEOPLE}
    assert at_1000 == at_100
    # The rows grown are work on these lists: more of it, the same statements.
    assert totals["dawa.office"][1] > totals["dawa.office"][0] > 20, totals  # past one page, too
