"""REST API of disclosure: the office's queue and request desk, and the public side (no login):
what is disclosed, and filing a request."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from zhengwu.web.beijing import BeijingJSONResponse
from pydantic import Field

from zhengwu.calendar import china_date, deadline_fields
from zhengwu.core import paging
from zhengwu.core.tenants import get_tenant
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.disclosure import service
from zhengwu.web.api import ERRORS, Out
from zhengwu.web.beijing import BeijingDateTime
from zhengwu.web.context import ApiContext, ApiCtx, db_of, now_of
from zhengwu.core.text import Input

router = APIRouter(prefix="/api/tenants/{tenant}/disclosure", tags=["政务公开"], responses=ERRORS)
public_router = APIRouter(prefix="/api/public/{tenant}", tags=["政务公开（公众）"], responses=ERRORS)


class ItemIn(Input):
    kind: str = Field(description="resolution（会议议定事项）| policy（政策措施）| government_document（政府公文）")
    title: str = Field(min_length=1, max_length=200)
    formed_on: date = Field(description="信息形成之日（公开期限自此起算）")
    body: str = ""
    meeting_kind: str | None = None
    classification: str | None = Field(None, description="secret | confidential | top_secret；定密的不予公开")
    source_ref: str | None = None
    interpretation: str | None = None


class VersionIn(Input):
    version: int


class CheckIn(VersionIn):
    cleared: bool = Field(description="保密审查结论：可以公开为 true；不予公开为 false 并说明理由")
    note: str = ""


class InterpretationIn(VersionIn):
    text: str = Field(min_length=1)


class ExtendIn(VersionIn):
    workdays: int = Field(ge=1, description="延长的工作日数")
    reason: str = Field(min_length=1)


class ReplyIn(VersionIn):
    reply_kind: str = Field(description="、".join(f"{k}（{v}）" for k, v in service.REPLY_KINDS.items()))
    text: str = Field(min_length=1)


class RequestIn(Input):
    """《政府信息公开条例》第二十九条第二款 requires each of these (checked by rules.check_application)."""

    applicant: str = Field(min_length=1, max_length=100, description="申请人姓名或名称")
    identity_type: str = Field(description="身份证明种类：" + "、".join(f"{k}（{v}）" for k, v in service.rules.IDENTITY_TYPES.items()))
    identity_number: str = Field(max_length=50, description="身份证明号码")
    contact: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=5000, description="所需政府信息的名称、文号或特征描述")
    medium: str = Field(description="信息形式：" + "、".join(f"{k}（{v}）" for k, v in service.rules.MEDIA.items()))
    delivery: str = Field(description="获取途径：" + "、".join(f"{k}（{v}）" for k, v in service.rules.DELIVERIES.items()))

    def application(self):
        return service.rules.Application(**{k: getattr(self, k) for k in service.rules.Application.__dataclass_fields__})


class ItemOut(Out):
    id: int
    kind: str
    title: str
    body: str
    meeting_kind: str | None
    source_ref: str | None
    formed_on: date
    classification: str | None
    required: bool
    state: str
    withheld_reason: str | None
    confidentiality_checked_at: BeijingDateTime | None
    confidentiality_checked_by: str | None
    interpretation: str | None
    published_at: BeijingDateTime | None
    version: int


class RequestSummaryOut(Out):
    id: int
    applicant: str
    description: str
    received_on: date
    channel: str
    registered_by: str | None
    registered_at: BeijingDateTime | None
    extension_workdays: int
    extension_approver: str | None
    extension_reason: str | None
    extended_on: date | None
    state: str
    replied_on: date | None
    reply_kind: str | None
    reply_text: str | None
    late: bool
    version: int


class RequestOut(RequestSummaryOut):
    due_on: date = Field(description="答复期限")
    due_on_provisional: bool = Field(description="期限是否按尚未公布的放假安排暂定")
    due_on_basis: str | None
    workdays_left: int
    reasons: list[dict] = Field(description="逾期的理由及依据（code, message, cite）")


class PublicItemOut(Out):
    id: int
    kind: str
    title: str
    body: str
    source_ref: str | None
    formed_on: date
    published_at: BeijingDateTime
    interpretation: str | None


class PublicItemsOut(Out):
    tenant: str
    items: list[PublicItemOut]
    next_after: int | None


class FiledOut(Out):
    id: int
    received_on: date
    due_on: date
    due_on_provisional: bool
    due_on_basis: str | None


def _request_out(session, request, today: date) -> dict:
    clock = service.clock(session, request, today)
    return {**request.summary(), **deadline_fields("due_on", clock.due_on), "workdays_left": clock.workdays_left,
            "late": clock.late, "reasons": [r.as_dict() for r in clock.verdict.reasons]}


def _public(item) -> dict:
    return {"id": item.id, "kind": item.kind, "title": item.title, "body": item.body, "source_ref": item.source_ref,
            "formed_on": item.formed_on.isoformat(), "published_at": item.published_at.isoformat(),
            "interpretation": item.interpretation}


PAGED = ("按录入先后倒序，一页至多 200 条（limit，默认 50）；响应头 X-Next-After 为下一页的 after，"
         "X-Total-Count 为总数（超过 1000 记为 1000+）。")


@router.get("/items", response_model=list[ItemOut], summary="公开事项（可按状态：queued | published | withheld）", description=PAGED)
def list_items(tenant: str, state: str | None = None, ctx: ApiContext = ApiCtx, after: int | None = None,
               limit: int = paging.PAGE_SIZE):
    found = ctx.tenant(tenant)
    ctx.authorize("disclosure.view", found)
    with ctx.db.read() as session:
        page = service.item_page(session, found.id, state, after=after, limit=limit)
        return BeijingJSONResponse(jsonable_encoder([i.summary() for i in page]), headers=paging.headers(page))


@router.post("/items", status_code=201, response_model=ItemOut, summary="提交公开事项（定密的记为不予公开）")
def submit(tenant: str, body: ItemIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("disclosure.submit", lambda uow: service.submit(uow, **body.model_dump()).summary(),
                      tenant=found, status_code=201)


@router.post("/items/{item_id}/confidentiality", response_model=ItemOut, summary="保密审查")
def check(tenant: str, item_id: int, body: CheckIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    action = "disclosure.check" if body.cleared else "disclosure.withhold"
    return ctx.mutate(action, lambda uow: service.check_confidentiality(
        uow, item_id, body.version, cleared=body.cleared, note=body.note).summary(), tenant=found)


@router.post("/items/{item_id}/interpretation", response_model=ItemOut, summary="登记政策解读（与政策同步发布）")
def interpretation(tenant: str, item_id: int, body: InterpretationIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("disclosure.interpretation", lambda uow: service.set_interpretation(
        uow, item_id, body.version, body.text).summary(), tenant=found)


@router.post("/items/{item_id}/publish", response_model=ItemOut, summary="发布")
def publish(tenant: str, item_id: int, body: VersionIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("disclosure.publish", lambda uow: service.publish(uow, item_id, body.version).summary(),
                      tenant=found)


class RegisterIn(RequestIn):
    channel: str = Field(description="、".join(f"{k}（{v[0]}，以{v[1]}为收到申请之日）"
                                               for k, v in service.rules.RECEIPT_CHANNELS.items()))
    on: date | None = Field(None, description="按《政府信息公开条例》第三十一条确定的收到申请之日（提交、签收或确认之日）")


@router.post("/requests", status_code=201, response_model=RequestOut, summary="登记当面、邮寄或传真收到的公开申请（以条例第三十一条确定的收到之日起算）")
def register_request(tenant: str, body: RegisterIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)

    def use_case(uow):
        row = service.register_request(uow, body.application(), channel=body.channel, on=body.on)
        return _request_out(uow.session, row, uow.today)

    return ctx.mutate("disclosure.register_request", use_case, tenant=found, status_code=201)


@router.get("/requests", response_model=list[RequestOut], summary="公开申请及答复期限", description=PAGED)
def list_requests(tenant: str, ctx: ApiContext = ApiCtx, after: int | None = None, limit: int = paging.PAGE_SIZE):
    found = ctx.tenant(tenant)
    ctx.authorize("disclosure.view", found)
    today = ctx.today
    with ctx.db.read() as session:
        page = service.request_page(session, found.id, after=after, limit=limit)
        return BeijingJSONResponse(jsonable_encoder([_request_out(session, r, today) for r in page]),
                            headers=paging.headers(page))


@router.post("/requests/{request_id}/extend", response_model=RequestSummaryOut, summary="延长答复期限（一次，须负责人同意）")
def extend(tenant: str, request_id: int, body: ExtendIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("disclosure.extend", lambda uow: service.extend_request(
        uow, request_id, body.version, workdays=body.workdays, reason=body.reason).summary(), tenant=found)


@router.post("/requests/{request_id}/reply", response_model=RequestSummaryOut, summary="答复公开申请（逾期照答，标记逾期）")
def reply(tenant: str, request_id: int, body: ReplyIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("disclosure.reply", lambda uow: service.reply_request(
        uow, request_id, body.version, reply_kind=body.reply_kind, text=body.text).summary(), tenant=found)


@public_router.get("/disclosure", response_model=PublicItemsOut, summary="本单位已公开的信息及政策解读（无需登录）",
                   description="一页至多 200 条（limit，默认 50）；next_after 为下一页的 after。")
def public_items(tenant: str, request: Request, after: int | None = None, limit: int = paging.PAGE_SIZE):
    with db_of(request).read() as session:
        found = get_tenant(session, tenant)
        page = service.published_page(session, found.id, after=after, limit=limit)
        return {"tenant": found.name, "items": [_public(i) for i in page], "next_after": page.next_after}


@public_router.post("/requests", status_code=201, response_model=FiledOut, summary="提交政府信息公开申请（无需登录）")
def public_request(tenant: str, body: RequestIn, request: Request):
    db, now = db_of(request), now_of(request)
    with db.read() as session:
        found = get_tenant(session, tenant)
    with unit_of_work(db, Actor(None, f"公众（{body.applicant.strip()[:40]}）"), "disclosure.request",
                      tenant_id=found.id, now=now) as uow:
        filed = service.file_request(uow, body.application())
        out = _request_out(uow.session, filed, china_date(now))
    return {"id": out["id"], "received_on": out["received_on"],
            **{key: out[key] for key in ("due_on", "due_on_provisional", "due_on_basis")}}
