"""`zhengwu org …`: building an org from the command line, refusals in Chinese with the article."""

from __future__ import annotations

from typer.testing import CliRunner

from zhengwu.cli.main import app


def test_org_from_the_command_line(tmp_path):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, [*args, "--data-dir", str(tmp_path)])

    assert run("tenant", "create", "--slug", "xishi", "--name", "某区人民政府", "--profile", "xishi-2024").exit_code == 0
    assert "已新建部门 1：区财政局" in run("org", "add-department", "xishi", "区财政局").output
    for kind in ("head", "deputy", "deputy"):
        assert run("org", "add-post", "xishi", kind).exit_code == 0
    assert run("org", "portfolio", "xishi", "1", "2").exit_code == 0
    assert run("org", "pair", "xishi", "ab_partner", "2", "3").exit_code == 0
    refused = run("org", "pair", "xishi", "fill_in", "2", "3")
    assert refused.exit_code == 1 and "依据《西市区人民政府工作规则》第五条" in refused.output
    shown = run("org", "show", "xishi").output
    assert "职务 2\t副区长\t（空缺）\t分管：区财政局\tAB角：职务 3" in shown
    assert "无人代行" in run("org", "acting", "xishi").output
