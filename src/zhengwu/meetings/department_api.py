"""The REST API of departments' own meetings (部门工作会议: 大洼 42, 大连 43, 海南区 55/85, 西市 25),
the standing observer units of a meeting kind (大洼 37) and the office's attendance bulletins
(大连 42). Refusals are `{"code", "message", "cite"}` with the article that decided them."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response
from pydantic import Field

from zhengwu.core import paging
from zhengwu.core.text import Input
from zhengwu.meetings import department_meetings as service
from zhengwu.web.api import ERRORS, Out
from zhengwu.web.context import ApiContext, ApiCtx

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["会议"], responses=ERRORS)


class DepartmentMeetingIn(Input):
    department_id: int = Field(description="召开会议的部门")
    title: str = Field(min_length=1, max_length=200)
    held_on: date
    leader_ids: list[int] = Field(default_factory=list, description="拟邀请出席的政府领导（用户）")
    local_department_ids: list[int] = Field(default_factory=list, description="拟邀请其负责人出席的镇、园区（街道）")


class DepartmentMeetingConsentIn(Input):
    version: int = Field(description="客户端所见的版本；与当前版本不符时返回 409")


class DepartmentMeetingOut(Out):
    id: int
    department_id: int
    title: str
    held_on: date
    leader_ids: list
    local_department_ids: list
    required: list
    consents: list
    state: str
    version: int


class StandingObserversIn(Input):
    department_ids: list[int] = Field(default_factory=list, description="常设列席单位")
    version: int | None = Field(None, description="已设置过时，客户端所见的版本")


class StandingObserversOut(Out):
    id: int
    meeting_kind: str
    department_ids: list
    version: int


class BulletinIn(Input):
    since: date
    until: date
    note: str = Field("", max_length=2000)


class BulletinOut(Out):
    id: int
    since: date
    until: date
    lines: list
    cite: str | None
    version: int


@router.get("/department-meetings", response_model=list[DepartmentMeetingOut], summary="部门工作会议（邀请领导、镇园区负责人的审批）")
def list_department_meetings(tenant: str, response: Response, ctx: ApiContext = ApiCtx, after: int | None = None,
                             limit: int = paging.PAGE_SIZE):
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    with ctx.db.read() as session:
        page = service.department_meetings(session, found, after=after, limit=limit)
        response.headers.update(paging.headers(page))
        return [r.summary() for r in page]


@router.post("/department-meetings", status_code=201, response_model=DepartmentMeetingOut, summary="登记部门工作会议及拟邀请人员")
def request_department_meeting(tenant: str, body: DepartmentMeetingIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.request_department_meeting", lambda uow: service.request_department_meeting(
        uow, **body.model_dump()).summary(), tenant=found, status_code=201)


@router.post("/department-meetings/{department_meeting_id}/consent", response_model=DepartmentMeetingOut,
             summary="同意（受邀领导本人、审批人）")
def consent_department_meeting(tenant: str, department_meeting_id: int, body: DepartmentMeetingConsentIn,
                               ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.consent_department_meeting", lambda uow: service.consent_department_meeting(
        uow, request_id=department_meeting_id, expected_version=body.version).summary(), tenant=found)


@router.put("/standing-observers/{meeting_kind}", response_model=StandingObserversOut, summary="确定常设列席单位")
def set_standing_observers(tenant: str, meeting_kind: str, body: StandingObserversIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.set_standing_observers", lambda uow: service.set_standing_observers(
        uow, meeting_kind=meeting_kind, department_ids=body.department_ids,
        expected_version=body.version).summary(), tenant=found)


@router.get("/attendance-bulletins", response_model=list[BulletinOut], summary="会议出席和会议纪律情况通报")
def list_bulletins(tenant: str, response: Response, ctx: ApiContext = ApiCtx, after: int | None = None,
                   limit: int = paging.PAGE_SIZE):
    found = ctx.tenant(tenant)
    ctx.authorize("meetings.view", found)
    with ctx.db.read() as session:
        page = service.bulletins(session, found, after=after, limit=limit)
        response.headers.update(paging.headers(page))
        return [r.summary() for r in page]


@router.post("/attendance-bulletins", status_code=201, response_model=BulletinOut, summary="通报会议出席情况（办公室）")
def issue_bulletin(tenant: str, body: BulletinIn, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    return ctx.mutate("meetings.issue_attendance_bulletin", lambda uow: service.issue_attendance_bulletin(
        uow, since=body.since, until=body.until, note=body.note).summary(), tenant=found, status_code=201)
