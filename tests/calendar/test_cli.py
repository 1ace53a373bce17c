"""`zhengwu calendar …` through Typer's CliRunner."""

from __future__ import annotations

from typer.testing import CliRunner

from zhengwu.cli.main import app

runner = CliRunner()

FICTIONAL_NEXT_YEAR = (
    "years:\n  2027:\n    source: 测试用虚构安排\n    holidays:\n"
    "      - {from: 2027-01-01, to: 2027-01-03, name: 元旦}\n"
)


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, ["calendar", *args], env=env)


def test_add_prints_the_date():
    result = run("add", "2024-09-27", "7")
    assert result.exit_code == 0
    assert result.stdout == "2024-10-12\n"


def test_add_accepts_a_negative_count():
    result = run("add", "2024-10-08", "-3")
    assert result.exit_code == 0
    assert result.stdout == "2024-09-27\n"


def test_between_prints_the_signed_count():
    assert run("between", "2025-01-24", "2025-02-07").stdout == "5\n"
    assert run("between", "2024-10-12", "2024-09-27").stdout == "-7\n"


def test_year_lists_holidays_and_makeup_days():
    result = run("year", "2024")
    assert result.exit_code == 0
    off, makeup = result.stdout.split("调休上班：")
    assert "国庆节  2024-10-01 至 2024-10-07，共 7 天" in off
    assert "国庆节  2024-09-29（星期日）" in makeup
    assert "chinesecalendar" in result.stdout.splitlines()[0]


def test_coverage():
    assert run("coverage").stdout == "2004-01-01 至 2026-12-31\n"


def test_a_year_without_its_notice_is_counted_provisionally_and_says_so():
    result = run("add", "2026-12-31", "1")
    assert result.exit_code == 0
    assert result.stdout == "2027-01-04\n"  # 2027-01-01 is 元旦 by the 办法, then a weekend
    assert "2027 年为暂定" in result.stderr and "全国年节及纪念日放假办法" in result.stderr


def test_a_date_no_rule_covers_is_a_chinese_error_without_traceback():
    result = run("add", "1999-01-04", "1")
    assert result.exit_code == 1
    assert "1999-01-04 超出可推算的范围" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_bad_input_is_a_chinese_error():
    bad_date = run("add", "2024-02-30", "1")
    assert bad_date.exit_code == 1
    assert "“2024-02-30”不是有效日期" in bad_date.stderr
    bad_count = run("add", "2024-02-01", "seven")
    assert bad_count.exit_code == 1
    assert "工作日数“seven”不是整数" in bad_count.stderr
    bad_year = run("year", "明年")
    assert bad_year.exit_code == 1
    assert "年份“明年”不是整数" in bad_year.stderr
    assert "1999 年超出可推算的范围" in run("year", "1999").stderr


def test_operator_override_file_via_environment(tmp_path):
    path = tmp_path / "local.yaml"
    path.write_text(FICTIONAL_NEXT_YEAR, encoding="utf-8")
    env = {"ZHENGWU_CALENDAR_OVERRIDES": str(path)}
    result = run("add", "2026-12-31", "1", env=env)
    assert result.stdout == "2027-01-04\n"
    assert "测试用虚构安排" in run("year", "2027", env=env).stdout


def test_a_broken_override_file_is_reported(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("years:\n  2027:\n    holidays: []\n", encoding="utf-8")
    result = run("between", "2024-01-01", "2024-02-01", env={"ZHENGWU_CALENDAR_OVERRIDES": str(path)})
    assert result.exit_code == 1
    assert f"覆盖文件 {path}：years.2027.source：" in result.stderr
