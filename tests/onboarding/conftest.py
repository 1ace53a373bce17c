"""Each onboarding test starts from a process that knows only the shipped texts and profiles
(texts and profiles added at run time are registered process-wide, as a server would)."""

import pytest

from zhengwu.rulebook import profile, sources


@pytest.fixture(autouse=True)
def fresh_registries(monkeypatch):
    monkeypatch.setattr(sources, "_REGISTERED", {})
    monkeypatch.setattr(profile, "_REGISTERED", {})
