"""The disclosure domain's deadline: the reply to a request (条例第三十三条), reported to the
head of the disclosure office when it passes unanswered. The request's due date is computed
from its received date and extension every time, so a recomputed calendar needs no update here."""

from __future__ import annotations

from zhengwu.deadlines.registry import Kind, Registry
from zhengwu.disclosure.service import REPLY_DEADLINE


def register_deadlines(registry: Registry) -> None:
    registry.register(Kind(REPLY_DEADLINE, "政府信息公开申请答复", "政府信息公开工作机构负责人"))
