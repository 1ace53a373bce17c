"""The table of pending deadlines: one row per deadline a domain object is waiting on."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhengwu.core.base import Base, TenantOwned, UtcDateTime

# pending: reminders or the end of the due day still to fire; overdue: fired late, still open
# until the domain closes it; done: the domain closed it, or the end of the due day settled it
# (deemed consent); failed: the handler kept failing (attempts), left for the operator.
STATES = ("pending", "overdue", "done", "failed")
OPEN_STATES = ("pending", "overdue")


class PendingDeadline(TenantOwned, Base):
    __tablename__ = "pending_deadlines"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "object_id", name="uq_pending_deadlines_object"),
        # The processor's queue: due rows in order, one index scan.
        Index("ix_pending_deadlines_queue", "state", "next_fire_on"),
        Index("ix_pending_deadlines_trail", "tenant_id", "trail_type", "trail_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)  # a registered kind
    object_id: Mapped[str] = mapped_column(String(100), nullable=False)  # the kind's own object
    # Where its events show: the page the owner reads (a countersign request shows on its document).
    trail_type: Mapped[str] = mapped_column(String(100), nullable=False)
    trail_id: Mapped[str] = mapped_column(String(100), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    due: Mapped[date] = mapped_column(Date, nullable=False)
    # What the due date was computed from, so it can be computed again on a new calendar.
    start_on: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(10))  # workdays | days | None (a date given)
    cite: Mapped[str | None] = mapped_column(String(200))
    provisional: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # 暂定
    reminders: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # ISO dates, ascending
    reminded: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # those fired or passed over
    next_fire_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    outcome: Mapped[str | None] = mapped_column(String(40))  # deemed_consent | overdue | answered …
    moves: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # [{from, to, cite, at}]
    fired_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "kind": self.kind, "object_id": self.object_id, "due": self.due.isoformat(),
                "start_on": self.start_on and self.start_on.isoformat(), "count": self.count, "unit": self.unit,
                "cite": self.cite, "provisional": self.provisional, "state": self.state, "outcome": self.outcome,
                "next_fire_on": self.next_fire_on and self.next_fire_on.isoformat()}
