"""REST API of notices: my notices (paged), marking them read, my channels, the government's
channels, and 催办."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field

from zhengwu.core import paging
from zhengwu.core.text import Input
from zhengwu.notices import service
from zhengwu.notices.models import Notice
from zhengwu.web.api import ERRORS
from zhengwu.web.context import ApiContext, ApiCtx

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["通知与催办"], responses=ERRORS)


def notice_json(row: Notice) -> dict:
    return {"id": row.id, "kind": row.kind, "kind_label": service.KIND_LABELS[row.kind], "what": row.what,
            "title": row.title, "subject": row.subject, "body": row.body, "link": row.link, "cite": row.cite,
            "due": row.due and row.due.isoformat(), "object_type": row.object_type, "object_id": row.object_id,
            "read": row.read_at is not None, "read_at": row.read_at and row.read_at.isoformat(),
            "created_at": row.created_at.isoformat()}


@router.get("/notices", summary="本人的通知（新到最前，分页），及未读数")
def my_notices(tenant: str, ctx: ApiContext = ApiCtx, unread: bool = False, after: int | None = None,
               limit: int = paging.PAGE_SIZE):
    found = ctx.tenant(tenant)
    ctx.authorize("notice.view", found)
    with ctx.db.read() as session:
        page = service.inbox(session, found.id, ctx.user.id, unread_only=unread, after=after, limit=limit)
        return {**page.as_json(notice_json), "unread": service.unread_count(session, found.id, ctx.user.id)}


@router.post("/notices/{notice_id}/read", summary="把一条通知标为已读")
def read_one(tenant: str, notice_id: int, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("notice.view", found)
    with ctx.db.write() as session:
        return notice_json(service.mark_read(session, found.id, ctx.user.id, notice_id, ctx.now))


@router.post("/notices/read-all", summary="把本人全部未读通知标为已读")
def read_all(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("notice.view", found)
    with ctx.db.write() as session:
        return {"marked": service.mark_all_read(session, found.id, ctx.user.id, ctx.now)}


class PreferencesIn(Input):
    inapp: bool = True
    email: bool = False
    webhook: bool = False
    email_address: str = Field("", max_length=200, description="接收通知的电子邮件地址")
    webhook_url: str = Field("", max_length=500, description="个人机器人（政务微信、钉钉）地址")


@router.get("/notices/preferences", summary="本人的接收方式")
def my_preferences(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("notice.view", found)
    with ctx.db.read() as session:
        return service.preference(session, found.id, ctx.user.id).summary()


@router.put("/notices/preferences", summary="设置本人的接收方式（站内、邮件、机器人）")
def set_preferences(tenant: str, body: PreferencesIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("notice.preferences", lambda uow: service.save_preferences(uow, **body.model_dump()).summary(),
                      tenant=found)


class SettingsIn(Input):
    inapp: bool = True
    email: bool = False
    webhook: bool = False
    smtp_host: str = Field("", max_length=200, description="邮件服务器地址")
    smtp_port: int = Field(25, description="邮件服务器端口")
    smtp_sender: str = Field("", max_length=200, description="发件人地址")
    smtp_starttls: bool = False
    smtp_username: str = Field("", max_length=200)
    smtp_password: str | None = Field(None, max_length=200, description="不填则保留原密码")
    robot_urls: list[str] = Field(default_factory=list, description="群机器人地址（最多 5 个）")


@router.get("/notice-settings", summary="本单位的通知渠道（不含密码）")
def channel_settings(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("notice.settings", found)
    with ctx.db.read() as session:
        return service.channel_settings(session, found.id).summary()


@router.put("/notice-settings", summary="设置本单位的通知渠道：邮件服务器、群机器人")
def set_channel_settings(tenant: str, body: SettingsIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("notice.settings", lambda uow: service.save_settings(uow, **body.model_dump()).summary(),
                      tenant=found)


class RemindIn(Input):
    object_type: str = Field(max_length=40, description="事项类别：document（公文）、topic（议题）、task（督办事项）")
    object_id: str = Field(max_length=40, description="事项编号")
    unit_id: int | None = Field(None, description="催办的部门")
    user_id: int | None = Field(None, description="催办的人员")
    message: str = Field("", max_length=service.MAX_NOTE, description="催办说明")


@router.post("/reminders", summary="催办：办公室就一项待办事项催办一个部门或一位人员")
def remind(tenant: str, body: RemindIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("notice.remind", lambda uow: {"reminded": len(service.remind(uow, **body.model_dump()))},
                      tenant=found)
