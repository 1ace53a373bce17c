"""Shared test settings.

CI sets ZHENGWU_REQUIRE_BROWSER / ZHENGWU_REQUIRE_POSTGRES so that a missing Chromium or
PostgreSQL fails the run instead of skipping; on a developer's machine without them the
browser and PostgreSQL tests are skipped with the reason shown.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests keep what a person should look at afterwards (screenshots, .docx, PDFs)."""
    path = Path(os.environ.get("ZHENGWU_ARTIFACTS", ROOT / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path
