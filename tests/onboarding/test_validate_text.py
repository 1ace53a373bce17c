"""Validation reads the text: numbers and named posts must appear in the cited article (or its
items), or the value carries a recorded reason; every problem is listed, not only the first."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from zhengwu.cli.main import app
from zhengwu.rulebook import sources
from zhengwu.rulebook.articles import parse_text
from zhengwu.rulebook.profile import load_profile_data
from zhengwu.rulebook.validate_text import check_text, number_in, open_problems

TEXT = """某区人民政府工作规则

第一条　区政府实行区长负责制。副区长协助区长工作。

第二条　区政府常务会议由区长、副区长组成，由区长召集和主持。区政府常务会议每月召开2次。区政府常务会议纪要由区长签发。

第三条　重大突发事件必须于10分钟内报告区政府。会议时间一般不超过1小时。

第四条　区政府办公室负责下列工作：
（一）会签部门应在5个工作日内回复意见；
（二）逾期不回复的视为同意。
"""


def _profile(**changes):
    sources.register(parse_text(TEXT, "test-validate"))
    data = {
        "id": "test-validate", "name": "某区人民政府", "source": "test-validate", "level": "district",
        "posts": {"head": {"value": "区长", "cite": "1"}, "deputy": {"value": "副区长", "cite": "1"}},
        "meetings": {"types": {"value": ["executive"], "cite": "2"},
                     "executive": {"chair": {"value": ["head"], "cite": "2"},
                                   "cadence": {"value": "2/month", "cite": "2"},
                                   "minutes_signer": {"value": "head", "cite": "2"}}},
        "emergency": {"report_minutes": {"value": 10, "cite": "3"}},
        "conference": {"max_minutes": {"value": 60, "cite": "3"}},
        "documents": {"countersign": {"reply_workdays": {"value": 5, "cite": "4"}}},
    }
    for path, value in changes.items():
        where = data
        *head, last = path.split(".")
        for part in head:
            where = where.setdefault(part, {})
        where[last] = value
    return load_profile_data(data, "test-validate.yaml")


def test_values_the_articles_state_pass():
    assert check_text(_profile()) == []


def test_emergency_report_minutes_must_be_the_articles_number():
    problems = check_text(_profile(**{"emergency.report_minutes": {"value": 30, "cite": "3"}}))
    assert [(p.key, p.cite, p.message) for p in problems] == [("emergency.report_minutes", "3", "条文中没有数字 30")]


def test_a_number_in_an_item_counts_for_its_article():
    assert check_text(_profile(**{"documents.countersign.reply_workdays": {"value": 5, "cite": "4"}})) == []
    problems = check_text(_profile(**{"documents.countersign.reply_workdays": {"value": 7, "cite": "4.1"}}))
    assert [p.message for p in problems] == ["条文中没有数字 7"]


def test_every_problem_is_listed_not_only_the_first():
    problems = check_text(_profile(**{
        "emergency.report_minutes": {"value": 30, "cite": "3"},
        "meetings.executive.minutes_signer": {"value": "executive_deputy", "cite": "2"},
        "meetings.executive.cadence": {"value": "1/quarter", "cite": "2"},
    }))
    assert {p.key for p in problems} == {"emergency.report_minutes", "meetings.executive.minutes_signer",
                                         "meetings.executive.cadence"}


def test_a_named_post_must_be_named_in_the_cited_article():
    problems = check_text(_profile(**{"meetings.executive.chair": {"value": ["head", "deputy"], "cite": "3"}}))
    assert [p.message for p in problems] == ["条文中没有提到 head 所指的职务", "条文中没有提到 deputy 所指的职务"]


def test_an_override_with_a_reason_is_recorded_not_open():
    profile = _profile(**{"emergency.report_minutes": {"value": 30, "cite": "3"},
                          "text_overrides": {"emergency.report_minutes": "据上级通知改为30分钟"}})
    problems = check_text(profile)
    assert problems[0].overridden_by == "据上级通知改为30分钟"
    assert open_problems(problems) == []


def test_an_override_of_a_missing_key_or_without_reason_is_refused():
    import pytest

    from zhengwu.rulebook.profile import ProfileError

    with pytest.raises(ProfileError) as error:
        _profile(text_overrides={"emergency.no_such_key": "理由", "emergency.report_minutes": " "})
    assert len(error.value.problems) == 2


def test_hours_count_as_minutes_and_chinese_numerals_as_numbers():
    assert number_in(60, "不超过1小时") and number_in(120, "不超过二小时")
    assert not number_in(30, "不超过1小时")
    assert number_in(2, "每月召开两次") and number_in(7, "七个工作日内") and not number_in(1, "10分钟")


def test_cli_validate_reads_the_text(tmp_path):
    _profile()  # registers the text
    data = yaml.safe_load(yaml.safe_dump({
        "id": "test-validate", "name": "某区人民政府", "source": "test-validate",
        "posts": {"head": {"value": "区长", "cite": "1"}},
        "emergency": {"report_minutes": {"value": 30, "cite": "3"}},
    }))
    path = tmp_path / "test-validate.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["profile", "validate", str(path), "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "emergency.report_minutes（3）：条文中没有数字 30" in result.output
