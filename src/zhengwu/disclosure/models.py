"""Tables of the publication queue (主动公开) and of disclosure requests (依申请公开)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhengwu.core.base import Base, TenantOwned, UtcDateTime, Versioned
from zhengwu.disclosure.rules import ItemState, RequestState


def _iso(value) -> str | None:
    return value.isoformat() if value else None


class DisclosureItem(TenantOwned, Versioned, Base):
    """A resolution, policy or government document on its way to the public portal."""

    __tablename__ = "disclosure_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)  # resolution | policy | government_document
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    meeting_kind: Mapped[str | None] = mapped_column(String(20))
    source_ref: Mapped[str | None] = mapped_column(String(200))  # 纪要、文号 the item comes from
    formed_on: Mapped[date] = mapped_column(Date, nullable=False)
    classification: Mapped[str | None] = mapped_column(String(20))
    required: Mapped[bool] = mapped_column(Boolean, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False)  # queued | published | withheld
    withheld_reason: Mapped[str | None] = mapped_column(Text)
    confidentiality_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    confidentiality_checked_by: Mapped[str | None] = mapped_column(String(200))
    interpretation: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def state_for_rules(self) -> ItemState:
        return ItemState(self.kind, self.title, self.formed_on, self.meeting_kind, self.classification,
                         self.confidentiality_checked_at is not None, self.interpretation)

    def summary(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "title": self.title, "body": self.body,
            "meeting_kind": self.meeting_kind, "source_ref": self.source_ref, "formed_on": _iso(self.formed_on),
            "classification": self.classification, "required": self.required, "state": self.state,
            "withheld_reason": self.withheld_reason,
            "confidentiality_checked_at": _iso(self.confidentiality_checked_at),
            "confidentiality_checked_by": self.confidentiality_checked_by,
            "interpretation": self.interpretation, "published_at": _iso(self.published_at), "version": self.version,
        }


class DisclosureRequest(TenantOwned, Versioned, Base):
    """A request from the public (政府信息公开申请) on the statutory clock."""

    __tablename__ = "disclosure_requests"
    # 待办: the open requests, few among a year's (migration 0018).
    __table_args__ = (Index("ix_disclosure_requests_tenant_state_id", "tenant_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant: Mapped[str] = mapped_column(String(100), nullable=False)
    contact: Mapped[str] = mapped_column(String(200), nullable=False)
    # 条例第二十九条 (rules.IDENTITY_TYPES, MEDIA, DELIVERIES); empty on requests filed before they were asked
    identity_type: Mapped[str | None] = mapped_column(String(20))
    identity_number: Mapped[str | None] = mapped_column(String(50))
    medium: Mapped[str | None] = mapped_column(String(20))
    delivery: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, nullable=False)
    received_on: Mapped[date] = mapped_column(Date, nullable=False)  # 条例第三十一条
    # 申请编号: counted per government and per year of receipt (core.serials); None on older rows.
    number: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20), nullable=False, default="online",
                                         server_default="online")  # rules.RECEIPT_CHANNELS
    registered_by: Mapped[str | None] = mapped_column(String(200))  # who registered it (created_at: when)
    extension_workdays: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    extension_approver: Mapped[str | None] = mapped_column(String(200))
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extended_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="open")  # open | replied
    replied_on: Mapped[date | None] = mapped_column(Date)
    reply_kind: Mapped[str | None] = mapped_column(String(30))
    reply_text: Mapped[str | None] = mapped_column(Text)
    late: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def state_for_rules(self) -> RequestState:
        return RequestState(self.received_on, self.extension_workdays, self.replied_on)

    def summary(self) -> dict:
        return {
            "id": self.id, "number": self.number, "applicant": self.applicant, "identity_type": self.identity_type,
            "identity_number": self.identity_number, "contact": self.contact, "medium": self.medium,
            "delivery": self.delivery, "description": self.description,
            "received_on": _iso(self.received_on), "channel": self.channel, "registered_by": self.registered_by,
            "registered_at": _iso(self.created_at), "extension_workdays": self.extension_workdays,
            "extension_approver": self.extension_approver, "extension_reason": self.extension_reason,
            "extended_on": _iso(self.extended_on), "state": self.state, "replied_on": _iso(self.replied_on),
            "reply_kind": self.reply_kind, "reply_text": self.reply_text, "late": self.late, "version": self.version,
        }
