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
