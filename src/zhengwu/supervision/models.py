"""The supervision ledger's tasks (督办事项): what is to be done, by which department, by when,
and where it came from (a meeting resolution, a leader's 批示, …)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhengwu.core.base import Base, TenantOwned, UtcDateTime, Versioned

TASK_STATES = ("open", "done")


class Task(Versioned, TenantOwned, Base):
    __tablename__ = "supervision_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40), nullable=False)  # e.g. meeting_resolution
    source_id: Mapped[str] = mapped_column(String(100), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"))
    deadline: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    cite: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "source": self.source, "source_id": self.source_id, "title": self.title,
                "department_id": self.department_id,
                "deadline": self.deadline.isoformat() if self.deadline else None, "state": self.state,
                "cite": self.cite, "version": self.version}
