"""Declarative base and the two mixins every domain table uses.

`TenantOwned` gives a row its government (`tenant_id`); `Versioned` gives a workflow object
a version that SQLAlchemy checks on every UPDATE, so a concurrent writer's stale update fails
instead of silently overwriting (turned into HTTP 409 by errors.py).
"""

from __future__ import annotations

from datetime import timezone

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, orm_insert_sentinel

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

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}

    def expect_version(self, expected: int | None, what: str) -> None:
        """Refuse a change based on an old read (HTTP 409), showing the current state. None is
        "saw none yet" (a row that may not exist): the row exists now, so it was made meanwhile."""
        if self.version != expected:
            from zhengwu.core.errors import StaleVersion

            raise StaleVersion(what, expected, self.summary())  # type: ignore[attr-defined]  # every versioned model has one


def insert_order() -> Mapped[int | None]:
    """A column SQLAlchemy fills in as it inserts many rows at once (its "insert sentinel"), by
    which it matches the ids SQLite hands back to the rows: without one it inserts them one
    statement a row (migrations 0033, 0034). Nothing else reads it, and the audit leaves it out
    (core.covered.BOOKKEEPING)."""
    return orm_insert_sentinel("insert_order")
