"""Facts, inheritance and the comparison of two governments."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from zhengwu.cli.main import app
from zhengwu.rulebook.facts import diff, facts, quick_reference_keys
from zhengwu.rulebook.profile import known_profiles, load_profile

runner = CliRunner()


def test_known_profiles_are_the_governments_not_the_default():
    assert {"dawa-2017", "dalian-2014", "wolong-2018"} <= set(known_profiles())
    assert "default" not in known_profiles()


def test_every_quick_reference_key_is_present_even_when_the_text_is_silent():
    for profile_id in known_profiles():
        profile = load_profile(profile_id)
        found = facts(profile)
        for key in quick_reference_keys(profile):
            assert set(found[key]) == {"value", "cite", "inherited_from"}, (profile_id, key)


def test_a_fact_is_cited_or_inherited_or_null_never_both():
    for profile_id in known_profiles():
        for key, fact in facts(load_profile(profile_id)).items():
            assert not (fact["cite"] and fact["inherited_from"]), (profile_id, key)
            if fact["cite"] is None and fact["inherited_from"] is None:
                assert fact["value"] is None, (profile_id, key)


def test_own_cites_are_to_the_profiles_own_text_or_a_law():
    for profile_id in known_profiles():
        for key, fact in facts(load_profile(profile_id)).items():
            cites = [] if fact["cite"] is None else [fact["cite"]] if isinstance(fact["cite"], str) else fact["cite"]
            for cite in cites:
                assert cite.startswith((f"{profile_id}:", "law-")), (profile_id, key, cite)


def test_wolong_shows_what_it_inherits():
    found = facts(load_profile("wolong-2018"))
    assert found["meetings.executive.minutes_signer"] == {"value": "head", "cite": None, "inherited_from": "default"}
    assert found["acting.head_absent"] == {"value": ["executive_deputy"], "cite": "wolong-2018:5", "inherited_from": None}
    # No cadence can be inherited: the complete seeds disagree, so the default has none.
    assert found["meetings.executive.cadence"] == {"value": None, "cite": None, "inherited_from": None}


def test_meeting_types_a_government_lacks_are_not_inherited():
    wolong = load_profile("wolong-2018")
    assert wolong.meetings.types.value == ["plenary", "executive"]
    assert wolong.meetings.head_office is None and wolong.meetings.topical is None
    assert not any(key.startswith("meetings.head_office") for key in facts(wolong))


def test_own_values_override_the_default():
    dalian = facts(load_profile("dalian-2014"))
    assert dalian["meetings.head_office.minutes_signer"]["value"] == "chair"
    assert dalian["meetings.head_office.cadence"] == {"value": "irregular", "cite": "dalian-2014:39", "inherited_from": None}


def test_diff_dawa_dalian_shows_cadence_minutes_leave_and_office_title_with_both_cites():
    rows = {row["key"]: row for row in diff(load_profile("dawa-2017"), load_profile("dalian-2014"))}
    expected = {
        "meetings.executive.cadence": (("2/month", "dawa-2017:37"), ("1/month", "dalian-2014:38")),
        "meetings.plenary.cadence": (("1/half_year", "dawa-2017:36"), ("1/quarter", "dalian-2014:37")),
        "meetings.head_office.minutes_signer": (("head", "dawa-2017:38"), ("chair", "dalian-2014:39")),
        "meetings.head_office.minutes_countersign": (("attending_deputies", "dawa-2017:38"), (None, None)),
        "meetings.topical.minutes_signer": (("chair", "dawa-2017:39"), ("delegating_leader", "dalian-2014:40")),
        "leave.department_head.approver": (("head", "dawa-2017:49"), ("oversight_deputy", "dalian-2014:54")),
        "office.director_title": (("办公室主任", "dawa-2017:8"), ("秘书长", "dalian-2014:8")),
        "head.title": (("区长", "dawa-2017:5"), ("市长", "dalian-2014:5")),
    }
    for key, (left, right) in expected.items():
        row = rows[key]
        assert (row["dawa-2017"]["value"], row["dawa-2017"]["cite"]) == left, key
        assert (row["dalian-2014"]["value"], row["dalian-2014"]["cite"]) == right, key


def test_diff_leaves_out_what_is_the_same():
    rows = {row["key"] for row in diff(load_profile("dawa-2017"), load_profile("dalian-2014"))}
    assert "meetings.executive.minutes_signer" not in rows  # both: head
    assert "leave.deputy.approver" not in rows
    assert diff(load_profile("dawa-2017"), load_profile("dawa-2017")) == []


def test_cli_facts_json():
    result = runner.invoke(app, ["profile", "facts", "dawa-2017", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["meetings.executive.cadence"] == {"value": "2/month", "cite": "dawa-2017:37", "inherited_from": None}
    assert data["emergency.report_minutes"] == {"value": 10, "cite": "dawa-2017:50", "inherited_from": None}


def test_cli_facts_text_reads_in_the_governments_own_words():
    result = runner.invoke(app, ["profile", "facts", "dalian-2014"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "meetings.executive.cadence：每月一次　〔《大连市人民政府工作规则》第三十八条〕" in lines
    assert "leave.department_head.approver：分管副市长　〔《大连市人民政府工作规则》第五十四条〕" in lines
    assert "emergency.report_minutes：（未规定）　〔本规则未作规定〕" in lines


def test_cli_facts_text_marks_inherited_values():
    result = runner.invoke(app, ["profile", "facts", "wolong-2018"])
    assert "meetings.executive.minutes_signer：区长　〔继承自默认规则（本规则未作规定）〕" in result.output.splitlines()


def test_cli_diff_table():
    result = runner.invoke(app, ["profile", "diff", "dawa-2017", "dalian-2014"])
    assert result.exit_code == 0
    cadence = next(line for line in result.output.splitlines() if line.startswith("meetings.executive.cadence "))
    assert cadence.split() == ["meetings.executive.cadence", "每月两次", "第三十七条", "每月一次", "第三十八条"]
    leave = next(line for line in result.output.splitlines() if line.startswith("leave.department_head.approver "))
    assert leave.split() == ["leave.department_head.approver", "区长", "第四十九条", "分管副市长", "第五十四条"]


def test_cli_diff_json():
    result = runner.invoke(app, ["profile", "diff", "dawa-2017", "dalian-2014", "--format", "json"])
    assert result.exit_code == 0
    rows = {row["key"]: row for row in json.loads(result.output)}
    assert rows["office.director_title"]["dalian-2014"] == {"value": "秘书长", "cite": "dalian-2014:8", "inherited_from": None}


def test_cli_unknown_profile_is_a_chinese_error():
    result = runner.invoke(app, ["profile", "facts", "nowhere-2020"])
    assert result.exit_code == 1
    assert "没有规则配置“nowhere-2020”" in result.output


def test_leaf_helpers_for_rule_checks():
    dalian = load_profile("dalian-2014")
    urgent = dalian.documents.request_lead_workdays.urgent
    assert urgent.value == 5
    assert dalian.cite(urgent) == "dalian-2014:45"
    assert dalian.cite(urgent.exception("special_urgent")) == "dalian-2014:45"
    assert urgent.exception("nothing") is None
    wolong = load_profile("wolong-2018")
    assert wolong.cite(wolong.meetings.executive.minutes_signer) is None  # inherited


def test_the_version_in_force_on_a_date():
    import datetime as dt

    from zhengwu.rulebook.profile import ProfileError, in_force

    old = load_profile("dalian-2014")
    new = old.model_copy(update={"effective_from": dt.date(2020, 1, 1)})
    assert in_force([new, old], dt.date(2019, 12, 31)) is old
    assert in_force([new, old], dt.date(2020, 1, 1)) is new
    try:
        in_force([old], dt.date(2014, 6, 27))
    except ProfileError as exc:
        assert exc.problems == ["2014-06-27 时尚无施行中的工作规则，最早的自 2014-06-28 起施行"]
    else:
        raise AssertionError("no version was in force")
    wolong = load_profile("wolong-2018")  # its text carries no date
    assert in_force([wolong], dt.date(2000, 1, 1)) is wolong


def test_cli_list():
    result = runner.invoke(app, ["profile", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "dawa-2017　盘锦市大洼区人民政府，自 2017-05-09 起施行" in lines
    assert "wolong-2018　南阳市卧龙区人民政府" in lines
