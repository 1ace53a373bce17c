"""The objects whose stored data the audit chain covers, and the hash of each one's state.

An audited write about one of these objects stores the hash of the object's row (and of its
child rows: a document's signing chain) as committed; `audit verify` recomputes it for every
current row and compares it with the object's last audited state. So a title, a signer, a chain
step's user, a document number, a task's state, a post's holder or a user's platform-admin flag
changed in the database, outside the application, is found.

Objects are named by table (strings, resolved when used), so the platform core needs no import of
the domains. Columns a login changes without an audited write of the user (failure count, lock)
are left out of the user's state; everything else is in.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, Table, select
from sqlalchemy.orm import Session

from zhengwu.core.base import Base


@dataclass(frozen=True)
class Covered:
    table: str
    key: str = "id"
    label: str = ""
    children: tuple[tuple[str, str], ...] = ()  # (table, column naming the parent's id)
    ignore: frozenset[str] = frozenset()
    platform: bool = False  # on the platform chain (no tenant_id column)


COVERED: dict[str, Covered] = {
    "user": Covered("users", "username", "用户", ignore=frozenset({"failed_logins", "locked_until"}), platform=True),
    "tenant": Covered("tenants", "slug", "租户", platform=True),
    "document": Covered("doc_documents", label="公文", children=(("doc_chain_steps", "document_id"),)),
    "task": Covered("supervision_tasks", label="督办事项"),
    "post": Covered("org_posts", label="职务"),
    "department": Covered("org_departments", label="部门"),
}

# Columns a write may change without an audit event of its own (a login's failure count and lock).
UNAUDITED_COLUMNS = {c.table: c.ignore for c in COVERED.values() if c.ignore}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(mapping, ignore: frozenset[str]) -> dict:
    return {name: _plain(value) for name, value in mapping.items() if name not in ignore}


def digest_state(row: dict | None, children: dict[str, list[dict]]) -> str:
    """SHA-256 of the state in canonical JSON (the chain's own links stay SM3; this is a content
    fingerprint, and SHA-256 runs at C speed on every platform for the many rows verify reads)."""
    state = {"row": row, "children": {name: sorted(rows, key=lambda r: r.get("id") or 0)
                                      for name, rows in sorted(children.items())}}
    body = json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _table(name: str) -> Table | None:
    return Base.metadata.tables.get(name)


def _key_value(table: Table, key: str, object_id: str) -> Any:
    if isinstance(table.c[key].type, Integer):
        return int(object_id) if object_id.lstrip("-").isdigit() else None
    return object_id


def state_hash(session: Session, object_type: str | None, object_id: str | None) -> str | None:
    """The hash of one covered object's state as stored now; None for an object not covered."""
    spec = COVERED.get(object_type or "")
    table = _table(spec.table) if spec else None
    if table is None or object_id is None:
        return None
    key = _key_value(table, spec.key, object_id)
    if key is None:
        return None
    found = session.execute(select(table).where(table.c[spec.key] == key)).mappings().first()
    children = {}
    for child_name, column in spec.children:
        child = _table(child_name)
        if child is not None:
            rows = [] if found is None else session.execute(
                select(child).where(child.c[column] == found["id"])).mappings().all()
            children[child_name] = [_row(r, frozenset()) for r in rows]
    return digest_state(None if found is None else _row(found, spec.ignore), children)


def unaudited(session: Session, tenant_id: int | None, latest: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    """Covered rows of a chain with no audited state at all: rows written before the chain covered
    data (a deployment upgraded to it), for `zhengwu audit baseline` to record once."""
    missing = []
    for object_type, spec in COVERED.items():
        table = _table(spec.table)
        if table is None or spec.platform != (tenant_id is None):
            continue
        query = select(table.c[spec.key]) if tenant_id is None else select(table.c[spec.key]).where(
            table.c.tenant_id == tenant_id)
        missing += [(object_type, str(key)) for key in session.execute(query.order_by(table.c[spec.key])).scalars()
                    if (object_type, str(key)) not in latest]
    return missing


def mismatches(session: Session, tenant_id: int | None, latest: dict[tuple[str, str], str]) -> list[str]:
    """Covered rows of a chain (the tenant's, or the platform's) whose state differs from their last
    audited state, or that have none; in Chinese, one entry per object."""
    found = []
    for object_type, spec in COVERED.items():
        table = _table(spec.table)
        if table is None or spec.platform != (tenant_id is None):
            continue
        query = select(table) if tenant_id is None else select(table).where(table.c.tenant_id == tenant_id)
        rows = session.execute(query.order_by(table.c[spec.key])).mappings().all()
        grouped: dict[str, dict[Any, list[dict]]] = {}
        for child_name, column in spec.children:
            child = _table(child_name)
            if child is None:
                continue
            child_query = select(child) if tenant_id is None else select(child).where(child.c.tenant_id == tenant_id)
            for r in session.execute(child_query).mappings():
                grouped.setdefault(child_name, {}).setdefault(r[column], []).append(_row(r, frozenset()))
        for row in rows:
            children = {name: grouped.get(name, {}).get(row["id"], []) for name, _ in spec.children
                        if _table(name) is not None}
            audited = latest.get((object_type, str(row[spec.key])))
            what = f"{spec.label}「{row.get('title') or row.get('name') or row[spec.key]}」（编号 {row[spec.key]}）"
            if audited is None:
                found.append(f"{what}没有审计记录")
            elif digest_state(_row(row, spec.ignore), children) != audited:
                found.append(f"{what}与审计记录不符")
        audited_ids = {object_id for (kind, object_id) in latest if kind == object_type}
        present = {str(row[spec.key]) for row in rows}
        for object_id in sorted(audited_ids - present):
            if latest[(object_type, object_id)] != digest_state(None, {n: [] for n, _ in spec.children
                                                                        if _table(n) is not None}):
                found.append(f"{spec.label}（编号 {object_id}）已被删除，审计中没有删除记录")
    return found
