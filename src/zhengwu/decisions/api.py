"""REST API of major decisions and contracts. Changes take the version the client saw (409 when
stale) and honour Idempotency-Key; refusals are 422 with the verdict's code and article."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response
from pydantic import Field

from zhengwu.core import paging
from zhengwu.core.tenants import pinned_profile
from zhengwu.decisions import service
from zhengwu.web.api import ERRORS, Out
from zhengwu.web.beijing import BeijingDateTime
from zhengwu.web.context import ApiContext, ApiCtx
from zhengwu.core.text import Input

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["重大行政决策与合同"], responses=ERRORS)


class DecisionIn(Input):
    year: int = Field(ge=2000, le=2100, description="决策目录年度")
    title: str = Field(min_length=1, max_length=200)
    lead_department: str = Field(min_length=1, max_length=100, description="决策承办单位")
    touches_public_interest: bool = Field(description="涉及重大公共利益和公众权益（须社会稳定风险评估和听证等）")
    description: str = ""


class VersionIn(Input):
    version: int = Field(description="客户端所见的版本；与当前版本不符时返回 409")


class CatalogIn(VersionIn):
    listed_on: date


class StepIn(VersionIn):
    step: str = Field(description="public_participation | expert_review | risk_assessment | legality_review | "
                                  "stability_risk_assessment | hearing")
    done_on: date
    evidence: str = Field(min_length=1, description="依据材料：报告、意见书、会议记录的名称或文号")
    opened_on: date | None = Field(None, description="公众参与：公开征求意见开始日")
    closed_on: date | None = Field(None, description="公众参与：公开征求意见截止日")
    shortened_reason: str | None = Field(None, description="因情况紧急缩短期限的说明")


class PersonIn(Input):
    name: str = Field(min_length=1, max_length=100)
    role: str = Field(min_length=1, max_length=200)


class DecideIn(VersionIn):
    meeting_kind: str = Field(description="plenary（全体会议）| executive（常务会议）…")
    meeting_on: date
    meeting_ref: str = ""
    responsible: list[PersonIn] = Field(default_factory=list, description="决策责任人（终身责任追究）")
    dissent: str = Field("", description="会上的不同意见，如实载明")


class ReportIn(Input):
    kind: str = Field(description="implementation（实施情况）| post_evaluation（决策后评估）")
    reported_on: date
    text: str = Field(min_length=1)
    version: int = Field(description="客户端所见的决策版本；与当前版本不符时返回 409")


class ContractIn(Input):
    title: str = Field(min_length=1, max_length=200)
    counterparty: str = Field(min_length=1, max_length=200)
    lead_department: str = Field(min_length=1, max_length=100)
    oversight_deputy_user_id: int | None = Field(None, description="分管（主管）该事项的副职的用户编号")


class ReviewIn(VersionIn):
    review: str = Field(description="legal_adviser_opinion | legality_review | fair_competition_review")
    done_on: date
    evidence: str = Field(min_length=1)


class ApproveIn(VersionIn):
    meeting_kind: str
    meeting_on: date
    meeting_ref: str = ""


class StepOut(Out):
    step: str
    done_on: date
    evidence: str
    opened_on: date | None
    closed_on: date | None
    shortened_reason: str | None
    recorded_by: str


class PersonOut(Out):
    name: str
    role: str


class DecisionReportOut(Out):
    kind: str
    reported_on: date
    text: str
    recorded_by: str


class DecisionOut(Out):
    id: int
    year: int
    title: str
    description: str
    lead_department: str
    touches_public_interest: bool
    catalog_listed_on: date | None
    state: str
    meeting_kind: str | None
    meeting_on: date | None
    meeting_ref: str | None
    dissent: str | None
    version: int
    steps: list[StepOut]
    responsible: list[PersonOut]
    reports: list[DecisionReportOut]


class ChecklistRowOut(Out):
    step: str
    label: str
    cite: str | None
    record: StepOut | None


class DecisionDetailOut(DecisionOut):
    checklist: list[ChecklistRowOut] = Field(description="须登记的决策程序，按文本所列顺序")
    ready: bool = Field(description="是否已可提请集体讨论")
    missing: list[dict] = Field(description="尚缺的程序（code, message, cite）")


class ContractReviewOut(Out):
    review: str
    done_on: date
    evidence: str
    recorded_by: str


class ContractOut(Out):
    id: int
    title: str
    counterparty: str
    lead_department: str
    oversight_deputy_user_id: int | None
    state: str
    approved_by: str | None
    approved_on: date | None
    meeting_ref: str | None
    signed_at: BeijingDateTime | None
    signer: str | None
    signer_roles: list[str] | None
    version: int
    reviews: list[ContractReviewOut]


def _decision_out(session, decision) -> dict:
    profile = pinned_profile(session, decision)
    checklist = [{"step": row["step"], "label": row["label"], "cite": row["cite"],
                  "record": row["record"].summary() if row["record"] else None}
                 for row in service.checklist(profile, decision)]
    ready = service.readiness(profile, decision)
    return {**decision.summary(), "checklist": checklist, "ready": ready.ok,
            "missing": [r.as_dict() for r in ready.reasons]}


@router.get("/decisions", response_model=list[DecisionDetailOut], summary="决策目录（可按年度）")
def list_decisions(tenant: str, year: int | None = None, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("decision.view", found)
    with ctx.db.read() as session:
        return [_decision_out(session, d) for d in service.catalog(session, found.id, year)]


@router.post("/decisions", status_code=201, response_model=DecisionOut, summary="登记重大行政决策事项")
def register_decision(tenant: str, body: DecisionIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("decision.register", lambda uow: service.register_decision(
        uow, **body.model_dump()).summary(), tenant=found, status_code=201)


@router.get("/decisions/{decision_id}", response_model=DecisionDetailOut, summary="决策详情及程序清单")
def get_decision(tenant: str, decision_id: int, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("decision.view", found)
    with ctx.db.read() as session:
        return _decision_out(session, service.get_decision(session, found.id, decision_id))


@router.post("/decisions/{decision_id}/catalog", response_model=DecisionOut, summary="列入年度决策目录")
def list_in_catalog(tenant: str, decision_id: int, body: CatalogIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("decision.catalog", lambda uow: service.list_in_catalog(
        uow, decision_id, body.version, body.listed_on).summary(), tenant=found)


@router.post("/decisions/{decision_id}/steps", response_model=DecisionOut, summary="登记一项决策程序及其依据材料")
def record_step(tenant: str, decision_id: int, body: StepIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    values = body.model_dump(exclude={"version"})
    return ctx.mutate("decision.record_step", lambda uow: service.record_step(
        uow, decision_id, body.version, **values).summary(), tenant=found)


@router.post("/decisions/{decision_id}/decide", response_model=DecisionOut, summary="集体讨论决定（全体会议或常务会议）")
def decide(tenant: str, decision_id: int, body: DecideIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    people = [(p.name, p.role) for p in body.responsible]
    return ctx.mutate("decision.decide", lambda uow: service.decide(
        uow, decision_id, body.version, meeting_kind=body.meeting_kind, meeting_on=body.meeting_on,
        meeting_ref=body.meeting_ref, responsible=people, dissent=body.dissent).summary(), tenant=found)


@router.post("/decisions/{decision_id}/reports", response_model=DecisionOut, summary="报告实施情况或决策后评估")
def add_report(tenant: str, decision_id: int, body: ReportIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("decision.report", lambda uow: service.add_report(
        uow, decision_id, body.version, **body.model_dump(exclude={"version"})).summary(), tenant=found)


@router.get("/contracts", response_model=list[ContractOut], summary="以政府名义签订的合同协议")
def list_contracts(tenant: str, response: Response, ctx: ApiContext = ApiCtx, after: int | None = None, limit: int = paging.PAGE_SIZE):
    """A page of the contracts, newest first (X-Next-After / X-Total-Count headers)."""
    found = ctx.tenant(tenant)
    ctx.authorize("decision.view", found)
    with ctx.db.read() as session:
        page = service.list_contracts(session, found.id, after=after, limit=limit)
        response.headers.update(paging.headers(page))
        return [c.summary() for c in page]


@router.post("/contracts", status_code=201, response_model=ContractOut, summary="登记合同协议")
def register_contract(tenant: str, body: ContractIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("contract.register", lambda uow: service.register_contract(uow, **body.model_dump()).summary(),
                      tenant=found, status_code=201)


@router.post("/contracts/{contract_id}/reviews", response_model=ContractOut, summary="登记审查意见（法律顾问、合法性、公平竞争）")
def record_review(tenant: str, contract_id: int, body: ReviewIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("contract.review", lambda uow: service.record_review(
        uow, contract_id, body.version, review=body.review, done_on=body.done_on, evidence=body.evidence).summary(),
        tenant=found)


@router.post("/contracts/{contract_id}/approve", response_model=ContractOut, summary="登记会议研究通过")
def approve_contract(tenant: str, contract_id: int, body: ApproveIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("contract.approve", lambda uow: service.approve_contract(
        uow, contract_id, body.version, meeting_kind=body.meeting_kind, meeting_on=body.meeting_on,
        meeting_ref=body.meeting_ref).summary(), tenant=found)


@router.post("/contracts/{contract_id}/sign", response_model=ContractOut, summary="本人签订（仅限规则所列职务）")
def sign_contract(tenant: str, contract_id: int, body: VersionIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("contract.sign", lambda uow: service.sign_contract(uow, contract_id, body.version).summary(),
                      tenant=found)
