"""The documents' REST API: the office's inbox, drafting, routing, 批示, countersign rounds with
their clocks, the signing chain, reviews, issue, filing, the full trail, full-text search, and
the issued document as .docx and PDF.

Mutating calls accept `Idempotency-Key`; calls on a document take the version the client saw
(`version`) and answer 409 with the current state when it is stale. Refusals are
`{"code", "message", "cite"}`: 403 when the user's posts do not allow the step, 422 when a rule
of the government's profile refuses it — both audited, nothing changed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel, Field

from zhengwu.calendar import deadline_fields
from zhengwu.core import audit, paging
from zhengwu.core.tenants import Tenant
from zhengwu.deadlines import service as deadlines
from zhengwu.deadlines.api import DeadlineOut, deadline_json
from zhengwu.documents import countersign as cs
from zhengwu.documents import circulation_service as circulations
from zhengwu.documents import (
    batch,
    countersigning,
    drafting,
    intake,
    issuing,
    legislation_service,
    printed,
    reading,
    rules,
    signing,
    standing,
    superior,
)
from zhengwu.documents.models import Document
from zhengwu.printing.pdf import PdfUnavailable, to_pdf
from zhengwu.web.api import ERRORS, Out
from zhengwu.web.beijing import BeijingDateTime, BeijingJSONResponse
from zhengwu.web.context import ApiContext, ApiCtx
from zhengwu.core.text import Input

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["公文"], responses=ERRORS)

DocType = Literal["resolution", "decision", "order", "communique", "announcement", "public_notice", "opinion",
                  "notice", "bulletin", "report", "request", "reply", "motion", "letter", "minutes"]
Classification = Literal["secret", "confidential", "top_secret"]
Urgency = Literal["urgent", "extra_urgent"]
if TYPE_CHECKING:
    State = str  # built from rules.STATES at run time, which a type checker cannot evaluate
else:
    State = Literal[tuple(rules.STATES)]


class Disagreement(Input):
    department: str
    their_reasons: str
    our_reasons: str
    proposal: str


class IncomingIn(Input):
    department_id: int = Field(description="报文部门")
    doc_type: DocType
    title: str = Field(min_length=1, max_length=300)
    body: str = ""
    decision_needed_by: date | None = Field(None, description="需政府答复的日期（计算请示的提前量）")
    addressed_to: Literal["office", "leader"] = "office"
    exception: str | None = Field(None, description="直接报送领导同志个人时所依据的例外（leader_assigned、top_secret …）")
    classification: Classification | None = None
    classification_term: str | None = None
    urgency: Urgency | None = None
    urgency_explained: bool = False
    signed_by: Literal["principal_head", "presiding_head", "other"] = "principal_head"
    principal_head_absent: bool = False
    matter_count: int = Field(1, ge=1)
    contains_request: bool = False
    also_to_party_committee: bool = False
    joint_approval: bool = False
    touches_department_ids: list[int] = []
    countersigned_by_ids: list[int] = []
    disagreements: list[Disagreement] = []
    major: bool = Field(False, description="重大事项（报政府主要负责同志审批）")
    received_on: date | None = Field(None, description="收文日期（纸质来文补登时填实际收到之日；不得晚于今天，补登期限由平台设定）")


class DraftIn(Input):
    issuer: Literal["government", "office", "department"] = Field(
        description="本级政府、政府办公室，或本部门（部门自己的公文，由本部门主要负责人签发、印发、备案）")
    doc_type: DocType
    title: str = Field(min_length=1, max_length=300)
    body: str = ""
    main_recipients: str = ""
    copy_to: list[str] = []
    attachments: list[str] = []
    department_id: int | None = Field(None, description="主办（代拟）部门")
    reply_to_id: int | None = Field(None, description="批复所答复的请示")
    touches_department_ids: list[int] = []
    classification: Classification | None = None
    classification_term: str | None = None
    urgency: Urgency | None = None
    important: bool = False
    normative: bool = False
    policy: bool = False
    from_executive_meeting: bool = False
    resolution_id: int | None = Field(None, description="落实会议决定的公文：作出决定的会议议定事项")
    department_matter: bool = Field(False, description="所涉事项属部门职权范围内事务")
    forwarding: bool = Field(False, description="批转或转发（部门的文件）")
    addressee: Literal["superior_government", "party_committee", "congress"] | None = None
    matter: Literal["routine_approval", "outbound_travel"] | None = None
    public_interest: bool = Field(False, description="部门规范性文件涉及公众权益、社会关注度高（须事先请示政府）")
    joint: bool = Field(False, description="部门联合制定的规范性文件（发布前须经政府批准）")
    implementation_id: int | None = Field(None, description="所上报的上级文件实施意见代拟稿的转办事项")
    reserved_matter: Literal[tuple(rules.RESERVED_MATTERS)] | None = Field(  # type: ignore[valid-type]
        None, description="所涉须经全体会议或常务会议决定的事项（签发前须注明议定事项）")
    to_party_committee_meeting: bool = Field(False, description="拟提请党委有关会议审议的文件稿（须先报政府审核）")
    joint_with_party_committee: bool = Field(False, description="拟以党委、政府名义联合发文的文件稿（须先报政府审核）")


class VersionIn(Input):
    version: int = Field(description="客户端所见的公文版本；与当前版本不符时返回 409")


class ReturnIn(VersionIn):
    reasons: list[str] = []


class ResubmitIn(VersionIn):
    title: str = Field(min_length=1, max_length=300)
    body: str = ""
    decision_needed_by: date | None = None
    urgency: Urgency | None = None
    touches_department_ids: list[int] = []
    countersigned_by_ids: list[int] = []
    major: bool = False


class RouteIn(VersionIn):
    leader_id: int | None = Field(None, description="省略时按领导分工确定")


class ForwardIn(VersionIn):
    to_user_id: int


class InstructIn(VersionIn):
    opinion: Literal["agree", "disagree", "forward", "handle"]
    text: str
    asks_report: bool = False
    handler_department_id: int | None = None
    handler: str | None = None
    received_on: date | None = Field(None, description="批示件的实际收到日期（办理时限由此起算；默认今天）")


class ReviseIn(VersionIn):
    title: str = Field(min_length=1, max_length=300)
    body: str
    note: str = "办公室审改"


class CountersignIn(VersionIn):
    department_ids: list[int] = Field(min_length=1)
    mode: Literal["parallel", "sequential"] = "parallel"
    lead_department_due: date | None = Field(None, description="主办部门另定的回复时限")
    sent_on: date | None = Field(None, description="会签实际送出日期（回复时限由此起算；默认今天）")


class RequestVersionIn(Input):
    version: int = Field(description="客户端所见的会签请求版本；与当前版本不符时返回 409")


class AnswerIn(RequestVersionIn):
    outcome: Literal["agree", "disagree"]
    opinion: str = ""
    their_reasons: str = ""


class DisagreementIn(RequestVersionIn):
    our_reasons: str
    proposal: str


class ExtensionIn(RequestVersionIn):
    new_due: date
    agreed_by_lead: bool


class StepIn(VersionIn):
    kind: Literal["review", "countersign", "sign_off"]
    opinion: str = ""


class _Id(Input):
    id: int = Field(description="公文编号（会签回复为会签请求编号）")


ItemT = TypeVar("ItemT", bound=Input)


class _Batch(Input, Generic[ItemT]):
    """A batch of one step: its items, each the single request's body with the object's id."""

    items: list[ItemT] = Field(min_length=1, max_length=batch.MAX_ITEMS)


class BatchReviseItem(ReviseIn, _Id): ...
class BatchCountersignItem(CountersignIn, _Id): ...
class BatchAnswerItem(AnswerIn, _Id): ...
class BatchVersionItem(VersionIn, _Id): ...
class BatchStepItem(StepIn, _Id): ...


class BatchDraftIn(_Batch[DraftIn]):
    action: Literal["draft"] = Field(description="拟稿")


class BatchReviseIn(_Batch[BatchReviseItem]):
    action: Literal["revise"] = Field(description="审改")


class BatchCountersignIn(_Batch[BatchCountersignItem]):
    action: Literal["countersign"] = Field(description="发起会签")


class BatchAnswerIn(_Batch[BatchAnswerItem]):
    action: Literal["countersign_answer"] = Field(description="会签回复")


class BatchVersionIn(_Batch[BatchVersionItem]):
    action: Literal["countersign_close", "send_for_signing", "issue"] = Field(description="结束会签、送签或印发")


class BatchStepIn(_Batch[BatchStepItem]):
    action: Literal["step"] = Field(description="审核、会签或签发")


BatchIn = Annotated[BatchDraftIn | BatchReviseIn | BatchCountersignIn | BatchAnswerIn | BatchVersionIn | BatchStepIn,
                    Field(discriminator="action")]


class ReviewIn(VersionIn):
    review: Literal["legality_review", "fair_competition_review", "public_comment", "interpretation",
                    "prior_request", "government_approval"]
    passed: bool
    on: date | None = None
    period_end: date | None = None
    note: str = ""


class AfterIssueIn(VersionIn):
    kind: Literal["normative_cleanup", "normative_post_evaluation", "regulation_post_evaluation"] = Field(
        description="规范性文件的定期清理、实施后评估，或政府规章的实施后评估")
    on: date | None = None
    note: str = Field("", description="结论：继续有效、修改或废止")


class LegislativeDisagreementIn(Input):
    views: str = Field(description="各方意见")
    reasons: str = Field(description="各方理据")
    leaning: str = Field(description="法制机构的倾向性意见")
    version: int = Field(description="客户端所见的公文版本；与当前版本不符时返回 409")


class LegislativeDisagreementOut(Out):
    document_id: int
    on: date
    by: str
    note: str


class ImplementationIn(Input):
    title: str = Field(min_length=1, max_length=300, description="上级文件标题")
    issued_by: str = Field(min_length=1, max_length=200, description="上级发文机关")
    department_id: int = Field(description="牵头起草部门")
    superior_due: date | None = Field(None, description="上级文件明确的办理时限（未明确的不填，按本规则计算）")
    assigned_on: date | None = Field(None, description="转办日期（默认今天）")


class SpecialIn(Input):
    reason: str = Field(min_length=1, description="特殊情况")
    version: int = Field(description="客户端所见的转办事项版本；与当前版本不符时返回 409")


class PrefixIn(Input):
    issuer: Literal["government", "office", "department"]
    department_id: int | None = Field(None, description="部门的机关代字：本部门")
    prefix: str = Field(min_length=1, max_length=40, description="机关代字，如「大政发」")
    issuer_mark: str = Field(min_length=1, max_length=100, description="发文机关标志")
    authority: str = Field(min_length=1, max_length=100, description="发文机关署名")


class ResolutionIn(VersionIn):
    resolution_id: int = Field(description="作出决定的会议议定事项")


class StatementIn(VersionIn):
    statement: str = Field(min_length=1)


class FilingIn(VersionIn):
    to: list[Literal["government", "legal_office", "superior_legal_office", "congress_standing_committee"]]


class InstructionVersionIn(Input):
    version: int = Field(description="客户端所见的批示件版本；与当前版本不符时返回 409")


class ProgressIn(InstructionVersionIn):
    text: str = Field(min_length=1)


class ReportIn(InstructionVersionIn):
    text: str = Field(min_length=1)
    late_explanation: str | None = None


# --- answers --------------------------------------------------------------------------------


class DocumentSummaryOut(Out):
    id: int
    direction: str = Field(description="incoming 收文 / outgoing 发文")
    doc_type: str
    issuer: str
    title: str
    state: str
    doc_number: str | None
    classification: str | None
    urgency: str | None
    version: int


class DocumentOut(DocumentSummaryOut):
    body: str
    department_id: int | None
    main_recipients: str
    copy_to: list
    attachments: list
    classification_term: str | None
    facts: dict
    check_reasons: list
    return_reasons: list
    chain: list
    routed_to_id: int | None
    reply_to_id: int | None
    signer: str | None
    signed_on: date | None
    issued_on: date | None
    annotation: str | None
    received_on: date | None
    register_no: str | None
    registered_at: BeijingDateTime
    registered_by_id: int | None
    deadlines: list[DeadlineOut]


class QueuedOut(DocumentSummaryOut):
    step: dict = Field(description="待办的审核、会签或签发环节")


class BatchOut(Out):
    count: int = Field(description="办理的件数")
    items: list[DocumentSummaryOut] = Field(description="各件公文办理后的状态与版本，依请求顺序")


class ClockOut(Out):
    id: int
    document_id: int
    department: str
    mode: str
    sent_on: date | None
    due: date | None
    due_provisional: bool
    due_basis: str | None
    basis: str | None
    status: str = Field(description="pending / replied / overdue / deemed_consent / waiting")
    workdays_left: int | None
    outcome: str | None
    cite: str | None
    version: int


class ReminderOut(Out):
    document_id: int
    title: str
    doc_number: str | None
    kind: str
    label: str
    due_on: date
    last_on: date | None
    cite: str | None


class EventOut(Out):
    seq: int
    at: BeijingDateTime
    actor: str
    action: str
    label: str
    outcome: str
    cite: str | None
    summary: Any


class StepOut(Out):
    kind: str
    post: str
    as_: str = Field(alias="as")
    opinion: str
    cite: str | None
    at: BeijingDateTime


class ReviewOut(Out):
    review: str
    passed: bool
    on: date | None
    period_end: date | None = None
    by: str | None


class AfterIssueOut(Out):
    kind: str
    on: date | None
    by: str | None
    note: str


class InstructionOut(Out):
    id: int
    opinion: str
    text: str
    asks_report: bool
    handler: str | None
    received_on: date | None
    report_due: date | None
    reported_on: date | None
    version: int
    due_cite: str | None


class InstructionDetailOut(InstructionOut):
    report_due_provisional: bool
    report_due_basis: str | None


class FilingOut(Out):
    to: str
    filed_on: date | None
    cite: str | None


class DraftVersionOut(Out):
    no: int
    title: str
    note: str
    at: BeijingDateTime


class DocumentDetailOut(DocumentOut):
    steps: list[StepOut]
    countersigns: list[ClockOut]
    reviews: list[ReviewOut]
    instructions: list[InstructionDetailOut]
    filings: list[FilingOut]
    versions: list[DraftVersionOut]


def _read(ctx: ApiContext, slug: str) -> Tenant:
    found = ctx.tenant(slug)
    ctx.authorize("document.view", found)
    return found


def document_out(session, tenant: Tenant, doc: Document, deadline_rows=None) -> dict:
    """A document as the API gives it; a list passes each row's deadlines, read for the page at once."""
    if deadline_rows is None:
        deadline_rows = deadlines.for_trail(session, tenant.id, "document", doc.id)
    return {
        **doc.summary(),
        "body": doc.body, "department_id": doc.department_id, "main_recipients": doc.main_recipients,
        "copy_to": doc.copy_to, "attachments": doc.attachments, "classification_term": doc.classification_term,
        "facts": doc.facts, "check_reasons": doc.check_reasons, "return_reasons": doc.return_reasons,
        "chain": doc.chain, "routed_to_id": doc.routed_to_id, "reply_to_id": doc.reply_to_id,
        "signer": doc.signer_name, "signed_on": doc.signed_on, "issued_on": doc.issued_on, "annotation": doc.annotation,
        "received_on": doc.received_on, "register_no": doc.register_no, "registered_at": doc.created_at, "registered_by_id": doc.created_by_id,
        "deadlines": [deadline_json(d) for d in deadline_rows],
    }


def _clock(c: reading.Clock) -> dict:
    r = c.request
    return {"id": r.id, "document_id": r.document_id, "department": c.department, "mode": cs.MODES[r.mode],
            "sent_on": r.sent_on, **deadline_fields("due", r.due), "basis": r.basis, "status": c.status, "workdays_left": c.workdays_left,
            "outcome": r.outcome, "cite": c.cite, "version": r.version}


def _event(e: audit.AuditEvent) -> dict:
    return {"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "label": audit.action_label(e.action),
            "outcome": e.outcome, "cite": e.cite, "summary": e.summary}


PAGED = "一页至多 200 条（limit，默认 50），按编号倒序；响应头 X-Next-After 为下一页的 after，X-Total-Count 为总数（超过 1000 记为 1000+）。"


def _paged(page, row) -> BeijingJSONResponse:
    return BeijingJSONResponse(jsonable_encoder([row(r) for r in page]), headers=paging.headers(page))


@router.get("/documents", response_model=list[DocumentSummaryOut], summary="公文列表；q= 全文检索（标题、文号、正文）", description=PAGED)
def list_documents(tenant: str, ctx: ApiContext = ApiCtx, q: str | None = None,
                   direction: Literal["incoming", "outgoing"] | None = None, state: State | None = None,
                   doc_type: DocType | None = None, after: int | None = None, limit: int = paging.PAGE_SIZE):
    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        docs = (reading.search(session, found, q, ctx.user.id, ctx.now, after=after, limit=limit) if q
                else reading.documents(session, found, ctx.user.id, ctx.now, direction=direction, state=state,
                                       doc_type=doc_type, after=after, limit=limit))
        return _paged(docs, Document.summary)


@router.get("/documents/inbox", response_model=list[DocumentOut], summary="政府办公室收文：待登记、呈批中、已退回", description=PAGED)
def inbox(tenant: str, ctx: ApiContext = ApiCtx, after: int | None = None, limit: int = paging.PAGE_SIZE):
    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        docs = reading.inbox(session, found, ctx.user.id, ctx.now, after=after, limit=limit)
        rows = deadlines.for_trails(session, found.id, "document", [d.id for d in docs])
        return _paged(docs, lambda d: document_out(session, found, d, rows[str(d.id)]))


@router.get("/documents/sign-queue", response_model=list[QueuedOut], summary="待我审核、会签或签发的公文（含代行）",
            description="按编号顺序，一页至多 200 条；响应头 X-Next-After 为下一页的 after。")
def sign_queue(tenant: str, ctx: ApiContext = ApiCtx, after: int | None = None, limit: int = paging.PAGE_SIZE):
    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        queue = reading.sign_off_queue(session, found, ctx.user.id, ctx.now, after=after, limit=limit)
        return _paged(queue, lambda row: {**row[0].summary(), "step": row[1].as_dict()})


@router.get("/countersigns", response_model=list[ClockOut], summary="会签请求及其时限（工作日）", description=PAGED + " open=true 只列计时中的。")
def countersigns(tenant: str, ctx: ApiContext = ApiCtx, open: bool = False, department_id: int | None = None,
                 after: int | None = None, limit: int = paging.PAGE_SIZE):
    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        clocks = reading.countersign_page(session, found, ctx.user.id, ctx.now, open_only=open,
                                          department_id=department_id, after=after, limit=limit)
        return _paged(clocks, _clock)


@router.get("/documents/after-issue-reminders", response_model=list[ReminderOut], summary="到期清理/评估提醒：已印发的规范性文件（依本规则）")
def after_issue_reminders(tenant: str, ctx: ApiContext = ApiCtx, on: date | None = None):
    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        return [{"document_id": r.document_id, "title": r.title, "doc_number": r.doc_number, "kind": r.kind,
                 "label": r.label, "due_on": r.due_on, "last_on": r.last_on, "cite": r.cite}
                for r in issuing.after_issue_reminders(session, found, on or ctx.today)]


@router.get("/documents/{doc_id}", response_model=DocumentDetailOut, summary="公文详情：审批流程、会签、审查、批示")
def get_document(tenant: str, doc_id: int, ctx: ApiContext = ApiCtx):
    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        doc = reading.get_document(session, found, doc_id, ctx.user.id, ctx.now)
        return {
            **document_out(session, found, doc),
            "steps": [{"kind": s.kind, "post": s.post, "as": s.capacity, "opinion": s.opinion, "cite": s.cite, "at": s.at}
                      for s in reading.steps_of(session, doc)],
            "countersigns": [_clock(c) for c in reading.countersign_clocks(session, found, ctx.now, doc_id=doc.id)],
            "reviews": [{"review": r.review, "passed": r.passed, "on": r.on, "period_end": r.period_end, "by": r.by_label}
                        for r in reading.reviews_of(session, doc)],
            "instructions": [i.summary() | {"due_cite": i.due_cite} | deadline_fields("report_due", i.report_due)
                             for i in reading.instructions_of(session, doc)],
            "filings": [{"to": f.to, "filed_on": f.filed_on, "cite": f.cite} for f in reading.filings_of(session, doc)],
            "versions": [{"no": v.no, "title": v.title, "note": v.note, "at": v.created_at} for v in reading.versions(session, doc)],
        }


@router.get("/documents/{doc_id}/trail", response_model=list[EventOut], summary="公文全程记录：每一步、何人、何时、依据何条")
def document_trail(tenant: str, doc_id: int, ctx: ApiContext = ApiCtx):
    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        doc = reading.get_document(session, found, doc_id, ctx.user.id, ctx.now)
        return [_event(e) for e in reading.trail(session, found, doc)]


@router.get("/documents/{doc_id}/docx", summary="已印发公文的 .docx（GB/T 9704-2012 版式）",
            response_class=Response, responses={200: {"content": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}}}})
def document_docx(tenant: str, doc_id: int, ctx: ApiContext = ApiCtx,
                  copy: int | None = Query(None, ge=1, le=999999, description="份号（涉密公文）")):
    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        doc = reading.get_document(session, found, doc_id, ctx.user.id, ctx.now)
        data, name = printed.render_docx(session, found, doc, copy), f"{doc.doc_number or doc.id}.docx"
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})


@router.get("/documents/{doc_id}/pdf", summary="已印发公文的 PDF（需安装 LibreOffice）", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}, 503: {"description": "本机未安装 LibreOffice"}})
def document_pdf(tenant: str, doc_id: int, ctx: ApiContext = ApiCtx,
                 copy: int | None = Query(None, ge=1, le=999999, description="份号（涉密公文）")):
    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        doc = reading.get_document(session, found, doc_id, ctx.user.id, ctx.now)
        data, name = printed.render_docx(session, found, doc, copy), f"{doc.doc_number or doc.id}.pdf"
    try:
        pdf = to_pdf(data)
    except PdfUnavailable as exc:
        return BeijingJSONResponse({"code": "pdf_unavailable", "message": str(exc), "cite": None}, status_code=503)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})


@router.get("/documents/{doc_id}/form.docx", summary="发文稿纸或收文处理笺（.docx，各环节意见依次列明）",
            response_class=Response, responses={200: {"content": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}}}})
def document_form_docx(tenant: str, doc_id: int, ctx: ApiContext = ApiCtx):
    from zhengwu.printing.docx_render import render_form_docx
    from zhengwu.documents.forms import form_of

    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        doc = reading.get_document(session, found, doc_id, ctx.user.id, ctx.now)
        form = form_of(session, found, doc)
        data, name = render_form_docx(form), f"{form.heading}-{doc.doc_number or doc.id}.docx"
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def _doc(uow, found: Tenant, doc: Document) -> dict:
    # Stored for Idempotency-Key replays: JSON values only. Flushed first: a step's writes go out
    # together at the flush, and the version the client sends next is the one written there.
    uow.session.flush()
    return jsonable_encoder(document_out(uow.session, found, doc))


@router.post("/documents/incoming", response_model=DocumentOut, status_code=201, summary="部门向政府报送公文（即时初审，不合规的记明理由）")
def submit(tenant: str, body: IncomingIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    data = body.model_dump()
    data["touches_department_ids"] = tuple(data["touches_department_ids"])
    data["countersigned_by_ids"] = tuple(data["countersigned_by_ids"])
    data["disagreements"] = tuple(data["disagreements"])
    return ctx.mutate("document.submit", lambda uow: _doc(uow, found, intake.submit_incoming(uow, **data)),
                      tenant=found, status_code=201)


@router.post("/documents", response_model=DocumentOut, status_code=201, summary="拟稿或部门代拟稿")
def draft(tenant: str, body: DraftIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    data = body.model_dump()
    for key in ("copy_to", "attachments", "touches_department_ids"):
        data[key] = tuple(data[key])
    return ctx.mutate("document.draft", lambda uow: _doc(uow, found, drafting.create_draft(uow, **data)),
                      tenant=found, status_code=201)


class ImplementationOut(Out):
    id: int
    title: str
    issued_by: str
    department_id: int
    assigned_on: date
    due: date | None
    basis: str = Field(description="text：本规则的时限；superior：上级文件的时限；special：特殊情况延长；none：无时限")
    cite: str | None
    special_reason: str | None
    draft_id: int | None
    drafted_on: date | None
    late: bool
    version: int


class ImplementationPageOut(Out):
    items: list[ImplementationOut]
    next_after: int | None
    total: int
    total_capped: bool


class PrefixOut(Out):
    issuer: str
    department_id: int | None
    prefix: str


@router.put("/documents/number-prefixes", response_model=PrefixOut, summary="设置机关代字（政府、办公室，或部门自己的）")
def set_prefix(tenant: str, body: PrefixIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("document.set_prefix", lambda uow: {
        "issuer": body.issuer, "department_id": body.department_id,
        "prefix": issuing.set_number_prefix(uow, **body.model_dump()).prefix}, tenant=found)


def _implementation(row) -> dict:
    return row.summary()


@router.get("/implementation-drafts", response_model=ImplementationPageOut, summary="上级文件转办（实施意见代拟稿）及其上报时限")
def implementation_drafts(tenant: str, ctx: ApiContext = ApiCtx, after: int | None = None, limit: int | None = None):
    found = ctx.tenant(tenant)
    ctx.authorize("document.view", found)
    with ctx.db.read() as session:
        return superior.implementation_drafts(session, found.id, after=after, limit=limit).as_json(_implementation)


@router.post("/implementation-drafts", status_code=201, response_model=ImplementationOut, summary="转办上级文件，由牵头部门上报实施意见代拟稿")
def assign_implementation(tenant: str, body: ImplementationIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("document.assign_implementation", lambda uow: _implementation(
        superior.assign_implementation_draft(uow, **body.model_dump())), tenant=found, status_code=201)


@router.post("/implementation-drafts/{row_id}/special", response_model=ImplementationOut, summary="说明特殊情况，代拟稿按延长时限上报")
def implementation_special(tenant: str, row_id: int, body: SpecialIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("document.implementation_special", lambda uow: _implementation(
        superior.claim_special_circumstance(uow, implementation_id=row_id, reason=body.reason,
                                           expected_version=body.version)), tenant=found)


def _on(tenant: str, ctx: ApiContext, action: str, call):
    found = ctx.tenant(tenant)
    return ctx.mutate(action, lambda uow: _doc(uow, found, call(uow)), tenant=found)


@router.post("/documents/{doc_id}/return", response_model=DocumentOut, summary="退回（说明理由）")
def return_document(tenant: str, doc_id: int, body: ReturnIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.return", lambda uow: intake.return_document(
        uow, doc_id=doc_id, reasons=body.reasons, expected_version=body.version))


@router.post("/documents/{doc_id}/resubmit", response_model=DocumentOut, summary="修改后重新报送（退回的请示、报告，重新初审）")
def resubmit(tenant: str, doc_id: int, body: ResubmitIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.resubmit", lambda uow: intake.resubmit(
        uow, doc_id=doc_id, title=body.title, body=body.body, decision_needed_by=body.decision_needed_by,
        urgency=body.urgency, touches_department_ids=tuple(body.touches_department_ids),
        countersigned_by_ids=tuple(body.countersigned_by_ids), major=body.major, expected_version=body.version))


@router.post("/documents/{doc_id}/route", response_model=DocumentOut, summary="呈批（按领导分工，重大事项报政府主要负责同志）")
def route(tenant: str, doc_id: int, body: RouteIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.route", lambda uow: intake.route(
        uow, doc_id=doc_id, leader_id=body.leader_id, expected_version=body.version))


@router.post("/documents/{doc_id}/forward", response_model=DocumentOut, summary="转请其他领导同志核批")
def forward(tenant: str, doc_id: int, body: ForwardIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.forward", lambda uow: intake.forward(
        uow, doc_id=doc_id, to_user_id=body.to_user_id, expected_version=body.version))


@router.post("/documents/{doc_id}/instructions", response_model=InstructionOut, status_code=201, summary="批示（明确意见；要求报告的批示件有办理时限）")
def instruct(tenant: str, doc_id: int, body: InstructIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("document.instruct", lambda uow: _instruction(intake.instruct(
        uow, doc_id=doc_id, expected_version=body.version, **body.model_dump(exclude={"version"}))),
                      tenant=found, status_code=201)


def _instruction(row) -> dict:
    return {**row.summary(), "due_cite": row.due_cite}


@router.post("/instructions/{instruction_id}/progress", response_model=InstructionOut, summary="报告批示件办理进展")
def progress(tenant: str, instruction_id: int, body: ProgressIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("document.progress", lambda uow: _instruction(intake.report_progress(
        uow, instruction_id=instruction_id, text=body.text, expected_version=body.version)), tenant=found)


@router.post("/instructions/{instruction_id}/report", response_model=InstructionOut, summary="报告批示件办理结果（逾期须书面说明）")
def report(tenant: str, instruction_id: int, body: ReportIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("document.report", lambda uow: _instruction(intake.report_instruction(
        uow, instruction_id=instruction_id, text=body.text, late_explanation=body.late_explanation,
        expected_version=body.version)), tenant=found)


@router.post("/documents/{doc_id}/revise", response_model=DocumentOut, summary="办公室审改（保留各稿）")
def revise(tenant: str, doc_id: int, body: ReviseIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.revise", lambda uow: drafting.revise(
        uow, doc_id=doc_id, title=body.title, body=body.body, note=body.note, expected_version=body.version))


@router.post("/documents/{doc_id}/countersign", response_model=list[ClockOut], summary="发起会签（同时或依次；回复时限按工作日）")
def open_countersign(tenant: str, doc_id: int, body: CountersignIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        countersigning.open_countersign(uow, doc_id=doc_id, department_ids=body.department_ids, mode=body.mode,
                                 lead_department_due=body.lead_department_due, expected_version=body.version,
                                 sent_on=body.sent_on)
        return jsonable_encoder([_clock(c) for c in reading.countersign_clocks(uow.session, found, uow.now, doc_id=doc_id)])

    return ctx.mutate("document.countersign_open", use_case, tenant=found)


@router.post("/documents/{doc_id}/countersign/silence", response_model=list[ClockOut], summary="逾期未复的会签按规则记为无不同意见（依次会签则送下一部门）")
def record_silence(tenant: str, doc_id: int, body: VersionIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        countersigning.record_silence(uow, doc_id=doc_id, expected_version=body.version)
        return jsonable_encoder([_clock(c) for c in reading.countersign_clocks(uow.session, found, uow.now, doc_id=doc_id)])

    return ctx.mutate("document.countersign_silence", use_case, tenant=found)


@router.post("/documents/{doc_id}/countersign/close", response_model=DocumentOut, summary="结束会签（逾期未复按规则视为无不同意见）")
def close_countersign(tenant: str, doc_id: int, body: VersionIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.countersign_close", lambda uow: countersigning.close_countersign(
        uow, doc_id=doc_id, expected_version=body.version))


def _request_out(uow, found, row) -> dict:
    return jsonable_encoder(next(_clock(c) for c in reading.countersign_clocks(uow.session, found, uow.now,
                                                                               doc_id=row.document_id)
                                 if c.request.id == row.id))


@router.post("/countersigns/{request_id}/answer", response_model=ClockOut, summary="会签回复：同意，或写明理据的不同意见")
def answer(tenant: str, request_id: int, body: AnswerIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("document.countersign_reply", lambda uow: _request_out(uow, found, countersigning.answer_countersign(
        uow, request_id=request_id, expected_version=body.version,
        **body.model_dump(exclude={"version"}))), tenant=found)


@router.post("/countersigns/{request_id}/disagreement", response_model=ClockOut, summary="主办部门列明各方理据并提出办理建议")
def disagreement(tenant: str, request_id: int, body: DisagreementIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("document.countersign_disagreement", lambda uow: _request_out(
        uow, found, countersigning.record_disagreement(uow, request_id=request_id, expected_version=body.version,
                                            **body.model_dump(exclude={"version"}))), tenant=found)


@router.post("/countersigns/{request_id}/extension", response_model=ClockOut, summary="与主办部门商定延长回复时限")
def extension(tenant: str, request_id: int, body: ExtensionIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("document.countersign_extend", lambda uow: _request_out(
        uow, found, countersigning.extend_countersign(uow, request_id=request_id, expected_version=body.version,
                                           **body.model_dump(exclude={"version"}))), tenant=found)


@router.post("/documents/{doc_id}/send-for-signing", response_model=DocumentOut, summary="送签：按签发规则确定审核、会签、签发流程")
def send_for_signing(tenant: str, doc_id: int, body: VersionIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.send_for_signing", lambda uow: signing.send_for_signing(
        uow, doc_id=doc_id, expected_version=body.version))


@router.post("/documents/{doc_id}/steps", response_model=DocumentOut, summary="审核、会签或签发（仅签发规则列明的职务或其代行人）")
def step(tenant: str, doc_id: int, body: StepIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.step", lambda uow: signing.take_step(
        uow, doc_id=doc_id, kind=body.kind, opinion=body.opinion, expected_version=body.version))


@router.post("/documents/batch", response_model=BatchOut, summary="批量办理：同一步骤办理多件公文（全部办理或全部不办理）",
             description=f"一次 1 至 {batch.MAX_ITEMS} 件；每件按单件办理的同一规则检查。任何一件被拒绝时整批均不办理，"
                         "错误信息指明第几件及理由。")
def batch_steps(tenant: str, body: BatchIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    items = [item.model_dump() for item in body.items]
    if body.action == "draft":
        for item in items:
            for key in ("copy_to", "attachments", "touches_department_ids"):
                item[key] = tuple(item[key])

    def use_case(uow):
        docs = batch.run(uow, body.action, items)
        uow.session.flush()  # the versions written, for the client's next step
        return jsonable_encoder({"count": len(docs), "items": [doc.summary() for doc in docs]})

    return ctx.mutate("document.batch", use_case, tenant=found)


@router.post("/documents/{doc_id}/reviews", response_model=ReviewOut, status_code=201, summary="记录发文前审查（合法性、公平竞争、征求意见、政策解读）")
def review(tenant: str, doc_id: int, body: ReviewIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        row = issuing.record_review(uow, doc_id=doc_id, expected_version=body.version,
                                    **body.model_dump(exclude={"version"}))
        return {"review": row.review, "passed": row.passed, "on": row.on.isoformat(), "by": row.by_label}

    return ctx.mutate("document.review", use_case, tenant=found, status_code=201)


@router.post("/documents/{doc_id}/legislative-disagreements", response_model=LegislativeDisagreementOut, status_code=201,
             summary="法制机构登记立法协调中仍未一致的问题（列明各方理据和倾向性意见，报政府决定）")
def legislative_disagreement(tenant: str, doc_id: int, body: LegislativeDisagreementIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        row = legislation_service.record_disagreement(uow, doc_id=doc_id, views=body.views, reasons=body.reasons,
                                                      leaning=body.leaning, expected_version=body.version)
        return {"document_id": row.document_id, "on": row.on.isoformat(), "by": row.by_label, "note": row.note}

    return ctx.mutate("document.legislative_disagreement", use_case, tenant=found, status_code=201)


@router.post("/documents/{doc_id}/after-issue", response_model=AfterIssueOut, status_code=201, summary="记录规范性文件的定期清理或实施后评估")
def after_issue(tenant: str, doc_id: int, body: AfterIssueIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        row = issuing.record_after_issue(uow, doc_id=doc_id, expected_version=body.version,
                                         **body.model_dump(exclude={"version"}))
        return {"kind": row.review, "on": row.on.isoformat(), "by": row.by_label, "note": row.note}

    return ctx.mutate("document.after_issue", use_case, tenant=found, status_code=201)


@router.post("/documents/{doc_id}/legality-statement", response_model=DocumentOut, summary="附送合法性说明")
def legality_statement(tenant: str, doc_id: int, body: StatementIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.legality_statement", lambda uow: issuing.attach_legality_statement(
        uow, doc_id=doc_id, statement=body.statement, expected_version=body.version))


@router.post("/documents/{doc_id}/issue", response_model=DocumentOut, summary="印发：核对审查后编发文字号")
def issue(tenant: str, doc_id: int, body: VersionIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.issue", lambda uow: issuing.issue(uow, doc_id=doc_id, expected_version=body.version))


@router.post("/documents/{doc_id}/filings", response_model=DocumentOut, summary="备案（报送规则规定的机关）")
def file_document(tenant: str, doc_id: int, body: FilingIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.file", lambda uow: issuing.file_document(
        uow, doc_id=doc_id, to=list(body.to), expected_version=body.version))


# --- 传阅 -----------------------------------------------------------------------------------


class CirculateIn(VersionIn):
    post_ids: list[int] = Field([], description="传阅的领导同志等（按所任职务）")
    department_ids: list[int] = Field([], description="传阅的单位（单位任一成员可阅）")
    note: str = Field("", max_length=500, description="传阅说明")


class RoundVersionIn(Input):
    version: int = Field(description="客户端所见的本轮传阅版本；与当前版本不符时返回 409")


class ReadIn(RoundVersionIn):
    comment: str = Field("", max_length=2000, description="批示（可不填；照录原文，只记录一次）")


class ReaderOut(BaseModel):
    label: str = Field(description="传阅对象：职务和姓名，或单位")
    kind: Literal["person", "unit"]
    read: bool
    read_at: datetime | None
    read_by: str | None = Field(description="阅件人")
    comment: str | None = Field(description="批示，照录原文")
    urged_count: int = Field(description="已催阅次数")
    last_urged_at: datetime | None


class CirculationOut(BaseModel):
    id: int
    document_id: int
    started_at: datetime
    started_by: str
    note: str
    complete: bool = Field(description="传阅完毕")
    completed_at: datetime | None
    read_count: int
    reader_count: int
    readers: list[ReaderOut]
    version: int = Field(description="本轮传阅的版本：已阅、催阅时回传")


def _round_out(session, found: Tenant, r) -> dict:
    from zhengwu.org import service as org_service

    who = org_service.people(session, found.id)
    c = r.circulation
    return {"id": c.id, "document_id": c.document_id, "started_at": c.started_at, "started_by": who(c.started_by_id),
            "note": c.note, "complete": r.complete, "completed_at": c.completed_at, "read_count": len(r.read),
            "reader_count": len(r.readers), "version": c.version,
            "readers": [{"label": x.label, "kind": "unit" if x.department_id else "person", "read": x.read_at is not None,
                         "read_at": x.read_at, "read_by": who(x.read_by_id) if x.read_by_id else None,
                         "comment": x.comment, "urged_count": x.urged_count, "last_urged_at": x.last_urged_at}
                        for x in r.readers]}


def _latest(tenant: str, doc_id: int, ctx: ApiContext) -> dict:
    found = ctx.tenant(tenant)
    with ctx.db.read() as session:
        doc = reading.get_document(session, found, doc_id, ctx.user.id, ctx.now)
        return _round_out(session, found, circulations.rounds(session, doc)[0])


@router.get("/documents/{doc_id}/circulations", response_model=list[CirculationOut],
            summary="传阅情况：每轮传阅的对象、已阅未阅、阅件时间和批示（最新一轮在前）")
def list_circulations(tenant: str, doc_id: int, ctx: ApiContext = ApiCtx):
    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        doc = reading.get_document(session, found, doc_id, ctx.user.id, ctx.now)
        return [_round_out(session, found, r) for r in circulations.rounds(session, doc)]


@router.post("/documents/{doc_id}/circulations", status_code=201, response_model=CirculationOut,
             summary="发起传阅（政府办公室；条例第二十四条第（五）项）")
def circulate(tenant: str, doc_id: int, body: CirculateIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.mutate("document.circulate", lambda uow: circulations.start(
        uow, doc_id=doc_id, post_ids=body.post_ids, department_ids=body.department_ids, note=body.note,
        expected_version=body.version).summary(),
        tenant=found)
    return _latest(tenant, doc_id, ctx)


@router.post("/documents/{doc_id}/circulation/read", response_model=CirculationOut,
             summary="已阅（传阅对象本人或所在单位成员；可附批示，只记录一次）")
def mark_read(tenant: str, doc_id: int, body: ReadIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.mutate("document.read_circulated", lambda uow: circulations.mark_read(
        uow, doc_id=doc_id, comment=body.comment, expected_version=body.version).summary(), tenant=found)
    return _latest(tenant, doc_id, ctx)


@router.post("/documents/{doc_id}/circulation/urge", response_model=CirculationOut,
             summary="催阅：提醒尚未阅件的传阅对象（政府办公室）")
def urge_read(tenant: str, doc_id: int, body: RoundVersionIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.mutate("document.urge_read", lambda uow: [
        r.label for r in circulations.urge(uow, doc_id=doc_id, expected_version=body.version)],
               tenant=found)
    return _latest(tenant, doc_id, ctx)


@router.post("/documents/{doc_id}/resolution", response_model=DocumentOut, summary="注明作出决定的会议议定事项（须经会议决定的事项签发前）")
def name_resolution(tenant: str, doc_id: int, body: ResolutionIn, ctx: ApiContext = ApiCtx):
    return _on(tenant, ctx, "document.name_resolution", lambda uow: issuing.name_resolution(
        uow, doc_id=doc_id, resolution_id=body.resolution_id, expected_version=body.version))


# --- 交部门办理 (海南区 58) --------------------------------------------------------------------


class ReferIn(Input):
    department_id: int = Field(description="交办的部门（不能是报文单位自己）")
    mode: Literal["answer", "opinion"] = Field("answer", description="answer：由部门直接答复报文单位并反馈办理结果；"
                                                                       "opinion：由部门提出办理意见反馈政府办公室")
    note: str = ""
    version: int = Field(description="客户端所见的版本；与当前版本不符时返回 409")


class ReferralAnswerIn(Input):
    answer: str = Field("", description="直接答复报文单位的内容（answer 方式必填）")
    feedback: str = Field(description="向政府办公室反馈的办理结果或办理意见")
    version: int = Field(description="客户端所见的交办记录版本；与当前版本不符时返回 409")


class ReferralOut(Out):
    id: int
    document_id: int
    department_id: int
    mode: str
    state: str
    note: str
    cite: str | None
    referred_on: date
    answer: str
    answered_on: date | None
    feedback: str
    version: int


@router.post("/documents/{doc_id}/referrals", response_model=ReferralOut, status_code=201,
             summary="请示交相关部门办理（直接答复报文单位或提出办理意见，海南区第五十八条）")
def refer(tenant: str, doc_id: int, body: ReferIn, ctx: ApiContext = ApiCtx):
    from zhengwu.documents import referral_service

    found = ctx.tenant(tenant)
    return ctx.mutate("document.refer", lambda uow: referral_service.refer(
        uow, doc_id=doc_id, department_id=body.department_id, mode=body.mode, note=body.note,
        expected_version=body.version).summary(), tenant=found, status_code=201)


@router.post("/referrals/{referral_id}/answer", response_model=ReferralOut,
             summary="部门答复报文单位并向政府办公室反馈办理结果（或提出办理意见）")
def answer_referral(tenant: str, referral_id: int, body: ReferralAnswerIn, ctx: ApiContext = ApiCtx):
    from zhengwu.documents import referral_service

    found = ctx.tenant(tenant)
    return ctx.mutate("document.referral_feedback", lambda uow: referral_service.answer(
        uow, referral_id=referral_id, answer=body.answer, feedback=body.feedback,
        expected_version=body.version).summary(), tenant=found)


@router.get("/referrals", response_model=list[ReferralOut], summary="尚未反馈的交办请示（办公室看全部，部门看本部门的）",
            description=PAGED)
def open_referrals(tenant: str, ctx: ApiContext = ApiCtx, after: int | None = None, limit: int = paging.PAGE_SIZE):
    from zhengwu.documents import referral_service

    found = _read(ctx, tenant)
    with ctx.db.read() as session:
        me = standing.standing(session, found, None, ctx.user.id, ctx.now)
        mine = None if "office" in me.capacities else referral_service.department_ids_headed(
            session, found.id, ctx.user.id, ctx.now)
        page = referral_service.open_referrals(session, found, department_ids=mine, after=after, limit=limit)
        return _paged(page, lambda r: r.summary())
