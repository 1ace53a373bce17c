"""What the documents domain tells the others (data only; see `zhengwu.core.events`).

A 批示件 awaiting a report is a task the 督查室 chases until the report arrives, and an issued
document the text publishes goes to the disclosure queue. The documents domain states what
happened; the supervision and disclosure domains act on it in the same transaction
(subscribed in `zhengwu.wiring.install()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

INSTRUCTION_SOURCE = "instruction"  # the supervision ledger's name for a 批示件


@dataclass(frozen=True, kw_only=True)
class InstructionAwaitsReport:
    """A leader's 批示 asks the handling department to report the result by `due`."""

    tenant_id: int
    instruction_id: int
    title: str
    department_id: int | None
    due: date
    cite: str | None
    handler: str | None


@dataclass(frozen=True, kw_only=True)
class InstructionReported:
    """The handling department reported the result of a 批示件."""

    tenant_id: int
    instruction_id: int
    report: str


@dataclass(frozen=True, kw_only=True)
class DocumentIssued:
    """A document was issued (印发) under its number. `disclosure_kind` names what the text
    publishes it as ("policy", "government_document"), None when the text does not."""

    tenant_id: int
    document_id: int
    title: str
    issued_on: date
    body: str
    classification: str | None
    doc_number: str | None
    disclosure_kind: str | None
