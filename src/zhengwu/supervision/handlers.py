"""The supervision domain's answers to the other domains' events (subscribed in
`zhengwu.wiring.install()`, run in the publisher's transaction): what they decide becomes a task
the 督查室 chases, and a task closes when its source says the work is done."""

from __future__ import annotations

from zhengwu.documents.events import INSTRUCTION_SOURCE, InstructionAwaitsReport, InstructionReported
from zhengwu.meetings.events import RESOLUTION_SOURCE, MinutesSigned
from zhengwu.supervision import service
from zhengwu.core.uow import TenantWork


def track_resolutions(uow: TenantWork, event: MinutesSigned) -> None:
    """Each resolution of signed minutes is a task on the ledger (督查督办)."""
    for resolution in event.resolutions:
        service.create_task(uow, source=RESOLUTION_SOURCE, source_id=resolution.resolution_id, title=resolution.text,
                            department_id=resolution.department_id, deadline=resolution.deadline,
                            cite=event.tracked_cite)


def track_instruction(uow: TenantWork, event: InstructionAwaitsReport) -> None:
    """A 批示件 awaiting a report is chased until the report arrives; the documents domain runs
    its deadline, so the ledger does not run a second one."""
    service.create_task(uow, source=INSTRUCTION_SOURCE, source_id=event.instruction_id, title=event.title,
                        department_id=event.department_id, deadline=event.due, cite=event.cite, person=event.handler,
                        own_deadline=False)


def close_instruction(uow: TenantWork, event: InstructionReported) -> None:
    service.close_from_source(uow, source=INSTRUCTION_SOURCE, source_id=event.instruction_id, report=event.report)
