"""Calendar tests run on the package data alone unless a test sets an override file itself."""

from __future__ import annotations

import pytest

from zhengwu.calendar.overrides import OVERRIDES_ENV


@pytest.fixture(autouse=True)
def _no_operator_overrides(monkeypatch):
    monkeypatch.delenv(OVERRIDES_ENV, raising=False)


@pytest.fixture
def write_yaml(tmp_path):
    """Write a YAML override file and return its path."""
    counter = iter(range(1000))

    def write(text: str):
        path = tmp_path / f"overrides-{next(counter)}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
