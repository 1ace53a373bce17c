"""Shared fixtures of the supervision tests: a seeded government (the demo org)."""

from __future__ import annotations

import pytest

from meeting_support import seed_gov


@pytest.fixture
def make_gov(db, make_tenant):
    return lambda profile_id: seed_gov(db, make_tenant, profile_id)
