"""The documents' tables: documents and their versions, routing, instructions (批示),
countersign requests with their clocks, chain steps (审核/会签/签发), reviews, filings and
传阅 rounds (the doc-number counters are core.serials). Every row belongs to one tenant; workflow rows carry a version."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from zhengwu.core.base import Base, TenantOwned, UtcDateTime, Versioned, insert_order


class Document(Versioned, TenantOwned, Base):
    """One 公文: incoming (a department's 请示/报告) or outgoing (the government's own)."""

    __tablename__ = "doc_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    insert_order: Mapped[int | None] = insert_order()
    direction: Mapped[str] = mapped_column(String(10), nullable=False)  # incoming | outgoing
    doc_type: Mapped[str] = mapped_column(String(20), nullable=False)
    issuer: Mapped[str] = mapped_column(String(20), nullable=False)  # government | office | department
    department_id: Mapped[int | None] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    main_recipients: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    copy_to: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    attachments: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    classification: Mapped[str | None] = mapped_column(String(20))
    classification_term: Mapped[str | None] = mapped_column(String(40))
    urgency: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    # What the signing matrix and the reviews ask: important, normative, policy, cross_portfolio,
    # from_executive_meeting, addressee, matter, major, proxy_draft, legality_statement.
    facts: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    # The incoming check's inputs and its refusal reasons (收文初审), kept as the office saw them.
    intake: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    check_reasons: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    return_reasons: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    touches_department_ids: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    chain: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # the matrix's steps, with cites
    routed_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("doc_documents.id", ondelete="SET NULL"))
    doc_number: Mapped[str | None] = mapped_column(String(60))
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signer_name: Mapped[str | None] = mapped_column(String(100))
    signed_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)  # 收文日期 (incoming); registered: created_by/at
    # 收文编号: counted per government and per year of the 收文日期 (core.serials), kept on resubmission.
    register_no: Mapped[str | None] = mapped_column(String(40))
    issued_on: Mapped[date | None] = mapped_column(Date)
    annotation: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    # The rules version it started under (None: started before versions were recorded).
    profile_id: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    __table_args__ = (
        UniqueConstraint("tenant_id", "doc_number", name="uq_doc_documents_tenant_number"),
        # Lists page by id within a tenant, and queues narrow by state first (issue 18).
        Index("ix_doc_documents_tenant_id_id", "tenant_id", "id"),
        Index("ix_doc_documents_tenant_state_id", "tenant_id", "state", "id"),
        Index("ix_doc_documents_reply_to_id", "reply_to_id"),
        Index("ix_doc_documents_tenant_classification", "tenant_id", "classification"),
    )

    def summary(self) -> dict:
        return {
            "id": self.id, "direction": self.direction, "doc_type": self.doc_type, "issuer": self.issuer,
            "title": self.title, "state": self.state, "doc_number": self.doc_number,
            "classification": self.classification, "urgency": self.urgency, "version": self.version,
        }


class DocumentVersion(TenantOwned, Base):
    """A draft as it stood: the proxy draft, each office revision."""

    __tablename__ = "doc_versions"
    __table_args__ = (UniqueConstraint("document_id", "no", name="uq_doc_versions_document_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    insert_order: Mapped[int | None] = insert_order()
    document_id: Mapped[int] = mapped_column(ForeignKey("doc_documents.id", ondelete="CASCADE"), index=True, nullable=False)
    no: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    note: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    # Only to be written with: a new document's first version names it before either has its key
    # (a batch of drafts is written by one flush); nothing reads a version's document through it.
    document: Mapped[Document] = relationship(lazy="raise")


class Routing(TenantOwned, Base):
    """呈批: the office sends a document to a leader; a leader forwards it to another."""

    __tablename__ = "doc_routings"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("doc_documents.id", ondelete="CASCADE"), index=True, nullable=False)
    to_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    post: Mapped[str] = mapped_column(String(40), nullable=False)  # head | oversight_deputy | forwarded
    cite: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class Instruction(Versioned, TenantOwned, Base):
    """批示: a leader's clear opinion; a 批示件 that asks for a report carries its deadline."""

    __tablename__ = "doc_instructions"
    # 待办: the 批示件 a department has yet to report on (migration 0018).
    __table_args__ = (Index("ix_doc_instructions_tenant_handler_reported", "tenant_id", "handler_department_id",
                            "reported_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("doc_documents.id", ondelete="CASCADE"), index=True, nullable=False)
    leader_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    opinion: Mapped[str] = mapped_column(String(20), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    asks_report: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    handler_department_id: Mapped[int | None] = mapped_column(ForeignKey("org_departments.id", ondelete="SET NULL"))
    handler: Mapped[str | None] = mapped_column(String(100))  # 专人
    received_on: Mapped[date | None] = mapped_column(Date)  # the 批示件's real received date
    report_due: Mapped[date | None] = mapped_column(Date)
    due_cite: Mapped[str | None] = mapped_column(String(200))
    progress: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    reported_on: Mapped[date | None] = mapped_column(Date)
    report_text: Mapped[str | None] = mapped_column(Text)
    report_signer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    late_explanation: Mapped[str | None] = mapped_column(Text)

    def summary(self) -> dict:
        return {"id": self.id, "opinion": self.opinion, "text": self.text, "asks_report": self.asks_report,
                "handler": self.handler, "received_on": self.received_on and self.received_on.isoformat(),
                "report_due": self.report_due and self.report_due.isoformat(),
                "reported_on": self.reported_on and self.reported_on.isoformat(), "version": self.version}


UNANSWERED_IN_TIME = "answered_at IS NULL OR answered_at >= due"


class CountersignRequest(Versioned, TenantOwned, Base):
    """One party asked to countersign a draft: its clock (sent, due, on which basis) and answer."""

    __tablename__ = "doc_countersigns"
    __table_args__ = (Index("ix_doc_countersigns_tenant_id_id", "tenant_id", "id"),
                      # 会签时限's "only those whose clock runs": the unanswered are few among a year's.
                      Index("ix_doc_countersigns_tenant_outcome_id", "tenant_id", "outcome", "id"),
                      # The compliance report's late countersigns: unanswered, or answered on or after
                      # the day due — a handful among a year's. SQLite keeps only those rows (the
                      # report's query carries the same condition); PostgreSQL cannot (comparing a
                      # timestamp with time zone to a date is not immutable) and keeps the year's range.
                      Index("ix_doc_countersigns_tenant_due_unanswered", "tenant_id", "due",
                            sqlite_where=text(UNANSWERED_IN_TIME)))

    id: Mapped[int] = mapped_column(primary_key=True)
    insert_order: Mapped[int | None] = insert_order()
    document_id: Mapped[int] = mapped_column(ForeignKey("doc_documents.id", ondelete="CASCADE"), index=True, nullable=False)
    round_no: Mapped[int] = mapped_column(Integer, nullable=False)
    mode: Mapped[str] = mapped_column(String(20), nullable=False)  # parallel | sequential
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    department_id: Mapped[int] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"), nullable=False)
    sent_on: Mapped[date | None] = mapped_column(Date)  # None: not yet asked (sequential)
    due: Mapped[date | None] = mapped_column(Date)
    basis: Mapped[str | None] = mapped_column(String(30))
    cite: Mapped[str | None] = mapped_column(String(200))
    lead_department_due: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))  # agree | disagree | deemed_consent
    outcome_cite: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opinion: Mapped[str] = mapped_column(Text, nullable=False, default="")
    their_reasons: Mapped[str] = mapped_column(Text, nullable=False, default="")
    our_reasons: Mapped[str] = mapped_column(Text, nullable=False, default="")
    proposal: Mapped[str] = mapped_column(Text, nullable=False, default="")

    def summary(self) -> dict:
        return {"id": self.id, "department_id": self.department_id, "sent_on": self.sent_on and self.sent_on.isoformat(),
                "due": self.due and self.due.isoformat(), "basis": self.basis, "outcome": self.outcome,
                "version": self.version}


class ChainStep(TenantOwned, Base):
    """A step of the signing chain taken: review, countersign (by a leader) or sign-off."""

    __tablename__ = "doc_chain_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    insert_order: Mapped[int | None] = insert_order()
    document_id: Mapped[int] = mapped_column(ForeignKey("doc_documents.id", ondelete="CASCADE"), index=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    post: Mapped[str] = mapped_column(String(40), nullable=False)  # the chain's post this step was for
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    capacity: Mapped[str] = mapped_column(String(100), nullable=False)  # 「区长（代行）」: as whom
    opinion: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cite: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class AwaitedPost(TenantOwned, Base):
    """A post that may take the next step of a document at signing (`signoff.awaited_posts`),
    kept as the chain advances: the sign-off queue asks the database for the documents awaiting
    the user's posts instead of working out every chain."""

    __tablename__ = "doc_awaited_posts"
    __table_args__ = (Index("ix_doc_awaited_posts_tenant_post_document", "tenant_id", "post", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("doc_documents.id", ondelete="CASCADE"), index=True, nullable=False)
    post: Mapped[str] = mapped_column(String(40), nullable=False)


class ReviewRecord(TenantOwned, Base):
    """A review before issue: legality, fair competition, public comment, interpretation."""

    __tablename__ = "doc_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("doc_documents.id", ondelete="CASCADE"), index=True, nullable=False)
    review: Mapped[str] = mapped_column(String(40), nullable=False)
    passed: Mapped[bool] = mapped_column(Boolean, nullable=False)
    on: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date | None] = mapped_column(Date)
    by_label: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Filing(TenantOwned, Base):
    """备案 of an issued normative document with one body the profile names."""

    __tablename__ = "doc_filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("doc_documents.id", ondelete="CASCADE"), index=True, nullable=False)
    to: Mapped[str] = mapped_column(String(40), nullable=False)
    filed_on: Mapped[date] = mapped_column(Date, nullable=False)
    cite: Mapped[str | None] = mapped_column(String(200))


class ImplementationDraft(Versioned, TenantOwned, Base):
    """转办: a superior document passed to a lead department for the implementation draft
    (海南区 60), its due day and on which basis, and the draft sent."""

    __tablename__ = "doc_implementation_drafts"
    __table_args__ = (Index("ix_doc_implementation_drafts_tenant_id_id", "tenant_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)  # the superior document
    issued_by: Mapped[str] = mapped_column(String(200), nullable=False)  # 国务院办公厅, 自治区政府…
    department_id: Mapped[int] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"), nullable=False)
    assigned_on: Mapped[date] = mapped_column(Date, nullable=False)
    superior_due: Mapped[date | None] = mapped_column(Date)  # the superior document's own limit
    due: Mapped[date | None] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(String(20), nullable=False)  # text | superior | special | none
    cite: Mapped[str | None] = mapped_column(String(200))
    special_reason: Mapped[str | None] = mapped_column(Text)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("doc_documents.id", ondelete="SET NULL"))
    drafted_on: Mapped[date | None] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "title": self.title, "issued_by": self.issued_by, "department_id": self.department_id,
                "assigned_on": self.assigned_on.isoformat(), "due": self.due and self.due.isoformat(),
                "basis": self.basis, "cite": self.cite, "special_reason": self.special_reason,
                "draft_id": self.draft_id, "drafted_on": self.drafted_on and self.drafted_on.isoformat(),
                "late": self.late, "version": self.version}


class NumberPrefix(TenantOwned, Base):
    """机关代字 of an issuer (大政发, 大政办发): set by the office, printed in every doc number."""

    __tablename__ = "doc_number_prefixes"
    __table_args__ = (UniqueConstraint("tenant_id", "issuer", name="uq_doc_number_prefixes_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(20), nullable=False)
    prefix: Mapped[str] = mapped_column(String(40), nullable=False)
    issuer_mark: Mapped[str] = mapped_column(String(100), nullable=False)  # 红头: 「××区人民政府文件」
    authority: Mapped[str] = mapped_column(String(100), nullable=False)  # 发文机关署名


class Clearance(TenantOwned, Base):
    """Up to which 密级 a user may read (涉密公文 only to those cleared and on the routing)."""

    __tablename__ = "doc_clearances"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id", name="uq_doc_clearances_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    level: Mapped[str] = mapped_column(String(20), nullable=False)  # secret | confidential | top_secret


class Circulation(Versioned, TenantOwned, Base):
    """传阅 (条例第二十四条第（五）项): the office sends a document round its readers and follows
    where it is until every reader has read it (`completed_at`: 传阅完毕)."""

    __tablename__ = "doc_circulations"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("doc_documents.id", ondelete="CASCADE"), index=True, nullable=False)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    def summary(self) -> dict:
        return {"id": self.id, "document_id": self.document_id, "note": self.note,
                "completed_at": self.completed_at and self.completed_at.isoformat(), "version": self.version}


class CirculationReader(TenantOwned, Base):
    """One reader of a circulation: a person named by the post they hold (`post_id`, `user_id`
    the holder when it was sent) or a unit (`department_id`: any member may read for it)."""

    __tablename__ = "doc_circulation_readers"
    __table_args__ = (Index("ix_doc_circulation_readers_tenant_user", "tenant_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    circulation_id: Mapped[int] = mapped_column(ForeignKey("doc_circulations.id", ondelete="CASCADE"), index=True,
                                                nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    label: Mapped[str] = mapped_column(String(200), nullable=False)  # 「副区长 王明」, 「财政局」: as sent
    post_id: Mapped[int | None] = mapped_column(ForeignKey("org_posts.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("org_departments.id", ondelete="SET NULL"))
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    read_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str | None] = mapped_column(Text)  # the reader's 批示, exactly as written
    urged_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_urged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Referral(Versioned, TenantOwned, Base):
    """交部门直接答复 (海南区 58): the office hands a department's 请示 to the department whose
    matter it is; that department answers the sender directly and reports the result back to the
    office. Open (on its 待办, seen by the office) until the feedback is recorded (migration 0027)."""

    __tablename__ = "doc_referrals"
    __table_args__ = (Index("ix_doc_referrals_tenant_state_id", "tenant_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("doc_documents.id", ondelete="CASCADE"), nullable=False, index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"), nullable=False)
    mode: Mapped[str] = mapped_column(String(20), nullable=False)  # answer | opinion (documents.referrals.MODES)
    state: Mapped[str] = mapped_column(String(20), nullable=False)  # open | answered
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")  # the office's words on handing it over
    cite: Mapped[str | None] = mapped_column(String(200))
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    referred_on: Mapped[date] = mapped_column(Date, nullable=False)
    answer: Mapped[str] = mapped_column(Text, nullable=False, default="")  # the answer given to the sender
    answered_on: Mapped[date | None] = mapped_column(Date)
    feedback: Mapped[str] = mapped_column(Text, nullable=False, default="")  # the result reported to the office
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    fed_back_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "document_id": self.document_id, "department_id": self.department_id,
                "mode": self.mode, "state": self.state, "note": self.note, "cite": self.cite,
                "referred_on": self.referred_on.isoformat(), "answer": self.answer,
                "answered_on": self.answered_on and self.answered_on.isoformat(), "feedback": self.feedback,
                "version": self.version}


# Whatever writes a document loaded these models: the words index's upkeep comes with them.
from zhengwu.documents import words as _words  # noqa: E402,F401
