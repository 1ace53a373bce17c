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


def test_concurrent_stale_update_is_refused_not_overwritten(db, make_tenant):
    """Two writers load version 1; the second to write must fail instead of overwriting."""
    tenant = make_tenant()
    with db.read() as session:
        stale = session.get(Tenant, tenant.id)
    with unit_of_work(db, Actor.system(), "test.rename", now=TEST_NOW) as uow:
        uow.session.get(Tenant, tenant.id).name = "第一位修改者"
        uow.record(object_type="tenant", object_id=tenant.slug)
    with pytest.raises(StaleVersion) as raised:
        with unit_of_work(db, Actor.system(), "test.rename", now=TEST_NOW) as uow:
            mine = uow.session.merge(stale, load=False)
            mine.name = "第二位修改者"
            uow.record(object_type="tenant", object_id=tenant.slug)
    assert raised.value.status == 409
    with db.read() as session:
        row = session.get(Tenant, tenant.id)
        assert (row.name, row.version) == ("第一位修改者", 2)


def test_the_migrations_match_the_models(db):
    """A table or column added to a model without a migration fails here (`zhengwu db revision`)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from zhengwu.core.base import compared

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": compared})
        assert compare_metadata(context, metadata) == []
