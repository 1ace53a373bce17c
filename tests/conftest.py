"""Shared test settings.

CI sets ZHENGWU_REQUIRE_BROWSER / ZHENGWU_REQUIRE_POSTGRES so that a missing Chromium or
PostgreSQL fails the run instead of skipping; on a developer's machine without them the
browser and PostgreSQL tests are skipped with the reason shown.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from support import TEST_NOW, TEST_PASSWORD, missing
from zhengwu import wiring
from zhengwu.core import migrate
from zhengwu.core import tenants as _tenants
from zhengwu.core import users as _users
from zhengwu.core.db import Database, make_engine
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.tables import metadata

ROOT = Path(__file__).resolve().parent.parent

# The tests run the use cases as every entry point does: with the domains' events wired (signed
# minutes make supervision tasks, an issued document is queued for disclosure …).
wiring.install()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests keep what a person should look at afterwards (screenshots, .docx, PDFs)."""
    path = Path(os.environ.get("ZHENGWU_ARTIFACTS", ROOT / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------------------------------------
# Databases: every storage and service test runs on SQLite and on PostgreSQL.
#
# SQLite: each test gets a copy of a database file migrated once per session.
# PostgreSQL (ZHENGWU_TEST_POSTGRES_URL): one schema per test session, migrated once, emptied
# before each test and dropped at the end, so runs never see each other's rows.
# ---------------------------------------------------------------------------------------------


def _postgres_url_or_skip() -> str:
    url = os.environ.get("ZHENGWU_TEST_POSTGRES_URL")
    if url:
        return url
    missing("PostgreSQL", "ZHENGWU_TEST_POSTGRES_URL is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)",
            "ZHENGWU_REQUIRE_POSTGRES")


def with_search_path(url: str, schema: str) -> str:
    # libpq's `options` reaches the server as a startup parameter: every connection of every
    # engine built from this URL (the app's too) works inside the test schema.
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A migrated PostgreSQL schema of its own for this test session, as a database URL."""
    base = _postgres_url_or_skip()
    schema = f"zhengwu_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = with_search_path(base, schema)
    db = Database(make_engine(url))
    migrate.upgrade(db)
    db.dispose()
    yield url
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "zhengwu.db"
    db = Database(make_engine(f"sqlite:///{path}"))
    migrate.upgrade(db)
    db.dispose()
    return path


# Emptying the schema for the next test: TRUNCATE of the seventy tables costs more than a second
# on PostgreSQL (a new file for every table and index, whether or not it held rows), often more
# than the test. Deleting the rows of the tables that have any (children first) and restarting the
# id sequences an earlier test moved (a row rolled back or deleted still moves one) leaves the same
# empty database, numbered from 1, in a few milliseconds.
_MOVED_SEQUENCES = """
WITH sequences AS MATERIALIZED (  -- so pg_sequence_last_value is only asked about sequences
  SELECT s.oid FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
   WHERE s.relkind = 'S' AND n.nspname = current_schema())
SELECT sequences.oid::regclass::text, p.seqstart FROM sequences JOIN pg_sequence p ON p.seqrelid = sequences.oid
 WHERE pg_sequence_last_value(sequences.oid) IS NOT NULL
"""


def _empty_postgres(url: str) -> Database:
    db = Database(make_engine(url))
    with_rows = " UNION ALL ".join(f"SELECT '{table.name}' WHERE EXISTS (SELECT 1 FROM \"{table.name}\")"
                                   for table in metadata.sorted_tables)
    with db.engine.begin() as connection:
        filled = set(connection.execute(text(with_rows)).scalars())
        for table in reversed(metadata.sorted_tables):
            if table.name in filled:
                connection.execute(table.delete())
        for sequence, start in connection.execute(text(_MOVED_SEQUENCES)).all():
            connection.execute(text("SELECT setval(CAST(:sequence AS regclass), :start, false)"),
                               {"sequence": sequence, "start": start})
    return db


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    """A migrated, empty database for one test, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        target = tmp_path / "data" / "zhengwu.db"
        target.parent.mkdir()
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    url = request.getfixturevalue("postgres_url")
    _empty_postgres(url).dispose()
    return url


@pytest.fixture
def db(database_url) -> Database:
    database = Database(make_engine(database_url))
    yield database
    database.dispose()


# Building blocks for service tests: a tenant and users, created through the real services.

@pytest.fixture
def make_tenant(db):
    def make(slug: str = "dawa", profile_id: str = "dawa-2017", name: str = "测试区人民政府", created=TEST_NOW):
        with unit_of_work(db, Actor.system("测试"), "tenant.create", now=created) as uow:
            return _tenants.create_tenant(uow, slug=slug, name=name, profile_id=profile_id)

    return make


@pytest.fixture
def make_user(db):
    def make(username: str, *, tenants=(), platform_admin: bool = False, display_name: str | None = None,
             password: str = TEST_PASSWORD):
        with unit_of_work(db, Actor.system("测试"), "user.create", now=TEST_NOW) as uow:
            user = _users.create_user(uow, username=username, display_name=display_name or username,
                                      password=password, platform_admin=platform_admin)
            for tenant in tenants:
                _users.add_membership(uow, user, uow.session.merge(tenant))
            return user

    return make


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch):
    """argon2 at its production cost (about 0.3 s a hash, by design) would dominate a suite that
    creates hundreds of users; the algorithm stays argon2id, only the cost is lowered."""
    from argon2 import PasswordHasher

    from zhengwu.core import users

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(autouse=True)
def no_entered_holiday_notices():
    """The calendar is process-wide: a notice one test enters must not make a year official in
    the next test."""
    from zhengwu.calendar import use_entered_years

    yield
    use_entered_years({})


@pytest.fixture(autouse=True)
def no_texts_or_profiles_added_at_run_time(monkeypatch):
    """Texts and profiles a test stores (onboarding) are registered process-wide: each test starts
    with the shipped ones only."""
    from zhengwu.rulebook import profile, sources

    monkeypatch.setattr(sources, "_REGISTERED", {})
    monkeypatch.setattr(profile, "_REGISTERED", {})


@pytest.fixture(autouse=True)
def every_write_audited(monkeypatch):
    """Every transaction of every test that writes a government's or the platform's data must
    write an audit event beside it (core/audit.py REQUIRE_AUDIT): a write path that forgets to
    audit fails in whichever test takes it."""
    from zhengwu.core import audit

    monkeypatch.setattr(audit, "REQUIRE_AUDIT", True)


@pytest.fixture
def unaudited_writes(monkeypatch):
    """For a test that edits rows behind the application (a row as an older release left it)."""
    from zhengwu.core import audit

    monkeypatch.setattr(audit, "REQUIRE_AUDIT", False)
