"""Profiles of the four complete seed governments, as pytest params carrying their ids."""

from __future__ import annotations

import pytest

from zhengwu.rulebook.profile import load_profile

COMPLETE = ("dawa-2017", "dalian-2014", "wuhai-hainan-2023", "xishi-2024")


def each(*ids: str):
    return [pytest.param(load_profile(pid), id=pid) for pid in (ids or COMPLETE)]
