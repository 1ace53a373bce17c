"""The supervision ledger (督查台账): tasks (督办事项) with their responsible department and
person, milestones and progress reports; inspections (督查) of a unit on a matter, and the
rectification list (整改清单) each one leaves, kept until closed and re-checked (回头看)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from zhengwu.core.base import Base, TenantOwned, UtcDateTime, Versioned

TASK_STATES = ("open", "done")


class Task(Versioned, TenantOwned, Base):
    __tablename__ = "supervision_tasks"
    # Reminders read the open tasks due soonest; the compliance report a period's late ones, and the
    # ledger's figures count a period's tasks per department from the index alone (issue 18).
    __table_args__ = (Index("ix_supervision_tasks_tenant_state_deadline", "tenant_id", "state", "deadline"),
                      Index("ix_supervision_tasks_tenant_deadline_closed_department", "tenant_id", "deadline",
                            "closed_on", "department_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40), nullable=False)  # a key of rules.SOURCES
    source_id: Mapped[str] = mapped_column(String(100), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"))
    person: Mapped[str | None] = mapped_column(String(100))  # 责任人
    deadline: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    closed_on: Mapped[date | None] = mapped_column(Date)
    cite: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    milestones: Mapped[list[Milestone]] = relationship(order_by="Milestone.due", lazy="selectin")
    reports: Mapped[list[ProgressReport]] = relationship(order_by="ProgressReport.id", lazy="selectin")

    def summary(self) -> dict:
        return {"id": self.id, "source": self.source, "source_id": self.source_id, "title": self.title,
                "department_id": self.department_id, "person": self.person,
                "deadline": self.deadline.isoformat() if self.deadline else None, "state": self.state,
                "closed_on": self.closed_on.isoformat() if self.closed_on else None,
                "cite": self.cite, "version": self.version}


class Milestone(TenantOwned, Base):
    __tablename__ = "supervision_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("supervision_tasks.id", ondelete="CASCADE"), index=True, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    due: Mapped[date] = mapped_column(Date, nullable=False)
    done_on: Mapped[date | None] = mapped_column(Date)


class ProgressReport(TenantOwned, Base):
    __tablename__ = "supervision_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("supervision_tasks.id", ondelete="CASCADE"), index=True, nullable=False)
    on: Mapped[date] = mapped_column(Date, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    reporter: Mapped[str] = mapped_column(String(200), nullable=False)
    final: Mapped[bool] = mapped_column(nullable=False, default=False)


class Inspection(TenantOwned, Base):
    """One 督查 of a unit on a matter; its findings become the rectification list."""

    __tablename__ = "supervision_inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"), nullable=False)
    matter: Mapped[str] = mapped_column(Text, nullable=False)
    on: Mapped[date] = mapped_column(Date, nullable=False)
    inspector: Mapped[str] = mapped_column(String(200), nullable=False)

    items: Mapped[list[Rectification]] = relationship(order_by="Rectification.id", lazy="selectin")


class Rectification(Versioned, TenantOwned, Base):
    """整改事项: open until closed with evidence (销号); where the text asks for 回头看 a closed
    item stays on the list until re-checked, and a relapse found then reopens it."""

    __tablename__ = "supervision_rectifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("supervision_inspections.id", ondelete="CASCADE"),
                                               index=True, nullable=False)
    problem: Mapped[str] = mapped_column(Text, nullable=False)
    due: Mapped[date] = mapped_column(Date, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="open")  # open | closed
    closed_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str | None] = mapped_column(Text)
    rechecked_on: Mapped[date | None] = mapped_column(Date)
    recheck_note: Mapped[str | None] = mapped_column(Text)
    rechecks: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    def summary(self) -> dict:
        return {"id": self.id, "inspection_id": self.inspection_id, "problem": self.problem,
                "due": self.due.isoformat(), "state": self.state,
                "closed_on": self.closed_on and self.closed_on.isoformat(), "evidence": self.evidence,
                "rechecked_on": self.rechecked_on and self.rechecked_on.isoformat(),
                "recheck_note": self.recheck_note, "rechecks": self.rechecks, "version": self.version}


class PeriodicReport(Versioned, TenantOwned, Base):
    """A recurring report: a department's next year's key work plan (海南区 29, due by year end),
    or the office's report to the leaders on how meeting decisions are carried out (海南区 54)."""

    __tablename__ = "supervision_periodic_reports"
    __table_args__ = (Index("ix_supervision_periodic_reports_tenant_kind_id", "tenant_id", "kind", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)  # annual_plan | resolution_report
    department_id: Mapped[int | None] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"))
    period: Mapped[str] = mapped_column(String(20), nullable=False)  # 「2025」 (the plan's year) or the report's day
    due: Mapped[date | None] = mapped_column(Date)
    cite: Mapped[str | None] = mapped_column(String(200))
    submitted_on: Mapped[date | None] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    figures: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "kind": self.kind, "department_id": self.department_id, "period": self.period,
                "due": self.due and self.due.isoformat(), "cite": self.cite,
                "submitted_on": self.submitted_on and self.submitted_on.isoformat(), "late": self.late,
                "text": self.text, "figures": self.figures, "version": self.version}
