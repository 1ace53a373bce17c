"""Domain events: how a change in one domain causes work in another without importing its service.

A domain states what happened as a frozen dataclass in its own `events.py` (data only, no
imports of services) and publishes it through its unit of work: `uow.publish(MinutesSigned(...))`.
Another domain subscribes a handler to that class in `zhengwu.wiring.install()`. Handlers run at
once, inside the publisher's transaction, so the cause and its effects commit together or not at
all, and a refusal in a handler refuses the whole use case.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, Callable, TypeVar

if TYPE_CHECKING:
    from zhengwu.core.uow import TenantWork

E = TypeVar("E")
Handler = Callable[["TenantWork", Any], None]


class Bus:
    def __init__(self) -> None:
        self._handlers: dict[type, list[Handler]] = defaultdict(list)

    def subscribe(self, event_type: type[E], handler: Callable[["TenantWork", E], None]) -> None:
        """Run `handler` for every published `event_type` (idempotent: wiring may run twice)."""
        if handler not in self._handlers[event_type]:
            self._handlers[event_type].append(handler)

    def publish(self, uow: "TenantWork", event: object) -> None:
        for event_type in type(event).__mro__:
            for handler in list(self._handlers.get(event_type, ())):
                handler(uow, event)

    def handlers(self, event_type: type) -> list[Handler]:
        return list(self._handlers.get(event_type, ()))


BUS = Bus()
