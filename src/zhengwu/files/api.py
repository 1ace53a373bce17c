"""REST API of files: list an object's files (under the object: …/documents/{id}/files), upload one (multipart, field `file`), read one's
record, download its content, delete it. The same checks as the pages (files/service.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.files import service
from zhengwu.files.models import StoredFile
from zhengwu.files.pages import file_response
from zhengwu.files.storage import storage_for
from zhengwu.web.api import ERRORS
from zhengwu.web.context import ApiContext, ApiCtx

router = APIRouter(tags=["文件"], responses=ERRORS)
FILES = "/api/tenants/{tenant}/files"

OBJECT_TYPE = Field(description="所属事项的类别：document（公文）、topic（议题）、meeting（会议）")


class FileOut(BaseModel):
    id: int
    object_type: str = OBJECT_TYPE
    object_id: int
    kind: str = Field(description="body（正文）、attachment（附件）、scan（扫描件）、material（会议材料）")
    kind_label: str
    version_no: int = Field(description="正文的版本号；其他文件为 1")
    name: str
    file_type: str = Field(description="按内容识别的类型：pdf、ofd、docx、png、jpeg、tiff")
    size: int = Field(description="字节数")
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


class FilesOut(BaseModel):
    object: str = Field(description="所属事项，如 公文「……」")
    kinds: list[str] = Field(description="该事项收取的文件种类")
    files: list[FileOut]


def file_json(row: StoredFile) -> dict:
    return {**row.summary(), "kind_label": service.KINDS[row.kind].label, "uploaded_by": row.uploaded_by_name,
            "uploaded_at": row.uploaded_at.isoformat()}


def _listing(tenant: str, object_type: str, object_id: int, ctx: ApiContext) -> dict:
    found = ctx.tenant(tenant)
    ctx.authorize("files.view", found)
    with ctx.db.read() as session:
        access, rows = service.listing(session, found.id, object_type, object_id, ctx.user.id, ctx.now)
        return {"object": access.label, "kinds": list(access.kinds), "files": [file_json(r) for r in rows]}


@router.get("/api/tenants/{tenant}/documents/{doc_id}/files", response_model=FilesOut,
            summary="公文的文件：正文各版本、附件、收文扫描件")
def document_files(tenant: str, doc_id: int, ctx: ApiContext = ApiCtx):
    return _listing(tenant, "document", doc_id, ctx)


@router.get("/api/tenants/{tenant}/topics/{topic_id}/files", response_model=FilesOut, summary="议题的会议材料")
def topic_files(tenant: str, topic_id: int, ctx: ApiContext = ApiCtx):
    return _listing(tenant, "topic", topic_id, ctx)


@router.get("/api/tenants/{tenant}/meetings/{meeting_id}/files", response_model=FilesOut, summary="会议的会议材料")
def meeting_files(tenant: str, meeting_id: int, ctx: ApiContext = ApiCtx):
    return _listing(tenant, "meeting", meeting_id, ctx)


@router.post(FILES + "/{object_type}/{object_id}/{kind}", response_model=FileOut, status_code=201,
             summary="上传文件（multipart/form-data，字段 file）：按内容识别类型，限制大小，记录 SHA-256",
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                 "type": "object", "required": ["file"],
                 "properties": {"file": {"type": "string", "format": "binary"}}}}}}})
async def upload(tenant: str, object_type: str, object_id: int, kind: str, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    try:
        form: Mapping[str, Any] = await ctx.request.form()
    except Exception:  # not multipart, or a broken body: said as the field's problem
        form = {}
    sent = form.get("file")
    if not isinstance(sent, UploadFile) or not sent.filename:
        raise RuleViolation(Verdict.refused("files.no_file", "请在表单字段 file 中提供要上传的文件（multipart/form-data）。"))
    data = await sent.read()
    name = sent.filename  # checked above: a file with a name
    settings = ctx.settings
    return ctx.mutate("files.upload", lambda uow: file_json(service.upload(
        uow, storage_for(settings), settings.limits, object_type=object_type, object_id=object_id, kind=kind,
        name=name, data=data)), tenant=found, status_code=201)


@router.get(FILES + "/{file_id}", response_model=FileOut, summary="文件的登记信息（名称、大小、上传人、时间、SHA-256）")
def get_file(tenant: str, file_id: int, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    ctx.authorize("files.view", found)
    with ctx.db.read() as session:
        row, _ = service.get_file(session, found.id, file_id, ctx.user.id, ctx.now)
        return file_json(row)


@router.get(FILES + "/{file_id}/content", summary="下载文件内容（记入审计）", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}}})
def content(tenant: str, file_id: int, ctx: ApiContext = ApiCtx) -> Response:
    found = ctx.tenant(tenant)
    with ctx.unit_of_work("files.download", found) as uow:
        row, data = service.download(uow, storage_for(ctx.settings), file_id)
    return file_response(row, data)


@router.delete(FILES + "/{file_id}", response_model=FileOut, summary="删除文件（公文签发、印发后或会议召开后不可删除）")
def delete(tenant: str, file_id: int, ctx: ApiContext = ApiCtx):
    found = ctx.tenant(tenant)
    with ctx.db.read() as session:
        key = service.get_file(session, found.id, file_id, ctx.user.id, ctx.now)[0].storage_key
    response = ctx.mutate("files.delete", lambda uow: file_json(service.delete(uow, file_id)), tenant=found)
    if response.status_code == 200:
        storage_for(ctx.settings).delete(key)  # after the commit: a refused delete keeps the bytes
    return response

