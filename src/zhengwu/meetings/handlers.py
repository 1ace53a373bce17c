"""The meetings domain's answers to the other domains' events (subscribed in
`zhengwu.wiring.install()`, run in the publisher's transaction)."""

from __future__ import annotations

from zhengwu.core.fetch import get_in_tenant
from zhengwu.meetings.events import RESOLUTION_SOURCE
from zhengwu.meetings.models import Resolution
from zhengwu.supervision.events import TaskOpened
from zhengwu.core.uow import TenantWork


def link_task(uow: TenantWork, event: TaskOpened) -> None:
    """A resolution shows the supervision task that chases it."""
    if event.source == RESOLUTION_SOURCE:
        get_in_tenant(uow.session, Resolution, int(event.source_id), event.tenant_id, "议定事项").task_id = event.task_id
