"""The disclosure domain's answers to the other domains' events (subscribed in
`zhengwu.wiring.install()`, run in the publisher's transaction): what the text publishes goes to
the publication queue, where the disclosure office checks confidentiality and publishes it."""

from __future__ import annotations

from zhengwu.disclosure import service
from zhengwu.documents.events import DocumentIssued
from zhengwu.meetings.events import MinutesSigned
from zhengwu.core.uow import TenantWork


def queue_resolutions(uow: TenantWork, event: MinutesSigned) -> None:
    """The resolutions the profile has disclosed, queued when the minutes are signed."""
    for resolution in event.resolutions:
        if resolution.disclose:
            service.submit(uow, kind="resolution", title=resolution.text, formed_on=event.day,
                           meeting_kind=event.meeting_kind,
                           source_ref=f"{event.meeting_title}议定事项{resolution.resolution_id}")


def queue_document(uow: TenantWork, event: DocumentIssued) -> None:
    """An issued document the text publishes (a classified one is recorded as withheld)."""
    if event.disclosure_kind is not None:
        service.submit(uow, kind=event.disclosure_kind, title=event.title, formed_on=event.issued_on, body=event.body,
                       classification=event.classification, source_ref=event.doc_number)
