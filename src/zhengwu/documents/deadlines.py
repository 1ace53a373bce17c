"""The documents domain's deadlines: a countersign reply and a 批示件's report.

At the end of a countersign reply's due day, silence becomes consent where the profile says so
(the same `deem_consent` as 结束会签); elsewhere it is flagged overdue and reported to the lead
department. A 批示件 report not in by its due day is flagged and reported to the office, and so is
an implementation draft of a superior document not sent by its due day (海南区 60).
"""

from __future__ import annotations

from zhengwu.core.notify_events import To
from zhengwu.core.tenants import pinned_profile
from zhengwu.core.uow import TenantWork
from zhengwu.deadlines.registry import Fired, Kind, Registry
from zhengwu.documents import countersigning, standing
from zhengwu.documents.models import CountersignRequest, Document, ImplementationDraft, Instruction


def _countersign_expired(uow: TenantWork, row) -> Fired | None:
    request = uow.session.get_one(CountersignRequest, int(row.object_id))
    document = uow.session.get_one(Document, request.document_id)
    detail = countersigning.deem_consent(uow, request, pinned_profile(uow.session, document))
    if detail is None:
        return None
    return Fired("document.countersign_silence", request.outcome_cite, detail, settled=True, outcome="deemed_consent")


def _countersign_moved(uow: TenantWork, row) -> None:
    uow.session.get_one(CountersignRequest, int(row.object_id)).due = row.due


def _countersign_concerned(uow: TenantWork, row) -> tuple[To, str]:
    request = uow.session.get_one(CountersignRequest, int(row.object_id))
    return To(units=(request.department_id,)), f"documents/{request.document_id}"


def _report_concerned(uow: TenantWork, row) -> tuple[To, str]:
    found = uow.session.get_one(Instruction, int(row.object_id))
    units = (found.handler_department_id,) if found.handler_department_id else ()
    return To(units=units, posts=() if units else ("office",)), f"documents/{found.document_id}"


def _implementation_moved(uow: TenantWork, row) -> None:
    uow.session.get_one(ImplementationDraft, int(row.object_id)).due = row.due


def register_deadlines(registry: Registry) -> None:
    registry.register(Kind(standing.COUNTERSIGN_REPLY, "会签回复", "主办部门",
                           on_expiry=_countersign_expired, on_move=_countersign_moved,
                           concerned=_countersign_concerned))
    registry.register(Kind(standing.INSTRUCTION_REPORT, "批示件办理情况报告", "政府办公室",
                           concerned=_report_concerned))
    registry.register(Kind(standing.IMPLEMENTATION_DRAFT, "实施意见代拟稿上报", "政府办公室",
                           on_move=_implementation_moved))
