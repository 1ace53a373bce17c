"""Issue 14, finding 8: schemathesis over every API operation for a bounded time, 0 × 500.

Each operation gets hypothesis-generated requests (bodies, path and query values from the
schema, including huge integers, odd dates and arbitrary Unicode) as the head of the office of
a seeded government. Any answer of 500 or more is a failure. The time budget is
ZHENGWU_SCHEMATHESIS_SECONDS (default 90); CI may raise it.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings as hsettings

from zhengwu import demo
from zhengwu.core.limits import Limits, Rate, RateLimiter
from zhengwu.web.app import create_app

from support import TEST_NOW, api_token

schemathesis = pytest.importorskip("schemathesis")

BUDGET = float(os.environ.get("ZHENGWU_SCHEMATHESIS_SECONDS", "90"))
PER_OPERATION = 8


def test_no_operation_answers_500(settings, db, clock):
    demo.seed_demo(db, TEST_NOW)
    generous = Limits(user_write=Rate(100_000, 1), user_read=Rate(100_000, 1), public_write=Rate(100_000, 1),
                      public_read=Rate(100_000, 1), login=Rate(100_000, 1))
    app = create_app(replace(settings, limits=generous), db, clock, limiter=RateLimiter())
    with TestClient(app) as client:
        headers = api_token(client, "dawa.office", demo.DEMO_PASSWORD)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 100
    failures: list[str] = []
    deadline = time.monotonic() + BUDGET
    share = BUDGET / len(operations)
    tried = 0

    def exercise(operation, stop: float) -> None:
        """Hypothesis cases for one operation until `stop` (a function, so each call binds its own)."""
        @hsettings(max_examples=PER_OPERATION, deadline=None, database=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def attempt(case):
            nonlocal tried
            if time.monotonic() > stop:
                return
            if "tenant" in (case.path_parameters or {}):
                case.path_parameters["tenant"] = "dawa"
            response = case.call(headers=headers)
            tried += 1
            if response.status_code >= 500:
                failures.append(f"{operation.method.upper()} {operation.path} → {response.status_code}: "
                                f"{case.path_parameters} {case.query} {str(case.body)[:200]}")

        attempt()

    for operation in operations:
        if time.monotonic() > deadline:
            break
        exercise(operation, time.monotonic() + share)
    print(f"schemathesis: {tried} requests over {len(operations)} operations")
    assert tried > len(operations) // 2, f"only {tried} requests in the budget"
    assert not failures, "\n".join(sorted(set(failures))[:40])
