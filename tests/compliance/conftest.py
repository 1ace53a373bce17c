"""Shared fixtures of the supervision tests: a seeded government (the demo org)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from meeting_support import seed_gov


# The governments were on the platform before the replayed period: nothing before it is judged.
SET_UP = datetime(2024, 1, 2, tzinfo=timezone.utc)


@pytest.fixture
def make_gov(db, make_tenant):
    return lambda profile_id: seed_gov(db, lambda **kw: make_tenant(**kw, created=SET_UP), profile_id)
