"""A bad profile is refused at load with one Chinese line per problem: file, key path, expectation."""

from __future__ import annotations

import copy

import pytest
import yaml
from typer.testing import CliRunner

from zhengwu.cli.main import app
from zhengwu.rulebook.profile import PROFILES_DIR, ProfileError, load_profile_file, validate

DAWA = yaml.safe_load((PROFILES_DIR / "dawa-2017.yaml").read_text(encoding="utf-8"))


def write(tmp_path, data, name="bad.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def dawa_with(change):
    data = copy.deepcopy(DAWA)
    change(data)
    return data


def problems_of(tmp_path, change):
    return validate(write(tmp_path, dawa_with(change)))


def test_the_packaged_profiles_are_valid():
    for path in sorted(PROFILES_DIR.glob("*.yaml")):
        assert validate(path) == [], path.name


def test_unknown_key_is_named_with_its_path(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["meetings"]["executive"].update(colour={"value": "红", "cite": "37"}))
    assert len(problems) == 1
    assert problems[0].startswith("bad.yaml：meetings.executive.colour：未知的键；此处可用的键：name、members、")
    assert "、cadence、" in problems[0] and "、minutes_signer、" in problems[0]


def test_unknown_key_inside_a_leaf(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["emergency"]["report_minutes"].update(note="十分钟"))
    assert problems == ["bad.yaml：emergency.report_minutes.note：未知的键；此处可用的键：value、cite、inherited_from、exceptions"]


def test_unknown_post_is_refused_with_the_vocabulary(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["posts"].update(mayor={"value": "镇长", "cite": "5"}))
    assert len(problems) == 1
    assert problems[0].startswith("bad.yaml：posts.mayor：应为以下之一：'head', 'executive_deputy'")


def test_value_outside_the_vocabulary(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["meetings"]["executive"]["cadence"].update(value="3/month"))
    assert len(problems) == 1
    assert problems[0].startswith("bad.yaml：meetings.executive.cadence.value：应为以下之一：")
    assert "'2/month'" in problems[0] and "实际为 '3/month'" in problems[0]


def test_wrong_type(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["conference"]["max_minutes"].update(value="一小时"))
    assert problems == ["bad.yaml：conference.max_minutes.value：应为整数，实际为 '一小时'"]


def test_missing_cite(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["conference"]["max_minutes"].pop("cite"))
    assert problems == [
        "bad.yaml：conference.max_minutes：每项取值须且只须有一个出处：cite（本规则或法律的条款）"
        "或 inherited_from（继承自默认规则）"
    ]


def test_cite_and_inherited_together_is_refused(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["conference"]["max_minutes"].update(inherited_from="default"))
    assert len(problems) == 1 and "conference.max_minutes：每项取值须且只须有一个出处" in problems[0]


def test_bare_value_without_provenance(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["meetings"]["executive"].update(cadence="2/month"))
    assert problems == ["bad.yaml：meetings.executive.cadence：应为 {value, cite} 或 {value, inherited_from}，不能只写取值"]


def test_cite_to_a_missing_article(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["emergency"]["report_minutes"].update(cite="99"))
    assert len(problems) == 1
    assert problems[0].startswith("bad.yaml：emergency.report_minutes.cite：出处 '99' 所指的条款不存在：")
    assert "没有第九十九条" in problems[0]


def test_cite_to_a_missing_item(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["meetings"]["executive"]["cadence"].update(cite="37.12"))
    assert len(problems) == 1 and "meetings.executive.cadence.cite：出处 '37.12' 所指的条款不存在" in problems[0]


def test_cite_to_another_localitys_text(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["meetings"]["executive"]["cadence"].update(cite="dalian-2014:38"))
    assert problems == [
        "bad.yaml：meetings.executive.cadence.cite：出处只能是本规则（dawa-2017）或法律（law-…）的条款，实际为 'dalian-2014:38'"
    ]


def test_cite_to_a_law_article_is_accepted(tmp_path):
    assert problems_of(tmp_path, lambda d: d["emergency"]["report_minutes"].update(cite="law-gongwen-2012:15.4")) == []


def test_conflicting_signing_rows(tmp_path):
    def add_conflict(d):
        d["documents"]["signing"]["rows"].append(
            {
                "name": "decision_by_director",
                "label": "决定由办公室主任签发",
                "cite": "46",
                "match": {"issuer": "government", "doc_types": ["decision"]},
                "steps": [{"kind": "sign_off", "post": "office_director"}],
            }
        )

    problems = problems_of(tmp_path, add_conflict)
    assert problems == [
        "bad.yaml：documents.signing.rows：规则 decision 与 decision_by_director 同时适用于同一公文"
        "（issuer=government，doc_type=decision），但签发流程不同",
        "bad.yaml：documents.signing.rows：规则 normative 与 decision_by_director 同时适用于同一公文"
        "（issuer=government，doc_type=decision，normative），但签发流程不同",
    ]


def test_conflicting_exceptions_of_one_row(tmp_path):
    def add_exception(d):
        office = next(r for r in d["documents"]["signing"]["rows"] if r["name"] == "office")
        office["exceptions"].append(
            {"name": "normative", "label": "规范性文件由区长签发", "cite": "46", "when": {"normative": True}, "sign_off": ["head"]}
        )

    problems = problems_of(tmp_path, add_exception)
    assert len(problems) == 1
    assert "规则 office 的例外 important、normative 对同一公文" in problems[0]
    assert "指定了不同的签发人" in problems[0]


def test_meeting_type_without_minutes_signer(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["meetings"]["topical"].pop("minutes_signer"))
    assert problems == ["bad.yaml：meetings.topical.minutes_signer：会议类型 topical 在 meetings.types 中，但没有纪要签发人"]


def test_meeting_block_for_a_type_not_listed(tmp_path):
    problems = problems_of(tmp_path, lambda d: d["meetings"]["types"].update(value=["plenary", "executive", "head_office", "topical"]))
    assert problems == ["bad.yaml：meetings.party_group：会议类型 party_group 不在 meetings.types 中，应删去或列入"]


def test_every_problem_is_reported_at_once(tmp_path):
    def break_twice(d):
        d["emergency"]["report_minutes"]["cite"] = "99"
        d["meetings"]["topical"].pop("minutes_signer")

    problems = problems_of(tmp_path, break_twice)
    assert len(problems) == 2


def test_loader_raises_profile_error(tmp_path):
    path = write(tmp_path, dawa_with(lambda d: d["meetings"]["executive"].update(colour=1)))
    with pytest.raises(ProfileError) as caught:
        load_profile_file(path)
    assert caught.value.problems[0].startswith("bad.yaml：meetings.executive.colour")


def test_not_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    problems = validate(path)
    assert len(problems) == 1 and problems[0].startswith("broken.yaml：YAML 格式错误")


runner = CliRunner()


def test_cli_validate_accepts_a_good_profile():
    result = runner.invoke(app, ["profile", "validate", str(PROFILES_DIR / "dalian-2014.yaml")])
    assert result.exit_code == 0
    assert "dalian-2014.yaml：校验通过" in result.output


def test_cli_validate_lists_each_problem_and_fails(tmp_path):
    def break_twice(d):
        d["emergency"]["report_minutes"]["cite"] = "99"
        d["meetings"]["executive"]["colour"] = 1

    path = write(tmp_path, dawa_with(break_twice))
    result = runner.invoke(app, ["profile", "validate", str(path)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("bad.yaml：meetings.executive.colour：未知的键；此处可用的键：")


def test_an_inherited_value_must_be_the_defaults(tmp_path):
    def claim(d):
        d["leave"]["deputy"]["approver"] = {"value": "office_director", "inherited_from": "default"}

    assert problems_of(tmp_path, claim) == [
        "bad.yaml：leave.deputy.approver.value：标为继承自默认规则，但取值与默认规则不同；请写明本规则的出处 cite"
    ]


def test_only_what_the_default_has_can_be_inherited(tmp_path):
    def claim(d):
        d["emergency"]["report_minutes"] = {"value": 10, "inherited_from": "default"}

    assert problems_of(tmp_path, claim) == [
        "bad.yaml：emergency.report_minutes.inherited_from：默认规则中没有此项，不能标为继承；请写明本规则的出处 cite"
    ]


def test_writing_out_an_inherited_value_is_allowed(tmp_path):
    def spell_out(d):
        d["leave"]["deputy"]["approver"] = {"value": "head", "inherited_from": "default"}

    assert problems_of(tmp_path, spell_out) == []
