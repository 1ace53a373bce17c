"""Which profiles a tenant may be bound to, seen from the platform.

The platform stores only a profile id on a tenant; the profile itself belongs to the rulebook.
Until the rulebook exposes its profile registry, the ids are those of the rulebook texts
shipped in the package (`rulebook/sources/<profile-id>.txt`): every profile is built on one.
"""

from __future__ import annotations

from importlib import resources


def known_profile_ids() -> list[str]:
    sources = resources.files("zhengwu.rulebook") / "sources"
    return sorted(entry.name.removesuffix(".txt") for entry in sources.iterdir() if entry.name.endswith(".txt"))
