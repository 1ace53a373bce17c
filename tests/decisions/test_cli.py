"""`zhengwu decisions catalog` and `zhengwu disclosure due|requests` through CliRunner."""

from __future__ import annotations

from typer.testing import CliRunner

from support import TEST_NOW
from zhengwu.cli.main import app
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.decisions import service

runner = CliRunner()


def test_due_across_national_day():
    result = runner.invoke(app, ["disclosure", "due", "2025-09-30", "--profile", "dawa-2017"])
    assert result.exit_code == 0
    assert result.stdout == "2025-11-04\t依据《中华人民共和国政府信息公开条例》第三十三条\n"
    extended = runner.invoke(app, ["disclosure", "due", "2025-09-30", "--profile", "dawa-2017", "--extension", "20"])
    assert extended.stdout.startswith("2025-12-02\t")
    bad = runner.invoke(app, ["disclosure", "due", "2025-13-01", "--profile", "dawa-2017"])
    assert bad.exit_code == 1 and "格式有误" in bad.output


def test_catalog_lists_missing_steps(db, database_url, make_tenant, monkeypatch):
    tenant = make_tenant("hainan", "wuhai-hainan-2023")
    with unit_of_work(db, Actor.system("测试"), "decision.register", tenant_id=tenant.id, now=TEST_NOW) as uow:
        service.register_decision(uow, year=2024, title="供热价格调整", lead_department="发改局",
                                  touches_public_interest=False)
    monkeypatch.setenv("ZHENGWU_DATABASE_URL", database_url)
    result = runner.invoke(app, ["decisions", "catalog", "--tenant", "hainan", "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "供热价格调整\t发改局\t未决定" in result.output
    assert "未列入本年度重大行政决策事项目录" in result.output and "第二十七条" in result.output
    requests = runner.invoke(app, ["disclosure", "requests", "--tenant", "hainan"])
    assert requests.exit_code == 0 and requests.output == ""
