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
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache
from collections.abc import Collection
from typing import Any, Callable

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Table, bindparam, inspect, select, type_coerce
from sqlalchemy import event as sa_event
from sqlalchemy.orm import ORMExecuteState, Session

from zhengwu.core.base import Base, UtcDateTime


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

# Columns of no object's state on any table (core.base.insert_order: SQLAlchemy's mark for the
# order of a many-row insert), left out of every row and child row hashed — so a table that gains
# one keeps the hashes its rows were audited with.
BOOKKEEPING = frozenset({"insert_order"})


@lru_cache(maxsize=None)
def _state(table: Table) -> tuple:
    """The columns of `table` that hold its rows' state: every one but BOOKKEEPING, in table order."""
    return tuple(c for c in table.c if c.name not in BOOKKEEPING)


@lru_cache(maxsize=None)
def _names(table: Table) -> list[str]:
    return [c.name for c in _state(table)]


def plain(value: Any) -> Any:
    """A column's value as JSON holds it (dates and instants ISO, decimals as text)."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@lru_cache(maxsize=None)
def _rows(table: Table, ignore: frozenset[str] = frozenset()):
    """A reader of `table`'s rows (plain tuples of its `_state` columns) into the dicts whose JSON is
    hashed: zip with the names, and only the columns that can hold dates or decimals made plain (verify
    reads every covered row; a call per value was most of its time)."""
    names = _names(table)
    odd = [c.name for c in _state(table) if not isinstance(getattr(c.type, "impl", c.type), (String, Integer, JSON, Boolean))]
    dropped = [name for name in names if name in ignore]

    def read(row) -> dict:
        found = dict(zip(names, row, strict=True))
        for name in odd:
            found[name] = plain(found[name])
        for name in dropped:
            del found[name]
        return found

    return read


_STATE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode


def digest_state(row: dict | None, children: dict[str, list[dict]]) -> str:
    """SHA-256 of the state in canonical JSON (the chain's own links stay SM3; this is a content
    fingerprint, and SHA-256 runs at C speed on every platform for the many rows verify reads)."""
    state = {"row": row, "children": {name: sorted(rows, key=lambda r: r.get("id") or 0)
                                      for name, rows in sorted(children.items())}}
    return hashlib.sha256(_STATE(state).encode()).hexdigest()


_encode_text = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring  # type: ignore[attr-defined]


def _other(value: Any) -> str:
    """A date, instant, decimal or JSON value as `_STATE` writes it inside the state."""
    if value is None:
        return "null"
    value = plain(value)
    return _encode_text(value) if value.__class__ is str else _STATE(value)


def _json_raw(value: Any) -> str:
    # Stored text without an object in it (lists, strings, numbers: written compact by the
    # engine's serializer) is already canonical; an object's keys may be stored in any order, so
    # that text is decoded and written again with sorted keys — once per distinct text: most are
    # the same few ('{}' on every document), and a decode was most of the data check's time.
    if value.__class__ is str:
        if "{" not in value:
            return value
        known = _SORTED.get(value)
        if known is None:
            known = _STATE(json.loads(value))
            if len(_SORTED) < _SORTED_KEPT:
                _SORTED[value] = known
        return known
    return _other(value)


_SORTED: dict[str, str] = {}  # stored JSON text → its canonical text
_SORTED_KEPT = 10_000


def _instant_raw(value: Any) -> str:
    # SQLite's stored text of a UTC instant, 'YYYY-MM-DD HH:MM:SS.ffffff', is plain()'s ISO text.
    if value.__class__ is str and len(value) == 26 and value[10] == " ":
        return f'"{value[:10]}T{value[11:]}+00:00"'
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return _other(value)


def _date_raw(value: Any) -> str:
    if value.__class__ is str and len(value) == 10:
        return f'"{value}"'
    return _other(value)


def _raw_query(table: Table):
    """The `_state` columns of `table`, with JSON, instant and date columns as the driver gives them (text on
    SQLite): what `_row_text` reads."""
    return select(*(type_coerce(c, String) if isinstance(getattr(c.type, "impl", c.type), (JSON, DateTime, Date))
                    else c for c in _state(table)))


@lru_cache(maxsize=None)
def _row_text(table: Table, ignore: frozenset[str] = frozenset()):
    """A writer of one raw row of `table` (a tuple of `_raw_query(table)`) straight to the canonical JSON
    text `_STATE` gives its dict (keys sorted, compact, not ASCII-escaped): one generated f-string
    per table, so verify's data check builds no dict per row. Strings, integers and booleans are
    written inline; every other column goes through `plain` and the same encoder as `digest_state`.
    tests/core/test_audit_data.py holds the bytes to digest_state's on every covered table."""
    names = _names(table)
    parts = []
    for name in sorted(n for n in names if n not in ignore):
        at = names.index(name)
        kind = getattr(table.c[name].type, "impl", table.c[name].type)
        v = f"r[{at}]"
        if isinstance(kind, Boolean):
            value = f'{{"null" if {v} is None else "true" if {v} else "false"}}'
        elif isinstance(kind, JSON):
            value = f"{{J({v})}}"
        elif isinstance(kind, DateTime):
            value = f"{{T({v})}}"
        elif isinstance(kind, Date):
            value = f"{{D({v})}}"
        elif isinstance(kind, String):
            value = f'{{"null" if {v} is None else E({v})}}'
        elif isinstance(kind, Integer):
            value = f'{{"null" if {v} is None else int({v})}}'
        else:
            value = f"{{O({v})}}"
        parts.append(f"{_STATE(name)}:{value}")
    source = "def text(r):\n    return f'{{" + ",".join(parts).replace("'", "\\'") + "}}'\n"
    space = {"E": _encode_text, "O": _other, "J": _json_raw, "T": _instant_raw, "D": _date_raw}
    exec(compile(source, f"<covered row text of {table.name}>", "exec"), space)  # noqa: S102
    return space["text"]


def digest_texts(row: str, children: dict[str, list[tuple[int, str]]]) -> str:
    """digest_state for rows already written by `_row_text` (children as (id, text), any order)."""
    kids = ",".join(f'{_STATE(name)}:[{",".join(text for _, text in sorted(rows, key=lambda r: r[0] or 0))}]'
                    for name, rows in sorted(children.items()))
    return hashlib.sha256(f'{{"children":{{{kids}}},"row":{row}}}'.encode()).hexdigest()


def _table(name: str) -> Table | None:
    return Base.metadata.tables.get(name)


def _key_value(table: Table, key: str, object_id: str) -> Any:
    if isinstance(table.c[key].type, Integer):
        return int(object_id) if object_id.lstrip("-").isdigit() else None
    return object_id


def state_hashes(session: Session, object_type: str | None, object_ids: Collection) -> dict[str, str]:
    """The hashes of many covered objects' states as stored now, read in one query per table
    (object id → hash; an id with no row hashes as absent). Empty for a kind not covered."""
    spec = COVERED.get(object_type or "")
    table = _table(spec.table) if spec else None
    if spec is None or table is None:
        return {}
    keys = {}
    for object_id in object_ids:
        key = _key_value(table, spec.key, str(object_id))
        if key is not None:
            keys[key] = str(object_id)
    read = _rows(table, spec.ignore)
    found = {row[spec.key]: row for row in map(read, session.execute(
        select(*_state(table)).where(table.c[spec.key].in_(list(keys)))))} if keys else {}
    return _digests(session.execute, spec, keys, found)


def _digests(execute: Callable, spec: Covered, keys: dict[Any, str], rows: dict[Any, dict]) -> dict[str, str]:
    """Each object's state digest (object id → hash) from its row (none: absent) and its child
    rows, read with `execute` in one query per child table."""
    children: dict[str, dict[Any, list[dict]]] = {}
    parent_ids = [row["id"] for row in rows.values()]
    for child_name, column in spec.children:
        child = _table(child_name)
        if child is not None:
            grouped = children.setdefault(child_name, {})
            if parent_ids:
                for r in map(_rows(child), execute(_children_of(child, column), {"ids": parent_ids})):
                    grouped.setdefault(r[column], []).append(r)
    hashes = {}
    for key, object_id in keys.items():
        row = rows.get(key)
        kids = {name: [] if row is None else grouped.get(row["id"], []) for name, grouped in children.items()}
        hashes[object_id] = digest_state(row, kids)
    return hashes


@lru_cache(maxsize=None)
def _held_reader(table: Table, key: str):
    """A reader of `table`'s rows from the objects a session holds, for the tables whose key is
    their one-column primary key (None otherwise): (mapper, [(column name, attribute key, kind)])."""
    mapper = next((m for m in Base.registry.mappers if m.local_table is table), None)
    if mapper is None or [c.name for c in mapper.primary_key] != [key]:
        return None
    columns = []
    for column in _state(table):
        kind = getattr(column.type, "impl", column.type)
        kind_name = ("bool" if isinstance(kind, Boolean) else "json" if isinstance(kind, JSON)
                     else "instant" if isinstance(column.type, UtcDateTime) else "date" if isinstance(kind, Date)
                     and not isinstance(kind, DateTime)
                     else "text" if isinstance(kind, String) else "int" if isinstance(kind, Integer) else None)
        if kind_name is None:
            return None  # a kind not re-read here (decimals, bytes …): the row is read from the database
        if column not in mapper.columns.values():
            return None
        # Left out of an INSERT, a column without a database-side default is NULL.
        null_unless_set = column.server_default is None and column.server_onupdate is None
        columns.append((column.name, mapper.get_property_by_column(column).key, kind_name, null_unless_set))
    return mapper, columns


_NO_VALUE = object()
_SIMPLE = {"bool": bool, "text": str, "int": int}


def _held_value(kind: str, value: Any, round_trip) -> Any:
    """The value as the database stores it, as `_row_text` takes a raw row's (a JSON value as the
    engine's serializer writes it), or _NO_VALUE when that is not certain."""
    if value is None:
        return None
    if kind in _SIMPLE:
        return value if value.__class__ is _SIMPLE[kind] else _NO_VALUE
    if kind == "instant":  # core.base.UtcDateTime: stored and read back in UTC (_instant_raw)
        return value if value.__class__ is datetime and value.tzinfo is not None else _NO_VALUE
    if kind == "date":
        return value if value.__class__ is date else _NO_VALUE
    if not value and value.__class__ in (list, dict):
        return "[]" if value.__class__ is list else "{}"  # an empty list or object is stored as itself
    try:  # JSON: the text the engine's serializer writes
        return round_trip(value)
    except (TypeError, ValueError):
        return _NO_VALUE


def _held_row(session: Session, table: Table, spec: Covered, key: Any, created: Collection[int]) -> tuple | None:
    """The covered row `key` as the session holds it after its flush — the committed state,
    without reading it again — as the raw row `_row_text` writes (None in the columns it leaves
    out), or None when the session does not hold all of it for certain (not loaded, a column
    expired or left to a database default, a kind not re-read here, the table written by a bulk
    statement in this transaction). `created`: the ids of the objects this transaction inserted,
    whose columns never set were inserted as NULL."""
    reader = _held_reader(table, spec.key)
    if reader is None or table.name in session.info.get(BULK_WRITTEN, ()):
        return None
    mapper, columns = reader
    held = session.identity_map.get(mapper.identity_key_from_primary_key((key,)))
    if held is None:
        return None
    state = inspect(held)
    if state.modified or state.expired or state.expired_attributes or state.deleted or state.was_deleted:
        return None
    values = state.dict
    inserted = id(held) in created
    round_trip = session.get_bind().dialect._json_serializer or json.dumps
    row: list[Any] = []
    for name, attribute, kind, null_unless_set in columns:
        if name in spec.ignore:
            row.append(None)
            continue
        value = values.get(attribute, _NO_VALUE)
        if value is not _NO_VALUE:
            value = _held_value(kind, value, round_trip)
        elif inserted and null_unless_set:
            value = None
        if value is _NO_VALUE:
            return None
        row.append(value)
    return tuple(row)


# Tables an ORM bulk UPDATE/DELETE/INSERT wrote in this transaction: the rows a session holds of
# them may not be what the database now has.
BULK_WRITTEN = "zhengwu_covered_bulk_written"


@sa_event.listens_for(Session, "do_orm_execute")
def _note_bulk_writes(state: ORMExecuteState) -> None:
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        state.session.info.setdefault(BULK_WRITTEN, set()).add(name)


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_bulk_writes(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(BULK_WRITTEN, None)


@lru_cache(maxsize=None)
def _children_of(child: Table, column: str):
    """The statement reading a parent's child rows, built once (every seal of a document asks it)."""
    return select(*_state(child)).where(child.c[column].in_(bindparam("ids", expanding=True)))


def sealed_state_hashes(session: Session, object_type: str | None, object_ids: Collection,
                        created: Collection[int] = ()) -> dict[str, str]:
    """state_hashes for the objects of a transaction being sealed (flushed, about to commit): a
    row the session holds whole is hashed as held, the rest as read; child rows are always read
    (the session need not hold them all). Written as verify's data check writes stored rows
    (`_row_text`, `digest_texts`): the held values as the database stores them (UTC instants, JSON
    as the engine's serializer writes it), and a value whose round trip is not certain sends its
    row to the database instead. tests/core/test_sealed_state.py holds these hashes to
    state_hashes' on every covered table."""
    spec = COVERED.get(object_type or "")
    table = _table(spec.table) if spec else None
    if spec is None or table is None:
        return {}
    connection = session.connection()  # Core: the seal has flushed, and these are plain rows
    names = _names(table)
    at_key, at_id = names.index(spec.key), names.index("id")
    rows: dict[Any, tuple] = {}
    keys = {}
    for object_id in object_ids:
        key = _key_value(table, spec.key, str(object_id))
        if key is None:
            continue
        keys[key] = str(object_id)
        row = _held_row(session, table, spec, key, created)
        if row is not None:
            rows[key] = row
    unread = [key for key in keys if key not in rows]
    if unread:
        rows.update((raw[at_key], tuple(raw)) for raw in connection.execute(
            _raw_query(table).where(table.c[spec.key].in_(unread))))
    children: dict[str, dict[Any, list[tuple[int, str]]]] = {}
    parent_ids = [row[at_id] for row in rows.values()]
    for child_name, column in spec.children:
        child = _table(child_name)
        if child is not None:
            grouped = children.setdefault(child_name, {})
            if parent_ids:
                text_child, at, at_child_id = _row_text(child), _names(child).index(column), _names(child).index("id")
                for raw in connection.execute(_raw_children_of(child, column), {"ids": parent_ids}):
                    grouped.setdefault(raw[at], []).append((raw[at_child_id], text_child(raw)))
    text = _row_text(table, spec.ignore)
    hashes = {}
    for key, object_id in keys.items():
        row = rows.get(key)
        kids = {name: [] if row is None else grouped.get(row[at_id], []) for name, grouped in children.items()}
        hashes[object_id] = digest_texts("null" if row is None else text(row), kids)
    return hashes


@lru_cache(maxsize=None)
def _raw_children_of(child: Table, column: str):
    """The statement reading a parent's child rows raw (`_raw_query`), built once (every seal of a document asks it)."""
    return _raw_query(child).where(child.c[column].in_(bindparam("ids", expanding=True)))


def unaudited(session: Session, tenant_id: int | None, latest: dict[tuple[str | None, str | None], str | None]) -> list[tuple[str, str]]:
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


def _decoded(session: Session, spec: Covered, table: Table, keys: list):
    """The rows of these keys with their children, decoded as digest_state takes them (in key order)."""
    read = _rows(table, spec.ignore)
    for start in range(0, len(keys), 500):
        part = keys[start:start + 500]
        rows = [read(r) for r in session.execute(select(*_state(table)).where(table.c[spec.key].in_(part)))]
        children: dict[str, dict[Any, list[dict]]] = {}
        for child_name, column in spec.children:
            child = _table(child_name)
            if child is not None:
                grouped = children.setdefault(child_name, {})
                for r in map(_rows(child), session.execute(
                        select(*_state(child)).where(child.c[column].in_([row["id"] for row in rows])))):
                    grouped.setdefault(r[column], []).append(r)
        for row in sorted(rows, key=lambda r: r[spec.key]):
            yield row[spec.key], row, {name: grouped.get(row["id"], []) for name, grouped in children.items()}


def current_digests(session: Session, tenant_id: int | None) -> dict[str, dict[str, str]]:
    """The state digest of every covered row of a chain (the tenant's, or the platform's) as stored
    now, in key order: object type → {key as text: digest}. Written from the stored text
    (`_row_text`); a row whose JSON holds an object with its keys in another order digests
    differently here, and `mismatches` judges it again decoded."""
    found: dict[str, dict[str, str]] = {}
    for object_type, spec in COVERED.items():
        table = _table(spec.table)
        if table is None or spec.platform != (tenant_id is None):
            continue
        query = _raw_query(table)
        query = query if tenant_id is None else query.where(table.c.tenant_id == tenant_id)
        grouped: dict[str, dict[Any, list[tuple[int, str]]]] = {}
        for child_name, column in spec.children:
            child = _table(child_name)
            if child is None:
                continue
            child_query = _raw_query(child)
            child_query = child_query if tenant_id is None else child_query.where(child.c.tenant_id == tenant_id)
            text_child, at, at_id = _row_text(child), _names(child).index(column), _names(child).index("id")
            kids = grouped.setdefault(child_name, {})
            for r in session.execute(child_query):
                kids.setdefault(r[at], []).append((r[at_id], text_child(r)))
        text = _row_text(table, spec.ignore)
        names = _names(table)
        at_key, at_id = names.index(spec.key), names.index("id")
        child_names = [name for name, _ in spec.children if _table(name) is not None]
        found[object_type] = {str(raw[at_key]): digest_texts(text(raw), {name: grouped.get(name, {}).get(raw[at_id], [])
                                                                         for name in child_names})
                              for raw in session.execute(query.order_by(table.c[spec.key]))}
    return found


def mismatches(session: Session, tenant_id: int | None, latest: dict[tuple[str, str], str],
               current: dict[str, dict[str, str]] | None = None) -> list[str]:
    """Covered rows of a chain (the tenant's, or the platform's) whose state differs from their last
    audited state, or that have none; in Chinese, one entry per object. `current`: the chain's
    `current_digests`, read in this session's transaction (read here if not given)."""
    current = current_digests(session, tenant_id) if current is None else current
    found = []
    for object_type, spec in COVERED.items():
        table = _table(spec.table)
        if table is None or object_type not in current:
            continue
        present = current[object_type]
        doubtful = [_key_value(table, spec.key, key) for key, digest in present.items()
                    if latest.get((object_type, key)) != digest]
        for key, row, children in _decoded(session, spec, table, doubtful):
            audited = latest.get((object_type, str(key)))
            if audited is not None and digest_state(row, children) == audited:
                continue  # JSON stored with its keys in another order: the decoded state matches
            what = f"{spec.label}「{row.get('title') or row.get('name') or key}」（编号 {key}）"
            found.append(f"{what}没有审计记录" if audited is None else f"{what}与审计记录不符")
        child_names = [name for name, _ in spec.children if _table(name) is not None]
        audited_ids = {object_id for (kind, object_id) in latest if kind == object_type}
        for object_id in sorted(audited_ids - present.keys()):
            if latest[(object_type, object_id)] != digest_state(None, {n: [] for n in child_names}):
                found.append(f"{spec.label}（编号 {object_id}）已被删除，审计中没有删除记录")
    return found
