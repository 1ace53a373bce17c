"""The meeting tables: meetings, their attendance, topics with their consultations and pipeline
steps, minutes with their signatures, resolutions, and conference requests. Every row belongs to
one tenant; workflow objects carry a version."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from zhengwu.calendar import china_date
from zhengwu.core import references
from zhengwu.core.base import Base, TenantOwned, UtcDateTime, Versioned


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


class Meeting(Versioned, TenantOwned, Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, index=True)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    location: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    state: Mapped[str] = mapped_column(String(20), nullable=False)  # planned | held | cancelled
    chair_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    delegated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    matters: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # e.g. land_use (海南区 53)
    invoked: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # named exceptions invoked
    classified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    materials_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # 会议材料送达与会人员
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    @property
    def day(self) -> date:
        """The meeting's day in Beijing, what every rule about it counts from: a meeting at 07:30
        is on that Beijing date although the stored UTC instant is still the day before."""
        return china_date(self.starts_at)

    def summary(self) -> dict:
        return {"id": self.id, "kind": self.kind, "title": self.title, "starts_at": _iso(self.starts_at),
                "ends_at": _iso(self.ends_at), "location": self.location, "state": self.state,
                "chair_id": self.chair_id, "delegated_by_id": self.delegated_by_id, "matters": self.matters,
                "invoked": self.invoked, "classified": self.classified,
                "materials_sent_at": _iso(self.materials_sent_at), "version": self.version}


class Attendance(Versioned, TenantOwned, Base):
    """One person's place at a meeting: invited, present or absent (with the absence request)."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_meeting_attendance_meeting_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)  # member | observer
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # invited | present | absent
    absence_state: Mapped[str | None] = mapped_column(String(20))  # requested | approved | rejected
    absence_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    absence_ground: Mapped[str | None] = mapped_column(String(40))  # an admitted reason (西市 24)
    absence_approver: Mapped[str | None] = mapped_column(String(40))  # the profile's approver code
    absence_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filed_with_office: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    substitute: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    substitute_consented_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cite: Mapped[str | None] = mapped_column(String(200))

    def summary(self) -> dict:
        return {"id": self.id, "meeting_id": self.meeting_id, "user_id": self.user_id, "role": self.role,
                "status": self.status, "absence_state": self.absence_state, "absence_reason": self.absence_reason,
                "absence_ground": self.absence_ground, "absence_approver": self.absence_approver,
                "absence_decided_by_id": self.absence_decided_by_id, "filed_with_office": self.filed_with_office,
                "substitute": self.substitute, "substitute_consented_by_id": self.substitute_consented_by_id,
                "cite": self.cite, "version": self.version}


class Topic(Versioned, TenantOwned, Base):
    """议题: proposed for a meeting type, carried through the profile's pipeline to an agenda."""

    __tablename__ = "meeting_topics"
    # 待办: the topics under way (migration 0018).
    __table_args__ = (Index("ix_meeting_topics_tenant_state_id", "tenant_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    summary_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    lead_department_id: Mapped[int | None] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"))
    proposer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    needs_legality_review: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    legality_reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    coordinated: Mapped[bool | None] = mapped_column(Boolean)
    coordinated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    coordination_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    materials_on: Mapped[date | None] = mapped_column(Date)
    materials: Mapped[str] = mapped_column(Text, nullable=False, default="")
    late_consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    late_consent_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    steps_done: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    agenda_order: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    # The rules version it started under (None: started before versions were recorded).
    profile_id: Mapped[str | None] = mapped_column(String(100))
    # 会议文件: reviewed by the office where the text says so (西市 21 审核把关), then finalized by
    # the post the profile names (审定/批印, 大洼 35/36/39, 大连 36–39) before the agenda (migration 0027).
    documents_reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    documents_reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    documents_finalized_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    documents_finalized_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    documents_finalized_as: Mapped[str | None] = mapped_column(String(40))
    documents_note: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")

    def summary(self) -> dict:
        return {"id": self.id, "meeting_kind": self.meeting_kind, "title": self.title,
                "lead_department_id": self.lead_department_id, "proposer_id": self.proposer_id,
                "state": self.state, "needs_legality_review": self.needs_legality_review,
                "legality_reviewed_by_id": self.legality_reviewed_by_id, "coordinated": self.coordinated,
                "coordinated_by_id": self.coordinated_by_id, "meeting_id": self.meeting_id,
                "materials_on": _iso(self.materials_on), "late_consent_by_id": self.late_consent_by_id,
                "late_consent_note": self.late_consent_note, "steps_done": self.steps_done,
                "agenda_order": self.agenda_order, "documents_reviewed_by_id": self.documents_reviewed_by_id,
                "documents_finalized_by_id": self.documents_finalized_by_id,
                "documents_finalized_as": self.documents_finalized_as, "version": self.version}


class Consultation(TenantOwned, Base):
    """A related department's written answer on a topic (书面征求意见)."""

    __tablename__ = "meeting_consultations"
    __table_args__ = (UniqueConstraint("topic_id", "department_id", name="uq_meeting_consultations_topic_department"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("meeting_topics.id", ondelete="CASCADE"), nullable=False, index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"), nullable=False)
    agrees: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class TopicStep(TenantOwned, Base):
    """One pipeline step taken on a topic: who, as which post, when."""

    __tablename__ = "meeting_topic_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("meeting_topics.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    by: Mapped[str] = mapped_column(String(40), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cite: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class Minutes(Versioned, TenantOwned, Base):
    """纪要: drafted by the office, countersigned, reviewed and signed off as the profile says."""

    __tablename__ = "meeting_minutes"
    # 待办: the minutes not yet signed (migration 0018).
    __table_args__ = (Index("ix_meeting_minutes_tenant_state", "tenant_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, unique=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False)  # draft | signed
    number: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    drafted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    countersigners_due: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # user ids
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "meeting_id": self.meeting_id, "state": self.state, "number": self.number,
                "drafted_by_id": self.drafted_by_id, "countersigners_due": self.countersigners_due,
                "signed_at": _iso(self.signed_at), "version": self.version}


class MinutesSignature(TenantOwned, Base):
    """A countersign (会签), a review (审核) or a sign-off (签发, as the signer code it fills)."""

    __tablename__ = "meeting_minutes_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("meeting_minutes.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # countersign | review | sign_off
    as_code: Mapped[str | None] = mapped_column(String(40))  # for sign_off: the required signer filled
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    cite: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class Resolution(Versioned, TenantOwned, Base):
    """议定事项: a decision of the meeting, with the responsible department and deadline, the task
    it became, and — for a document the meeting approved — its issue deadline."""

    __tablename__ = "meeting_resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_topics.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    department_id: Mapped[int] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"), nullable=False)
    deadline: Mapped[date] = mapped_column(Date, nullable=False)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_tasks.id", ondelete="SET NULL"))
    classified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    disclose: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    disclosure_cite: Mapped[str | None] = mapped_column(String(200))
    document_title: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    issue_exception: Mapped[str | None] = mapped_column(String(40))
    to_office_by: Mapped[date | None] = mapped_column(Date)
    issue_by: Mapped[date | None] = mapped_column(Date)
    issue_cite: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[date | None] = mapped_column(Date)
    to_office_on: Mapped[date | None] = mapped_column(Date)  # 承办部门报送办公室之日 (西市 22)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "meeting_id": self.meeting_id, "topic_id": self.topic_id, "text": self.text,
                "department_id": self.department_id, "deadline": _iso(self.deadline), "task_id": self.task_id,
                "classified": self.classified, "disclose": self.disclose, "disclosure_cite": self.disclosure_cite,
                "document_title": self.document_title, "issue_exception": self.issue_exception,
                "to_office_by": _iso(self.to_office_by), "issue_by": _iso(self.issue_by),
                "issue_cite": self.issue_cite, "issued_on": _iso(self.issued_on),
                "to_office_on": _iso(self.to_office_on), "version": self.version}


class ConferenceRequest(Versioned, TenantOwned, Base):
    """全区性工作会议 requested by a department, checked against the profile's limits."""

    __tablename__ = "meeting_conference_requests"
    # 待办: the requests under approval (migration 0018).
    __table_args__ = (Index("ix_meeting_conference_requests_tenant_state", "tenant_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    requested_on: Mapped[date] = mapped_column(Date, nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    speech_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    national: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    in_government_name: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    planned_on: Mapped[date | None] = mapped_column(Date)
    exceptions: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    state: Mapped[str] = mapped_column(String(20), nullable=False)  # requested | approved
    steps_done: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # conference (全区性工作会议) | meeting_request (请示召开首长办公会议、业务会议, 大连 43)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="conference", server_default="conference")
    meeting_kind: Mapped[str | None] = mapped_column(String(20))  # the meeting a meeting_request asks for
    # The resolution of the meeting that took a step 「报…常务会议审批」 (大连 43).
    resolution_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_resolutions.id", ondelete="RESTRICT"))
    # Consents to the exceptions invoked (「原则上」 limits passed over): [{name, user_id}].
    exception_consents: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    # The rules version it started under (None: started before versions were recorded).
    profile_id: Mapped[str | None] = mapped_column(String(100))

    def summary(self) -> dict:
        return {"id": self.id, "kind": self.kind, "meeting_kind": self.meeting_kind,
                "resolution_id": self.resolution_id, "exception_consents": self.exception_consents,
                "department_id": self.department_id, "title": self.title,
                "requested_on": _iso(self.requested_on), "held_on": _iso(self.held_on),
                "duration_minutes": self.duration_minutes, "speech_minutes": self.speech_minutes,
                "national": self.national, "in_government_name": self.in_government_name,
                "planned_on": _iso(self.planned_on), "exceptions": self.exceptions, "state": self.state,
                "steps_done": self.steps_done, "version": self.version}


def _resolution_ref(session, tenant_id: int, resolution_id: int):
    """A resolution as other domains see it (see zhengwu.core.references)."""
    row = session.get(Resolution, resolution_id)
    if row is None or row.tenant_id != tenant_id:
        return None
    meeting = session.get(Meeting, row.meeting_id)
    minutes = session.execute(select(Minutes).where(Minutes.meeting_id == meeting.id)).scalar_one_or_none()
    return references.ResolutionRef(row.id, meeting.kind, meeting.day,
                                    minutes is not None and minutes.state == "signed", row.text)


references.use_resolution_lookup(_resolution_ref)
class CalendarFeed(TenantOwned, Base):
    """A person's calendar subscription: a secret link their calendar program fetches without a
    browser session. Only the token's SHA-256 is kept; revoking it (or making a new one) ends it."""

    __tablename__ = "meeting_calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class DepartmentMeetingRequest(Versioned, TenantOwned, Base):
    """A department's own 工作会议 that invites government leaders or 镇、园区（地区）负责人 (大洼 42,
    大连 43, 海南区 55/85, 西市 25): the consents the text asks for, fixed when it is filed, and
    those given."""

    __tablename__ = "meeting_department_requests"
    __table_args__ = (Index("ix_meeting_department_requests_tenant_state", "tenant_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("org_departments.id", ondelete="RESTRICT"), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    requested_on: Mapped[date] = mapped_column(Date, nullable=False)
    leader_ids: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # government leaders invited
    local_department_ids: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # 镇、园区（地区）invited
    # [{name, label, approver, leader, cite}]: each exception the invitation takes and whose consent it needs.
    required: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    consents: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # [{key, user_id, on}]
    state: Mapped[str] = mapped_column(String(20), nullable=False)  # requested | approved
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    profile_id: Mapped[str | None] = mapped_column(String(100))

    def summary(self) -> dict:
        return {"id": self.id, "department_id": self.department_id, "title": self.title, "held_on": _iso(self.held_on),
                "requested_on": _iso(self.requested_on), "leader_ids": self.leader_ids,
                "local_department_ids": self.local_department_ids, "required": self.required,
                "consents": self.consents, "state": self.state, "version": self.version}


class StandingObservers(Versioned, TenantOwned, Base):
    """常设列席单位 of a meeting kind, as set by the one the text names (大洼 37 「由区长确定」)."""

    __tablename__ = "meeting_standing_observers"
    __table_args__ = (UniqueConstraint("tenant_id", "meeting_kind", name="uq_meeting_standing_observers_tenant_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    department_ids: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    set_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    set_on: Mapped[date] = mapped_column(Date, nullable=False)

    def summary(self) -> dict:
        return {"id": self.id, "meeting_kind": self.meeting_kind, "department_ids": self.department_ids,
                "set_by_id": self.set_by_id, "set_on": _iso(self.set_on), "version": self.version}


class AttendanceBulletin(Versioned, TenantOwned, Base):
    """The office's 通报 of meeting attendance and discipline over a period (大连 42), with the
    figures it was issued with."""

    __tablename__ = "meeting_attendance_bulletins"

    id: Mapped[int] = mapped_column(primary_key=True)
    since: Mapped[date] = mapped_column(Date, nullable=False)
    until: Mapped[date] = mapped_column(Date, nullable=False)
    # [{user_id, name, invited, present, absent, excused, unexcused}]
    lines: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    cite: Mapped[str | None] = mapped_column(String(200))

    def summary(self) -> dict:
        return {"id": self.id, "since": _iso(self.since), "until": _iso(self.until), "lines": self.lines,
                "note": self.note, "issued_by_id": self.issued_by_id, "issued_at": _iso(self.issued_at),
                "cite": self.cite, "version": self.version}
