"""Helpers shared by tests of every domain (importable as `support`: tests/ is on sys.path)."""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone

import pytest

TEST_NOW = datetime(2024, 3, 4, 9, 0, tzinfo=timezone.utc)
TEST_PASSWORD = "correct-horse-9"

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    return CSRF_FIELD.search(html).group(1)


def log_in(client, username: str, password: str = TEST_PASSWORD):
    """Log in through the login page, as a browser would; returns the page landed on."""
    form = client.get("/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(form.text),
                                       "next": "/"})


def api_token(client, username: str, password: str = TEST_PASSWORD) -> dict:
    """Headers carrying a fresh API token for the user."""
    response = client.post("/api/session", json={"username": username, "password": password})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def assert_refused_and_audited(db, tenant, action: str) -> None:
    """The latest event on the tenant's chain is a refusal of `action`, and the chain is intact."""
    from zhengwu.core import audit

    with db.read() as session:
        chain = audit.chain_of(tenant.id)
        event = audit.recent(session, chain, limit=1)[0]
        assert audit.verify(session, chain).ok
    assert (event.action, event.outcome) == (action, audit.REFUSED), (event.action, event.outcome)
    assert event.summary["detail"]["reasons"], "a refusal records its reasons"


def missing(what: str, reason: str, required_by: str) -> None:
    """Skip a test whose real part (a browser, LibreOffice, PostgreSQL) is missing on this machine,
    or fail it where the environment variable `required_by` is 1: CI sets it, so there the real
    part is always used and never silently skipped."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{what} is required here: {reason}")
    pytest.skip(reason)
