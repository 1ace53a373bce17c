"""The meetings domain's deadlines: the materials cut-off before a meeting (会前 N 个工作日),
and the issue deadline of a document the meeting approved (西市 22, 海南区 54).

No profile sets a time limit for signing the minutes, so there is no deadline for that."""

from __future__ import annotations

from zhengwu.core.uow import TenantWork
from zhengwu.deadlines.registry import Fired, Kind, Registry
from zhengwu.meetings.models import Resolution

MATERIALS_DEADLINE = "materials_lead"  # 会前 N 个工作日: topic materials due at the office
ISSUE_DEADLINE = "resolution_issue"  # a document the meeting approved is to be issued


def _materials_cut_off(uow: TenantWork, row) -> Fired:
    # Nobody owes the cut-off itself: it passes, and later materials need the recorded consent.
    return Fired("deadline.materials_closed", row.cite,
                 {"message": f"「{row.title}」已过会前报送时限（{row.due.isoformat()}），此后报送的议题须经同意方可上会。"},
                 settled=True, outcome="cut_off")


def _issue_moved(uow: TenantWork, row) -> None:
    uow.session.get_one(Resolution, int(row.object_id)).issue_by = row.due


def register_deadlines(registry: Registry) -> None:
    registry.register(Kind(MATERIALS_DEADLINE, "会议材料报送时限", "政府办公室", on_expiry=_materials_cut_off))
    registry.register(Kind(ISSUE_DEADLINE, "会议通过文件的印发时限", "政府办公室", on_move=_issue_moved))
