"""Tables of major decisions (the catalogue, each step with its evidence, the responsibility
record, implementation reports) and of contracts with their reviews.

Step, review, responsibility and report rows are never updated or deleted: the record of who
did what, when, on which material is what 终身责任追究 relies on.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from zhengwu.core.base import Base, TenantOwned, UtcDateTime, Versioned
from zhengwu.decisions.contracts import ContractState, ReviewRecord
from zhengwu.decisions.rules import DecisionState, StepRecord


class DecisionStep(TenantOwned, Base):
    __tablename__ = "decision_steps"
    __table_args__ = (UniqueConstraint("decision_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("major_decisions.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(40), nullable=False)
    done_on: Mapped[date] = mapped_column(Date, nullable=False)
    evidence: Mapped[str] = mapped_column(Text, nullable=False)
    opened_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    shortened_reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def record(self) -> StepRecord:
        return StepRecord(self.step, self.done_on, self.evidence, self.opened_on, self.closed_on,
                          self.shortened_reason)

    def summary(self) -> dict:
        return {"step": self.step, "done_on": self.done_on.isoformat(), "evidence": self.evidence,
                "opened_on": self.opened_on and self.opened_on.isoformat(),
                "closed_on": self.closed_on and self.closed_on.isoformat(),
                "shortened_reason": self.shortened_reason, "recorded_by": self.recorded_by}


class DecisionResponsible(TenantOwned, Base):
    __tablename__ = "decision_responsible"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("major_decisions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    role: Mapped[str] = mapped_column(String(200), nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"name": self.name, "role": self.role}


class DecisionReport(TenantOwned, Base):
    """An implementation report (跟踪实施情况) or a post-evaluation (决策后评估)."""

    __tablename__ = "decision_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("major_decisions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # implementation | post_evaluation
    reported_on: Mapped[date] = mapped_column(Date, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"kind": self.kind, "reported_on": self.reported_on.isoformat(), "text": self.text,
                "recorded_by": self.recorded_by}


class MajorDecision(TenantOwned, Versioned, Base):
    """One entry of a year's decision catalogue (决策目录), from proposal to post-evaluation."""

    __tablename__ = "major_decisions"
    # 待办: the decisions not yet taken (migration 0018).
    __table_args__ = (Index("ix_major_decisions_tenant_state_id", "tenant_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    lead_department: Mapped[str] = mapped_column(String(100), nullable=False)
    touches_public_interest: Mapped[bool] = mapped_column(Boolean, nullable=False)
    catalog_listed_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="open")  # open | decided
    meeting_kind: Mapped[str | None] = mapped_column(String(20))
    meeting_on: Mapped[date | None] = mapped_column(Date)
    meeting_ref: Mapped[str | None] = mapped_column(String(200))
    dissent: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    # The rules version it started under (None: started before versions were recorded).
    profile_id: Mapped[str | None] = mapped_column(String(100))

    steps: Mapped[list[DecisionStep]] = relationship(lazy="selectin", order_by=DecisionStep.id)
    responsible: Mapped[list[DecisionResponsible]] = relationship(lazy="selectin", order_by=DecisionResponsible.id)
    reports: Mapped[list[DecisionReport]] = relationship(lazy="selectin", order_by=DecisionReport.id)

    def state_for_rules(self) -> DecisionState:
        return DecisionState(self.title, self.touches_public_interest, self.catalog_listed_on is not None,
                             tuple(s.record() for s in self.steps), self.state == "decided")

    def summary(self) -> dict:
        return {
            "id": self.id, "year": self.year, "title": self.title, "description": self.description,
            "lead_department": self.lead_department, "touches_public_interest": self.touches_public_interest,
            "catalog_listed_on": self.catalog_listed_on and self.catalog_listed_on.isoformat(),
            "state": self.state, "meeting_kind": self.meeting_kind,
            "meeting_on": self.meeting_on and self.meeting_on.isoformat(), "meeting_ref": self.meeting_ref,
            "dissent": self.dissent, "version": self.version,
            "steps": [s.summary() for s in self.steps],
            "responsible": [r.summary() for r in self.responsible],
            "reports": [r.summary() for r in self.reports],
        }


class ContractReview(TenantOwned, Base):
    __tablename__ = "contract_reviews"
    __table_args__ = (UniqueConstraint("contract_id", "review"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    review: Mapped[str] = mapped_column(String(40), nullable=False)
    done_on: Mapped[date] = mapped_column(Date, nullable=False)
    evidence: Mapped[str] = mapped_column(Text, nullable=False)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"review": self.review, "done_on": self.done_on.isoformat(), "evidence": self.evidence,
                "recorded_by": self.recorded_by}


class Contract(TenantOwned, Versioned, Base):
    """A contract, agreement or memorandum in the government's name (以政府名义签订)."""

    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    counterparty: Mapped[str] = mapped_column(String(200), nullable=False)
    lead_department: Mapped[str] = mapped_column(String(100), nullable=False)
    oversight_deputy_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="open")  # open | approved | signed
    approved_by: Mapped[str | None] = mapped_column(String(20))
    approved_on: Mapped[date | None] = mapped_column(Date)
    meeting_ref: Mapped[str | None] = mapped_column(String(200))
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    signer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    signer: Mapped[str | None] = mapped_column(String(200))
    signer_roles: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    reviews: Mapped[list[ContractReview]] = relationship(lazy="selectin", order_by=ContractReview.id)

    def state_for_rules(self) -> ContractState:
        return ContractState(self.title, tuple(ReviewRecord(r.review, r.done_on, r.evidence) for r in self.reviews),
                             self.approved_by, self.approved_on, self.state == "signed")

    def summary(self) -> dict:
        return {
            "id": self.id, "title": self.title, "counterparty": self.counterparty,
            "lead_department": self.lead_department, "oversight_deputy_user_id": self.oversight_deputy_user_id,
            "state": self.state, "approved_by": self.approved_by,
            "approved_on": self.approved_on and self.approved_on.isoformat(), "meeting_ref": self.meeting_ref,
            "signed_at": self.signed_at and self.signed_at.isoformat(), "signer": self.signer,
            "signer_roles": self.signer_roles, "version": self.version,
            "reviews": [r.summary() for r in self.reviews],
        }
