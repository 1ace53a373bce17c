"""Shared fixtures of the meeting tests: the statutory calendar and the packaged profiles."""

from __future__ import annotations

import pytest

from zhengwu.calendar import default_calendar
from zhengwu.rulebook.profile import load_profile


@pytest.fixture(scope="session")
def calendar():
    return default_calendar()


def profile(profile_id: str):
    return load_profile(profile_id)
