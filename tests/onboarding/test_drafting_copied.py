"""Drafting from a text that lost characters in copying and states values across articles: titles
read from the text's own intact mentions, topic rules, minutes exceptions, invitations grouped as
the text groups them, filing of normative documents. Texts are written for these tests
(tests/onboarding_texts.py COPIED, OVERSIGHT, LIMITS), never the seeds."""

from __future__ import annotations

from onboarding_texts import COPIED, LIMITS, OVERSIGHT

from zhengwu.onboarding.store import default_values
from zhengwu.rulebook.articles import parse_text
from zhengwu.rulebook.drafting import _observer_groups, draft


def _draft(text: str):
    return draft(parse_text(text, "test-copied"), default_values())


def _value(result, key):
    proposal = result.get(key)
    assert proposal is not None, f"{key} not drafted; drafted: {[p.key for p in result.proposals]}"
    return proposal.value, proposal.cite


def test_titles_are_read_from_an_intact_mention_not_one_that_lost_its_locality():
    result = _draft(COPIED)
    # 第四条 「安排政府办公室副主任」 lost 「县」; 第十条 writes the title whole.
    assert _value(result, "posts.deputy_office_director") == ("县政府办公室副主任", "10")
    # 第六条 「长办公会议」 and 第七条 「政府专题会议」: the names come from 第九条.
    assert _value(result, "meetings.head_office.name") == ("县长办公会议", "9")
    assert _value(result, "meetings.topical.name") == ("县政府专题会议", "9")
    # 第三条 lists every meeting with the government's name said once: not a name.
    assert _value(result, "meetings.plenary.name") == ("县政府全体会议", "4")


def test_work_department_heads_keep_their_qualifier():
    assert _value(_draft(COPIED), "posts.department_head") == ("工作部门主要负责同志", "4")


def test_article_7_head_or_lost_title_is_the_deputy_and_delegation_adds_a_chair():
    result = _draft(COPIED)
    assert _value(result, "meetings.topical.chair") == (["head", "deputy", "office_director"], "7")
    assert _value(result, "meetings.topical.convener") == (["head", "deputy", "office_director"], "7")
    assert _value(result, "meetings.topical.chair_by_delegation") == (["office_director"], "7")
    # 第五条 「由长或长委托负责常务工作的长」: the second 长 delegates, so it is the head, not a deputy.
    assert _value(result, "meetings.executive.chair") == (["head", "executive_deputy"], "5")


def test_article_8_topics_who_brings_them_who_settles_disagreement_and_legality_first():
    result = _draft(COPIED)
    assert _value(result, "meetings.executive.topic_proposers") == (["lead_department"], "8")
    assert _value(result, "meetings.executive.disagreement_coordinator") == ("oversight_deputy", "8")
    assert _value(result, "meetings.executive.unresolved_topics_refused") == (True, "8")
    assert _value(result, "meetings.executive.legality_review_first") == (True, "8")


def test_article_9_minutes_exceptions_with_matters_and_the_delegating_leader():
    result = _draft(COPIED)
    assert _value(result, "meetings.topical.minutes_signer.exceptions.head_finalizes") == (
        {"label": "涉及财政资金使用、国有资产监管、土地使用等事项的纪要须经县长审定", "value": "head",
         "matters": ["fiscal_funds", "state_assets", "land_use"]}, "9")
    # The copy's half-width comma reads as the Chinese comma in the label.
    assert _value(result, "meetings.topical.minutes_signer.exceptions.delegated") == (
        {"label": "受委托召开的专题会议，纪要须经委托人审定", "value": "delegating_leader"}, "9")


def test_invitations_are_grouped_as_the_text_groups_them():
    result = _draft(COPIED)
    assert _value(result, "meetings.plenary.observers") == (
        ["政府办公室副主任", "工作部门分管负责人", "各乡镇和有关部门、单位主要负责人"], "4")
    assert _value(result, "meetings.executive.observers") == (
        ["县人大常委会有关副主任", "县政协有关副主席", "各乡镇和各有关部门、单位主要负责人、分管负责人"], "5")
    assert _observer_groups("副秘书长和有关部门、单位负责人") == ["副秘书长", "有关部门、单位负责人"]
    assert _observer_groups("区政协委员、法律顾问、专家学者等") == ["区政协委员", "法律顾问", "专家学者"]


def test_article_2_fill_in_occasions_and_the_other_stand_in():
    result = _draft(COPIED)
    assert _value(result, "acting.deputy_absent") == ("fill_in", "2")
    assert _value(result, "acting.deputy_absent_occasions") == (["out_of_area", "leave", "concurrent_duties"], "2")
    assert _value(result, "acting.deputy_absent.exceptions.other_deputy") == (
        {"label": "由其他副县长代为处理有关工作", "value": "deputy"}, "2")


def test_documents_values_come_from_documents_articles():
    result = _draft(COPIED)
    # 第八条 (a topic's 「列明各方理据」) is about a meeting; 第十二条 is the documents' rule.
    assert _value(result, "documents.incoming.disagreement_lists_reasons") == (True, "12")
    # 第十一条 「提出办理意见」 gives way to 第十二条 「提出明确办理意见」.
    assert _value(result, "documents.routing.clear_opinion_required") == (True, "12")
    assert _value(result, "documents.incoming.legality_statement_attached") == (True, "11")
    assert _value(result, "supervision.office") == ("office", "10")
    assert _value(result, "decisions.catalog") == (True, "14")


def test_article_13_filing_with_each_named_body_and_the_catalogue():
    assert _value(_draft(COPIED), "documents.government_filing") == (
        {"to": ["superior_legal_office", "congress_standing_committee"], "catalogue_published_by": "office"}, "13")


def test_filing_read_from_the_congress_oversight_sentence():
    assert _value(_draft(OVERSIGHT), "documents.government_filing") == ({"to": ["congress_standing_committee"]}, "2")


def test_exceptions_in_the_sentence_after_a_time_limit():
    result = _draft(LIMITS)
    assert _value(result, "meetings.executive.materials_lead_workdays") == (5, "3")
    assert _value(result, "meetings.executive.materials_lead_workdays.exceptions.late_topic") == (
        {"label": "特殊情况下会前临时受理议题"}, "3")
    assert _value(result, "meetings.executive.issue_within_workdays.exceptions.major_revision") == (
        {"label": "文件有重大修改的，起草部门10个工作日内完成修改", "value": 10}, "4")
    assert _value(result, "documents.countersign.reply_workdays.exceptions.agreed_extension") == (
        {"label": "特殊情况不能按期回复的，与主办部门商定回复时限"}, "5")
    # 「逾期不回复视为同意」 after the comma is a rule of its own, not part of the exception; and no
    # other sentence after a limit is taken for one.
    limits = ("meetings.executive.materials_lead_workdays", "meetings.executive.issue_within_workdays",
              "documents.countersign.reply_workdays")
    exceptions = sorted(p.key.rsplit(".", 1)[1] for p in result.proposals
                        if p.key.split(".exceptions.")[0] in limits and ".exceptions." in p.key)
    assert exceptions == ["agreed_extension", "late_topic", "major_revision"]


def test_the_topic_proposer_is_the_subject_of_its_own_clause():
    # 「…制度，牵头部门在征求分管副县长意见后，将议题上报…」: not 「制度，牵头」 nor the deputy consulted.
    assert _value(_draft(LIMITS), "meetings.executive.topic_proposers") == (["lead_department"], "2")


def test_each_case_of_an_enumeration_of_reasons_is_an_exception_of_its_own():
    result = _draft(LIMITS)
    assert _value(result, "meetings.absence.restricted") == (True, "6")
    found = {p.key.rsplit(".", 1)[1]: p.value["label"] for p in result.proposals
             if p.key.startswith("meetings.absence.restricted.exceptions.")}
    # 「参加省、市重要会议或活动」 is one case: 「省」 shares 「重要会议或活动」 with 「市」.
    assert found == {"higher_meetings": "参加省、市重要会议或活动", "official_travel": "因公出差",
                     "emergency": "处置重大突发事件", "health": "个人身体健康"}
