"""What the meetings domain tells the others (data only; see `zhengwu.core.events`).

Signed minutes make work elsewhere: each resolution becomes a supervision task (督查督办), and
the resolutions the text discloses are queued for publication (政务公开). The meetings domain
does not call those domains; it states what was signed, and they act on it in the same
transaction (subscribed in `zhengwu.wiring.install()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

RESOLUTION_SOURCE = "meeting_resolution"  # the supervision ledger's name for a resolution


@dataclass(frozen=True)
class SignedResolution:
    resolution_id: int
    text: str
    department_id: int
    deadline: date
    disclose: bool


@dataclass(frozen=True, kw_only=True)
class MinutesSigned:
    """Every signature the minutes need is on them: their resolutions are decided."""

    tenant_id: int
    meeting_id: int
    meeting_title: str
    meeting_kind: str
    day: date
    resolutions: tuple[SignedResolution, ...]
    tracked_cite: str | None  # the article that has resolutions chased (督查督办), if the text says so
