"""The document model (条例 8–9), the state machine as data, routing (大洼 44, 大连 46, 海南区
59, 西市 30), 批示件 (大连 51) and doc numbers."""

from __future__ import annotations

from datetime import date

import pytest
from documents_support import each

from zhengwu.documents import rules
from zhengwu.documents.instructions import check_report, is_overdue, report_due
from zhengwu.documents.numbering import doc_number, parse_doc_number
from zhengwu.documents.routing import check_instruction, check_route, route_target
from zhengwu.rulebook.cite import resolve

PORTFOLIOS = {"deputy-li": ["区交通运输局", "区住建局"], "deputy-wang": ["区财政局"]}


def test_fifteen_types_classification_and_urgency():
    assert len(rules.DOC_TYPES) == 15 and rules.DOC_TYPES["request"] == "请示"
    assert rules.check_vocabulary("notice", "confidential", "5年", "extra_urgent").ok
    verdict = rules.check_vocabulary("memo", "secret", None, "soon")
    assert [r.code for r in verdict.reasons] == ["unknown_doc_type", "classification_term_missing", "unknown_urgency"]
    assert [r.cite for r in verdict.reasons] == ["law-gongwen-2012:8", "law-gongwen-2012:9.2", "law-gongwen-2012:9.3"]


def test_every_transition_cites_an_existing_article_and_targets_a_state():
    for transition in rules.TRANSITIONS.values():
        resolve(transition.cite)
        assert set(transition.sources) <= set(rules.STATES)
        assert transition.target is None or transition.target in rules.STATES


def test_illegal_transitions_are_refused_with_the_article():
    assert rules.check_transition("signed", "issue").ok
    verdict = rules.check_transition("draft", "issue")
    assert verdict.reasons[0].code == "illegal_transition" and verdict.reasons[0].cite == "law-gongwen-2012:25.1"
    assert rules.next_state("signing", "review") == "signing"
    assert rules.next_state("signing", "sign_off") == "signed"


@pytest.mark.parametrize("profile", each())
def test_routing_by_portfolio_and_major_matters_to_the_head(profile):
    target = route_target(profile, "区交通运输局", PORTFOLIOS, "head-zhang", major=False)
    assert (target.leader, target.post) == ("deputy-li", "oversight_deputy")
    assert target.cite.startswith(profile.id)
    major = route_target(profile, "区交通运输局", PORTFOLIOS, "head-zhang", major=True)
    assert (major.leader, major.post) == ("head-zhang", "head")
    assert check_route(profile, target, "deputy-li", major=False).ok
    wrong = check_route(profile, target, "deputy-wang", major=False)
    assert wrong.reasons[0].code == "not_by_portfolio" and wrong.reasons[0].cite == target.cite
    assert check_route(profile, major, "deputy-li", major=True).reasons[0].code == "major_not_to_head"
    assert check_route(profile, target, "deputy-wang", major=False, forwarded_by="deputy-li").ok


@pytest.mark.parametrize("profile", each("dalian-2014", "wuhai-hainan-2023", "xishi-2024"))
def test_instructions_carry_a_clear_opinion(profile):
    assert check_instruction(profile, "agree", "同意，请区财政局抓紧办理。").ok
    assert check_instruction(profile, None, "阅").reasons[0].code == "opinion_missing"
    empty = check_instruction(profile, "agree", "  ")
    assert empty.reasons[0].code == "opinion_text_missing" and empty.reasons[0].cite.startswith(profile.id)


@pytest.mark.parametrize("profile", each("dalian-2014"))
def test_dalian_51_instruction_report_in_ten_days_signed_by_the_principal_head(profile):
    due = report_due(profile, date(2024, 4, 26))
    assert (due.due, due.cite) == (date(2024, 5, 6), "dalian-2014:51")  # calendar days, May Day included
    assert check_report(profile, due=due.due, reported_on=date(2024, 5, 6), signer_capacities={"department_head"}, late_explanation=None).ok
    verdict = check_report(profile, due=due.due, reported_on=date(2024, 5, 7), signer_capacities={"department"}, late_explanation=None)
    assert [(r.code, r.cite) for r in verdict.reasons] == [("report_signer", "dalian-2014:51"), ("report_late_unexplained", "dalian-2014:51")]
    assert check_report(profile, due=due.due, reported_on=date(2024, 5, 7), signer_capacities={"department_head"}, late_explanation="需省厅批复，已书面说明").ok
    assert is_overdue(due.due, date(2024, 5, 7), reported=False) and not is_overdue(due.due, date(2024, 5, 7), reported=True)


@pytest.mark.parametrize("profile", each("dawa-2017", "wuhai-hainan-2023", "xishi-2024"))
def test_no_report_deadline_where_the_text_sets_none(profile):
    assert report_due(profile, date(2024, 4, 26)).due is None


def test_doc_numbers():
    assert doc_number("大政发", 2017, 1) == "大政发〔2017〕1号"
    assert parse_doc_number("营西政发〔2024〕12号") == ("营西政发", 2024, 12)
    with pytest.raises(ValueError):
        parse_doc_number("大政发[2017]01号")
    with pytest.raises(ValueError):
        doc_number("大政发", 2017, 0)
