"""No page or API list reads the database once per row (issue 18): the SQL statements a request
runs are counted (SQLAlchemy's `before_cursor_execute`) at 100 and at 1,000 documents in the
tenant (and 10, then 100, more meetings, topics, conference requests, contracts, leaves and
emergency reports), and must be the same; and each list that takes a `limit` must run the same
statements for a page of 5 rows as for one of 50. The routes are read from the app itself, so a page added later is
covered; every GET route of a tenant is requested, as the office and as the head, whose pages
differ (inbox, sign-off queue).

Counts, not times: the timings live in bench/scale.py and bench/results/.
"""

from __future__ import annotations

import inspect
import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select, text

from support import TEST_NOW, log_in
from zhengwu.demo import DEMO_PASSWORD, seed_demo
from zhengwu.decisions.models import Contract
from zhengwu.documents.models import Document
from zhengwu.emergency.models import EmergencyReport
from zhengwu.meetings.models import ConferenceRequest
from zhengwu.org.models import Department, LeaveRequest, Post
from zhengwu.scale import grow

# A route's path parameter → the table whose first row of the tenant it names.
TABLES = {"meeting_id": "meetings", "topic_id": "meeting_topics", "minutes_id": "meeting_minutes",
          "leave_id": "org_leave_requests", "decision_id": "major_decisions", "contract_id": "contracts",
          "item_id": "disclosure_items", "task_id": "supervision_tasks", "request_id": "disclosure_requests",
          "file_id": "files"}
# Files, not lists: a PDF needs LibreOffice and each renders one object. Verifying the audit chain
# reads the whole chain by design (in fixed-size batches, so one more statement per batch).
SKIP = (".pdf", "/pdf", "/docx", ".docx", ".xlsx", "/rules/{cite}", "/login", "/audit/verify")
DATES = {"start": "2024-01-01", "from_": "2024-01-01", "end": "2024-12-31", "to": "2024-12-31", "on": "2024-03-04"}
PEOPLE = ("dawa.office", "dawa.head")


def _routes(app):
    from zhengwu.web.app import ROUTERS  # the app's routers, as create_app mounts them

    for route in (r for router in ROUTERS for r in router.routes):
        if "GET" not in getattr(route, "methods", ()) or any(s in route.path for s in SKIP):
            continue
        if route.path.startswith(("/t/{tenant}", "/api/tenants/{tenant}", "/public/{tenant}", "/api/public/{tenant}")):
            yield route


def _query(route) -> dict:
    """Values for the route's required query parameters (periods: the year 2024)."""
    found = {}
    for param in route.dependant.query_params:
        if param.field_info.is_required():
            name = param.alias or param.name
            found[name] = DATES.get(param.name, DATES.get(name, "2024-01-01" if param.field_info.annotation is date else "1"))
    return found


def _ids(db, tenant_id: int) -> dict[str, int]:
    ids = {}
    with db.read() as session:
        for name, table in TABLES.items():
            row = session.execute(text(f"SELECT id FROM {table} WHERE tenant_id = :t ORDER BY id LIMIT 1"),
                                  {"t": tenant_id}).first()
            if row:
                ids[name] = row[0]
        ids["doc_id"] = session.execute(select(Document.id).where(
            Document.tenant_id == tenant_id, Document.state == "signing").order_by(Document.id.desc()).limit(1)).scalar()
    return ids


def _count_all(client, db, app, tenant_id: int, nested: set | None = None,
               limit: int | None = None) -> dict[tuple[str, str], int]:
    """SQL statements per request; `nested` collects the requests that took a second connection
    from the pool while holding one (`_holding`). `limit`: only the lists that take one, asked
    for that many rows."""
    statements = Counter()
    current: list[str] = []

    def _count(conn, cursor, statement, parameters, context, executemany):
        if current:
            statements[current[0]] += 1

    event.listen(db.engine, "before_cursor_execute", _count)
    stop_holding = _holding(db, lambda: nested.add(current[0]) if current and nested is not None else None)
    counts = {}
    try:
        ids = _ids(db, tenant_id)
        for person in PEOPLE:
            client.cookies.clear()
            log_in(client, person, DEMO_PASSWORD)
            for route in _routes(app):
                names = [p.name for p in route.dependant.path_params if p.name != "tenant"]
                query = _query(route)
                if limit is not None:
                    if "limit" not in {p.alias or p.name for p in route.dependant.query_params}:
                        continue
                    query["limit"] = str(limit)
                if any(n not in ids for n in names):
                    continue
                path = route.path.replace("{tenant}", "dawa")
                for name in names:
                    path = path.replace("{%s}" % name, str(ids[name]))
                key = (person, route.path)
                current[:] = [key]
                response = client.get(path, params=query)
                current.clear()
                assert response.status_code in (200, 403), (person, path, response.status_code, response.text[:300])
                counts[key] = statements.pop(key, 0)
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)
        stop_holding()
    return counts


def _holding(db, on_second):
    """Call `on_second` whenever a thread takes a connection from the pool while it holds one:
    a request that opens a session inside another needs two at once, and as many of it at once
    as the pool has connections each hold one and wait for the other until the pool times out
    (30 s, then a 500) — 32 clients on one worker did. Returns the function that stops listening."""
    held = Counter()

    def checkout(dbapi_connection, record, proxy):
        thread = threading.get_ident()
        if held[thread]:
            on_second()
        held[thread] += 1

    def checkin(dbapi_connection, record):
        held[threading.get_ident()] -= 1

    event.listen(db.engine, "checkout", checkout)
    event.listen(db.engine, "checkin", checkin)
    return lambda: (event.remove(db.engine, "checkout", checkout), event.remove(db.engine, "checkin", checkin))


@pytest.fixture
def demo(db):
    seed_demo(db, TEST_NOW)
    with db.read() as session:
        return session.execute(text("SELECT id FROM tenants WHERE slug = 'dawa'")).scalar()


def _more_of_the_other_lists(db, tenant_id: int, n: int) -> None:
    """n more rows in each list that documents do not bring (meetings, topics, conference requests,
    contracts, leave, emergency reports): copies of the demo's meetings and topics, and plain rows
    of the others, so a list that reads once per row of these is counted too. Written behind the
    application, as a year of work would have left them (the test asks for `unaudited_writes`)."""
    at = TEST_NOW - timedelta(days=400)  # long over: no leave in effect, nothing due
    with db.write() as session:
        department = session.execute(select(Department.id).where(Department.tenant_id == tenant_id)).scalars().first()
        post, user = session.execute(select(Post.id, Post.holder_id).where(
            Post.tenant_id == tenant_id, Post.holder_id.is_not(None))).first()
        for table in ("meetings", "meeting_topics"):
            columns = ", ".join(c for c in session.execute(text(f"SELECT * FROM {table} LIMIT 0")).keys() if c != "id")
            count = lambda table=table: session.execute(text(f"SELECT count(*) FROM {table} WHERE tenant_id = :t"),  # noqa: E731
                                            {"t": tenant_id}).scalar()
            target = count() + n
            while 0 < count() < target:
                session.execute(text(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table} "
                                     f"WHERE tenant_id = :t ORDER BY id LIMIT :n"), {"t": tenant_id, "n": target - count()})
        for i in range(n):
            session.add_all([
                ConferenceRequest(tenant_id=tenant_id, version=1, department_id=department, title=f"工作会议{i}",
                                  requested_by_id=user, requested_on=at.date(), held_on=at.date(), duration_minutes=60,
                                  state="approved", created_at=at),
                Contract(tenant_id=tenant_id, version=1, title=f"合同{i}", counterparty="某公司", lead_department="财政局",
                         created_at=at),
                LeaveRequest(tenant_id=tenant_id, version=1, requester_id=user, post_id=post, occasion="leave",
                             starts_at=at, ends_at=at + timedelta(days=1), state="cancelled", cancelled_at=at,
                             created_at=at),
                EmergencyReport(tenant_id=tenant_id, version=1, title=f"事件{i}", location="某地", description="情况",
                                event_at=at, reported_at=at, reporter="值班室", late=False),
            ])


def test_statements_per_request_do_not_grow_with_the_documents(client, db, app, demo, unaudited_writes):
    grow(db, "dawa", 100)
    _more_of_the_other_lists(db, demo, 10)
    nested: set = set()
    at_100 = _count_all(client, db, app, demo, nested)
    assert not nested, f"requests that hold two database connections at once: {sorted(nested)}"
    grow(db, "dawa", 900)
    _more_of_the_other_lists(db, demo, 90)
    at_1000 = _count_all(client, db, app, demo)
    assert len(at_100) > 60, sorted(at_100)  # every page and list of a tenant, for both people
    grew = {path: (at_100[path], at_1000.get(path)) for path in at_100 if at_1000.get(path) != at_100[path]}
    assert not grew, f"SQL statements per request grew from 100 to 1,000 documents: {grew}"
    # Both counts above are of full pages (50 rows at 100 documents as at 1,000), so a read once
    # per row *of the page* would be the same in both: the lists that take a `limit` are asked
    # again for 5 rows, with the same data, and must run the same statements as for 50.
    at_5_rows = _count_all(client, db, app, demo, limit=5)
    assert len(at_5_rows) > 30, sorted(at_5_rows)  # every API list, for both people
    per_row = {path: (at_5_rows[path], at_1000[path]) for path in at_5_rows if at_5_rows[path] != at_1000[path]}
    assert not per_row, f"SQL statements per request grew from a page of 5 rows to one of 50: {per_row}"


def test_the_counter_sees_a_query_per_row(db, demo):
    """The check above can fail: a loop that reads once per document is counted as such."""
    grow(db, "dawa", 30)
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        with db.read() as session:
            for doc_id in session.execute(select(Document.id).where(Document.tenant_id == demo)).scalars().all():
                session.execute(select(Document.title).where(Document.id == doc_id)).scalar()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(seen) >= 31


def test_the_pool_watch_sees_a_session_opened_inside_another(db, demo):
    """The check of nested sessions above can fail: a read inside a read is caught."""
    seen = []
    stop = _holding(db, lambda: seen.append(1))
    try:
        with db.read() as outer:
            outer.execute(text("SELECT 1"))
            with db.read() as inner:
                inner.execute(text("SELECT 1"))
        with db.read() as alone:
            alone.execute(text("SELECT 1"))
    finally:
        stop()
    assert seen == [1]


def test_every_route_gets_a_sample_for_each_required_parameter(app):
    for route in _routes(app):
        names = {p.name for p in route.dependant.path_params} - {"tenant"}
        assert names <= set(TABLES) | {"doc_id"}, (route.path, names)
        assert inspect.isfunction(route.endpoint)
