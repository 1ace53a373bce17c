"""Posts for tests of domains that run before the org domain: `grant(user, *posts)`.

Installs a post lookup (the hook org fills) answering from a dict, restored afterwards.
"""

from __future__ import annotations

import pytest

from zhengwu.core import permissions


@pytest.fixture
def grant():
    held: dict[int, set[str]] = {}
    previous = permissions._post_lookup[0]
    permissions.use_post_lookup(lambda session, tenant_id, user_id, now: frozenset(held.get(user_id, ())))

    def give(user, *posts: str):
        held.setdefault(user.id, set()).update(posts)
        return user

    yield give
    permissions.use_post_lookup(previous)
