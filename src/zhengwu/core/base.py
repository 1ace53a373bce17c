"""Declarative base and the two mixins every domain table uses.

`TenantOwned` gives a row its government (`tenant_id`); `Versioned` gives a workflow object
a version, numbered on every write and checked before it, so a concurrent writer's stale update
fails instead of silently overwriting (turned into HTTP 409 by errors.py).
"""

from __future__ import annotations

from datetime import timezone

from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, TypeDecorator, event, inspect, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column, orm_insert_sentinel
from sqlalchemy.orm.attributes import PASSIVE_NO_INITIALIZE
from sqlalchemy.orm.exc import StaleDataError

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Tables a domain keeps beside its models, derived from their rows and made by its migrations
# (a full-text index: SQLite's FTS5 virtual table and its shadow tables are no model's), which
# the comparison of the schema with the models leaves out.
DERIVED: set[str] = set()


def compared(name: str | None, type_: str, parent_names) -> bool:
    """Alembic's `include_name`: every table but the derived ones (and FTS5's `<name>_data` …)."""
    return type_ != "table" or name is None or not any(name == d or name.startswith(d + "_") for d in DERIVED)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both databases (SQLite would drop the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class TenantOwned:
    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True, nullable=False)


class Versioned:
    """A workflow object with a version; it must also offer `summary()`, its state as JSON."""

    version: Mapped[int] = mapped_column(Integer, nullable=False)

    def expect_version(self, expected: int | None, what: str) -> None:
        """Refuse a change based on an old read (HTTP 409), showing the current state. None is
        "saw none yet" (a row that may not exist): the row exists now, so it was made meanwhile."""
        if self.version != expected:
            from zhengwu.core.errors import StaleVersion

            raise StaleVersion(what, expected, self.summary())  # type: ignore[attr-defined]  # every versioned model has one


# The version is numbered and checked here rather than by SQLAlchemy's `version_id_col`, which
# sends one UPDATE a row so as to check each row's count: a batch changing a hundred documents
# sent a hundred statements. Here the versions a flush is about to overwrite are checked first,
# one read a table (locking the rows on PostgreSQL, where a concurrent writer then waits and
# reads the version it committed), and the rows are then written together. On SQLite a row read
# in the writing transaction itself needs no check: SQLite lets no other writer commit between
# a transaction's read and its write (a writer holds the lock from BEGIN IMMEDIATE; a reader that
# writes after another's commit is refused, SQLITE_BUSY_SNAPSHOT). Only rows brought in from
# elsewhere (a copy read earlier, merged) are read again.
_READ_HERE = "zhengwu.versioned_read_here"


@event.listens_for(Session, "loaded_as_persistent", raw=True)
@event.listens_for(Session, "pending_to_persistent", raw=True)
def _note_read_here(session: Session, state) -> None:
    if issubclass(state.class_, Versioned):
        session.info.setdefault(_READ_HERE, set()).add(state)


@event.listens_for(Session, "after_transaction_end")
def _forget_read_here(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_READ_HERE, None)


@event.listens_for(Versioned, "before_insert", propagate=True)
def _first_version(mapper, connection, target: Versioned) -> None:
    target.version = 1


@event.listens_for(Versioned, "before_update", propagate=True)
def _next_version(mapper, connection, target: Versioned) -> None:
    # A version carried in with a merged copy was checked against the stored one before the flush.
    state = inspect(target)
    if any(key != "version" and key in mapper.column_attrs and state.get_history(key, PASSIVE_NO_INITIALIZE).has_changes()
           for key in state.committed_state):
        target.version += 1


@event.listens_for(Session, "before_flush")
def _check_versions(session: Session, flush_context, instances) -> None:
    """Refuse the flush (StaleDataError: HTTP 409) when a versioned row it updates or deletes is
    no longer at the version this session read: another writer committed in between."""
    read: dict[Any, dict[Any, int]] = {}
    current = session.info.get(_READ_HERE, ()) if session.get_bind().dialect.name == "sqlite" else ()
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, Versioned):
            state = inspect(obj)
            # The version the writer's copy holds: a copy read earlier and merged brings its own.
            if state.key is not None and (state not in current or "version" in state.committed_state):
                read.setdefault(state.mapper, {})[state.key[1][0]] = obj.version
    if not read:
        return
    connection = session.connection()
    for mapper, versions in read.items():
        key = mapper.primary_key[0]
        query = select(key, mapper.local_table.c.version).where(key.in_(list(versions)))
        if connection.dialect.name == "postgresql":
            query = query.with_for_update()
        stored: dict[Any, int] = dict(connection.execute(query).all())  # type: ignore[arg-type]  # (id, version) rows
        if any(stored.get(row_id) != version for row_id, version in versions.items()):
            raise StaleDataError(f"{mapper.local_table.name}: a row changed since it was read")


def insert_order() -> Mapped[int | None]:
    """A column SQLAlchemy fills in as it inserts many rows at once (its "insert sentinel"), by
    which it matches the ids SQLite hands back to the rows: without one it inserts them one
    statement a row (migrations 0033, 0034). Nothing else reads it, and the audit leaves it out
    (core.covered.BOOKKEEPING)."""
    return orm_insert_sentinel("insert_order")
