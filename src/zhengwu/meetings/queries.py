"""Reads of the meetings domain for pages, the API, the CLI and the compliance report: meetings,
topics, minutes, attendance, resolutions, conference requests, the cadence, and the deviations
of a period replayed against the profile. Nothing here writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.calendar import china_date, default_calendar
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.paging import Page, keyset
from zhengwu.core.tenants import Tenant, profile_on, segments
from zhengwu.core.verdict import Reason
from zhengwu.core.deviations import deviation
from zhengwu.meetings import rules
from zhengwu.meetings.models import (Attendance, ConferenceRequest, Consultation, Meeting, Minutes,
                                     MinutesSignature, Resolution, Topic, TopicStep)
from zhengwu.org.models import Department, Post
from zhengwu.rulebook import labels
from zhengwu.rulebook.cite import basis
from zhengwu.rulebook.profile import load_profile


def issue_deadline_of(resolution: Resolution) -> rules.IssueDeadline:
    return rules.IssueDeadline(resolution.to_office_by, resolution.issue_by, resolution.issue_cite,
                               "" if resolution.issue_cite is None else basis(resolution.issue_cite))


def issue_overdue(resolution: Resolution, today: date) -> bool:
    """Flag: a document not issued by its deadline, or issued after it."""
    if resolution.issue_by is None:
        return False
    done = resolution.issued_on
    return (done or today) > resolution.issue_by


def meetings_between(session: Session, tenant: Tenant, since: datetime, until: datetime, *, after: int | None = None,
                     limit: int | None = None) -> Page[Meeting]:
    """A page of the meetings starting in [since, until) (keyset on the id), shown by start time."""
    page = keyset(session, select(Meeting).where(Meeting.tenant_id == tenant.id, Meeting.starts_at >= since,
                                                 Meeting.starts_at < until), Meeting.id, after=after, limit=limit,
                  descending=False)
    return Page(sorted(page.rows, key=lambda m: (m.starts_at, m.id)), page.next_after, page.total, page.capped)


def meetings_of_user(session: Session, tenant: Tenant, user_id: int) -> list[Meeting]:
    return list(session.execute(select(Meeting).join(Attendance, Attendance.meeting_id == Meeting.id)
                                .where(Meeting.tenant_id == tenant.id, Attendance.user_id == user_id,
                                       Meeting.state != "cancelled").order_by(Meeting.starts_at)).scalars())


def meetings_by_id(session: Session, tenant: Tenant, meeting_ids) -> list[Meeting]:
    """The tenant's meetings of these ids, read at once."""
    ids = list(meeting_ids)
    if not ids:
        return []
    return list(session.execute(select(Meeting).where(Meeting.tenant_id == tenant.id, Meeting.id.in_(ids))).scalars())


def get_meeting(session: Session, tenant: Tenant, meeting_id: int) -> Meeting:
    return get_in_tenant(session, Meeting, meeting_id, tenant.id, "会议")


def get_topic(session: Session, tenant: Tenant, topic_id: int) -> Topic:
    return get_in_tenant(session, Topic, topic_id, tenant.id, "议题")


def get_minutes(session: Session, tenant: Tenant, minutes_id: int) -> Minutes:
    return get_in_tenant(session, Minutes, minutes_id, tenant.id, "纪要")


def minutes_of(session: Session, meeting_id: int) -> Minutes | None:
    return session.execute(select(Minutes).where(Minutes.meeting_id == meeting_id)).scalar_one_or_none()


def agenda(session: Session, meeting_id: int) -> list[Topic]:
    return list(session.execute(select(Topic).where(Topic.meeting_id == meeting_id)
                                .order_by(Topic.agenda_order.is_(None), Topic.agenda_order, Topic.id)).scalars())


def topics(session: Session, tenant: Tenant, *, open_only: bool = True, meeting_id: int | None = None,
           after: int | None = None, limit: int | None = None) -> Page[Topic]:
    """A page of the topic queue, in the order proposed (keyset on the id): the open topics, or all;
    or those placed on one meeting."""
    query = select(Topic).where(Topic.tenant_id == tenant.id)
    if open_only:
        query = query.where(Topic.state.in_(("proposed", "consulting", "coordinating", "submitted", "approved")))
    if meeting_id is not None:
        query = query.where(Topic.meeting_id == meeting_id)
    return keyset(session, query, Topic.id, after=after, limit=limit, descending=False)


def consultations(session: Session, topic_id: int) -> list[tuple[Consultation, str]]:
    return consultations_of(session, [topic_id]).get(topic_id, [])


def consultations_of(session: Session, topic_ids) -> dict[int, list[tuple[Consultation, str]]]:
    """Each topic's consultations with the consulted department's name, for many topics at once."""
    found: dict[int, list[tuple[Consultation, str]]] = {}
    ids = list(topic_ids)
    if ids:
        for consultation, name in session.execute(
                select(Consultation, Department.name).join(Department, Department.id == Consultation.department_id)
                .where(Consultation.topic_id.in_(ids)).order_by(Consultation.id)).all():
            found.setdefault(consultation.topic_id, []).append((consultation, name))
    return found


def topic_steps(session: Session, topic_id: int) -> list[TopicStep]:
    return topic_steps_of(session, [topic_id]).get(topic_id, [])


def topic_steps_of(session: Session, topic_ids) -> dict[int, list[TopicStep]]:
    """Each topic's steps in order, for many topics at once."""
    found: dict[int, list[TopicStep]] = {}
    ids = list(topic_ids)
    if ids:
        for step in session.execute(select(TopicStep).where(TopicStep.topic_id.in_(ids))
                                    .order_by(TopicStep.topic_id, TopicStep.position)).scalars():
            found.setdefault(step.topic_id, []).append(step)
    return found


def attendance(session: Session, meeting_id: int) -> list[Attendance]:
    return list(session.execute(select(Attendance).where(Attendance.meeting_id == meeting_id)
                                .order_by(Attendance.id)).scalars())


def signatures(session: Session, minutes_id: int) -> list[MinutesSignature]:
    return list(session.execute(select(MinutesSignature).where(MinutesSignature.minutes_id == minutes_id)
                                .order_by(MinutesSignature.id)).scalars())


def resolutions_of(session: Session, meeting_id: int) -> list[Resolution]:
    return list(session.execute(select(Resolution).where(Resolution.meeting_id == meeting_id).order_by(Resolution.id)).scalars())


def signed_resolutions(session: Session, tenant: Tenant) -> list[tuple[Resolution, str, str]]:
    """Resolutions of signed minutes, newest meeting first: (resolution, meeting kind, text to show)."""
    rows = session.execute(
        select(Resolution, Meeting).join(Meeting, Meeting.id == Resolution.meeting_id)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Meeting.tenant_id == tenant.id, Minutes.state == "signed")
        .order_by(Meeting.starts_at.desc(), Resolution.id)).all()
    return [(r, m.kind, f"{m.title}（{m.day.isoformat()}）：{r.text}") for r, m in rows]


def conferences(session: Session, tenant: Tenant, *, after: int | None = None,
                limit: int | None = None) -> Page[ConferenceRequest]:
    """A page of the conference requests, newest first (keyset on the id), shown by meeting date."""
    page = keyset(session, select(ConferenceRequest).where(ConferenceRequest.tenant_id == tenant.id),
                  ConferenceRequest.id, after=after, limit=limit)
    rows = sorted(page.rows, key=lambda r: (r.held_on, r.id), reverse=True)
    return Page(rows, page.next_after, page.total, page.capped)


def departments(session: Session, tenant: Tenant) -> list[Department]:
    return list(session.execute(select(Department).where(Department.tenant_id == tenant.id)
                                .order_by(Department.kind, Department.id)).scalars())


def leaders(session: Session, tenant: Tenant) -> list[Post]:
    return list(session.execute(select(Post).where(Post.tenant_id == tenant.id, Post.holder_id.is_not(None))
                                .order_by(Post.rank, Post.id)).scalars())


def cadence(session: Session, tenant: Tenant, since: date, until: date) -> dict[str, list[rules.PeriodCheck]]:
    """Per meeting type, the periods of its cadence in since..until with the meetings held; where
    a new version took effect in between, each part is counted by its own version's cadence."""
    held: dict[str, list[date]] = {}
    for meeting in session.execute(select(Meeting).where(Meeting.tenant_id == tenant.id, Meeting.state == "held")).scalars():
        held.setdefault(meeting.kind, []).append(meeting.day)
    found: dict[str, list[rules.PeriodCheck]] = {}
    for start, end, version in segments(session, tenant.id, since, until):
        profile = version.profile
        for kind in rules.meeting_types(profile):
            checks = rules.check_cadence(profile, kind, held.get(kind, []), start, end, default_calendar())
            found.setdefault(kind, []).extend(replace(c, profile_id=profile.id) for c in checks)
    return found


def deviations(session: Session, tenant_id: int, start: date, end: date, today: date) -> list[dict]:
    """The period replayed against the profile: cadence periods in [start, end] short of
    meetings, and documents the meetings approved whose issue deadline falls in the period,
    issued after it or not issued by `today`. Each: {object_type, object_id, title, on, code,
    message, cite}."""
    tenant = session.get_one(Tenant, tenant_id)
    found = []
    # A period still running on `today` is not yet short; one before the government was set up
    # here has no record to judge (as on the meeting calendar).
    since = max(start, china_date(tenant.created_at))
    for kind, periods in cadence(session, tenant, since, min(end, today)).items():
        for period in periods:
            # Each period is judged by the version that counted it (`cadence` names it).
            profile = load_profile(period.profile_id) if period.profile_id else profile_on(session, tenant_id, period.end)
            found += [deviation("meeting_type", kind, labels.word(kind, labels.titles(profile)), period.end, reason, profile)
                      for reason in period.verdict.reasons]
    query = (select(Resolution).join(Meeting, Meeting.id == Resolution.meeting_id)
             .where(Meeting.tenant_id == tenant_id, Resolution.issue_by.is_not(None),
                    Resolution.issue_by >= start, Resolution.issue_by <= end).order_by(Resolution.issue_by, Resolution.id))
    to_office = (select(Resolution, Meeting.kind).join(Meeting, Meeting.id == Resolution.meeting_id)
                 .where(Meeting.tenant_id == tenant_id, Resolution.to_office_by.is_not(None),
                        Resolution.to_office_by >= start, Resolution.to_office_by <= end)
                 .order_by(Resolution.to_office_by, Resolution.id))
    for resolution, kind in session.execute(to_office).all():
        if resolution.to_office_by is None:  # (selected with one)
            continue
        # Judged by the rules in force on the day the document was due at the office.
        judge = profile_on(session, tenant_id, resolution.to_office_by)
        found += [deviation("resolution", resolution.id, resolution.document_title or resolution.text,
                            resolution.to_office_by, reason, judge)
                  for reason in rules.check_to_office(judge, kind, resolution.to_office_by, resolution.to_office_on,
                                                      today).reasons]
    for resolution in session.execute(query).scalars():
        title = resolution.document_title or resolution.text
        if resolution.issue_by is None:  # (selected with one)
            continue
        if resolution.issued_on is not None:
            found += [deviation("resolution", resolution.id, title, resolution.issue_by, reason)
                      for reason in rules.check_issue(issue_deadline_of(resolution), resolution.issued_on).reasons]
        elif today > resolution.issue_by:
            found.append(deviation("resolution", resolution.id, title, resolution.issue_by, Reason(
                "meetings.not_issued",
                f"会议通过的文件应于{resolution.issue_by.isoformat()}前印发，至{today.isoformat()}仍未印发"
                f"（{basis(resolution.issue_cite) if resolution.issue_cite else '会议决定'}）", resolution.issue_cite)))
    return found
