"""One provenance: a value's own article, an inherited value (with or without a law behind the
default), a named exception — and every domain's refusal resting on an inherited value says
«本规则未作规定，沿用…» (卧龙, whose text is cut off in article 30, inherits most values)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from zhengwu.calendar import default_calendar
from zhengwu.rulebook.profile import load_profile
from zhengwu.rulebook.provenance import INHERITED, refusal, rule, rule_cite, rule_of

WOLONG = load_profile("wolong-2018")
DALIAN = load_profile("dalian-2014")


def test_an_own_value_cites_the_localitys_article():
    found = rule(DALIAN, "meetings.executive.minutes_signer")
    assert (found.value, found.cite, found.inherited) == ("head", "dalian-2014:38", False)
    assert found.basis == "依据《大连市人民政府工作规则》第三十八条"
    verdict = refusal("x", "纪要应由市长签发", found)
    assert verdict.reasons[0].message == "纪要应由市长签发（依据《大连市人民政府工作规则》第三十八条）"
    assert verdict.reasons[0].cite == "dalian-2014:38"
    assert rule_cite(DALIAN, "meetings.executive.minutes_signer") == "dalian-2014:38"


def test_an_inherited_value_generalised_from_other_texts_cites_nothing_and_says_so():
    found = rule(WOLONG, "meetings.executive.minutes_signer")
    assert found.inherited and found.cite is None and found.cites == ()
    assert found.basis == "本规则未作规定，沿用默认规则（各地工作规则的共同规定）"
    reason = refusal("x", "纪要应由区长签发", found).reasons[0]
    assert reason.cite is None and reason.message == "纪要应由区长签发（本规则未作规定，沿用默认规则（各地工作规则的共同规定））"
    assert rule_cite(WOLONG, "meetings.executive.minutes_signer") is None


def test_an_inherited_value_the_default_takes_from_a_law_cites_the_law():
    found = rule(WOLONG, "disclosure.request_reply_workdays")
    assert found.inherited and found.cite == "law-disclosure-2019:33"
    assert found.basis == "本规则未作规定，沿用《中华人民共和国政府信息公开条例》第三十三条"
    assert rule_cite(WOLONG, "disclosure.request_reply_workdays") == "law-disclosure-2019:33"


def test_a_leaf_in_hand_reads_as_its_key_does():
    for profile in (WOLONG, DALIAN):
        for key in ("disclosure.request_reply_workdays", "meetings.executive.minutes_signer"):
            leaf = rule(profile, key)
            held = rule_of(profile, eval(f"profile.{key}"))  # the leaf object a check holds
            assert (held.value, held.cite, held.basis) == (leaf.value, leaf.cite, leaf.basis)


def test_a_named_exception_cites_its_own_article_and_an_inherited_one_none():
    dalian = rule(DALIAN, "meetings.executive.cadence")
    assert dalian.exception_cite("ad_hoc", DALIAN) == "dalian-2014:38"
    assert rule_cite(DALIAN, "meetings.executive.cadence", "ad_hoc") == "dalian-2014:38"
    inherited = rule(WOLONG, "documents.incoming.addressed_to_office")
    assert inherited.exception("top_secret") is not None
    sub = inherited.exception_rule("top_secret", WOLONG)
    assert sub.inherited and sub.cite is None and sub.basis.startswith(INHERITED)
    assert rule_cite(WOLONG, "documents.incoming.addressed_to_office", "top_secret") is None
    assert rule_cite(DALIAN, "meetings.executive.cadence", "no_such_exception") is None


def test_a_rule_the_profile_lacks_has_no_basis():
    found = rule(WOLONG, "no.such.rule", default=3)
    assert (found.value, found.cite, found.basis, found.inherited_note) == (3, None, "", "")
    assert refusal("x", "不行", found).reasons[0].message == "不行"


# --- every domain: a refusal on an inherited 卧龙 value uses the one wording -----------------


def _inherited_refusals():
    from zhengwu.decisions.rules import StepRecord, check_step_record
    from zhengwu.disclosure.rules import RequestState, check_extension
    from zhengwu.documents.incoming import IncomingDocument, check_incoming
    from zhengwu.meetings.rules import Topic, advance
    from zhengwu.org import rules as org_rules

    cal = default_calendar()
    meeting = date(2024, 6, 20)
    _, meetings = advance(WOLONG, Topic("executive", materials_on=meeting), "submit", meeting_day=meeting, calendar=cal)
    documents = check_incoming(WOLONG, IncomingDocument(doc_type="request", sender="区交通运输局",
                                                        sent_on=date(2024, 3, 1), signed_by="other"), cal)
    t0 = datetime(2024, 5, 6, 9, 0, tzinfo=timezone.utc)
    state = org_rules.OrgState((org_rules.Seat(10, "head", 1, title="区长"), org_rules.Seat(12, "deputy", 3, title="副区长")))
    org = org_rules.check_request(WOLONG, state, org_rules.LeaveDraft(3, 12, "leave", t0, t0 + timedelta(days=1)), [],
                                  t0 + timedelta(hours=1), by_id=3, by_kinds=frozenset())
    decisions = check_step_record(WOLONG, StepRecord("public_participation", date(2024, 3, 1), "公告"), date(2024, 3, 2))
    disclosure = check_extension(WOLONG, cal, RequestState(date(2024, 3, 1), extension_workdays=5), 5, "主任",
                                 date(2024, 3, 4))
    return {"meetings": (meetings, "meetings.materials_late"), "documents": (documents, "not_signed_by_principal_head"),
            "org": (org, "not_in_advance"), "decisions": (decisions, "comment_period_missing"),
            "disclosure": (disclosure, "extension_once")}


@pytest.mark.parametrize("domain", ["meetings", "documents", "org", "decisions", "disclosure"])
def test_every_domain_words_a_refusal_on_an_inherited_value_one_way(domain):
    verdict, code = _inherited_refusals()[domain]
    reason = next(r for r in verdict.reasons if r.code == code)
    assert f"（{INHERITED}" in reason.message, reason.message
    assert "沿用通用规则" not in reason.message and "依据默认规则" not in reason.message


XISHI = load_profile("xishi-2024")


def test_an_own_value_of_a_rule_the_default_takes_from_a_law_names_the_law_too():
    """西市 27 「请示应当一文一事」 is the locality's article; 《党政机关公文处理工作条例》第十五条第（四）项
    is the national text behind it (the default's cite): the basis names both, the verdict cites the
    local article; 大连, whose profile cites the law itself, names it once; 卧龙's own
    confidentiality review (28) carries 《政府信息公开条例》第十七条."""
    found = rule(XISHI, "documents.incoming.one_matter_per_request")
    assert (found.cite, found.laws) == ("xishi-2024:27", ("law-gongwen-2012:15.4",))
    assert found.basis == "依据《西市区人民政府工作规则》第二十七条；依据《党政机关公文处理工作条例》第十五条第（四）项"
    assert found.law_note == "（依据《党政机关公文处理工作条例》第十五条第（四）项）"
    held = rule_of(XISHI, XISHI.documents.incoming.one_matter_per_request)
    assert (held.cite, held.laws, held.basis) == (found.cite, found.laws, found.basis)
    reason = refusal("x", "请示应当一文一事", found).reasons[0]
    assert reason.cite == "xishi-2024:27" and "《党政机关公文处理工作条例》第十五条第（四）项" in reason.message
    dalian = rule(DALIAN, "documents.incoming.one_matter_per_request")
    assert dalian.laws == () and dalian.law_note == "" and dalian.basis.count("党政机关公文处理工作条例") == 1
    assert rule(WOLONG, "disclosure.confidentiality_review").laws == ("law-disclosure-2019:17",)
    assert rule(DALIAN, "meetings.executive.minutes_signer").laws == ()


def test_a_refusal_names_the_national_article_passed_with_it_once():
    found = rule(DALIAN, "decisions.required_steps")
    reason = refusal("x", "尚未登记公众参与", found, law="law-decision-2019:14").reasons[0]
    assert reason.cite == "dalian-2014:21"
    assert reason.message == "尚未登记公众参与（依据《大连市人民政府工作规则》第二十一条；依据《重大行政决策程序暂行条例》第十四条）"
    inherited = rule(WOLONG, "disclosure.request_reply_workdays")  # already the law: not named twice
    assert refusal("x", "逾期", inherited, law="law-disclosure-2019:33").reasons[0].message.count("第三十三条") == 1
    bare = refusal("x", "须明确决策承办单位", None, law="law-decision-2019:11").reasons[0]
    assert bare.cite == "law-decision-2019:11" and bare.message.endswith("（依据《重大行政决策程序暂行条例》第十一条）")
