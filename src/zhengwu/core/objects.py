"""Who may read an object, and who may add or remove its files: the question a domain that
holds things *about* other domains' objects (files) asks without importing their services.

Each owning domain answers for its own object types with a provider, registered in
`zhengwu.wiring.install()`; the asking domain calls `access(...)` with (object_type, object_id).
The other way round, a domain's form that takes a file with the object it creates (a 收文's scan
at registration) hands it to `attach(...)`, which the files domain answers, wired the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from sqlalchemy.orm import Session

from zhengwu.core.errors import NotFound
from zhengwu.core.verdict import Verdict

if TYPE_CHECKING:
    from zhengwu.core.settings import Settings
    from zhengwu.core.uow import TenantWork


@dataclass(frozen=True)
class Access:
    """One user's standing on one object, for one kind of file (None: any kind)."""

    label: str  # 公文「关于……的请示」: how pages and audit name it
    path: str  # its page under the tenant, e.g. "documents/12"
    kinds: tuple[str, ...]  # the kinds of file this object takes, in the order pages list them
    readable: bool
    # May this user add or remove files here at all (their post against the object)? A refusal is a 403.
    editor: Verdict
    # May a file of this kind be added now (the object's stage, a cut-off)? A refusal is a 422.
    open: Verdict
    # Refused once the object's files may no longer change (signed, issued): nothing is removed then.
    frozen: Verdict


# provider(session, tenant_id, user_id, object_id, kind, at) -> Access, or None when the tenant has no such object
Provider = Callable[[Session, int, "int | None", int, "str | None", datetime], "Access | None"]

_PROVIDERS: dict[str, tuple[str, Provider]] = {}


def register(object_type: str, noun: str, provider: Provider) -> None:
    """`noun` names the type in a not-found message (公文, 议题, 会议); idempotent."""
    _PROVIDERS[object_type] = (noun, provider)


def types() -> tuple[str, ...]:
    return tuple(_PROVIDERS)


def access(session: Session, tenant_id: int, object_type: str, object_id: int, user_id: int | None,
           at: datetime, kind: str | None = None) -> Access:
    """The user's standing; another tenant's object, an unknown type, or an object the user may
    not read is NotFound (it does not exist for them)."""
    entry = _PROVIDERS.get(object_type)
    if entry is None:
        raise NotFound("没有这类办理事项。")
    noun, provider = entry
    found = provider(session, tenant_id, user_id, object_id, kind, at)
    if found is None or not found.readable:
        raise NotFound(f"本单位没有编号为 {object_id} 的{noun}，或您无权查看。")
    return found


# attach(uow, settings, object_type, object_id, kind, name, data): store a file on the object in
# the caller's unit of work (so the object and its file commit together, or neither does).
Attach = Callable[["TenantWork", "Settings", str, int, str, str, bytes], None]
_attachers: list[Attach] = []


def accept_files(attacher: Attach) -> None:
    _attachers[:] = [attacher]


def attach(uow: "TenantWork", settings: "Settings", object_type: str, object_id: int, kind: str, name: str,
           data: bytes) -> None:
    if not _attachers:
        raise RuntimeError("no file store is wired: call zhengwu.wiring.install() at start-up")
    _attachers[0](uow, settings, object_type, object_id, kind, name, data)
