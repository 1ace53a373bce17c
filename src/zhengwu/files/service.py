"""File use cases: upload (checked by content, size and the owner domain's answer on who may add
a file at this step), download (only who may read the object), delete (only before the object's
files are fixed), each audited on the owning object's trail with the file's SHA-256.

The owning domains answer through `core.objects` (registered in wiring.install()); this module
imports none of their services, and they none of it.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhengwu.core import audit, objects, permissions
from zhengwu.core.errors import NotFound, PermissionDenied
from zhengwu.core.limits import Limits
from zhengwu.core.permissions import member
from zhengwu.core.settings import Settings
from zhengwu.core.uow import TenantWork
from zhengwu.core.users import User
from zhengwu.core.verdict import Verdict
from zhengwu.files import sniff
from zhengwu.files.models import StoredFile
from zhengwu.files.storage import Storage, StorageError, storage_for

# Who may act on a given object is the owning domain's answer (core/objects.py); these only say
# that a member of the government may ask.
permissions.define("files.view", "查看、下载文件", "本单位成员（另须能查看文件所属的公文或会议）", member)
permissions.define("files.upload", "上传、删除文件", "本单位成员（另须是该事项此时的经办人）", member)

audit.label(actions={"files.upload": "上传文件", "files.download": "下载文件", "files.delete": "删除文件"},
            objects={"file": "文件"})

PICTURES_AND_DOCUMENTS = ("pdf", "ofd", "docx", "png", "jpeg", "tiff")


@dataclass(frozen=True)
class Kind:
    label: str
    accepted: tuple[str, ...]
    versioned: bool = False  # each upload is a new version of one file (正文), not another file


KINDS: dict[str, Kind] = {
    "body": Kind("正文", ("docx",), versioned=True),
    "attachment": Kind("附件", PICTURES_AND_DOCUMENTS),
    "scan": Kind("扫描件", ("pdf", "ofd", "png", "jpeg", "tiff")),
    "material": Kind("会议材料", PICTURES_AND_DOCUMENTS),
}


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节"


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise NotFound("没有这类文件。")
    return KINDS[kind]


def _editor(found: objects.Access) -> None:
    if not found.editor.ok:
        raise PermissionDenied(found.editor)


def upload(uow: TenantWork, store: Storage, limits: Limits, *, object_type: str, object_id: int, kind: str,
           name: str, data: bytes) -> StoredFile:
    """Store one file on an object. Checks, in order: the object exists for the actor; the kind is
    one it takes; the actor may add files to it (their post); it takes files now (its stage, a
    cut-off); the name; the size; the content's type. Only then are the bytes written."""
    permissions.require(uow, "files.upload")
    what = _kind(kind)
    found = objects.access(uow.session, uow.tenant_id, object_type, object_id, uow.actor.user_id, uow.now, kind)
    if kind not in found.kinds:
        Verdict.refused("files.kind_not_taken", f"{found.label}不收{what.label}。").raise_if_refused()
    _editor(found)
    found.open.raise_if_refused()
    name = sniff.clean_name(name)
    limit = limits.upload_limit(kind)
    if len(data) > limit:
        Verdict.refused("files.too_large", f"「{name}」大小为 {size_text(len(data))}，超过{what.label}的上限 "
                                           f"{size_text(limit)}。").raise_if_refused()
    file_type = sniff.check(name, data, what.accepted, what.label)
    version_no = 1
    if what.versioned:
        version_no = (uow.session.execute(select(func.max(StoredFile.version_no)).where(
            StoredFile.tenant_id == uow.tenant_id, StoredFile.object_type == object_type,
            StoredFile.object_id == object_id, StoredFile.kind == kind)).scalar() or 0) + 1
    user = uow.session.get(User, uow.actor.user_id) if uow.actor.user_id else None
    key = f"t{uow.tenant_id}/{uuid.uuid4().hex}"
    store.put(key, data)
    try:
        row = StoredFile(tenant_id=uow.tenant_id, object_type=object_type, object_id=object_id, kind=kind,
                         version_no=version_no, name=name, file_type=file_type, size=len(data),
                         sha256=hashlib.sha256(data).hexdigest(), storage_key=key, uploaded_by_id=uow.actor.user_id,
                         uploaded_by_name=user.display_name if user else uow.actor.label, uploaded_at=uow.now)
        uow.session.add(row)
        uow.session.flush()
        # On the owning object's trail, so its readers see it and nobody else does.
        uow.record("files.upload", object_type=object_type, object_id=object_id, subject=row,
                   detail={"file": f"{what.label}「{name}」" + (f"第 {version_no} 版" if what.versioned else ""),
                           "sha256": row.sha256})
    except Exception:
        store.delete(key)  # nothing refers to the bytes: the row was never written
        raise
    return row


def attach(uow: TenantWork, settings: Settings, object_type: str, object_id: int, kind: str, name: str,
           data: bytes) -> None:
    """core.objects.attach: a file handed in with another domain's form, in its unit of work."""
    upload(uow, storage_for(settings), settings.limits, object_type=object_type, object_id=object_id, kind=kind,
           name=name, data=data)


def _file(session: Session, tenant_id: int, file_id: int) -> StoredFile:
    row = session.get(StoredFile, file_id)
    if row is None or row.tenant_id != tenant_id:
        raise NotFound(f"本单位没有编号为 {file_id} 的文件，或您无权查看。")
    return row


def get_file(session: Session, tenant_id: int, file_id: int, user_id: int | None, at: datetime
             ) -> tuple[StoredFile, objects.Access]:
    """A file with its object's access; NotFound when the user may not read the object."""
    row = _file(session, tenant_id, file_id)
    try:
        found = objects.access(session, tenant_id, row.object_type, row.object_id, user_id, at, row.kind)
    except NotFound:
        raise NotFound(f"本单位没有编号为 {file_id} 的文件，或您无权查看。") from None
    return row, found


def download(uow: TenantWork, store: Storage, file_id: int) -> tuple[StoredFile, bytes]:
    """The file's bytes, checked against the hash recorded at upload, and the download audited."""
    permissions.require(uow, "files.view")
    row, _ = get_file(uow.session, uow.tenant_id, file_id, uow.actor.user_id, uow.now)
    data = store.get(row.storage_key)
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise StorageError(f"「{row.name}」的存储内容与上传时登记的 SHA-256 不一致，可能已被篡改：请联系平台管理员。")
    uow.record("files.download", object_type=row.object_type, object_id=row.object_id,
               detail={"file": f"{KINDS[row.kind].label}「{row.name}」", "file_id": row.id, "sha256": row.sha256})
    return row, data


def delete(uow: TenantWork, file_id: int) -> StoredFile:
    """Remove a file before its object's files are fixed (签发、印发: refused with the article).
    The caller deletes the bytes (`row.storage_key`) once the transaction has committed."""
    permissions.require(uow, "files.upload")
    row, found = get_file(uow.session, uow.tenant_id, file_id, uow.actor.user_id, uow.now)
    _editor(found)
    found.frozen.raise_if_refused()
    uow.session.delete(row)
    uow.session.flush()
    uow.record("files.delete", object_type=row.object_type, object_id=row.object_id, subject=row,
               detail={"file": f"{KINDS[row.kind].label}「{row.name}」", "sha256": row.sha256})
    return row


def files_of(session: Session, tenant_id: int, object_type: str, object_id: int) -> list[StoredFile]:
    """An object's files: by kind, the newest 正文 version first, others in upload order."""
    rows = session.execute(select(StoredFile).where(
        StoredFile.tenant_id == tenant_id, StoredFile.object_type == object_type, StoredFile.object_id == object_id,
    ).order_by(StoredFile.kind, StoredFile.version_no.desc(), StoredFile.id)).scalars()
    return list(rows)


def listing(session: Session, tenant_id: int, object_type: str, object_id: int, user_id: int | None, at: datetime
            ) -> tuple[objects.Access, list[StoredFile]]:
    """The object's access for the user and its files (NotFound when they may not read it)."""
    found = objects.access(session, tenant_id, object_type, object_id, user_id, at)
    return found, files_of(session, tenant_id, object_type, object_id)
