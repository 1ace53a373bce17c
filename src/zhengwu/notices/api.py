"""REST API of notices: my notices (paged), marking them read, my channels, the government's
channels, and 催办."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import Field

from zhengwu.core import paging
from zhengwu.core.text import Input
from zhengwu.notices import service
from zhengwu.notices.models import Notice
from zhengwu.web.api import ERRORS, Out
from zhengwu.web.beijing import BeijingDateTime
from zhengwu.web.context import ApiContext, ApiCtx

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["通知与催办"], responses=ERRORS)


class NoticeOut(Out):
    id: int
    kind: str
    kind_label: str
    what: str
    title: str
    subject: str
    body: str
    link: str
    cite: str | None
    due: date | None
    object_type: str | None
    object_id: str | None
    read: bool
    read_at: BeijingDateTime | None
    created_at: BeijingDateTime


class NoticePageOut(Out):
    items: list[NoticeOut]
    next_after: int | None
    total: int
    total_capped: bool
    unread: int = Field(description="未读通知数")


class MarkedOut(Out):
    marked: int = Field(description="标为已读的通知数")


class PreferencesOut(Out):
    inapp: bool
    email: bool
    webhook: bool
    email_address: str
    webhook_url: str
    version: int | None = Field(description="版本；尚未保存过（默认设置）时为 null")


class SettingsOut(Out):
    inapp: bool
    email: bool
    webhook: bool
    smtp_host: str
    smtp_port: int
    smtp_sender: str
    smtp_starttls: bool
    smtp_username: str
    smtp_password_set: bool = Field(description="已设置邮件服务器密码（密码本身不返回）")
    robot_urls: list[str]
    version: int | None = Field(description="版本；尚未保存过（默认设置）时为 null")


class RemindedOut(Out):
    reminded: int = Field(description="收到催办通知的人数")


def notice_json(row: Notice) -> dict:
    return {"id": row.id, "kind": row.kind, "kind_label": service.KIND_LABELS[row.kind], "what": row.what,
            "title": row.title, "subject": row.subject, "body": row.body, "link": row.link, "cite": row.cite,
            "due": row.due and row.due.isoformat(), "object_type": row.object_type, "object_id": row.object_id,
            "read": row.read_at is not None, "read_at": row.read_at and row.read_at.isoformat(),
            "created_at": row.created_at.isoformat()}


@router.get("/notices", response_model=NoticePageOut, summary="本人的通知（新到最前，分页），及未读数")
def my_notices(tenant: str, ctx: ApiContext = ApiCtx, unread: bool = False, after: int | None = None,
               limit: int = paging.PAGE_SIZE):
    found = ctx.tenant(tenant)
    ctx.authorize("notice.view", found)
    with ctx.db.read() as session:
        page = service.inbox(session, found.id, ctx.user.id, unread_only=unread, after=after, limit=limit)
        return {**page.as_json(notice_json), "unread": service.unread_count(session, found.id, ctx.user.id)}


@router.post("/notices/{notice_id}/read", response_model=NoticeOut, summary="把一条通知标为已读")
def read_one(tenant: str, notice_id: int, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("notice.view", found)
    with ctx.db.write() as session:
        return notice_json(service.mark_read(session, found.id, ctx.user.id, notice_id, ctx.now))


@router.post("/notices/read-all", response_model=MarkedOut, summary="把本人全部未读通知标为已读")
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
    version: int | None = Field(description="客户端所见的版本；尚未保存过时为 null；与当前版本不符时返回 409")


@router.get("/notices/preferences", response_model=PreferencesOut, summary="本人的接收方式")
def my_preferences(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("notice.view", found)
    with ctx.db.read() as session:
        return service.preference(session, found.id, ctx.user.id).summary()


@router.put("/notices/preferences", response_model=PreferencesOut, summary="设置本人的接收方式（站内、邮件、机器人）")
def set_preferences(tenant: str, body: PreferencesIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("notice.preferences", lambda uow: service.save_preferences(
        uow, **body.model_dump(exclude={"version"}), expected_version=body.version).summary(),
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
    version: int | None = Field(description="客户端所见的版本；尚未保存过时为 null；与当前版本不符时返回 409")


@router.get("/notice-settings", response_model=SettingsOut, summary="本单位的通知渠道（不含密码）")
def channel_settings(tenant: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("notice.settings", found)
    with ctx.db.read() as session:
        return service.channel_settings(session, found.id).summary()


@router.put("/notice-settings", response_model=SettingsOut, summary="设置本单位的通知渠道：邮件服务器、群机器人")
def set_channel_settings(tenant: str, body: SettingsIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("notice.settings", lambda uow: service.save_settings(
        uow, **body.model_dump(exclude={"version"}), expected_version=body.version).summary(),
                      tenant=found)


class RemindIn(Input):
    object_type: str = Field(max_length=40, description="事项类别：document（公文）、topic（议题）、task（督办事项）")
    object_id: str = Field(max_length=40, description="事项编号")
    unit_id: int | None = Field(None, description="催办的部门")
    user_id: int | None = Field(None, description="催办的人员")
    message: str = Field("", max_length=service.MAX_NOTE, description="催办说明")


@router.post("/reminders", response_model=RemindedOut, summary="催办：办公室就一项待办事项催办一个部门或一位人员")
def remind(tenant: str, body: RemindIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("notice.remind", lambda uow: {"reminded": len(service.remind(uow, **body.model_dump()))},
                      tenant=found)
