"""One row per entered year: the notice as pasted and the days it gave, with who entered it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhengwu.core.base import Base, UtcDateTime


class HolidayNotice(Base):
    __tablename__ = "holiday_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    holidays: Mapped[dict] = mapped_column(JSON, nullable=False)  # ISO date → festival
    workdays: Mapped[dict] = mapped_column(JSON, nullable=False)
    entered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    entered_by: Mapped[str] = mapped_column(String(200), nullable=False)
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"year": self.year, "title": self.title, "holidays": len(self.holidays),
                "workdays": len(self.workdays), "entered_by": self.entered_by,
                "entered_at": self.entered_at.isoformat()}
