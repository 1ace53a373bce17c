"""The org's REST API: the org chart, building it, portfolios, AB角/补位 pairs, leave, acting.

Mutating calls accept `Idempotency-Key`; posts and leave requests carry a version, and a stale
one is answered 409 with the current state. Refusals are `{"code", "message", "cite"}`: 403 when
the user's posts do not allow the step (audited, nothing changed), 422 when a rule refuses it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import AwareDatetime, BaseModel, Field

from zhengwu.core import paging
from zhengwu.core.tenants import Tenant
from zhengwu.org import service
from zhengwu.web.api import ERRORS
from zhengwu.web.context import ApiContext, ApiCtx
from zhengwu.core.text import Input

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["组织与请销假"], responses=ERRORS)


class DepartmentIn(Input):
    name: str = Field(min_length=1, max_length=100, description="部门名称，如「区财政局」")
    kind: Literal["department", "township", "office"] = "department"


class PostIn(Input):
    kind: str = Field(description="职务类别：head、executive_deputy、deputy、office_director、department_head …")
    title: str | None = Field(None, max_length=100, description="职务名称；省略时用本单位规则中的称谓")
    department_id: int | None = None
    holder_id: int | None = Field(None, description="任职人（用户编号），须为本单位成员")
    rank: int = 0


class HolderIn(Input):
    holder_id: int | None = Field(description="新任职人（用户编号）；null 表示空缺")
    version: int = Field(description="客户端所见的职务版本；与当前版本不符时返回 409")


class PortfolioIn(Input):
    department_id: int
    post_id: int = Field(description="分管该部门的副职领导职务")
    version: int | None = Field(description="客户端所见的该部门分管设置的版本；尚未设置过时为 null；与当前版本不符时返回 409")


class PairIn(Input):
    kind: Literal["ab_partner", "fill_in"]
    first_post_id: int
    second_post_id: int


class LeaveIn(Input):
    post_id: int = Field(description="请假人担任的职务；政府办公室可代领导报请")
    occasion: Literal["abroad", "out_of_area", "leave", "concurrent_duties"]
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    reason: str = Field("", max_length=500)
    designated_post_id: int | None = Field(None, description="区长（市长）外出时指定主持工作的副职（规则允许时）")
    mandate: bool = Field(False, description="区长（市长）委托常务副职代行")


class DecisionIn(Input):
    version: int = Field(description="客户端所见的请假版本；与当前版本不符时返回 409")
    note: str = Field("", max_length=500)
    designated_post_id: int | None = Field(None, description="批准时由区长安排代行的其他副职（规则允许时）")


class CancelIn(Input):
    version: int = Field(description="客户端所见的请假版本；与当前版本不符时返回 409")


class DepartmentOut(BaseModel):
    id: int
    name: str
    kind: str


class PartnerOut(BaseModel):
    kind: str
    post_id: int
    post: str


class PostOut(BaseModel):
    id: int
    kind: str
    title: str
    department_id: int | None
    holder_id: int | None
    version: int


class ChartPostOut(PostOut):
    holder: str
    department: str | None
    oversees: list[str]
    partner: PartnerOut | None


class OrgOut(BaseModel):
    departments: list[DepartmentOut]
    posts: list[ChartPostOut]


class PortfolioOut(BaseModel):
    department_id: int
    post_id: int
    version: int


class PairOut(BaseModel):
    id: int
    kind: str
    first_post_id: int
    second_post_id: int


class AuthorityOut(BaseModel):
    post_id: int
    post: str
    holder_id: int | None
    holder: str
    acting_id: int | None = Field(description="代行人（用户编号）；无人代行时为 null")
    acting: str | None
    acting_post: str | None
    via: str = Field(description="executive_deputy | designated_deputy | ab_partner | fill_in | nobody")
    note: str
    cite: str | None
    leave_id: int | None


class LeaveOut(BaseModel):
    id: int
    requester_id: int
    requester: str
    filed_by_id: int | None
    filed_by: str | None
    post_id: int
    post: str
    occasion: str
    occasion_label: str
    reason: str
    starts_at: datetime
    ends_at: datetime
    state: str = Field(description="requested | approved | filed | rejected | withdrawn | cancelled")
    state_label: str
    approver: str | None = Field(description="规则规定的审批人（head、oversight_deputy …）；null 表示只需报备")
    approver_label: str
    office_report: str | None
    office_report_label: str | None
    cite: str | None
    designated_post_id: int | None
    designated_post: str | None
    mandate: bool
    decided_by_id: int | None
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    cancelled_at: datetime | None
    version: int


def _read(ctx: ApiContext, slug: str, action: str) -> Tenant:
    found = ctx.tenant(slug)
    ctx.authorize(action, found)
    return found


@router.get("/org", response_model=OrgOut, summary="组织机构：部门、职务、任职人、分管、AB角/补位")
def get_org(tenant: str, ctx: ApiContext = ApiCtx):
    found = _read(ctx, tenant, "org.view")
    with ctx.db.read() as session:
        return service.org_chart(session, found)


@router.post("/org/departments", status_code=201, response_model=DepartmentOut, summary="新建部门或镇街")
def create_department(tenant: str, body: DepartmentIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("org.create_department", lambda uow: service.create_department(
        uow, name=body.name, kind=body.kind).summary(), tenant=found, status_code=201)


@router.post("/org/posts", status_code=201, response_model=PostOut, summary="新设职务（可同时任命）")
def create_post(tenant: str, body: PostIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("org.create_post", lambda uow: service.create_post(
        uow, kind=body.kind, title=body.title, department_id=body.department_id, holder_id=body.holder_id,
        rank=body.rank).summary(), tenant=found, status_code=201)


@router.put("/org/posts/{post_id}/holder", response_model=PostOut, summary="任免：更换职务的任职人（带版本号）")
def assign_holder(tenant: str, post_id: int, body: HolderIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("org.assign_holder", lambda uow: service.assign_holder(
        uow, post_id=post_id, holder_id=body.holder_id, expected_version=body.version).summary(), tenant=found)


@router.put("/org/portfolios", response_model=PortfolioOut, summary="分管：指定分管某部门的副职")
def set_portfolio(tenant: str, body: PortfolioIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        row = service.set_portfolio(uow, department_id=body.department_id, post_id=body.post_id,
                                    expected_version=body.version)
        return {"department_id": row.department_id, "post_id": row.post_id, "version": row.version}

    return ctx.mutate("org.set_portfolio", use_case, tenant=found)


@router.post("/org/pairs", status_code=201, response_model=PairOut, summary="AB角 / 补位配对（仅限本单位规则规定的方式）")
def pair_posts(tenant: str, body: PairIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        pair = service.pair_posts(uow, kind=body.kind, first_post_id=body.first_post_id,
                                  second_post_id=body.second_post_id)
        return {"id": pair.id, "kind": pair.kind, "first_post_id": pair.first_post_id,
                "second_post_id": pair.second_post_id}

    return ctx.mutate("org.pair_posts", use_case, tenant=found, status_code=201)


@router.get("/acting", response_model=list[AuthorityOut], summary="代行情况：某一时刻谁在代行谁的职权（默认现在）")
def acting(tenant: str, ctx: ApiContext = ApiCtx, at: AwareDatetime | None = None):
    found = _read(ctx, tenant, "org.view")
    with ctx.db.read() as session:
        return service.acting_for(session, found, at or ctx.now)


@router.get("/leave", response_model=list[LeaveOut], summary="请销假记录（mine=true 只看本人）")
def list_leave(tenant: str, response: Response, ctx: ApiContext = ApiCtx, mine: bool = False, after: int | None = None,
               limit: int = paging.PAGE_SIZE):
    """A page of the record, newest first (X-Next-After / X-Total-Count headers)."""
    found = _read(ctx, tenant, "leave.view")
    with ctx.db.read() as session:
        page = service.leaves(session, found, requester_id=ctx.user.id if mine else None, after=after, limit=limit)
        response.headers.update(paging.headers(page))
        return service.describe_leaves(session, found, page)


@router.get("/leave/pending", response_model=list[LeaveOut], summary="待我审批的请假")
def pending_leave(tenant: str, ctx: ApiContext = ApiCtx):
    found = _read(ctx, tenant, "leave.view")
    with ctx.db.read() as session:
        return service.describe_leaves(session, found, service.pending_for(session, found, ctx.user.id, ctx.now))


@router.get("/leave/{leave_id}", response_model=LeaveOut, summary="请假详情")
def get_leave(tenant: str, leave_id: int, ctx: ApiContext = ApiCtx):
    found = _read(ctx, tenant, "leave.view")
    with ctx.db.read() as session:
        return service.describe_leave(session, found, service.get_leave(session, found, leave_id))


def _leave_out(uow, found: Tenant, leave) -> dict:
    return service.describe_leave(uow.session, found, leave)


@router.post("/leave", status_code=201, response_model=LeaveOut, summary="请假（按本单位规则报审批人或报备）")
def request_leave(tenant: str, body: LeaveIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("leave.request", lambda uow: _leave_out(uow, found, service.request_leave(
        uow, post_id=body.post_id, occasion=body.occasion, starts_at=body.starts_at, ends_at=body.ends_at,
        reason=body.reason, designated_post_id=body.designated_post_id, mandate=body.mandate)),
        tenant=found, status_code=201)


def _decide(tenant: str, leave_id: int, body: DecisionIn, ctx: ApiContext, approve: bool):
    found = ctx.tenant(tenant)
    return ctx.mutate("leave.approve" if approve else "leave.reject", lambda uow: _leave_out(
        uow, found, service.decide_leave(uow, leave_id=leave_id, approve=approve, expected_version=body.version,
                                         note=body.note, designated_post_id=body.designated_post_id)),
        tenant=found)


@router.post("/leave/{leave_id}/approve", response_model=LeaveOut, summary="批准请假（仅限规则规定的审批人）")
def approve_leave(tenant: str, leave_id: int, body: DecisionIn, ctx: ApiContext = ApiCtx):
    return _decide(tenant, leave_id, body, ctx, True)


@router.post("/leave/{leave_id}/reject", response_model=LeaveOut, summary="不予批准")
def reject_leave(tenant: str, leave_id: int, body: DecisionIn, ctx: ApiContext = ApiCtx):
    return _decide(tenant, leave_id, body, ctx, False)


@router.post("/leave/{leave_id}/cancel", response_model=LeaveOut, summary="销假（已生效的请假）或撤回（待审批的请假）")
def cancel_leave(tenant: str, leave_id: int, body: CancelIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("leave.cancel", lambda uow: _leave_out(uow, found, service.cancel_leave(
        uow, leave_id=leave_id, expected_version=body.version)), tenant=found)
