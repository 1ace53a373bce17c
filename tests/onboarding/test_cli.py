"""`zhengwu rules add FILE --id ID`, `zhengwu profile draft ID`, and the stored text found by
`rules search` / `rules show` in a later command."""

from __future__ import annotations

import json

from onboarding_texts import COUNTY, TOWNSHIP
from typer.testing import CliRunner

from zhengwu.cli.main import app
from zhengwu.rulebook import profile, sources

runner = CliRunner()


def _forget(monkeypatch):
    """What a new command process knows: only the shipped texts."""
    monkeypatch.setattr(sources, "_REGISTERED", {})
    monkeypatch.setattr(profile, "_REGISTERED", {})


def test_rules_add_then_search_show_and_draft(tmp_path, monkeypatch):
    path = tmp_path / "某镇工作规则.txt"
    path.write_text(TOWNSHIP.replace("第六条　会签部门", "第六　会签部门"), encoding="utf-8")
    data = str(tmp_path / "data")
    added = runner.invoke(app, ["rules", "add", str(path), "--id", "mouzhen-2025", "--data-dir", data])
    assert added.exit_code == 0, added.output
    assert "已添加《某镇人民政府工作规则》，编号 mouzhen-2025" in added.output
    assert "修复了 1 处" in added.output and "第六条" in added.output

    _forget(monkeypatch)
    found = runner.invoke(app, ["rules", "search", "视为同意", "--id", "mouzhen-2025", "--data-dir", data])
    assert found.exit_code == 0 and "[mouzhen-2025:6]" in found.output
    _forget(monkeypatch)
    shown = runner.invoke(app, ["rules", "show", "mouzhen-2025", "7", "--data-dir", data])
    assert "重大突发事件必须于20分钟内报告镇政府。" in shown.output

    _forget(monkeypatch)
    out = tmp_path / "draft.yaml"
    drafted = runner.invoke(app, ["profile", "draft", "mouzhen-2025", "--json", "--output", str(out), "--data-dir", data])
    assert drafted.exit_code == 0, drafted.output
    result = json.loads(drafted.output)
    minutes = next(p for p in result["proposals"] if p["key"] == "emergency.report_minutes")
    assert (minutes["value"], minutes["cite"], minutes["sentence"]) == (20, "7", "重大突发事件必须于20分钟内报告镇政府。")
    assert "decisions.required_steps" in result["inherited"]
    _forget(monkeypatch)
    checked = runner.invoke(app, ["profile", "validate", str(out), "--data-dir", data])
    assert checked.exit_code == 0, checked.output


def test_rules_add_refuses_a_taken_id_in_chinese(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(COUNTY, encoding="utf-8")
    result = runner.invoke(app, ["rules", "add", str(path), "--id", "dalian-2014", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1 and "已被使用" in result.output


def test_profile_draft_of_an_unknown_text(tmp_path):
    result = runner.invoke(app, ["profile", "draft", "nothing-here", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1 and "没有编号为「nothing-here」的规则文本" in result.output


def test_tenant_create_takes_an_adopted_profile(tmp_path, monkeypatch):
    from zhengwu.core import migrate
    from zhengwu.core.settings import Settings
    from zhengwu.core.uow import Actor, unit_of_work
    from zhengwu.onboarding import store

    path = tmp_path / "t.txt"
    path.write_text(TOWNSHIP, encoding="utf-8")
    data = tmp_path / "data"
    assert runner.invoke(app, ["rules", "add", str(path), "--id", "mouzhen-2025", "--data-dir", str(data)]).exit_code == 0
    refused = runner.invoke(app, ["tenant", "create", "--slug", "mouzhen", "--name", "某镇人民政府",
                                  "--profile", "mouzhen-2025", "--data-dir", str(data)])
    assert refused.exit_code == 1 and "没有名为「mouzhen-2025」的规则配置" in refused.output
    db = migrate.open_database(Settings(data_dir=data))
    with unit_of_work(db, Actor.system("测试"), "onboarding.draft") as uow:
        draft_id = store.create_draft(uow, text_id="mouzhen-2025").id
        keys = [p["key"] for p in store.get_draft(uow.session, draft_id).proposals]
    for key in keys:
        with unit_of_work(db, Actor.system("测试"), "onboarding.decide") as uow:
            store.decide(uow, draft_id=draft_id, key=key, decision="accept",
                         expected_version=store.get_draft(uow.session, draft_id).version)
    with unit_of_work(db, Actor.system("测试"), "onboarding.adopt") as uow:
        store.adopt(uow, draft_id=draft_id, expected_version=store.get_draft(uow.session, draft_id).version)
    db.dispose()
    _forget(monkeypatch)
    created = runner.invoke(app, ["tenant", "create", "--slug", "mouzhen", "--name", "某镇人民政府",
                                  "--profile", "mouzhen-2025", "--data-dir", str(data)])
    assert created.exit_code == 0, created.output
    _forget(monkeypatch)
    shown = runner.invoke(app, ["meetings", "cadence", "--tenant", "mouzhen", "--from", "2025-01-01", "--to", "2025-03-31",
                                "--data-dir", str(data)])
    # The command runs under the adopted profile (it may report periods short of the cadence, exit 1).
    assert shown.exception is None or isinstance(shown.exception, SystemExit), repr(shown.exception)
    assert "镇政府常务会议" in shown.output or "每月" in shown.output, shown.output
