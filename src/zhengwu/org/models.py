"""The org's tables: departments (and townships), posts and who holds them, portfolios (分管),
cover pairs (AB角 / 补位) and leave requests. Every row belongs to one tenant."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhengwu.core.base import Base, TenantOwned, UtcDateTime, Versioned

DEPARTMENT_KINDS = ("department", "township", "office")


class Department(TenantOwned, Base):
    __tablename__ = "org_departments"
    __table_args__ = (UniqueConstraint("tenant_id", "name", name="uq_org_departments_tenant_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # department | township | office
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind}


class Post(Versioned, TenantOwned, Base):
    """A post and its current holder (a core user; one user may hold posts in several tenants)."""

    __tablename__ = "org_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    title: Mapped[str] = mapped_column(String(100), nullable=False)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"))
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    rank: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # order on the org chart
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "kind": self.kind, "title": self.title, "department_id": self.department_id,
                "holder_id": self.holder_id, "version": self.version}


class Portfolio(TenantOwned, Versioned, Base):
    """分管: a deputy's post oversees a department (one overseeing deputy per department)."""

    __tablename__ = "org_portfolios"
    __table_args__ = (UniqueConstraint("tenant_id", "department_id", name="uq_org_portfolios_tenant_department"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("org_posts.id", ondelete="CASCADE"), nullable=False)
    department_id: Mapped[int] = mapped_column(ForeignKey("org_departments.id", ondelete="CASCADE"), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "department_id": self.department_id, "post_id": self.post_id, "version": self.version}


class CoverPair(TenantOwned, Base):
    """Two deputies' posts that cover for each other: AB角 (`ab_partner`) or 补位 (`fill_in`)."""

    __tablename__ = "org_cover_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    first_post_id: Mapped[int] = mapped_column(ForeignKey("org_posts.id", ondelete="CASCADE"), nullable=False)
    second_post_id: Mapped[int] = mapped_column(ForeignKey("org_posts.id", ondelete="CASCADE"), nullable=False)


class LeaveRequest(Versioned, TenantOwned, Base):
    __tablename__ = "org_leave_requests"
    # 待办: the requested leaves, few among a year's (migration 0018).
    __table_args__ = (Index("ix_org_leave_requests_tenant_state", "tenant_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True, nullable=False)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # office on behalf
    post_id: Mapped[int] = mapped_column(ForeignKey("org_posts.id", ondelete="RESTRICT"), nullable=False)
    occasion: Mapped[str] = mapped_column(String(30), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    approver: Mapped[str | None] = mapped_column(String(40))  # the profile's approver code when requested
    office_report: Mapped[str | None] = mapped_column(String(30))
    cite: Mapped[str | None] = mapped_column(String(200))
    designated_post_id: Mapped[int | None] = mapped_column(ForeignKey("org_posts.id", ondelete="SET NULL"))
    mandate: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decision_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    @property
    def effective_end(self) -> datetime:
        """销假 ends the absence when it is reported, even before the planned end."""
        if self.cancelled_at is not None and self.cancelled_at < self.ends_at:
            return max(self.cancelled_at, self.starts_at)
        return self.ends_at

    def summary(self) -> dict:
        return {"id": self.id, "requester_id": self.requester_id, "filed_by_id": self.filed_by_id, "post_id": self.post_id,
                "occasion": self.occasion, "reason": self.reason, "starts_at": self.starts_at.isoformat(),
                "ends_at": self.ends_at.isoformat(), "state": self.state, "approver": self.approver,
                "office_report": self.office_report, "cite": self.cite,
                "designated_post_id": self.designated_post_id, "mandate": self.mandate,
                "decided_by_id": self.decided_by_id,
                "decided_at": self.decided_at.isoformat() if self.decided_at else None,
                "decision_note": self.decision_note,
                "cancelled_at": self.cancelled_at.isoformat() if self.cancelled_at else None,
                "version": self.version}


class OrgStamp(Base):
    """A tenant's org stamp: a random number drawn anew in the transaction of every write to its
    posts, leaves, portfolios, cover pairs, memberships or profile versions (org/state_cache.py).
    A process keeps the org it read under a stamp and reuses it while the stamp is unchanged."""

    __tablename__ = "org_stamps"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    stamp: Mapped[int] = mapped_column(BigInteger, nullable=False)
