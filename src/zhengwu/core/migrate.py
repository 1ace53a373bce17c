"""Schema migrations (Alembic), shipped inside the package so an installed zhengwu can upgrade
its own database: `zhengwu db upgrade`, or the server preparing an empty database on start."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from zhengwu.core.db import Database
from zhengwu.core.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(db: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = db.engine
    return config


def upgrade(db: Database, revision: str = "head") -> None:
    command.upgrade(_config(db), revision)


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def is_current(db: Database) -> bool:
    return current_revision(db) == head_revision()


class DatabaseNotCurrent(RuntimeError):
    pass


def open_database(settings: Settings) -> Database:
    """The deployment's database, migrated if it is empty; an outdated one must be upgraded first."""
    db = Database.from_settings(settings)
    if db.is_empty():
        upgrade(db)
    elif not is_current(db):
        raise DatabaseNotCurrent(
            f"数据库结构版本为 {current_revision(db)}，本程序需要 {head_revision()}：请先运行 zhengwu db upgrade。")
    return db
