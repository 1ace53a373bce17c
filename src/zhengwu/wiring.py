"""Cross-domain wiring, done explicitly at start-up rather than by importing modules for their
side effects: every entry point that fires deadlines (`create_app`, `zhengwu worker`, the demo
clock) calls `install()` first."""

from __future__ import annotations

from zhengwu.deadlines.registry import REGISTRY, Registry
from zhengwu.disclosure import deadlines as disclosure_deadlines
from zhengwu.documents import deadlines as documents_deadlines
from zhengwu.meetings import deadlines as meetings_deadlines
from zhengwu.supervision import deadlines as supervision_deadlines

DEADLINE_REGISTRARS = (
    documents_deadlines.register_deadlines,
    supervision_deadlines.register_deadlines,
    disclosure_deadlines.register_deadlines,
    meetings_deadlines.register_deadlines,
)


def install(registry: Registry = REGISTRY) -> Registry:
    """Register every domain's deadline kinds (idempotent)."""
    for register in DEADLINE_REGISTRARS:
        register(registry)
    return registry
