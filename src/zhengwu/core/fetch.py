"""The one way to read a tenant's row by id: another tenant's id reads as absent (404), never as
forbidden, so an id guessed across tenants tells nothing."""

from __future__ import annotations

from typing import Iterable, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from zhengwu.core.db import reading
from zhengwu.core.errors import NotFound

T = TypeVar("T")


def get_in_tenant(session: Session, model: type[T], object_id: int | None, tenant_id: int | None,
                  what: str = "记录") -> T:
    """The `model` row numbered `object_id` of this tenant, or NotFound naming `what` (「公文」)."""
    row = session.get(model, object_id) if object_id is not None else None
    if row is None or tenant_id is None or getattr(row, "tenant_id") != tenant_id:  # noqa: B009 — T (any tenant-owned model) declares no column
        raise _absent(object_id, what)
    return row


def _absent(object_id, what: str) -> NotFound:
    return NotFound(f"本单位没有编号为 {object_id} 的{what}。")


def load_in_tenant(session: Session, model: type[T], object_ids: Iterable[int], tenant_id: int,
                   what: str = "记录") -> dict[int, T]:
    """The `model` rows numbered `object_ids` of this tenant, read in one statement, by id; the
    first id that is not the tenant's is NotFound as `get_in_tenant` says it. The rows stay in the
    session, so each later `get_in_tenant` of one of them is a lookup, not a read."""
    wanted = list(dict.fromkeys(object_ids))
    # The rows the session holds already are taken as held (a batch's second step on the same
    # documents reads none again): a select would decode each of their columns for nothing.
    going = session.deleted  # marked for deletion, not yet written: read (and found gone) as before
    key_of = inspect(model).identity_key_from_primary_key
    rows = {object_id: row for object_id in wanted
            if (row := session.identity_map.get(key_of((object_id,)))) is not None and row not in going}
    unread = [object_id for object_id in wanted if object_id not in rows]
    if unread:
        table_id = getattr(model, "id")  # noqa: B009 — T (any tenant-owned model) declares no column
        with reading(session, model, rows=True):  # by id: a row the session changed is given as it holds it
            rows.update((row.id, row) for row in session.scalars(select(model).where(table_id.in_(unread))))  # type: ignore[attr-defined]
    for object_id in wanted:
        row = rows.get(object_id)
        if row is None or getattr(row, "tenant_id") != tenant_id:  # noqa: B009
            raise _absent(object_id, what)
    return rows
