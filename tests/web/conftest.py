"""The web app over the test database, and a browser-like client that can log in."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from support import TEST_NOW
from zhengwu.calendar.clock import FixedClock
from zhengwu.core.settings import Settings
from zhengwu.web.app import create_app


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, database_url=database_url, lockout_threshold=3)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TEST_NOW)


@pytest.fixture
def app(settings, db, clock):
    return create_app(settings, db, clock)


@pytest.fixture
def client(app) -> TestClient:
    with TestClient(app) as client:
        yield client
