"""References across domains without reaching into another domain's tables: a domain that owns a
kind of record registers how to look one up; another domain asks here. The meetings domain
registers its resolutions (议定事项), so a document that carries out a meeting's decision can name
the resolution and have it checked (signed minutes, a meeting that may decide)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ResolutionRef:
    id: int
    meeting_kind: str
    meeting_on: date
    signed: bool  # the minutes carrying it are signed off
    text: str


_resolution_lookup: Callable[[Session, int, int], ResolutionRef | None] | None = None


def use_resolution_lookup(lookup: Callable[[Session, int, int], ResolutionRef | None]) -> None:
    global _resolution_lookup
    _resolution_lookup = lookup


def resolution(session: Session, tenant_id: int, resolution_id: int | None) -> ResolutionRef | None:
    """The tenant's resolution with that id, or None (no id, not found, another tenant's)."""
    if resolution_id is None or _resolution_lookup is None:
        return None
    return _resolution_lookup(session, tenant_id, resolution_id)
