"""The files' pages: the 文件 section of a document's, a topic's and a meeting's page (an object
panel, so those pages import nothing of this package), the upload form's target, downloads and
deletion. Every one asks the owning domain, through core.objects, who may do what."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData, UploadFile

from zhengwu.core import objects
from zhengwu.core.errors import NotFound
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.files import service, sniff
from zhengwu.files.storage import storage_for
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_object_panel
from zhengwu.web.templating import templates

router = APIRouter(include_in_schema=False)


def accepts(kind: str) -> str:
    return "、".join(sniff.TYPES[t].label for t in service.KINDS[kind].accepted)


def suffixes(kind: str) -> str:
    return ",".join(s for t in service.KINDS[kind].accepted for s in sniff.TYPES[t].suffixes)


def _panel(ctx: TenantPageContext, object_type: str, object_id: int) -> Markup | None:
    tenant = ctx.current_tenant
    if tenant is None or not ctx.can("files.view"):
        return None
    with ctx.db.read() as session:
        try:
            found, rows = service.listing(session, tenant.id, object_type, object_id, ctx.user.id, ctx.now)
        except NotFound:
            return None
        # The stage answer depends on the kind (a 收文's scans close later than its text).
        open_for = {kind: objects.access(session, tenant.id, object_type, object_id, ctx.user.id, ctx.now,
                                                 kind).open for kind in found.kinds}
    by_kind: dict[str, list] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    html = templates.env.get_template("files/panel.html").render(
        tenant=tenant, access=found, by_kind=by_kind, kinds=service.KINDS, object_type=object_type,
        object_id=object_id, editor=found.editor.ok and ctx.can("files.upload"), frozen=found.frozen,
        open_for=open_for, csrf_token=ctx.csrf_token, size_text=service.size_text, accepts=accepts,
        suffixes=suffixes, limits=ctx.settings.limits)
    return Markup(html)


add_object_panel(_panel)


def _refused(ctx: TenantPageContext, refusal: RuleViolation, doing: str, back: str, label: str):
    return ctx.render("files/refused.html", status_code=getattr(refusal, "status", 422), refusal=refusal,
                      doing=doing, back=back, label=label)


def _back(ctx: TenantPageContext, object_type: str, object_id: int) -> tuple[str, str]:
    """The object's page and name, for the way back (NotFound when the user may not read it)."""
    with ctx.db.read() as session:
        found = objects.access(session, ctx.current_tenant.id, object_type, object_id, ctx.user.id, ctx.now)
    return f"/t/{ctx.current_tenant.slug}/{found.path}", found.label


@router.post("/t/{tenant}/files/{object_type}/{object_id}/{kind}")
def upload(object_type: str, object_id: int, kind: str, ctx: TenantPageContext = TenantPageCtx,
           form: FormData = CheckedForm):
    back, label = _back(ctx, object_type, object_id)
    sent = form.get("file")
    try:
        if not isinstance(sent, UploadFile) or not sent.filename:
            raise RuleViolation(Verdict.refused("files.no_file", "请先选择要上传的文件。"))
        data = sent.file.read()
        with ctx.unit_of_work("files.upload", ctx.current_tenant, object_type=object_type, object_id=object_id) as uow:
            service.upload(uow, storage_for(ctx.settings), ctx.settings.limits, object_type=object_type,
                           object_id=object_id, kind=kind, name=sent.filename, data=data)
    except RuleViolation as refusal:
        return _refused(ctx, refusal, "上传", back, label)
    return RedirectResponse(f"{back}#files-{kind}", status_code=303)


@router.get("/t/{tenant}/files/{file_id}/download")
def download(file_id: int, ctx: TenantPageContext = TenantPageCtx):
    with ctx.unit_of_work("files.download", ctx.current_tenant) as uow:
        row, data = service.download(uow, storage_for(ctx.settings), file_id)
    return file_response(row, data)


def file_response(row, data: bytes) -> Response:
    # The type found at upload, never the browser's guess: nosniff keeps it from being run as a page.
    return Response(data, media_type=sniff.TYPES[row.file_type].media_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.name)}",
        "X-Content-Type-Options": "nosniff"})


@router.post("/t/{tenant}/files/{file_id}/delete")
def delete(file_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.db.read() as session:
        row, found = service.get_file(session, ctx.current_tenant.id, file_id, ctx.user.id, ctx.now)
        object_type, object_id, kind = row.object_type, row.object_id, row.kind
    back = f"/t/{ctx.current_tenant.slug}/{found.path}"
    try:
        with ctx.unit_of_work("files.delete", ctx.current_tenant, object_type=object_type, object_id=object_id) as uow:
            gone = service.delete(uow, file_id)
            key = gone.storage_key
    except RuleViolation as refusal:
        return _refused(ctx, refusal, "删除", back, found.label)
    storage_for(ctx.settings).delete(key)  # after the commit: a refused or failed delete keeps the bytes
    return RedirectResponse(f"{back}#files-{kind}", status_code=303)
