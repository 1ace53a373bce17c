"""The meetings REST API: meetings and their attendance, the topic queue, minutes and their
resolutions, conference approvals, cadence and attendance reports, and an .ics feed.

Mutating calls take `Idempotency-Key`; a versioned object takes the version the client saw
(`version`) and answers 409 with the current state when it is stale. Refusals are
`{"code", "message", "cite"}` with the article that decided them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from zhengwu.calendar import CHINA_TZ
from zhengwu.core import paging
from zhengwu.meetings import (absences, conference_approval, finalizing_service, minutes_flow, minutes_print, queries, rules, scheduling,
                              topic_flow)
from zhengwu.meetings.pages import feed_response
from zhengwu.web.api import ERRORS, Out
from zhengwu.web.beijing import BeijingDateTime
from zhengwu.core.text import Input
from zhengwu.web.context import ApiContext, ApiCtx, settings_of

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["会议"], responses=ERRORS)


class MeetingIn(Input):
    kind: str = Field(description="会议类型：party_group / plenary / executive / head_office / topical / study")
    title: str = Field(min_length=1, max_length=200)
    starts_at: datetime
    ends_at: datetime
    chair_id: int
    location: str = ""
    delegated_by_id: int | None = None
    matters: list[str] = Field(default_factory=list, description="涉及事项，如 land_use（土地使用）")
    invoked: list[str] = Field(default_factory=list, description="适用的例外名称，如 head_finalizes")
    classified: bool = False
    attendee_ids: list[int] | None = None
    observer_ids: list[int] | None = None


class Versioned(Input):
    version: int = Field(description="客户端所见的版本；与当前版本不符时返回 409")


class AttendanceIn(Versioned):
    present_ids: list[int]


class AbsenceIn(Versioned):
    reason: str = Field(min_length=1, max_length=500)
    ground: str | None = Field(None, description="规则准予请假的事由名称，如 health")
    substitute: str = ""


class AbsenceDecisionIn(Versioned):
    approve: bool
    consent_substitute: bool = False


class TopicIn(Input):
    meeting_kind: str
    title: str = Field(min_length=1, max_length=200)
    lead_department_id: int | None = None
    summary: str = ""
    needs_legality_review: bool = Field(False, description="规范性文件草案或重大行政决策：须先经合法性审查")


class ConsultIn(Versioned):
    department_ids: list[int]


class AnswerIn(Versioned):
    department_id: int
    agrees: bool
    note: str = ""


class NoteIn(Versioned):
    note: str = ""


class CoordinateIn(Versioned):
    resolved: bool
    note: str = ""


class LateConsentIn(Versioned):
    meeting_id: int
    note: str = Field(min_length=1)


class MaterialsIn(Versioned):
    meeting_id: int
    materials: str = ""


class MinutesIn(Versioned):
    """`version`: the meeting's, as the client saw it (the minutes record its attendance)."""

    body: str = ""
    number: str = ""


class ResolutionIn(Versioned):
    """`version`: the minutes', as the client saw them (the resolution is written into them)."""

    text: str = Field(min_length=1)
    department_id: int
    deadline: date
    topic_id: int | None = None
    classified: bool = False
    document_title: str = ""
    issue_exception: str | None = Field(None, description="印发时限的例外，如 major_revision")


class IssueIn(Versioned):
    issued_on: date


class ToOfficeIn(Versioned):
    reached_on: date = Field(description="承办部门将文件报送政府办公室之日")


class ConferenceIn(Input):
    department_id: int
    title: str = Field(min_length=1, max_length=200)
    held_on: date
    duration_minutes: int = Field(gt=0)
    speech_minutes: int = Field(0, ge=0)
    national: bool = False
    in_government_name: bool = True
    planned_on: date | None = None
    exceptions: list[str] = Field(default_factory=list)
    kind: Literal["conference", "meeting_request"] = Field(
        "conference", description="conference：全区（市）性会议；meeting_request：请示召开首长办公会议、业务会议")
    meeting_kind: Literal["head_office", "topical"] | None = None


class ConferenceApprovalIn(Versioned):
    resolution_id: int | None = Field(None, description="由会议审批的环节：该会议已签发纪要中的议定事项")
    needed: bool = Field(False, description="下一环节「必要时」才报的，本审批人认为需要时为 true")


class MeetingOut(Out):
    id: int
    kind: str
    title: str
    starts_at: BeijingDateTime
    ends_at: BeijingDateTime
    location: str | None
    state: str
    chair_id: int | None
    delegated_by_id: int | None
    matters: list | None
    invoked: list | None
    classified: bool | None
    materials_sent_at: BeijingDateTime | None
    version: int


class AttendanceOut(Out):
    id: int
    meeting_id: int
    user_id: int
    role: str | None
    status: str
    absence_state: str | None
    absence_reason: str | None
    absence_ground: str | None
    absence_approver: str | None
    absence_decided_by_id: int | None
    filed_with_office: bool | None
    substitute: str | None
    substitute_consented_by_id: int | None
    cite: str | None
    version: int


class TopicOut(Out):
    id: int
    meeting_kind: str
    title: str
    lead_department_id: int | None
    proposer_id: int | None
    state: str
    needs_legality_review: bool | None
    legality_reviewed_by_id: int | None
    coordinated: bool | None
    coordinated_by_id: int | None
    meeting_id: int | None
    materials_on: date | None
    late_consent_by_id: int | None
    late_consent_note: str | None
    steps_done: int | None
    agenda_order: int | None
    documents_reviewed_by_id: int | None = Field(None, description="会议文件审核人（西市 21 办公室审核把关）")
    documents_finalized_by_id: int | None = Field(None, description="会议文件审定（批印）人")
    documents_finalized_as: str | None = Field(None, description="审定人以何职务审定（head / party_secretary / chair …）")
    version: int


class ConsultationOut(Out):
    department_id: int
    department: str
    agrees: bool | None
    note: str | None


class TopicStepOut(Out):
    action: str
    by: str | None
    user_id: int | None
    at: BeijingDateTime
    cite: str | None


class TopicDetailOut(TopicOut):
    state_label: str
    consultations: list[ConsultationOut]
    steps: list[TopicStepOut]


class MinutesOut(Out):
    id: int
    meeting_id: int
    state: str
    number: str | None
    drafted_by_id: int | None
    countersigners_due: list | None
    signed_at: BeijingDateTime | None
    version: int


class SignatureOut(Out):
    kind: str
    as_: str | None = Field(None, alias="as")
    user_id: int | None
    at: BeijingDateTime
    cite: str | None


class MinutesDetailOut(MinutesOut):
    signatures: list[SignatureOut]


class ResolutionOut(Out):
    id: int
    meeting_id: int
    topic_id: int | None
    text: str
    department_id: int | None
    deadline: date | None
    task_id: int | None
    classified: bool | None
    disclose: bool | None
    disclosure_cite: str | None
    document_title: str | None
    issue_exception: str | None
    to_office_by: date | None
    issue_by: date | None
    issue_cite: str | None
    issued_on: date | None
    to_office_on: date | None
    version: int


class ResolutionDetailOut(ResolutionOut):
    issue_overdue: bool | None


class MeetingDetailOut(MeetingOut):
    agenda: list[TopicDetailOut]
    attendance: list[AttendanceOut]
    minutes: MinutesDetailOut | None
    resolutions: list[ResolutionDetailOut]


class PeriodOut(Out):
    start: date
    end: date
    required: int
    held: int
    short: bool
    reasons: list[dict]


class AttendanceLineOut(Out):
    user_id: int
    name: str
    invited: int
    present: int
    absent: int
    excused: int


class ConferenceOut(Out):
    id: int
    kind: str | None
    meeting_kind: str | None
    resolution_id: int | None
    exception_consents: list | dict | None
    department_id: int | None
    title: str
    requested_on: date | None
    held_on: date | None
    duration_minutes: int | None
    speech_minutes: int | None
    national: bool | None
    in_government_name: bool | None
    planned_on: date | None
    exceptions: list | None
    state: str
    steps_done: int | None
    version: int


def _topics_out(session, topics) -> list[dict]:
    """Topics with their consultations and steps (read for all of them at once)."""
    ids = [t.id for t in topics]
    answers, steps = queries.consultations_of(session, ids), queries.topic_steps_of(session, ids)
    return [{**topic.summary(), "state_label": rules.TOPIC_STATES[topic.state],
             "consultations": [{"department_id": c.department_id, "department": name, "agrees": c.agrees, "note": c.note}
                               for c, name in answers.get(topic.id, [])],
             "steps": [{"action": s.action, "by": s.by, "user_id": s.user_id, "at": s.at.isoformat(), "cite": s.cite}
                       for s in steps.get(topic.id, [])]} for topic in topics]


def _meeting_out(session, meeting, today: date) -> dict:
    minutes = queries.minutes_of(session, meeting.id)
    return {
        **meeting.summary(),
        "agenda": _topics_out(session, queries.agenda(session, meeting.id)),
        "attendance": [a.summary() for a in queries.attendance(session, meeting.id)],
        "minutes": None if minutes is None else {
            **minutes.summary(),
            "signatures": [{"kind": s.kind, "as": s.as_code, "user_id": s.user_id, "at": s.at.isoformat(), "cite": s.cite}
                           for s in queries.signatures(session, minutes.id)]},
        "resolutions": [{**r.summary(), "issue_overdue": queries.issue_overdue(r, today)}
                        for r in queries.resolutions_of(session, meeting.id)],
    }


# --- meetings -------------------------------------------------------------------------------


@router.get("/meetings", response_model=list[MeetingOut], summary="会议日程（起止日期内）")
def list_meetings(tenant: str, response: Response, ctx: ApiContext = ApiCtx, since: date | None = None, until: date | None = None,
                  after: int | None = None, limit: int = paging.PAGE_SIZE):
    """A page of the meetings in the period (X-Next-After / X-Total-Count headers)."""
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    start = since or ctx.today - timedelta(days=31)
    end = until or start + timedelta(days=92)
    with ctx.db.read() as session:
        page = queries.meetings_between(session, found, _moment(start), _moment(end + timedelta(days=1)), after=after,
                                        limit=limit)
        response.headers.update(paging.headers(page))
        return [m.summary() for m in page]


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=CHINA_TZ)


@router.post("/meetings", status_code=201, response_model=MeetingOut, summary="安排会议（政府办公室）")
def schedule(tenant: str, body: MeetingIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.schedule", lambda uow: scheduling.schedule_meeting(uow, **body.model_dump()).summary(),
                      tenant=found, status_code=201)


@router.get("/meetings/{meeting_id}", response_model=MeetingDetailOut, summary="会议详情：议程、出席、纪要、议定事项")
def get_meeting(tenant: str, meeting_id: int, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    with ctx.db.read() as session:
        return _meeting_out(session, queries.get_meeting(session, found, meeting_id), ctx.today)


@router.post("/meetings/{meeting_id}/attendance", response_model=MeetingOut, summary="登记出席情况（会议即告召开）")
def attendance(tenant: str, meeting_id: int, body: AttendanceIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting_id, present_ids=body.present_ids, expected_version=body.version).summary(), tenant=found)


@router.post("/meetings/{meeting_id}/materials", response_model=MeetingOut, summary="会前送达会议材料（政府办公室）")
def send_materials(tenant: str, meeting_id: int, body: Versioned, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.send_materials", lambda uow: scheduling.send_materials(
        uow, meeting_id=meeting_id, expected_version=body.version).summary(), tenant=found)


@router.post("/meetings/{meeting_id}/absence", response_model=AttendanceOut, summary="请假（按规则报相应领导）")
def absence(tenant: str, meeting_id: int, body: AbsenceIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.request_absence", lambda uow: absences.request_absence(
        uow, meeting_id=meeting_id, reason=body.reason, ground=body.ground, substitute=body.substitute,
        expected_version=body.version).summary(), tenant=found)


@router.post("/attendance/{attendance_id}/decision", response_model=AttendanceOut, summary="审批会议请假")
def absence_decision(tenant: str, attendance_id: int, body: AbsenceDecisionIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.approve_absence" if body.approve else "meetings.reject_absence",
                      lambda uow: absences.decide_absence(uow, attendance_id=attendance_id, approve=body.approve,
                                                         consent_substitute=body.consent_substitute,
                                                         expected_version=body.version).summary(), tenant=found)


@router.get("/cadence", response_model=dict[str, list[PeriodOut]], summary="各类会议的召开频次检查（未达频次的期间附依据）")
def cadence(tenant: str, since: date, until: date, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    with ctx.db.read() as session:
        result = queries.cadence(session, found, since, until)
    return {kind: [{"start": p.start.isoformat(), "end": p.end.isoformat(), "required": p.required, "held": p.held,
                    "short": p.short, "reasons": [r.as_dict() for r in p.verdict.reasons]} for p in periods]
            for kind, periods in result.items()}


@router.get("/attendance-report", response_model=list[AttendanceLineOut], summary="出席情况统计")
def attendance_report(tenant: str, since: date, until: date, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    with ctx.db.read() as session:
        return [line.__dict__ for line in absences.attendance_report(session, found, since, until)]


@router.get("/my-meetings.ics", summary="本人会议日程（iCalendar，北京时间）", response_class=Response)
def my_meetings_ics(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    with ctx.db.read() as session:
        return feed_response(session, found, ctx.user.id, settings_of(ctx.request).base_url, ctx.now)



# --- topics ---------------------------------------------------------------------------------


@router.get("/topics", response_model=list[TopicDetailOut], summary="议题队列")
def list_topics(tenant: str, response: Response, ctx: ApiContext = ApiCtx, all: bool = False, after: int | None = None,
                limit: int = paging.PAGE_SIZE):
    """A page of the queue (X-Next-After / X-Total-Count headers)."""
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    with ctx.db.read() as session:
        page = queries.topics(session, found, open_only=not all, after=after, limit=limit)
        response.headers.update(paging.headers(page))
        return _topics_out(session, page.rows)


@router.post("/topics", status_code=201, response_model=TopicOut, summary="提出议题")
def propose(tenant: str, body: TopicIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.propose_topic", lambda uow: topic_flow.propose_topic(uow, **body.model_dump()).summary(),
                      tenant=found, status_code=201)


@router.get("/topics/{topic_id}", response_model=TopicDetailOut, summary="议题详情")
def get_topic(tenant: str, topic_id: int, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    with ctx.db.read() as session:
        return _topics_out(session, [queries.get_topic(session, found, topic_id)])[0]


def _topic_route(path: str, action: str, summary: str, body_model, call):
    def route(tenant: str, topic_id: int, body: BaseModel, ctx: ApiContext = ApiCtx):
        found = ctx.tenant(tenant)
        return ctx.mutate(action, lambda uow: call(uow, topic_id, body).summary(), tenant=found)

    route.__name__ = action.replace(".", "_")
    route.__annotations__["body"] = body_model  # the model itself: annotations here are strings
    router.post(f"/topics/{{topic_id}}/{path}", response_model=TopicOut, summary=summary)(route)


_topic_route("consultations", "meetings.consult", "书面征求相关部门意见", ConsultIn,
             lambda uow, tid, b: topic_flow.consult_departments(uow, topic_id=tid, department_ids=b.department_ids,
                                                             expected_version=b.version))
_topic_route("answers", "meetings.answer_consultation", "登记部门书面意见", AnswerIn,
             lambda uow, tid, b: topic_flow.answer_consultation(uow, topic_id=tid, department_id=b.department_id,
                                                             agrees=b.agrees, note=b.note, expected_version=b.version))
_topic_route("escalation", "meetings.escalate", "报请协调分歧", NoteIn,
             lambda uow, tid, b: topic_flow.escalate_disagreement(uow, topic_id=tid, note=b.note, expected_version=b.version))
_topic_route("coordination", "meetings.coordinate", "记录协调结果（分管领导）", CoordinateIn,
             lambda uow, tid, b: topic_flow.coordinate(uow, topic_id=tid, resolved=b.resolved, note=b.note,
                                                    expected_version=b.version))
_topic_route("legality-review", "meetings.legality_review", "登记合法性审查（法制机构）", Versioned,
             lambda uow, tid, b: topic_flow.record_legality_review(uow, topic_id=tid, expected_version=b.version))
_topic_route("late-consent", "meetings.consent_late_topic", "同意临时受理逾期议题", LateConsentIn,
             lambda uow, tid, b: topic_flow.consent_late_topic(uow, topic_id=tid, meeting_id=b.meeting_id, note=b.note,
                                                            expected_version=b.version))
_topic_route("materials", "meetings.submit_materials", "报送议题材料", MaterialsIn,
             lambda uow, tid, b: topic_flow.submit_materials(uow, topic_id=tid, meeting_id=b.meeting_id,
                                                          materials=b.materials, expected_version=b.version))
_topic_route("steps", "meetings.topic_step", "审核审批（按规则顺序）", NoteIn,
             lambda uow, tid, b: topic_flow.take_step(uow, topic_id=tid, note=b.note, expected_version=b.version))
_topic_route("agenda", "meetings.put_on_agenda", "列入会议议程（政府办公室）", Versioned,
             lambda uow, tid, b: topic_flow.put_on_agenda(uow, topic_id=tid, expected_version=b.version))
_topic_route("documents-review", "meetings.review_documents", "审核会议文件（规则所定的审核人，如办公室）", NoteIn,
             lambda uow, tid, b: finalizing_service.review_documents(uow, topic_id=tid, note=b.note, expected_version=b.version))
_topic_route("documents-finalize", "meetings.finalize_documents", "审定（批印）会议文件（规则所定的审定人）", NoteIn,
             lambda uow, tid, b: finalizing_service.finalize_documents(uow, topic_id=tid, note=b.note,
                                                                       expected_version=b.version))
_topic_route("withdrawal", "meetings.withdraw_topic", "撤回议题", Versioned,
             lambda uow, tid, b: topic_flow.withdraw_topic(uow, topic_id=tid, expected_version=b.version))


# --- minutes and resolutions ------------------------------------------------------------------


@router.post("/meetings/{meeting_id}/minutes", status_code=201, response_model=MinutesOut, summary="起草纪要")
def draft(tenant: str, meeting_id: int, body: MinutesIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting_id, body=body.body, number=body.number, expected_version=body.version).summary(),
        tenant=found, status_code=201)


def _minutes_route(path: str, action: str, summary: str, call):
    def route(tenant: str, minutes_id: int, body: Versioned, ctx: ApiContext = ApiCtx):
        found = ctx.tenant(tenant)
        return ctx.mutate(action, lambda uow: call(uow, minutes_id=minutes_id, expected_version=body.version).summary(),
                          tenant=found)

    route.__name__ = action.replace(".", "_")
    router.post(f"/minutes/{{minutes_id}}/{path}", response_model=MinutesOut, summary=summary)(route)


_minutes_route("countersign", "meetings.countersign_minutes", "会签纪要", minutes_flow.countersign_minutes)
_minutes_route("review", "meetings.review_minutes", "审核纪要", minutes_flow.review_minutes)
_minutes_route("sign-off", "meetings.sign_minutes", "签发纪要（议定事项随即转为督办事项）", minutes_flow.sign_minutes)


class MinutesEditIn(Versioned):
    body: str
    number: str | None = None


@router.post("/minutes/{minutes_id}/edit", response_model=MinutesOut, summary="修改纪要正文（签发前）")
def edit_minutes(tenant: str, minutes_id: int, body: MinutesEditIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.edit_minutes", lambda uow: minutes_flow.edit_minutes(
        uow, minutes_id=minutes_id, body=body.body, number=body.number, expected_version=body.version).summary(),
        tenant=found)


@router.post("/minutes/{minutes_id}/resolutions", status_code=201, response_model=ResolutionOut, summary="写入议定事项")
def add_resolution(tenant: str, minutes_id: int, body: ResolutionIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    fields = body.model_dump(exclude={"version"})
    return ctx.mutate("meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes_id, **fields, expected_version=body.version).summary(), tenant=found, status_code=201)


@router.get("/minutes/{minutes_id}.docx", summary="已签发纪要的正式文本（GB/T 9704 纪要格式）", response_class=Response)
def minutes_docx(tenant: str, minutes_id: int, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    with ctx.db.read() as session:
        body = minutes_print.minutes_docx(session, found, minutes_id)
        disposition = minutes_print.minutes_disposition(session, found, minutes_id)
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": disposition})


@router.post("/resolutions/{resolution_id}/to-office", response_model=ResolutionOut, summary="登记会议通过文件报送办公室（逾期者标记）")
def to_office(tenant: str, resolution_id: int, body: ToOfficeIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.record_to_office", lambda uow: minutes_flow.record_to_office(
        uow, resolution_id=resolution_id, reached_on=body.reached_on, expected_version=body.version).summary(),
        tenant=found)


@router.post("/resolutions/{resolution_id}/issue", response_model=ResolutionOut, summary="登记会议通过文件的印发（逾期者标记）")
def issue(tenant: str, resolution_id: int, body: IssueIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.record_issue", lambda uow: minutes_flow.record_issue(
        uow, resolution_id=resolution_id, issued_on=body.issued_on, expected_version=body.version).summary(), tenant=found)


# --- conferences ----------------------------------------------------------------------------


@router.get("/conferences", response_model=list[ConferenceOut], summary="会议审批（全区性工作会议）")
def list_conferences(tenant: str, response: Response, ctx: ApiContext = ApiCtx, after: int | None = None, limit: int = paging.PAGE_SIZE):
    """A page of the requests, newest first (X-Next-After / X-Total-Count headers)."""
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    with ctx.db.read() as session:
        page = queries.conferences(session, found, after=after, limit=limit)
        response.headers.update(paging.headers(page))
        return [c.summary() for c in page]


@router.post("/conferences", status_code=201, response_model=ConferenceOut, summary="报请召开全区性工作会议")
def request_conference(tenant: str, body: ConferenceIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.request_conference", lambda uow: conference_approval.request_conference(
        uow, **body.model_dump()).summary(), tenant=found, status_code=201)


@router.post("/conferences/{request_id}/approval", response_model=ConferenceOut, summary="会议审批（按规则的审批链）")
def approve_conference(tenant: str, request_id: int, body: ConferenceApprovalIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.approve_conference", lambda uow: conference_approval.approve_conference(
        uow, request_id=request_id, expected_version=body.version, resolution_id=body.resolution_id,
        needed=body.needed).summary(), tenant=found)
