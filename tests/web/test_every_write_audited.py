"""Every mutating API route of a tenant, called by the people who may act (the office director, the
head, a deputy, a bureau head) on the demo's objects: each call that succeeds is on the audit chain
as a done event that carries what changed (before and after, taken from the session's changes),
and each call that is refused changes no row.

The routes are read from the app's OpenAPI, as the permission sweep does, so a route added later is
walked without touching this test. Every test of the suite also runs with core/audit.py's
REQUIRE_AUDIT on (tests/conftest.py), which fails any transaction that writes without auditing.
"""

from __future__ import annotations

from sqlalchemy import func, select

from zhengwu import demo
from zhengwu.core import audit

from support import TEST_NOW, api_token
from web.test_every_route_permission import _body, _dawa, _first_ids, _row_counts, _tenant_routes, _url

ACTORS = ("dawa.office", "dawa.head", "dawa.dep1", "dawa.czj")
# A person marking their own notices read changes bookkeeping, not the government's work (the
# notices table is in core/audit.py UNAUDITED_TABLES): no audit event is owed.
PERSONAL = {"/api/tenants/{tenant}/notices/read-all", "/api/tenants/{tenant}/notices/{notice_id}/read"}


def _last_seq(db, tenant) -> int:
    with db.read() as session:
        return session.execute(select(func.max(audit.AuditEvent.seq))
                               .where(audit.AuditEvent.chain == audit.chain_of(tenant.id))).scalar_one() or 0


def _events_after(db, tenant, seq: int) -> list:
    """The events appended to the tenant's chain after `seq` (a chain only grows, in seq order)."""
    with db.read() as session:
        return list(session.execute(select(audit.AuditEvent).where(
            audit.AuditEvent.chain == audit.chain_of(tenant.id), audit.AuditEvent.seq > seq)).scalars())


def _carries_change(event) -> bool:
    summary = event.summary or {}
    return bool(summary.get("before") or summary.get("after"))


def test_every_successful_write_is_audited_with_before_and_after(client, db):
    demo.seed_demo(db, TEST_NOW)
    tenant = _dawa(db)
    spec = client.get("/openapi.json").json()
    routes = list(_tenant_routes(spec))
    headers = {name: api_token(client, name, demo.DEMO_PASSWORD) for name in ACTORS}
    failures, succeeded = [], []
    for method, path, operation in routes:
        ids = _first_ids(db, tenant.id)  # again each time: an earlier call may have added or removed rows
        url = _url(path, operation, ids)
        if url is None:
            continue
        for actor in ACTORS:
            rows_before = _row_counts(db)
            seen = _last_seq(db, tenant)
            response = client.request(method.upper(), url, json=_body(spec, operation, ids), headers=headers[actor])
            new = _events_after(db, tenant, seen)
            if response.status_code >= 500:
                failures.append(f"{actor} {method.upper()} {path}: status {response.status_code}")
                break
            if response.status_code >= 300:
                if _row_counts(db) != rows_before:
                    failures.append(f"{actor} {method.upper()} {path}: refused ({response.status_code}) but rows changed")
                continue
            succeeded.append(f"{method.upper()} {path}")
            if path in PERSONAL:
                break
            done = [e for e in new if e.outcome == audit.DONE]
            if not done:
                failures.append(f"{actor} {method.upper()} {path}: succeeded with no audit event")
            elif not any(_carries_change(e) for e in done):
                failures.append(f"{actor} {method.upper()} {path}: audited without before/after "
                                f"({[e.action for e in done]})")
            break
    assert not failures, "\n".join(failures)
    # The walk must reach real successes, or it proves nothing.
    assert len(set(succeeded)) >= 10, f"only these writes succeeded: {sorted(set(succeeded))}"
