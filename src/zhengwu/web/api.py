"""The platform's REST API: sign-in tokens, tenants, and the audit chain.

Mutating calls accept `Idempotency-Key`; versioned objects take the version the client saw
and answer 409 with the current state when it is stale. Errors are `{"code", "message", "cite"}`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from zhengwu.core import audit, permissions, sessions, tenants, users
from zhengwu.core.errors import error_response
from zhengwu.core.uow import unit_of_work
from zhengwu.core.users import authenticate, tenants_of
from zhengwu.core.verdict import RuleViolation
from zhengwu.rulebook.profile import known_profiles
from zhengwu.versions import service as versions
from zhengwu.web.beijing import BeijingDateTime, BeijingJSONResponse
from zhengwu.web.context import ApiContext, ApiCtx, db_of, now_of, settings_of
from zhengwu.core.text import Input

router = APIRouter(prefix="/api")

class Out(BaseModel):
    """A response body: the fields a client relies on are declared (instants as BeijingDateTime);
    a domain's further detail passes through unchanged."""

    model_config = ConfigDict(extra="allow")


class Credentials(Input):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class PasswordChange(Input):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class EndedOut(BaseModel):
    ended: int = Field(description="结束的其他会话和令牌数")


class TokenOut(BaseModel):
    token: str
    expires_at: BeijingDateTime
    username: str
    display_name: str


class TenantOut(BaseModel):
    slug: str
    name: str
    profile_id: str
    version: int


class MembershipOut(TenantOut):
    posts: list[str] = Field(description="本人今天在该租户担任或代行的职务")


class MeOut(BaseModel):
    id: int = Field(description="用户编号（其他接口中 *_id 字段所指的人）")
    username: str
    display_name: str
    is_platform_admin: bool
    tenants: list[MembershipOut]


class TenantIn(Input):
    slug: str = Field(min_length=2, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    profile_id: str = Field(min_length=1, max_length=100)


class Adoption(Input):
    profile_id: str = Field(min_length=1, max_length=100)
    effective_from: date = Field(description="新版本自此日起适用")
    confirm: bool = Field(False, description="追溯适用或采用另一政府的规则时须为 true（先看 preview 列出的须确认事项）")
    version: int = Field(description="客户端所见的租户版本；与当前版本不符时返回 409")


class EventOut(BaseModel):
    seq: int
    at: BeijingDateTime
    actor: str
    action: str
    outcome: str
    object_type: str | None
    object_id: str | None
    summary: dict
    cite: str | None
    hash: str
    algorithm: str


class VerificationOut(BaseModel):
    chain: str
    ok: bool
    count: int
    broken_seq: int | None
    broken_event_id: int | None
    problem: str | None
    message: str


class ProfileVersionOut(Out):
    profile_id: str
    effective_from: date | None = Field(description="施行日期；空为自租户开始")
    repeals: str | None
    repeals_cite: str | None
    confirmed: list | None
    adopted_at: BeijingDateTime
    adopted_by: str


class TouchedOut(Out):
    kind: str
    id: int
    title: str
    profile_id: str


class AdoptionPreviewOut(Out):
    ok: bool = Field(description="能否采用（确认也不能解除的拒绝为 false）")
    reasons: list[dict]
    replaces: str | None
    changes: list[dict] = Field(description="逐条变化：key、old、new")
    touched: list[TouchedOut] = Field(description="受影响的在办事项")
    confirmations: list[str] = Field(description="采用时须逐条确认的事项")


class ErrorOut(BaseModel):
    code: str
    message: str
    cite: str | None


ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorOut} for status in (401, 403, 404, 409, 422)}


@router.post("/session", status_code=201, response_model=TokenOut, responses=ERRORS, tags=["登录"],
             summary="以用户名和密码换取 API 令牌")
def create_token(credentials: Credentials, request: Request):
    db, settings, now = db_of(request), settings_of(request), now_of(request)
    result = authenticate(db, settings, credentials.username, credentials.password, now)
    if result.user is None:
        status, body = error_response(RuleViolation(result.verdict))
        return BeijingJSONResponse(body, status_code=401)
    with unit_of_work(db, result.user.actor, "token.issue", now=now) as uow:
        token, row = sessions.start_session(uow, settings, result.user, kind=sessions.API)
    return TokenOut(token=token, expires_at=row.expires_at, username=result.user.username,
                    display_name=result.user.display_name)


@router.delete("/session", status_code=204, responses=ERRORS, tags=["登录"], summary="注销当前令牌或会话")
def delete_token(ctx: ApiContext = ApiCtx):
    with ctx.unit_of_work("logout") as uow:
        sessions.end_session(uow, ctx.login.row, ctx.user)


@router.put("/me/password", response_model=EndedOut, responses=ERRORS, tags=["登录"],
            summary="修改本人密码（其他会话和令牌随之结束）")
def change_password(body: PasswordChange, ctx: ApiContext = ApiCtx):
    def use_case(uow):
        user = users.change_password(uow, ctx.settings, ctx.user.id, body.current_password, body.new_password)
        return {"ended": sessions.end_other_sessions(uow, user, ctx.login.row)}

    return ctx.mutate("user.change_password", use_case)


@router.delete("/me/sessions", response_model=EndedOut, responses=ERRORS, tags=["登录"],
               summary="结束本人在其他设备上的会话和令牌（保留当前这一个）")
def end_other_sessions(ctx: ApiContext = ApiCtx):
    return ctx.mutate("session.end_others", lambda uow: {"ended": sessions.end_other_sessions(
        uow, uow.session.get(users.User, ctx.user.id), ctx.login.row)})


@router.get("/me", response_model=MeOut, responses=ERRORS, tags=["登录"], summary="当前用户及其在各租户的职务")
def me(ctx: ApiContext = ApiCtx):
    with ctx.db.read() as session:
        memberships = [
            {**t.summary(), "posts": sorted(permissions.subject_for(session, ctx.user.id, t.id, ctx.now).posts)}
            for t in tenants_of(session, ctx.user)
        ]
    return {"id": ctx.user.id, **ctx.user.summary(), "tenants": memberships}


@router.get("/profiles", response_model=list[str], responses=ERRORS, tags=["租户"], summary="可用的规则配置")
def list_profiles(ctx: ApiContext = ApiCtx):
    return known_profiles()


@router.get("/tenants", response_model=list[TenantOut], responses=ERRORS, tags=["租户"],
            summary="当前用户可进入的租户")
def list_tenants(ctx: ApiContext = ApiCtx):
    with ctx.db.read() as session:
        return [t.summary() for t in tenants_of(session, ctx.user)]


@router.post("/tenants", status_code=201, response_model=TenantOut, responses=ERRORS, tags=["租户"],
             summary="新建租户（平台管理员）")
def create_tenant(body: TenantIn, ctx: ApiContext = ApiCtx):
    def use_case(uow):
        permissions.require(uow, "tenant.create")
        return tenants.create_tenant(uow, slug=body.slug, name=body.name, profile_id=body.profile_id).summary()

    return ctx.mutate("tenant.create", use_case, status_code=201)


@router.get("/tenants/{tenant}", response_model=TenantOut, responses=ERRORS, tags=["租户"], summary="租户详情")
def get_tenant(tenant: str, ctx: ApiContext = ApiCtx):
    return ctx.tenant(tenant).summary()


@router.get("/tenants/{tenant}/profile-versions", response_model=list[ProfileVersionOut], responses=ERRORS, tags=["租户"],
            summary="租户的规则版本（按施行日期）")
def profile_versions(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    with ctx.db.read() as session:
        return [{**v.summary(), "adopted_at": v.adopted_at, "adopted_by": v.adopted_by}
                for v in tenants.profile_versions(session, found.id)]


@router.get("/tenants/{tenant}/profile-versions/preview", response_model=AdoptionPreviewOut, responses=ERRORS, tags=["租户"],
            summary="采用新版本前：逐条变化、受影响的在办事项、须确认的事项（平台管理员）")
def preview_adoption(tenant: str, profile_id: str, effective_from: date, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("tenant.adopt_profile", found)
    with ctx.db.read() as session:
        plan = versions.plan_adoption(session, tenants.get_tenant(session, found.slug), profile_id, effective_from,
                                      ctx.today)
    return {"ok": plan.verdict.ok, "reasons": [r.as_dict() for r in plan.verdict.reasons],
            "replaces": plan.replaced.profile_id if plan.replaced else None, "changes": plan.changes,
            "touched": [{"kind": o.kind, "id": o.id, "title": o.title, "profile_id": o.profile_id} for o in plan.touched],
            "confirmations": plan.confirmations}


@router.post("/tenants/{tenant}/profile-versions", status_code=201, response_model=TenantOut, responses=ERRORS,
             tags=["租户"], summary="采用新版本的工作规则，自施行日期起适用（平台管理员；带版本号）")
def adopt_profile(tenant: str, body: Adoption, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        permissions.require(uow, "tenant.adopt_profile")
        current = tenants.get_tenant(uow.session, found.slug)
        versions.adopt_profile(uow, current, body.profile_id, body.effective_from, confirmed=body.confirm,
                               expected_version=body.version)
        return current.summary()

    return ctx.mutate("tenant.adopt_profile", use_case, tenant=found, status_code=201)


class OperatorGrant(Input):
    username: str = Field(min_length=1, max_length=64, description="平台管理员的用户名")


@router.post("/tenants/{tenant}/operator-grants", status_code=201, response_model=TenantOut, responses=ERRORS,
             tags=["租户"], summary="准许平台管理员进入本单位（政府首长或办公室主任；记入审计）")
def grant_operator(tenant: str, body: OperatorGrant, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        users.grant_operator(uow, uow.session.get(tenants.Tenant, found.id), body.username)
        return found.summary()

    return ctx.mutate("tenant.grant_operator", use_case, tenant=found, status_code=201)


@router.delete("/tenants/{tenant}/operator-grants/{username}", status_code=204, responses=ERRORS, tags=["租户"],
               summary="撤销平台管理员对本单位的准入")
def revoke_operator(tenant: str, username: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        users.revoke_operator(uow, uow.session.get(tenants.Tenant, found.id), username)

    ctx.mutate("tenant.revoke_operator", use_case, tenant=found)


def _event(event: audit.AuditEvent) -> dict:
    return {name: getattr(event, name) for name in EventOut.model_fields}


def _verification(result: audit.Verification) -> dict:
    return {"chain": result.chain, "ok": result.ok, "count": result.count, "broken_seq": result.broken_seq,
            "broken_event_id": result.broken_event_id, "problem": result.problem, "message": result.describe()}


@router.get("/tenants/{tenant}/audit", response_model=list[EventOut], responses=ERRORS, tags=["审计"],
            summary="租户审计链上本人可查看的事件（由新到旧；无权查看的涉密对象的事件不列出）")
def list_events(tenant: str, ctx: ApiContext = ApiCtx, limit: int = 50, before_seq: int | None = None):
    found = ctx.tenant(tenant)
    ctx.authorize("audit.view", found)
    with ctx.db.read() as session:
        return [_event(e) for e in audit.recent_for(session, audit.chain_of(found.id), found.id, ctx.user.id, ctx.now,
                                                     limit=min(max(limit, 1), 500), before_seq=before_seq)]


@router.get("/tenants/{tenant}/audit/verify", response_model=VerificationOut, responses=ERRORS, tags=["审计"],
            summary="校验租户审计链")
def verify_tenant_chain(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("audit.view", found)
    with ctx.db.read() as session:
        return _verification(audit.verify(session, audit.chain_of(found.id)))


@router.get("/audit/platform/verify", response_model=VerificationOut, responses=ERRORS, tags=["审计"],
            summary="校验平台审计链（平台管理员）")
def verify_platform_chain(ctx: ApiContext = ApiCtx):
    ctx.authorize("platform.audit", None)
    with ctx.db.read() as session:
        return _verification(audit.verify(session, audit.PLATFORM_CHAIN))
