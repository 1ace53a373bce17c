"""Drafting a profile from a rules text: each value with its cite, sentence and confidence,
levels from the head's title, posts in the text's words; what the text does not say is inherited.
Texts are written for these tests (tests/onboarding_texts.py), never the seeds."""

from __future__ import annotations

import pytest
from onboarding_texts import COUNTY, NATIONAL, PROVINCE, TOWNSHIP

from zhengwu.onboarding.store import default_values
from zhengwu.rulebook.articles import parse_text
from zhengwu.rulebook.drafting import draft


def _draft(text: str, rulebook_id: str = "test-text"):
    return draft(parse_text(text, rulebook_id), default_values())


def _value(result, key):
    proposal = result.get(key)
    assert proposal is not None, f"{key} not drafted; drafted: {[p.key for p in result.proposals]}"
    return proposal.value, proposal.cite


def test_township_meeting_values_each_with_its_article():
    result = _draft(TOWNSHIP)
    assert _value(result, "meetings.types") == (["plenary", "executive"], "3")
    assert _value(result, "meetings.executive.cadence") == ("1/month", "4")
    assert _value(result, "meetings.plenary.cadence") == ("1/quarter", "5")
    assert _value(result, "meetings.executive.members") == (["head", "deputy", "office_director"], "4")
    assert _value(result, "meetings.executive.chair") == (["head"], "4")
    assert _value(result, "meetings.executive.convener") == (["head"], "4")
    assert _value(result, "meetings.executive.minutes_drafter") == ("office", "4")
    assert _value(result, "meetings.executive.minutes_signer") == ("head", "4")
    assert _value(result, "meetings.executive.name") == ("镇政府常务会议", "4")
    assert _value(result, "meetings.plenary.members") == (["head", "deputy", "department_head"], "5")


def test_township_numbers_silence_and_acting():
    result = _draft(TOWNSHIP)
    assert _value(result, "documents.countersign.reply_workdays") == (3, "6")
    assert _value(result, "documents.countersign.silence_means_consent") == (True, "6")
    assert _value(result, "emergency.report_minutes") == (20, "7")
    assert _value(result, "acting.head_absent") == (["executive_deputy"], "2")
    assert _value(result, "acting.head_absent_needs_mandate") == (True, "2")
    assert _value(result, "acting.head_absent_occasions") == (["out_of_area"], "2")


def test_proposal_carries_sentence_and_confidence():
    proposal = _draft(TOWNSHIP).get("emergency.report_minutes")
    assert proposal.sentence == "重大突发事件必须于20分钟内报告镇政府。"
    assert 0 < proposal.confidence <= 1


def test_what_the_text_does_not_say_is_inherited_from_the_default():
    result = _draft(TOWNSHIP)
    drafted = {p.key for p in result.proposals}
    assert "decisions.public_comment_min_days" in result.inherited
    assert result.inherited["decisions.public_comment_min_days"] == 30
    assert not drafted & set(result.inherited)


@pytest.mark.parametrize("text, level, head", [
    (TOWNSHIP, "township", "镇长"), (COUNTY, "county", "县长"), (PROVINCE, "province", "省长"),
    (NATIONAL, "national", "总理"),
    (TOWNSHIP.replace("镇", "区"), "district", "区长"), (TOWNSHIP.replace("镇", "市"), "city", "市长"),
])
def test_level_follows_the_heads_title(text, level, head):
    result = _draft(text)
    assert (result.level, result.head_title) == (level, head)


def test_county_party_group_cadence_delegation_and_signer():
    result = _draft(COUNTY)
    assert _value(result, "meetings.types") == (["party_group", "plenary", "executive", "head_office", "topical"], "2")
    assert _value(result, "meetings.party_group.cadence") == (">=2/year", "3")
    assert _value(result, "meetings.party_group.chair") == (["party_secretary", "party_deputy_secretary"], "3")
    assert _value(result, "meetings.party_group.chair_by_delegation") == (["party_deputy_secretary"], "3")
    assert _value(result, "meetings.party_group.minutes_signer") == ("party_secretary", "3")
    assert _value(result, "meetings.party_group.members") == (["party_group_members"], "3")
    assert _value(result, "meetings.topical.cadence") == ("irregular", "4")
    assert _value(result, "meetings.topical.minutes_signer") == ("chair", "4")
    assert _value(result, "meetings.major_matters_decided_by") == (["plenary", "executive"], "2")
    assert _value(result, "acting.deputy_absent") == ("ab_partner", "1")


def test_county_documents_exceptions_conference_and_leave():
    result = _draft(COUNTY)
    assert _value(result, "documents.incoming.addressed_to_office") == (True, "5")
    assert _value(result, "documents.incoming.addressed_to_office.exceptions.leader_assigned") == (
        {"label": "县政府领导同志交办事项"}, "5")
    assert _value(result, "documents.incoming.addressed_to_office.exceptions.top_secret") == (
        {"label": "必须直接报送的绝密事项"}, "5")
    assert _value(result, "documents.incoming.one_matter_per_request") == (True, "5")
    assert _value(result, "documents.incoming.no_request_in_report") == (True, "5")
    assert _value(result, "conference.max_minutes") == (60, "6")
    assert _value(result, "conference.max_speech_minutes") == (15, "6")
    assert _value(result, "leave.deputy.approver") == ("head", "7")
    assert _value(result, "leave.deputy.office_report") == ("notify_leaders", "7")


def test_posts_in_the_texts_words_and_a_declared_post_with_duties():
    result = _draft(PROVINCE)
    assert _value(result, "posts.head") == ("省长", "1")
    assert _value(result, "posts.secretary_general") == ("秘书长", "1")
    assert _value(result, "meetings.executive.members") == (["head", "deputy", "secretary_general"], "3")
    assert _value(result, "meetings.executive.cadence") == ("2/month", "3")
    value, cite = _value(result, "declared_posts.assistant")
    assert cite == "5" and value["title"] == "省长助理"
    assert value["duties"] == ["省长助理协助省长负责有关方面的工作。"]


def test_national_text_declares_the_state_councilor():
    result = _draft(NATIONAL)
    value, cite = _value(result, "declared_posts.state_councilor")
    assert value["title"] == "国务委员" and cite == "1"
    assert any("负责某些方面的工作" in duty for duty in value["duties"])


def test_the_drafting_rules_name_no_locality():
    from pathlib import Path

    from zhengwu.rulebook import drafting

    source = Path(drafting.__file__).read_text(encoding="utf-8")
    for place in ("大洼", "卧龙", "大连", "海南区", "西市", "dawa", "dalian", "wolong", "xishi", "wuhai"):
        assert place not in source


def test_county_signing_rows_with_reviews_countersign_and_the_important_exception():
    result = _draft(COUNTY)
    review_then_head = [{"kind": "review", "post": "oversight_deputy"}, {"kind": "sign_off", "post": "head"}]
    for name, match in (("normative", {"issuer": "government", "normative": True}),
                        ("decision", {"issuer": "government", "doc_types": ["decision"]}),
                        ("upward", {"issuer": "government", "doc_types": ["request", "report"]}),
                        ("party_committee", {"issuer": "government", "addressee": "party_committee", "important": True}),
                        ("motion", {"issuer": "government", "doc_types": ["motion"]})):
        value, cite = _value(result, f"documents.signing.rows.{name}")
        assert (value["match"], value["steps"], cite) == (match, review_then_head, "8")
    value, cite = _value(result, "documents.signing.rows.office")
    assert cite == "9" and value["match"] == {"issuer": "office"} and value["otherwise"] is True
    assert value["steps"] == [{"kind": "review", "post": "oversight_deputy"},
                              {"kind": "countersign", "post": "related_deputies", "condition": "cross_portfolio"},
                              {"kind": "sign_off", "post": "office_director"}]
    assert _value(result, "documents.signing.rows.office.exceptions.important") == (
        {"label": "重要的由常务副县长或县长签发", "when": {"important": True}, "sign_off": ["executive_deputy", "head"]}, "9")


def test_exceptions_the_sentence_makes_are_proposed_on_the_rule_they_override():
    result = _draft(PROVINCE)
    assert _value(result, "meetings.executive.cadence.exceptions.ad_hoc") == ({"label": "特殊情况可临时召开"}, "3")
    county = _draft(COUNTY)
    # 「除…外」 names the case; the rule it overrides is the one the sentence states.
    assert _value(county, "documents.incoming.addressed_to_office.exceptions.leader_assigned")[1] == "5"


def test_signing_cases_and_common_steps_become_a_matrix_that_loads():
    from onboarding_texts import SIGNING

    from zhengwu.onboarding.models import ProfileDraft
    from zhengwu.onboarding.store import profile_data
    from zhengwu.rulebook import sources
    from zhengwu.rulebook.profile import load_profile_data
    from zhengwu.rulebook.signing import chain

    result = _draft(SIGNING, "test-signing")
    assert _value(result, "documents.signing.rows.upward") == (
        {"label": "县政府向市政府报送的请示、报告", "match": {"issuer": "government", "doc_types": ["request", "report"]},
         "steps": [{"kind": "review", "post": "office"}, {"kind": "review", "post": "oversight_deputy"},
                   {"kind": "sign_off", "post": "head"}]}, "3.1")
    assert _value(result, "documents.signing.rows.government")[0]["steps"] == [{"kind": "sign_off", "post": "oversight_deputy"}]
    assert _value(result, "documents.signing.rows.government.exceptions.outbound_travel") == (
        {"label": "县政府各部门主要负责同志出国审批公文，由县长审签", "when": {"matter": "outbound_travel"}, "sign_off": ["head"]},
        "3.3")
    assert _value(result, "documents.signing.rows.government.exceptions.routine_approval")[0]["sign_off"] == ["head", "deputy"]
    assert _value(result, "documents.signing.common_steps") == (
        [{"kind": "review", "post": "oversight_deputy"},
         {"kind": "countersign", "post": "related_deputies", "condition": "cross_portfolio"}], "3.5")

    sources.register(parse_text(SIGNING, "test-signing"))
    row = ProfileDraft(text_id="test-signing", profile_id="test-signing", name="某县人民政府", level=result.level,
                       proposals=[p.as_dict() for p in result.proposals], inherited=[])
    profile = load_profile_data(profile_data(row, None, all_accepted=True), "test-signing.yaml")
    steps = chain(profile, "government", "notice", important=False, normative=False, from_executive_meeting=False,
                  addressee=None, matter="routine_approval", cross_portfolio=True)
    assert [(s.kind, s.post) for s in steps] == [("review", "oversight_deputy"), ("countersign", "related_deputies"),
                                                 ("sign_off", "head")]
    assert steps[-1].cite == "test-signing:3.4"


def test_in_principle_flags_exceptions_the_text_does_not_list():
    result = _draft(COUNTY)
    assert _value(result, "conference.max_minutes.exceptions.in_principle") == ({"label": "会议时间原则上不超过1小时"}, "6")
    assert result.get("meetings.party_group.cadence.exceptions.in_principle") is None
