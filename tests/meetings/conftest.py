"""Shared fixtures of the meeting tests: the statutory calendar and a seeded government."""

from __future__ import annotations

import pytest

from meeting_support import seed_gov
from zhengwu.calendar import default_calendar


@pytest.fixture(scope="session")
def calendar():
    return default_calendar()


@pytest.fixture
def make_gov(db, make_tenant):
    return lambda profile_id: seed_gov(db, make_tenant, profile_id)
