"""The table of emergency reports: when it happened, when it was reported, and whether late."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhengwu.core.base import Base, TenantOwned, UtcDateTime, Versioned


class EmergencyReport(TenantOwned, Versioned, Base):
    __tablename__ = "emergency_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    # emergency: 重大突发事件 (a limit where the text sets one); major_situation: a department's
    # 重大情况 (大洼 50, 大连 55, 海南区 75, 西市 40 「重大情况要及时向区政府报告」, no limit).
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="emergency", server_default="emergency")
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    location: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    event_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    reporter: Mapped[str] = mapped_column(String(200), nullable=False)
    limit_minutes: Mapped[int | None] = mapped_column(Integer)
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    late: Mapped[bool] = mapped_column(Boolean, nullable=False)
    late_message: Mapped[str | None] = mapped_column(Text)
    cite: Mapped[str | None] = mapped_column(String(200))

    def summary(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "title": self.title, "location": self.location, "description": self.description,
            "event_at": self.event_at.isoformat(), "reported_at": self.reported_at.isoformat(),
            "reporter": self.reporter, "limit_minutes": self.limit_minutes,
            "deadline_at": self.deadline_at.isoformat() if self.deadline_at else None,
            "late": self.late, "late_message": self.late_message, "cite": self.cite, "version": self.version,
        }
