"""No API list returns an unbounded set (issue 18): every GET route of a tenant's API that answers
with a list — the list itself, or a list inside its answer — takes a page size (`limit`) and a
cursor (`after`), and honours them: at `limit=1` one row at most, with the cursor of the next page
(X-Next-After) whenever more match. The routes are read from the app, so a list added later is
held to it. The lists that are bounded by what they are, not by paging, are named with why.
"""

from __future__ import annotations

import pytest

from support import TEST_NOW, log_in
from zhengwu.demo import DEMO_PASSWORD, seed_demo

PREFIX = "/api/tenants/{tenant}/"

# Lists bounded by their nature, each with why (a page of them would cut a whole apart).
BOUNDED = {
    "/api/tenants/{tenant}/org": "the org chart: the government's posts and departments, a few dozen",
    "/api/tenants/{tenant}/acting": "who acts for whom at one moment: at most one row per post",
    "/api/tenants/{tenant}/leave/pending": "requested leaves the caller may decide now: the open requests only",
    "/api/tenants/{tenant}/cadence": "one row per meeting kind and period of the years asked",
    "/api/tenants/{tenant}/attendance-report": "one row per member of the government",
    "/api/tenants/{tenant}/decisions": "the decision catalogue of a year (major decisions: a handful a year)",
    "/api/tenants/{tenant}/profile-versions": "the versions of the government's rules: one per revision",
    "/api/tenants/{tenant}/documents/after-issue-reminders": "normative documents whose clean-up or review falls due",
    "/api/tenants/{tenant}/supervision/fieldwork/shortfalls": "one row per leader short of visits in a recent week",
    "/api/tenants/{tenant}/todo": "a page of each kind of work, each count capped (todo.PAGE, paging.COUNT_CAP)",
    "/api/tenants/{tenant}/notice-settings": "the government's channel settings: one object, not a list",
}
# The cursor's name: `after`, or the audit log's `before_seq` (events newest first).
CURSORS = ("after", "before_seq")


def _list_routes(app):
    from zhengwu.web.app import ROUTERS

    for route in (r for router in ROUTERS for r in router.routes):
        if "GET" not in getattr(route, "methods", ()) or not route.path.startswith(PREFIX):
            continue
        if {p.name for p in route.dependant.path_params} != {"tenant"}:
            continue  # one object's details, not a list of the tenant's
        if any(p.field_info.is_required() for p in route.dependant.query_params):
            continue  # reports over a period asked for (compliance, ledgers): bounded by it
        yield route


def _lists_in(body) -> list[list]:
    if isinstance(body, list):
        return [body]
    if isinstance(body, dict):
        return [value for value in body.values() if isinstance(value, list)]
    return []


@pytest.fixture
def demo_client(client, db):
    seed_demo(db, TEST_NOW)
    log_in(client, "dawa.office", DEMO_PASSWORD)
    return client


def test_every_api_list_is_paged(app, demo_client):
    unpaged, checked = [], []
    for route in _list_routes(app):
        path = route.path.replace("{tenant}", "dawa")
        response = demo_client.get(path)
        if response.status_code != 200 or "json" not in response.headers.get("content-type", ""):
            continue
        if not _lists_in(response.json()) or route.path in BOUNDED:
            continue
        params = {p.alias or p.name for p in route.dependant.query_params}
        if "limit" not in params or not params & set(CURSORS):
            unpaged.append(route.path)
            continue
        first = demo_client.get(path, params={"limit": 1})
        assert first.status_code == 200, (route.path, first.text[:300])
        rows = max(_lists_in(first.json()), key=len)
        assert len(rows) <= 1, (route.path, len(rows))
        total = first.headers.get("X-Total-Count")
        if total and total.rstrip("+") != "0" and (total.endswith("+") or int(total) > 1):
            assert first.headers.get("X-Next-After"), (route.path, "more rows match, but no cursor to the next page")
        checked.append(route.path)
    assert not unpaged, f"API lists without a page size and cursor (after, limit): {unpaged}"
    for paged in ("/meetings", "/topics", "/conferences", "/contracts", "/leave", "/emergency-reports"):
        assert PREFIX.rstrip("/") + paged in checked, paged


def test_a_limit_of_one_pages_through_the_topic_queue(app, demo_client):
    """The cursor walks the whole list, one row a page, without repeating a row."""
    seen, after = [], None
    for _ in range(100):
        params = {"limit": 1, "all": "true", **({"after": after} if after else {})}
        response = demo_client.get("/api/tenants/dawa/topics", params=params)
        seen += [t["id"] for t in response.json()]
        after = response.headers.get("X-Next-After")
        if not after:
            break
    everything = demo_client.get("/api/tenants/dawa/topics", params={"all": "true", "limit": 200}).json()
    assert seen == [t["id"] for t in everything] and len(seen) == len(set(seen))
