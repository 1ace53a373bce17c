"""What firing a deadline means, per kind: each domain registers its kinds explicitly.

The deadlines module knows no domain. A domain's `register_deadlines(registry)` adds a `Kind`
for each deadline it schedules; `zhengwu.wiring.install()` calls them all, and every entry
point that fires deadlines (the server, `zhengwu worker`, the demo clock) calls it first, so
no firing depends on which modules happened to be imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from zhengwu.core.notify_events import To
from zhengwu.core.uow import TenantWork


@dataclass(frozen=True)
class Fired:
    """The one audited event a firing is: its action, cite and detail; `settled` closes the
    deadline (silence recorded as consent), otherwise it stays open and flagged overdue."""

    action: str
    cite: str | None
    detail: dict = field(default_factory=dict)
    settled: bool = False
    outcome: str = "overdue"


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # Chinese, for pages and events: 「会签回复」
    escalate_to: str  # who is told when it runs out unanswered: 「主办部门」
    # At the end of the due day, unanswered. None: flagged overdue and escalated.
    on_expiry: Callable[[TenantWork, object], Fired | None] | None = None
    # The operator entered a year's notice and the due date moved: update the domain's object.
    on_move: Callable[[TenantWork, object], None] | None = None
    # Who is chased when it fires, and the page of the item: (recipients, link under the tenant).
    # None: the office, on the 期限 list. When it runs out unanswered `escalate` is told too.
    concerned: Callable[[TenantWork, object], tuple[To, str]] | None = None
    escalate: To = To(posts=("office",))


class UnknownKind(LookupError):
    pass


class Registry:
    def __init__(self) -> None:
        self._kinds: dict[str, Kind] = {}

    def register(self, kind: Kind) -> None:
        if kind.name in self._kinds and self._kinds[kind.name] != kind:
            raise ValueError(f"deadline kind {kind.name!r} registered twice with different handlers")
        self._kinds[kind.name] = kind

    def get(self, name: str) -> Kind:
        try:
            return self._kinds[name]
        except KeyError:
            raise UnknownKind(f"no handler registered for deadline kind {name!r}") from None

    def names(self) -> list[str]:
        return sorted(self._kinds)


# The deployment's registry, filled by zhengwu.wiring.install().
REGISTRY = Registry()
