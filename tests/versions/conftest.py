"""The revised profile written for these tests (tests/versions/profiles, not a real text) is
made available through ZHENGWU_PROFILE_DIRS, and a seeded 大洼 government runs under dawa-2017."""

from __future__ import annotations

from pathlib import Path

import pytest

from meeting_support import seed_gov

PROFILES = Path(__file__).with_name("profiles")


@pytest.fixture(autouse=True)
def revised_profile(monkeypatch):
    monkeypatch.setenv("ZHENGWU_PROFILE_DIRS", str(PROFILES))


@pytest.fixture
def gov(db, make_tenant):
    return seed_gov(db, make_tenant, "dawa-2017")
