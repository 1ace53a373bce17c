"""The one way to read a tenant's row by id: another tenant's id reads as absent (404), never as
forbidden, so an id guessed across tenants tells nothing."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from zhengwu.core.errors import NotFound

T = TypeVar("T")


def get_in_tenant(session: Session, model: type[T], object_id: int | None, tenant_id: int | None,
                  what: str = "记录") -> T:
    """The `model` row numbered `object_id` of this tenant, or NotFound naming `what` (「公文」)."""
    row = session.get(model, object_id) if object_id is not None else None
    if row is None or tenant_id is None or getattr(row, "tenant_id") != tenant_id:  # noqa: B009 — T (any tenant-owned model) declares no column
        raise NotFound(f"本单位没有编号为 {object_id} 的{what}。")
    return row
