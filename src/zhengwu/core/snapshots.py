"""Before-and-after snapshots of a use case's changes, taken from the session rather than by hand.

Every flush notes, for each row it is about to write, the value each changed column had when the
transaction first read it (a later flush keeps the first value, so "before" is the state the use
case started from). When the transaction commits, an audit event about a `subject` row takes its
before/after from these notes: the changed columns with their old and new values, the whole row
for a row the use case created (before is null) or deleted (after is null).

`unaudited_changes` names the rows a transaction wrote with no audit event beside it; the tests run
with that check on, so a write path that forgets to audit fails wherever a test takes it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from zhengwu.core.covered import BOOKKEEPING, plain

_NOTES = "zhengwu_snapshot_notes"
CREATED = "created"
DELETED = "deleted"
CHANGED = "changed"


def _key(obj: Any) -> tuple[type, int]:
    # Object identity, not the primary key: a created row has no key before its first flush.
    return (type(obj), id(obj))


SECRET = "（保密，不记录）"


def _value(attr, value: Any) -> Any:
    """A column declared with info={"secret": True} (a password, its hash) is never written into
    the audit chain: only that it changed."""
    if _secret(attr):
        return SECRET if value else value
    return plain(value)


@lru_cache(maxsize=None)
def _secret(attr) -> bool:
    # Asked of every value of every row a transaction writes: the mapping does not change.
    return any(column.info.get("secret") for column in attr.columns)


def _columns(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    return {attr.key: _value(attr, getattr(obj, attr.key)) for attr in state.mapper.column_attrs
            if attr.key not in BOOKKEEPING}


class _Note:
    __slots__ = ("obj", "kind", "old")

    def __init__(self, obj: Any, kind: str) -> None:
        self.obj = obj
        self.kind = kind
        self.old: dict[str, Any] = {}


def _notes(session: Session) -> dict[tuple[type, int], _Note]:
    return session.info.setdefault(_NOTES, {})


@sa_event.listens_for(Session, "before_flush")
def _note_changes(session: Session, _context, _instances) -> None:
    notes = _notes(session)
    for obj in session.new:
        notes.setdefault(_key(obj), _Note(obj, CREATED))
    for obj in session.deleted:
        note = notes.setdefault(_key(obj), _Note(obj, CHANGED))
        if note.kind == CHANGED:
            note.kind = DELETED
            for attr in inspect(obj).mapper.column_attrs:
                note.old.setdefault(attr.key, _value(attr, _old_value(obj, attr.key)))
    for obj in session.dirty:
        # Only the attributes set since the row was read or last flushed can have changed (the
        # session keeps their committed values): not every column of a wide row, every flush.
        state = inspect(obj)
        columns = state.mapper.column_attrs
        old = {}
        for key in state.committed_state:
            if key not in columns:
                continue
            # What state.attrs[key].history gives, without building the row's attribute views.
            history = state.get_history(key, PASSIVE_NO_INITIALIZE)
            if history.has_changes():
                old[key] = _value(columns[key], history.deleted[0] if history.deleted else None)
        if not old:
            continue
        note = notes.setdefault(_key(obj), _Note(obj, CHANGED))
        if note.kind != CHANGED:
            continue
        for key, value in old.items():
            note.old.setdefault(key, value)


def _old_value(obj: Any, key: str) -> Any:
    history = inspect(obj).attrs[key].load_history()
    if history.deleted:
        return history.deleted[0]
    return history.unchanged[0] if history.unchanged else None


def pair(session: Session, subject: Any) -> tuple[dict | None, dict | None]:
    """(before, after) of `subject` in this transaction: only the columns that changed, or the
    whole row where it was created or deleted; ({}, {}) when the use case did not change it."""
    note = _notes(session).get(_key(subject))
    if note is None:
        return {}, {}
    if note.kind == CREATED:
        return None, _columns(subject)
    if note.kind == DELETED:
        return dict(note.old), None
    attrs = inspect(subject).mapper.column_attrs
    after = {key: _value(attrs[key], getattr(subject, key)) for key in note.old}  # only what may have changed
    before = {key: old for key, old in note.old.items() if after[key] != old}
    return before, {key: after[key] for key in before}


LABEL_ATTRIBUTES = ("title", "matter", "name", "display_name")


def label_of(subject: Any) -> str | None:
    """What a row is called (a document's title, a matter, a name), for an event about it."""
    for name in LABEL_ATTRIBUTES:
        value = getattr(subject, name, None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def changed_tables(session: Session, ignore: dict[str, frozenset[str]] | None = None) -> set[str]:
    """The tables this transaction wrote rows of (created, changed or deleted), leaving out a
    changed row whose changed columns are all in `ignore` for its table."""
    ignore = ignore or {}
    tables: set[str] = set()
    for note in _notes(session).values():
        table = inspect(note.obj).mapper.local_table.name
        if note.kind == CHANGED and not set(note.old) - ignore.get(table, frozenset()):
            continue
        tables.add(table)
    return tables


def created(session: Session) -> set[int]:
    """The ids (id()) of the objects this transaction created."""
    return {id(note.obj) for note in _notes(session).values() if note.kind == CREATED}


def forget(session: Session) -> None:
    session.info.pop(_NOTES, None)


@sa_event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    forget(session)


@sa_event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, _previous) -> None:
    forget(session)
