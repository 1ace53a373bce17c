"""The database: one engine per deployment, SQLite (WAL) by default, PostgreSQL by URL.

Writers on SQLite take the write lock when their transaction begins (BEGIN IMMEDIATE), so two
use cases never interleave their reads and writes; on PostgreSQL the audit chain head is locked
row-wise instead (see audit.py). Readers begin ordinary deferred transactions.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import InstanceState, Session, sessionmaker

from zhengwu.core.settings import Settings

_WRITE = "zhengwu_write"
T = TypeVar("T")


# Compact, with characters as they are: smaller rows, and an audit summary (its keys sorted by
# audit.append) stored exactly as its hash covers it, so verify need not decode it. One encoder
# for every JSON value written (json.dumps with options would build one per call).
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class Encoded:
    """A JSON value already written as its text (an audit summary, written once for its hash and
    stored as it is hashed), which the engine stores without encoding it again."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _json_text(value: Any) -> str:
    return value.text if value.__class__ is Encoded else _encode_json(value)


def make_engine(url: str, **engine_args) -> Engine:
    engine_args.setdefault("json_serializer", _json_text)
    if url.startswith("sqlite"):
        database = url.split("///", 1)[-1]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **engine_args)
        _prepare_sqlite(engine)
        return engine
    # One pool per worker process: ZHENGWU_POOL_SIZE connections kept open (default 5) and up to
    # ZHENGWU_POOL_OVERFLOW more under load (default 10); size them so workers × (size + overflow)
    # stays under the server's max_connections.
    pool = {"pool_size": int(os.environ.get("ZHENGWU_POOL_SIZE", 5)),
            "max_overflow": int(os.environ.get("ZHENGWU_POOL_OVERFLOW", 10))}
    return create_engine(url, pool_pre_ping=True, **{**pool, **engine_args})


def _prepare_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, decide when a transaction begins (BEGIN below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL syncs at checkpoints, not at every commit: a power cut may lose the
        # last commits but never corrupts the database (https://sqlite.org/pragma.html#pragma_synchronous);
        # FULL would cost an fsync per use case.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        immediate = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def holds_write_lock(session: Session) -> bool:
    """Whether the session's transaction holds the database's write lock from its start (SQLite's
    BEGIN IMMEDIATE, above): nothing another transaction writes can come between its reads."""
    connection = session.connection()
    return connection.dialect.name == "sqlite" and bool(connection.get_execution_options().get(_WRITE))


_KEPT = "zhengwu.kept"


def keep_loaded(model) -> None:
    """Hold every loaded row of `model` for the rest of its session (one transaction here).

    The session's identity map holds rows weakly: `session.get(Tenant, id).profile` drops the row
    at once, and the next `get` in the same use case reads it again (a use case asked for its
    tenant 3–4 times, its user twice). For small reference rows read over and over — the
    tenant, the user — a strong reference makes every later `get` a dictionary lookup."""

    @event.listens_for(model, "load")
    def _keep(target, context):
        if context is not None and context.session is not None:  # None: merged without loading
            context.session.info.setdefault(_KEPT, []).append(target)


def _hold(session: Session, instance) -> None:
    session.info.setdefault(_KEPT, []).append(instance)


class _Unwritten:
    """The session's touched rows by class, taken up as they come: the rows a batch changes pile up
    until its one flush, and `unwritten` is asked before every read and every org lookup, so each
    call sorts only the rows touched since the last (a set difference, in C), not all of them."""

    __slots__ = ("seen", "added", "changed")

    def __init__(self) -> None:
        # Seen apart for each list: a changed row deleted afterwards is then also one deleted.
        self.seen: tuple[set, set] = (set(), set())
        self.added: dict[type, list] = {}  # new or deleted
        self.changed: dict[type, list] = {}

    def take_up(self, session: Session) -> None:
        # The session's own bookkeeping, read only: the states it holds as new, deleted and
        # touched (`session.dirty` would compare every attribute's history of every one of them).
        for states, into, seen in ((session._new.keys(), self.added, self.seen[0]),  # noqa: SLF001
                                   (session._deleted.keys(), self.added, self.seen[0]),  # noqa: SLF001
                                   (session.identity_map._modified, self.changed, self.seen[1])):  # noqa: SLF001
            fresh = states - seen
            for state in fresh:
                into.setdefault(state.class_, []).append(state)
            seen |= fresh


_UNWRITTEN = "zhengwu.unwritten"
_KINDS = "zhengwu.kinds_held"  # (every class the session has loaded or been given a row of, {models: any held})


@event.listens_for(Session, "loaded_as_persistent", raw=True)
@event.listens_for(Session, "after_attach", raw=True)
def _note_kind(session: Session, state: InstanceState) -> None:
    # Loading and attaching are the only ways a row comes into a session, so a class never seen
    # here has no row the session could write: `unwritten` answers for it without sorting the
    # session's touched rows (the org's rows, asked after before every permission check, are
    # mostly kept across transactions and never loaded in a batch).
    kinds = session.info.get(_KINDS)
    if kinds is None:
        session.info[_KINDS] = ({state.class_}, {})
    elif state.class_ not in kinds[0]:
        kinds[0].add(state.class_)
        kinds[1].clear()


def _any_held(session: Session, models: tuple[type, ...]) -> bool:
    kinds = session.info.get(_KINDS)
    if kinds is None:
        return False
    held, answers = kinds
    answer = answers.get(models)
    if answer is None:
        answer = answers[models] = any(issubclass(kind, models) for kind in held)
    return answer


def unwritten(session: Session, models: tuple[type, ...], *, changed: bool = True) -> list:
    """The session's rows of `models` not yet written: new, deleted and (`changed`) changed. A row
    set back to its own value counts as changed, which costs at most a flush."""
    if not _any_held(session, models):
        return []
    index = session.info.get(_UNWRITTEN)
    if index is None:
        index = session.info[_UNWRITTEN] = _Unwritten()
    index.take_up(session)
    kinds = (index.added, index.changed) if changed else (index.added,)
    return [state.obj() for kind in kinds for cls, states in kind.items() if issubclass(cls, models) for state in states
            if state.obj() is not None]


def _forget_unwritten(session: Session, *_) -> None:
    session.info.pop(_UNWRITTEN, None)


# A flush writes them all; a rollback or the transaction's end leaves none to write.
event.listen(Session, "after_flush_postexec", _forget_unwritten)
event.listen(Session, "after_soft_rollback", _forget_unwritten)
event.listen(Session, "after_transaction_end", _forget_unwritten)


_AT_COMMIT = "zhengwu.at_commit"  # key → (what the transaction gathered, the writer of it)


def written_at_commit(session: Session, key: Any, start: Callable[[], T], write: Callable[[Session, T], None]) -> T:
    """What this transaction gathers under `key` (`start()` the first time it asks) for `write`
    to write when it commits, in one go for all its rows — forgotten if it rolls back. For rows
    no use case reads back in its own transaction (the sign-off queue's awaited posts, where a
    series' counter ended)."""
    gathered = session.info.setdefault(_AT_COMMIT, {})
    if key not in gathered:
        gathered[key] = (start(), write)
    return gathered[key][0]


@event.listens_for(Session, "before_commit")
def _write_at_commit(session: Session) -> None:
    for value, write in session.info.pop(_AT_COMMIT, {}).values():
        write(session, value)


event.listen(Session, "after_soft_rollback", lambda session, previous: session.info.pop(_AT_COMMIT, None))


_KEPT_READS = "zhengwu.kept_reads"  # key → (models, answer), for the rest of the transaction


def kept_for_transaction(session: Session, key: Any, models: tuple[type, ...], read: Callable[[], T]) -> T:
    """`read()`'s answer about `models`' rows, read once a transaction and kept while the session
    writes none of them (a row of them unwritten, or written by a flush since, reads it again):
    settings every step of a batch asks for, where a statement each time was most of the step."""
    kept = session.info.setdefault(_KEPT_READS, {})
    if key not in kept or unwritten(session, models):
        with reading(session, *models):
            kept[key] = (models, read())
    return kept[key][1]


def _forget_kept_reads(session: Session, _flush_context) -> None:
    kept = session.info.get(_KEPT_READS)
    if kept:
        for key in [k for k, (models, _) in kept.items() if unwritten(session, models)]:
            del kept[key]


event.listen(Session, "after_flush", _forget_kept_reads)
event.listen(Session, "after_transaction_end", lambda session, transaction: session.info.pop(_KEPT_READS, None)
             if transaction.parent is None else None)


@contextmanager
def reading(session: Session, *models: type, rows: bool = False, of: tuple[str, Collection] | None = None) -> Iterator[None]:
    """Read `models`' rows without first flushing the session's other changes: it flushes only
    when it holds unwritten rows of `models` (new, changed or deleted) — the only changes such a
    read could miss. The rest (the document's UPDATE) is written by the transaction's one flush
    when it commits, not by an extra one before each read. `rows`: the read returns the rows
    themselves, selected by columns no use case changes, so a changed row the session holds is
    given as changed anyway (its identity map) and only new or deleted ones call for a flush.
    `of`: the read selects only the rows whose column `of[0]` is one of `of[1]` (one document's, or
    a batch's), so unwritten rows of other owners — the other documents of a batch — cannot change
    its answer and are left for that one flush."""
    if any(of is None or (owner := getattr(row, of[0])) is None or owner in of[1]
           for row in unwritten(session, models, changed=not rows)):
        session.flush()
    with session.no_autoflush:
        yield


class Database:
    """The engine and two kinds of session: `read()` and `write()` (one transaction each)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(**{_WRITE: True}), expire_on_commit=False)
        # A use case asks for the same rows again and again (its document in each helper it calls,
        # the version a client sent checked before the step): a write session holds every row it
        # loads or writes until it ends, so each later `get` is a dictionary lookup, not a read.
        # One transaction's rows: a use case's, never a page's thousands (pages read in `read()`).
        event.listen(self._write, "loaded_as_persistent", _hold)
        event.listen(self._write, "pending_to_persistent", _hold)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Database":
        return cls(make_engine(settings.resolved_database_url))

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            with session.begin():
                yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with self._write() as session:
            with session.begin():
                yield session

    def is_empty(self) -> bool:
        return not inspect(self.engine).get_table_names()

    def dispose(self) -> None:
        self.engine.dispose()
