"""Storage: migrations, both databases, versioned rows refusing stale updates."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from zhengwu.cli.main import app as cli
from zhengwu.core import migrate
from zhengwu.core.db import Database, make_engine
from zhengwu.core.errors import StaleVersion
from zhengwu.core.settings import Settings
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.tables import metadata

from support import TEST_NOW


def test_migrations_create_every_table(db):
    tables = set(inspect(db.engine).get_table_names())
    assert {table.name for table in metadata.sorted_tables} <= tables
    assert migrate.is_current(db)


def test_open_database_prepares_an_empty_one(tmp_path):
    db = migrate.open_database(Settings(data_dir=tmp_path / "fresh"))
    try:
        assert (tmp_path / "fresh" / "zhengwu.db").exists()
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.dispose()


def test_open_database_refuses_an_outdated_one(tmp_path):
    settings = Settings(data_dir=tmp_path)
    db = Database.from_settings(settings)
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE unrelated (id INTEGER)"))
    db.dispose()
    with pytest.raises(migrate.DatabaseNotCurrent, match="zhengwu db upgrade"):
        migrate.open_database(settings)


def test_cli_db_upgrade_on_a_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("ZHENGWU_DATABASE_URL", raising=False)
    runner = CliRunner()
    first = runner.invoke(cli, ["db", "upgrade", "--data-dir", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert "升级到" in first.output
    again = runner.invoke(cli, ["db", "upgrade", "--data-dir", str(tmp_path)])
    assert "已是最新版本" in again.output


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path):
    db = Database(make_engine(f"sqlite:///{tmp_path / 'x.db'}"))
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_settings_choose_database(tmp_path, monkeypatch):
    monkeypatch.delenv("ZHENGWU_DATABASE_URL", raising=False)
    assert Settings.from_env(tmp_path).resolved_database_url == f"sqlite:///{(tmp_path / 'zhengwu.db').resolve()}"
    monkeypatch.setenv("ZHENGWU_DATABASE_URL", "postgresql+psycopg://u@h/d")
    assert Settings.from_env(tmp_path).resolved_database_url == "postgresql+psycopg://u@h/d"


def test_version_increments_on_update(db, make_tenant):
    tenant = make_tenant()
    assert tenant.version == 1
    with unit_of_work(db, Actor.system(), "test.rename", now=TEST_NOW) as uow:
        uow.session.get(Tenant, tenant.id).name = "改名后的人民政府"
        uow.record(object_type="tenant", object_id=tenant.slug)
    with db.read() as session:
        assert session.get(Tenant, tenant.id).version == 2


@pytest.mark.parametrize("load", [False, True], ids=["merged-as-is", "merged-onto-a-fresh-read"])
def test_concurrent_stale_update_is_refused_not_overwritten(db, make_tenant, load):
    """Two writers load version 1; the second to write must fail instead of overwriting — whether
    its copy is merged as it is, or onto the row read afresh in its transaction (the copy still
    carries the version it was read at)."""
    tenant = make_tenant()
    with db.read() as session:
        stale = session.get(Tenant, tenant.id)
    with unit_of_work(db, Actor.system(), "test.rename", now=TEST_NOW) as uow:
        uow.session.get(Tenant, tenant.id).name = "第一位修改者"
        uow.record(object_type="tenant", object_id=tenant.slug)
    with pytest.raises(StaleVersion) as raised:
        with unit_of_work(db, Actor.system(), "test.rename", now=TEST_NOW) as uow:
            mine = uow.session.merge(stale, load=load)
            mine.name = "第二位修改者"
            uow.record(object_type="tenant", object_id=tenant.slug)
    assert raised.value.status == 409
    with db.read() as session:
        row = session.get(Tenant, tenant.id)
        assert (row.name, row.version) == ("第一位修改者", 2)


# SQLite lets no other writer commit in between (its writer holds the lock from BEGIN IMMEDIATE).
@pytest.mark.parametrize("database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_a_stale_row_read_in_the_writing_transaction_is_refused_on_postgresql(db, make_tenant):
    """PostgreSQL lets another writer commit between a transaction's read and its write: the flush
    reads the versions it would overwrite (locking the rows) and refuses a row changed meanwhile."""
    tenant = make_tenant()
    with pytest.raises(StaleVersion):
        with unit_of_work(db, Actor.system(), "test.rename", now=TEST_NOW) as mine:
            row = mine.session.get(Tenant, tenant.id)
            with unit_of_work(db, Actor.system(), "test.rename", now=TEST_NOW) as theirs:
                theirs.session.get(Tenant, tenant.id).name = "先提交者"
                theirs.record(object_type="tenant", object_id=tenant.slug)
            row.name = "后提交者"
            mine.record(object_type="tenant", object_id=tenant.slug)
    with db.read() as session:
        row = session.get(Tenant, tenant.id)
        assert (row.name, row.version) == ("先提交者", 2)


def test_versions_count_real_changes_and_rows_changed_together_are_written_together(db, make_tenant):
    """Each changed row's version goes up by one, an untouched or unchanged one stays, and the
    flush writes the changed rows of a table in one UPDATE (SQLAlchemy's own version check sent
    one a row)."""
    from sqlalchemy import event

    tenants = [make_tenant(slug, name=f"第{n}个人民政府") for n, slug in enumerate(("dawa", "dalian", "wolong", "xishi"))]
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with unit_of_work(db, Actor.system(), "test.rename", now=TEST_NOW) as uow:
        rows = [uow.session.get(Tenant, t.id) for t in tenants]
        for row in rows[:3]:
            row.name = row.name + "（改）"
        rows[3].name = rows[3].name  # the same value: no change
        uow.record(object_type="tenant", object_id=tenants[0].slug)
    updates = [s for s in statements if s.lstrip().startswith("UPDATE tenants")]
    assert len(updates) == 1, updates
    with db.read() as session:
        assert [session.get(Tenant, t.id).version for t in tenants] == [2, 2, 2, 1]


def test_the_migrations_match_the_models(db):
    """A table or column added to a model without a migration fails here (`zhengwu db revision`)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from zhengwu.core.base import compared

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": compared})
        assert compare_metadata(context, metadata) == []
