"""`zhengwu rules …` as a clerk runs it: readable text, JSON for tools, Chinese errors."""

import json

from typer.testing import CliRunner

from zhengwu.cli.main import app
from zhengwu.rulebook.sources import path_of

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["rules", *args])


def test_parse_a_known_id_as_text():
    result = run("parse", "dawa-2017")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("《盘锦市大洼区人民政府工作规则》")
    assert "文号：大政发〔2017〕1号" in out
    assert "共12章、63条" in out
    assert "第八章　会议制度" in out
    assert "第三十七条　[dawa-2017:37]" in out
    assert "      （九）决定和部署区政府其他重要工作事项。　[dawa-2017:37.9]" in out


def test_parse_reports_warnings_apart_from_the_text():
    result = run("parse", "wuhai-hainan-2023")
    assert result.exit_code == 0
    assert "第246行：条标题「四十」与前后条序不符，更正为第四十九条" in result.stderr
    assert "第246行" not in result.stdout


def test_parse_a_file_as_json(tmp_path):
    source = tmp_path / "xs.txt"
    source.write_bytes(path_of("xishi-2024").read_bytes())
    result = run("parse", str(source), "--id", "xishi-2024", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"title", "doc_number", "date", "chapters", "warnings"}
    assert data["title"] == "西市区人民政府工作规则"
    assert data["date"] == "2024-01-29"
    assert len(data["chapters"]) == 8
    article = data["chapters"][5]["articles"][4]
    assert article["no"] == 31 and article["id"] == "xishi-2024:31"
    assert len(article["items"]) == 8 and article["items"][2]["id"] == "xishi-2024:31.3"
    assert {"line", "message"} == set(data["warnings"][0])


def test_parse_json_marks_the_cut_article():
    data = json.loads(run("parse", "wolong-2018", "--format", "json").stdout)
    last = data["chapters"][-1]["articles"][-1]
    assert (last["no"], last["incomplete"]) == (30, True)


def test_show_an_article_and_an_item():
    result = run("show", "dalian-2014", "45")
    assert result.exit_code == 0
    assert result.stdout.startswith("《大连市人民政府工作规则》第四十五条　[dalian-2014:45]\n")
    assert "10个工作日" in result.stdout
    item = run("show", "xishi-2024:31.3")
    assert item.exit_code == 0
    assert "第三十一条第（三）项" in item.stdout and "重要的由区长签发" in item.stdout


def test_search_text_and_json():
    result = run("search", "会签")
    assert result.exit_code == 0
    assert "[wuhai-hainan-2023:57]" in result.stdout and "[xishi-2024:29]" in result.stdout
    assert "Building prefix dict" not in result.output
    hits = json.loads(run("search", "会签", "--format", "json").stdout)
    assert set(hits[0]) == {"id", "score", "snippet"}
    assert {"wuhai-hainan-2023:57", "xishi-2024:29"} <= {hit["id"] for hit in hits}
    only = json.loads(run("search", "会签", "--id", "xishi-2024", "--format", "json").stdout)
    assert only and all(hit["id"].startswith("xishi-2024:") for hit in only)


def test_list_names_every_shipped_text():
    result = run("list")
    assert result.exit_code == 0
    assert "wuhai-hainan-2023" in result.stdout and "《政府督查工作条例》" in result.stdout


def _assert_clean_failure(result, message):
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_errors_are_chinese_without_traceback(tmp_path):
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    _assert_clean_failure(run("parse", str(binary)), "不是文本文件")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("某规则\n第一条 甲。\n".encode("gbk"))
    _assert_clean_failure(run("parse", str(gbk)), "GBK")
    plain = tmp_path / "plain.txt"
    plain.write_text("没有条文的普通文字。\n", encoding="utf-8")
    _assert_clean_failure(run("parse", str(plain)), "找不到条文")
    _assert_clean_failure(run("parse", "no-such-file.txt"), "找不到文件")
    _assert_clean_failure(run("show", "dawa-2017", "99"), "没有第九十九条")
    _assert_clean_failure(run("show", "nowhere", "1"), "未知的规则")
    _assert_clean_failure(run("search", "会签", "--id", "nowhere"), "未知的规则")
