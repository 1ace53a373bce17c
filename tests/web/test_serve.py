"""`zhengwu serve`: prepares the database, seeds the demo when asked, and hands the app to uvicorn."""

from __future__ import annotations

import uvicorn
from typer.testing import CliRunner

from zhengwu.cli.main import app as cli
from zhengwu.core import tenants
from zhengwu.demo import ADMIN_USERNAME, DEMO_PASSWORD
from zhengwu.rulebook.profile import known_profiles


def test_serve_demo_seeds_prints_logins_and_serves(db, database_url, monkeypatch):
    served = []
    monkeypatch.setenv("ZHENGWU_DATABASE_URL", database_url)
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: served.append((app, host, port)))
    result = CliRunner().invoke(cli, ["serve", "--demo", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD in result.output and ADMIN_USERNAME in result.output
    assert "http://127.0.0.1:8123/" in result.output
    assert [(host, port) for _app, host, port in served] == [("127.0.0.1", 8123)]
    with db.read() as session:
        assert sorted(t.profile_id for t in tenants.list_tenants(session)) == known_profiles()


def test_serve_without_users_says_how_to_begin(tmp_path, monkeypatch):
    monkeypatch.delenv("ZHENGWU_DATABASE_URL", raising=False)
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kw: None)
    result = CliRunner().invoke(cli, ["serve", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0 and "zhengwu admin create-user" in result.output
    assert (tmp_path / "zhengwu.db").exists()


def test_serve_with_workers_hands_uvicorn_an_app_factory(tmp_path, monkeypatch):
    """Several worker processes cannot share one app object: each builds its own (and its own
    connection pool) from the environment, where the data directory is passed on."""
    calls = []
    monkeypatch.delenv("ZHENGWU_DATABASE_URL", raising=False)
    monkeypatch.setenv("ZHENGWU_DATA_DIR", "elsewhere")
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(cli, ["serve", "--workers", "2", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [(target, options)] = calls
    assert target == "zhengwu.web.app:app_from_env" and options["factory"] and options["workers"] == 2
    import os

    from zhengwu.web.app import app_from_env

    assert os.environ["ZHENGWU_DATA_DIR"] == str(tmp_path)
    assert app_from_env().state.settings.data_dir == tmp_path


def test_a_command_that_needs_no_web_app_does_not_import_it():
    """`zhengwu calendar add` starts in a fraction of a second because it loads neither the web
    app, nor SQLAlchemy, nor any domain (measured in bench/results/cli-startup.txt)."""
    import subprocess
    import sys

    code = ("import sys; sys.argv = ['zhengwu', 'calendar', 'add', '2024-09-27', '7']\n"
            "from zhengwu.cli.main import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('fastapi', 'sqlalchemy', 'alembic', 'zhengwu.web.app', 'zhengwu.documents')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["2024-10-12", "[]"]
def test_serve_refuses_a_data_dir_it_cannot_write(tmp_path, monkeypatch):
    """Issue 14, finding 11: a read-only data dir is one Chinese sentence at start-up, not a server
    whose every login is a 500; a missing one is created, not a traceback."""
    import os

    monkeypatch.delenv("ZHENGWU_DATABASE_URL", raising=False)
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kw: None)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # running as root: permissions do not bind; use a file in the way
            locked.chmod(0o700)
            locked = tmp_path / "a-file"
            locked.write_text("not a directory")
        result = CliRunner().invoke(cli, ["serve", "--data-dir", str(locked)])
    finally:
        (tmp_path / "locked").chmod(0o700)
    assert result.exit_code == 1
    assert "数据目录" in result.output and "Traceback" not in result.output
    fresh = tmp_path / "new" / "dir"
    made = CliRunner().invoke(cli, ["serve", "--data-dir", str(fresh)])
    assert made.exit_code == 0 and (fresh / "zhengwu.db").exists()


def test_a_full_disk_is_refused(tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    from zhengwu.core import storage
    from zhengwu.core.settings import Settings

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 1024, 1024))
    try:
        storage.check_data_dir(Settings(data_dir=tmp_path))
    except storage.DataDirUnusable as refused:
        assert "仅剩 0 MB" in str(refused)
    else:
        raise AssertionError("a full disk was accepted")


def test_a_serving_process_settles_at_start_and_a_test_app_does_not(settings, db, clock, database_url, monkeypatch):
    """`zhengwu serve`'s app (and each worker's) moves what the process holds at start out of the
    cyclic collector's full walks, which stalled a request for ~0.3 s (web.app.settle); an app a
    test builds does not, since a test process keeps building apps and must collect them."""
    import gc

    from fastapi.testclient import TestClient

    from zhengwu.web.app import create_app

    gc.unfreeze()
    try:
        with TestClient(create_app(settings, db, clock)):
            assert gc.get_freeze_count() == 0
        with TestClient(create_app(settings, db, clock, serving=True)):
            assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    monkeypatch.setenv("ZHENGWU_DATABASE_URL", database_url)
    CliRunner().invoke(cli, ["serve", "--port", "8123"])
    gc.unfreeze()
    with TestClient(served[0]):
        assert gc.get_freeze_count() > 10_000
    gc.unfreeze()
