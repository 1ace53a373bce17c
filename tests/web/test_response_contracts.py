"""Every JSON route of the API declares its response body (a pydantic model): a client reads the
contract from the OpenAPI schema, and instants come back at +08:00 through the one BeijingDateTime.
File downloads (docx, pdf, ics, spreadsheets) and empty answers (204) have no JSON body."""

from __future__ import annotations

from datetime import datetime, timezone

from pydantic import TypeAdapter

from support import api_token
from zhengwu.web.beijing import BeijingDateTime, beijing


def _undeclared(client) -> set[str]:
    """Operations whose success answer is JSON with no schema (the OpenAPI of a route without a
    response_model); a download's answer is not JSON, a 204 has no content."""
    found = set()
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            for status, answer in operation.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                json_body = answer.get("content", {}).get("application/json")
                if json_body is not None and not json_body.get("schema"):
                    found.add(f"{method.upper()} {path}")
    return found


def test_every_json_route_declares_its_response_model(client):
    undeclared = sorted(_undeclared(client))
    assert not undeclared, "JSON routes without a response_model:\n" + "\n".join(undeclared)


def test_instants_serialise_in_beijing_time():
    adapter = TypeAdapter(BeijingDateTime)
    utc = datetime(2024, 3, 4, 1, 30, tzinfo=timezone.utc)
    assert adapter.dump_python(utc, mode="json") == "2024-03-04T09:30:00+08:00"
    assert adapter.dump_python(adapter.validate_python("2024-03-04T01:30:00+00:00"), mode="json") == "2024-03-04T09:30:00+08:00"


def test_every_answer_gives_instants_at_beijing_time():
    """A change answers with the row as written (+08:00), a read with the row as stored (UTC):
    both reach the client at +08:00; dates and other strings are untouched."""
    body = {"at": "2024-03-04T01:30:00+00:00", "rows": [{"due": "2024-03-05", "sent": "2024-03-04T09:30:00.250000Z"}],
            "note": "2024-03-04T01:30", "when": datetime(2024, 3, 4, 1, 30, tzinfo=timezone.utc)}
    assert beijing(body) == {"at": "2024-03-04T09:30:00+08:00",
                             "rows": [{"due": "2024-03-05", "sent": "2024-03-04T17:30:00.250000+08:00"}],
                             "note": "2024-03-04T01:30", "when": "2024-03-04T09:30:00+08:00"}


def test_me_names_the_users_id(client, make_user):
    """A client finds its own id (the `*_id` of other routes) from /api/me, not by display name."""
    user = make_user("clerk")
    me = client.get("/api/me", headers=api_token(client, "clerk"))
    assert me.status_code == 200 and me.json()["id"] == user.id and me.json()["username"] == "clerk"


def test_every_tenant_read_answers_within_its_model(client, db):
    """Each GET route of a tenant, called by the demo office with real ids and the required query
    parameters, answers without a server error: its body fits the model it declares."""
    import importlib.util
    from pathlib import Path

    # The route sweep's helpers: real ids of the tenant for the path, by each parameter's name.
    where = Path(__file__).with_name("test_every_route_permission.py")
    spec_ = importlib.util.spec_from_file_location("route_sweep", where)
    sweep = importlib.util.module_from_spec(spec_)
    spec_.loader.exec_module(sweep)
    _first_ids, _url = sweep._first_ids, sweep._url
    from zhengwu import demo
    from zhengwu.core import tenants
    from support import TEST_NOW

    demo.seed_demo(db, TEST_NOW)
    with db.read() as session:
        tenant = tenants.find_tenant(session, "dawa")
    ids = _first_ids(db, tenant.id)
    headers = api_token(client, "dawa.office", "zhengwu-demo")
    spec = client.get("/openapi.json").json()
    samples = {"date": "2024-03-04", "string": "executive", "integer": 1, "boolean": "false"}
    tried, failures = 0, []
    for path, operations in spec["paths"].items():
        operation = operations.get("get")
        if not path.startswith("/api/tenants/{tenant}") or operation is None:
            continue
        if "." in path.rsplit("/", 1)[-1]:
            continue  # a file (.docx, .ics): not JSON
        url = _url(path, operation, ids)
        if url is None:
            continue
        query = {p["name"]: samples.get(p["schema"].get("format") or p["schema"].get("type"), "1")
                 for p in operation.get("parameters", []) if p["in"] == "query" and p.get("required")}
        response = client.get(url, params=query, headers=headers)
        tried += 1
        if response.status_code >= 500:
            failures.append(f"GET {path}: {response.status_code} {response.text[:200]}")
    assert tried >= 20 and not failures, "\n".join(failures)
