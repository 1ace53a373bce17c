"""Rules texts added at run time, the profiles drafted from them with each reviewer's decision,
and the profiles adopted from a reviewed draft (platform-wide, not owned by a tenant)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhengwu.core.base import Base, UtcDateTime, Versioned


class StoredText(Base):
    """A rules text uploaded by the platform operator; parsed again on every start."""

    __tablename__ = "onboarding_texts"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)  # the rulebook id, e.g. taian-2025
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    doc_number: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None] = mapped_column(Date)
    filename: Mapped[str] = mapped_column(String(300), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)  # the text as read (a .docx as its paragraphs)
    repairs: Mapped[list] = mapped_column(JSON, nullable=False)  # [{"line", "message"}]
    added_by: Mapped[str] = mapped_column(String(100), nullable=False)  # who uploaded it (the actor's label)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class ProfileDraft(Versioned, Base):
    """A profile drafted from a stored text, under review; `proposals` as the drafter made them.
    Its version moves with every reviewer's decision too (a decision is a row of the draft)."""

    __tablename__ = "onboarding_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    text_id: Mapped[str] = mapped_column(ForeignKey("onboarding_texts.id", ondelete="RESTRICT"), nullable=False)
    profile_id: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    level: Mapped[str | None] = mapped_column(String(20))
    proposals: Mapped[list] = mapped_column(JSON, nullable=False)
    inherited: Mapped[list] = mapped_column(JSON, nullable=False)  # keys left to the default
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="review")  # review | adopted
    created_by: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "profile_id": self.profile_id, "name": self.name, "state": self.state,
                "version": self.version}


class DraftDecision(Base):
    """One reviewer's decision on one proposed value: accept, correct (with the value) or reject;
    `reason` keeps a value whose cited article does not show it (recorded override)."""

    __tablename__ = "onboarding_decisions"
    __table_args__ = (UniqueConstraint("draft_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("onboarding_drafts.id", ondelete="CASCADE"), nullable=False,
                                          index=True)
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    decision: Mapped[str] = mapped_column(String(20), nullable=False)  # accept | correct | reject
    value: Mapped[object] = mapped_column(JSON, nullable=True)
    cite: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    decided_by_name: Mapped[str] = mapped_column(String(100), nullable=False)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class StoredProfile(Base):
    """A profile adopted from a reviewed draft: its YAML, immutable, available to tenants."""

    __tablename__ = "onboarding_profiles"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("onboarding_drafts.id", ondelete="RESTRICT"), nullable=False)
    yaml: Mapped[str] = mapped_column(Text, nullable=False)
    adopted_by: Mapped[str] = mapped_column(String(100), nullable=False)
    adopted_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
