"""The notices tables: each person's notices, the outbox of e-mails and webhook posts still to
deliver, a government's channel settings and each person's own choices."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhengwu.core.base import Base, TenantOwned, UtcDateTime, Versioned, insert_order

CHANNELS = ("inapp", "email", "webhook")
CHANNEL_LABELS = {"inapp": "站内通知", "email": "电子邮件", "webhook": "群机器人"}
# pending: waiting for its next try; sending: claimed by a deliverer until `claimed_until`;
# sent; failed: given up after MAX_ATTEMPTS, the last error kept for the operator.
OUTBOX_STATES = ("pending", "sending", "sent", "failed")


class Notice(TenantOwned, Base):
    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_inbox", "tenant_id", "user_id", "id"),
                      Index("ix_notices_unread", "tenant_id", "user_id", "read_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    insert_order: Mapped[int | None] = insert_order()
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # arrived | returned | decided | reminded | overdue
    what: Mapped[str] = mapped_column(String(100), nullable=False)  # 「会签请求」
    title: Mapped[str] = mapped_column(String(500), nullable=False)  # the item's title
    subject: Mapped[str] = mapped_column(String(500), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    link: Mapped[str] = mapped_column(String(300), nullable=False)  # the item's page under the tenant
    cite: Mapped[str | None] = mapped_column(String(200))
    due: Mapped[date | None] = mapped_column(Date)
    object_type: Mapped[str | None] = mapped_column(String(100))
    object_id: Mapped[str | None] = mapped_column(String(100))
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class OutboxMessage(TenantOwned, Base):
    """One e-mail or webhook post, written with its notice and delivered after the commit."""

    __tablename__ = "notice_outbox"
    __table_args__ = (Index("ix_notice_outbox_queue", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)  # email | webhook
    target: Mapped[str] = mapped_column(String(500), nullable=False)  # an address or a robot URL
    subject: Mapped[str] = mapped_column(String(500), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class ChannelSettings(TenantOwned, Versioned, Base):
    """A government's channels: which are on, its SMTP server and its group robots."""

    __tablename__ = "notice_settings"
    __table_args__ = (UniqueConstraint("tenant_id", name="uq_notice_settings_tenant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inapp: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    email: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    webhook: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    smtp_host: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    smtp_port: Mapped[int] = mapped_column(Integer, nullable=False, default=25)
    smtp_sender: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    smtp_starttls: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    smtp_username: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    smtp_password: Mapped[str] = mapped_column(String(200), nullable=False, default="", info={"secret": True})
    robot_urls: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        # The password is never shown or audited, only whether one is set.
        return {"inapp": self.inapp, "email": self.email, "webhook": self.webhook, "smtp_host": self.smtp_host,
                "smtp_port": self.smtp_port, "smtp_sender": self.smtp_sender, "smtp_starttls": self.smtp_starttls,
                "smtp_username": self.smtp_username, "smtp_password_set": bool(self.smtp_password),
                "robot_urls": list(self.robot_urls), "version": self.version}


class Preference(TenantOwned, Versioned, Base):
    """One person's choices in one government: which channels, to which address."""

    __tablename__ = "notice_preferences"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id", name="uq_notice_preferences_tenant_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    inapp: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    email: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    webhook: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    email_address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    webhook_url: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"inapp": self.inapp, "email": self.email, "webhook": self.webhook,
                "email_address": self.email_address, "webhook_url": self.webhook_url, "version": self.version}
