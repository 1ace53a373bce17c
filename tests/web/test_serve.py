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
