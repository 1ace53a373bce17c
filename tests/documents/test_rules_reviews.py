"""Reviews before issue, filing and the reminders after issue: 大洼 17–18/28, 大连 19/29/48, 海南区
21–23/27/37/57, 西市 14/30/32–33."""

from __future__ import annotations

from datetime import date

import pytest
from documents_support import each

from zhengwu.documents.reviews import (
    IssuedNormative,
    ReviewRecord,
    after_issue_kinds,
    after_issue_reminders,
    check_after_issue,
    check_filing,
    check_legality_statement,
    check_reviews,
    consent_note,
    filing_rule,
    required_reviews,
)
from zhengwu.rulebook.profile import load_profile

ISSUE = date(2024, 6, 20)
SIGNED = date(2024, 6, 18)
LEGAL_OK = {"legality_review": ReviewRecord("legality_review", True, date(2024, 6, 1))}


def reviews(profile, recorded, *, policy=False, issuer="government"):
    return check_reviews(profile, issuer=issuer, normative=True, policy=policy, recorded=recorded, signed_on=SIGNED, issue_on=ISSUE)


@pytest.mark.parametrize(
    "profile, cite",
    [pytest.param(*p.values, c, id=p.id) for p, c in zip(each(), ["dawa-2017:17", "dalian-2014:48", "wuhai-hainan-2023:21", "xishi-2024:30"], strict=True)],
)
def test_no_normative_document_without_a_recorded_legality_review(profile, cite):
    verdict = reviews(profile, {})
    reason = next(r for r in verdict.reasons if r.code == "legality_review_missing")
    assert reason.cite == cite
    failed = reviews(profile, {"legality_review": ReviewRecord("legality_review", False, date(2024, 6, 1))})
    assert "legality_review_failed" in [r.code for r in failed.reasons]


@pytest.mark.parametrize("profile", each("dawa-2017", "dalian-2014", "xishi-2024"))
def test_legality_review_is_all_these_texts_require(profile):
    assert reviews(profile, LEGAL_OK).ok
    assert reviews(profile, LEGAL_OK, policy=True).ok
    assert "fair_competition_review" not in {r.review for r in required_reviews(profile, issuer="government", normative=True, policy=True)}


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023"))
def test_hainan_fair_competition_public_comment_and_interpretation(profile):
    verdict = reviews(profile, LEGAL_OK, policy=True)
    cites = {r.code: r.cite for r in verdict.reasons}
    assert cites == {
        "public_comment_missing": "wuhai-hainan-2023:21",
        "fair_competition_review_missing": "wuhai-hainan-2023:22",
        "interpretation_missing": "wuhai-hainan-2023:37",
    }
    recorded = {
        **LEGAL_OK,
        "public_comment": ReviewRecord("public_comment", True, date(2024, 5, 1), period_end=date(2024, 6, 25)),
        "fair_competition_review": ReviewRecord("fair_competition_review", True, date(2024, 6, 2)),
        "interpretation": ReviewRecord("interpretation", True, date(2024, 6, 19)),
    }
    verdict = reviews(profile, recorded, policy=True)
    assert [r.code for r in verdict.reasons] == ["public_comment_open", "interpretation_not_together"]
    recorded["public_comment"] = ReviewRecord("public_comment", True, date(2024, 5, 1), period_end=date(2024, 5, 31))
    recorded["interpretation"] = ReviewRecord("interpretation", True, date(2024, 6, 15))
    assert reviews(profile, recorded, policy=True).ok


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023"))
def test_hainan_57_issue_request_carries_the_legality_statement(profile):
    verdict = check_legality_statement(profile, normative=True, proxy_draft=True, attached=False)
    assert verdict.reasons[0].cite == "wuhai-hainan-2023:57"
    assert check_legality_statement(profile, normative=True, proxy_draft=True, attached=True).ok


@pytest.mark.parametrize("profile", each("dawa-2017", "dalian-2014", "xishi-2024"))
def test_legality_statement_not_required_elsewhere(profile):
    assert check_legality_statement(profile, normative=True, proxy_draft=True, attached=False).ok


@pytest.mark.parametrize("profile", each("xishi-2024"))
def test_xishi_33_consent_note_on_office_documents(profile):
    assert consent_note(profile, "office") == ("经区政府同意", "xishi-2024:33")
    assert consent_note(profile, "government") == (None, None)


@pytest.mark.parametrize("profile", each("dawa-2017", "dalian-2014", "wuhai-hainan-2023"))
def test_no_consent_note_where_the_text_has_none(profile):
    assert consent_note(profile, "office") == (None, None)


@pytest.mark.parametrize(
    "profile, to, cite",
    [
        pytest.param(*each("wuhai-hainan-2023")[0].values, ("superior_legal_office", "congress_standing_committee"), "wuhai-hainan-2023:23", id="wuhai-hainan-2023"),
        pytest.param(*each("xishi-2024")[0].values, ("congress_standing_committee",), "xishi-2024:14", id="xishi-2024"),
        pytest.param(*each("dawa-2017")[0].values, ("congress_standing_committee",), "dawa-2017:28", id="dawa-2017"),
        pytest.param(*each("dalian-2014")[0].values, ("congress_standing_committee",), "dalian-2014:29", id="dalian-2014"),
    ],
)
def test_government_normative_documents_are_filed_where_the_profile_names(profile, to, cite):
    rule = filing_rule(profile, "government", True)
    assert (rule.to, rule.cite) == (to, cite)
    verdict = check_filing(profile, "government", True, set(to[:-1]) | {"legal_office"})
    assert verdict.reasons[0].code == "filing_incomplete" and verdict.reasons[0].cite == cite
    assert check_filing(profile, "government", True, set(to)).ok


@pytest.mark.parametrize("profile", each("dawa-2017", "dalian-2014"))
def test_department_normative_documents_are_filed_with_the_government(profile):
    department = filing_rule(profile, "department", True)
    assert department.to == ("government",) and department.cite == {"dawa-2017": "dawa-2017:18", "dalian-2014": "dalian-2014:19"}[profile.id]


def test_wolong_inherits_filing_with_the_congress_standing_committee_from_the_default():
    profile = load_profile("wolong-2018")
    rule = filing_rule(profile, "government", True)
    assert rule.to == ("congress_standing_committee",) and rule.cite is None
    assert profile.documents.government_filing.inherited_from == "default"


# --- after issue: periodic clean-up and post-evaluation (海南区 21) ---------------------------

ISSUED = [
    IssuedNormative(1, "关于印发老旧小区改造管理办法的通知", "海南政发〔2024〕1号", "government", date(2024, 2, 29)),
    IssuedNormative(2, "关于规范物业收费的通知", "海南政办发〔2024〕3号", "office", date(2024, 6, 20)),
    IssuedNormative(3, "部门规范性文件", None, "department", date(2023, 1, 5)),
]


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023"))
def test_hainan_21_reminds_of_clean_up_and_post_evaluation_a_cycle_after_issue(profile):
    assert after_issue_kinds(profile) == {"normative_cleanup": "wuhai-hainan-2023:21",
                                          "normative_post_evaluation": "wuhai-hainan-2023:21"}
    # Nothing is due before a year has passed (29 February counts to 1 March the next year).
    assert after_issue_reminders(profile, ISSUED, {}, date(2025, 2, 28)) == []
    due = after_issue_reminders(profile, ISSUED, {}, date(2025, 3, 1))
    assert [(r.document_id, r.kind, r.due_on, r.cite) for r in due] == [
        (1, "normative_cleanup", date(2025, 3, 1), "wuhai-hainan-2023:21"),
        (1, "normative_post_evaluation", date(2025, 3, 1), "wuhai-hainan-2023:21"),
    ]
    # The department's own document is not a 区政府规范性文件: no reminder, however old.
    later = after_issue_reminders(profile, ISSUED, {}, date(2025, 6, 20))
    assert {r.document_id for r in later} == {1, 2} and [r.label for r in later][:2] == ["定期清理", "实施后评估"]


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023"))
def test_clean_up_recurs_from_the_last_one_and_post_evaluation_is_done_once(profile):
    done = {(1, "normative_cleanup"): date(2025, 3, 10), (1, "normative_post_evaluation"): date(2025, 3, 10)}
    assert [r for r in after_issue_reminders(profile, ISSUED[:1], done, date(2026, 3, 9))] == []
    again = after_issue_reminders(profile, ISSUED[:1], done, date(2026, 3, 10))
    assert [(r.kind, r.last_on, r.due_on) for r in again] == [("normative_cleanup", date(2025, 3, 10), date(2026, 3, 10))]
    assert check_after_issue(profile, "normative_cleanup", "issued").ok
    refused = check_after_issue(profile, "normative_cleanup", "signed")
    assert (refused.reasons[0].code, refused.reasons[0].cite) == ("not_issued", "wuhai-hainan-2023:21")


@pytest.mark.parametrize("profile", each("dawa-2017", "dalian-2014", "xishi-2024"))
def test_no_after_issue_reminders_where_the_text_does_not_ask_for_them(profile):
    assert set(after_issue_kinds(profile)) <= {"regulation_post_evaluation"}  # 大连 18 asks it of 规章 only
    assert after_issue_reminders(profile, ISSUED, {}, date(2030, 1, 1)) == []
    reason = check_after_issue(profile, "normative_cleanup", "issued").reasons[0]
    assert (reason.code, reason.cite) == ("no_after_issue_rule", None) and "本规则未规定" in reason.message


def test_dalian_18_regulation_post_evaluation_reminded_once_after_issue():
    """大连 18 「政府规章实施后要进行后评估」: an issued 规章 is reminded a cycle after its issue until its
    post-evaluation is recorded; a normative document is not (大连 asks that of 规章 only), nor is
    a 规章 under a text that does not say so (海南区)."""
    dalian = load_profile("dalian-2014")
    assert after_issue_kinds(dalian) == {"regulation_post_evaluation": "dalian-2014:18"}
    regulation = IssuedNormative(7, "大连市物业管理办法", "大连市人民政府令第1号", "government", date(2024, 3, 1),
                                 normative=False, regulation=True)
    due = after_issue_reminders(dalian, [*ISSUED, regulation], {}, date(2025, 3, 1))
    assert [(r.document_id, r.kind, r.due_on, r.cite) for r in due] == [
        (7, "regulation_post_evaluation", date(2025, 3, 1), "dalian-2014:18")]
    assert after_issue_reminders(dalian, [regulation], {}, date(2025, 2, 28)) == []
    assert after_issue_reminders(dalian, [regulation], {(7, "regulation_post_evaluation"): date(2025, 3, 1)},
                                 date(2030, 1, 1)) == []
    assert after_issue_reminders(load_profile("wuhai-hainan-2023"), [regulation], {}, date(2030, 1, 1)) == []
    assert check_after_issue(dalian, "regulation_post_evaluation", "issued", normative=False, regulation=True).ok
    refused = check_after_issue(dalian, "regulation_post_evaluation", "issued", normative=True, regulation=False)
    assert (refused.reasons[0].code, refused.reasons[0].cite) == ("not_regulation", "dalian-2014:18")


@pytest.mark.parametrize(("profile_id", "cite"), [("dawa-2017", "dawa-2017:17"), ("wolong-2018", "wolong-2018:18"),
                                                  ("wuhai-hainan-2023", "wuhai-hainan-2023:21"), ("dalian-2014", None),
                                                  ("xishi-2024", None)])
def test_review_before_sign_off_where_the_text_orders_it(profile_id, cite):
    """大洼 17 「提请区政府讨论和审议的…草案由区政府法制机构审查」, 卧龙 18 「在报送区政府研究前」,
    海南区 21 「经区司法局合法性审查后…提请…审议决定」: the review comes before the sign-off; 大连 48
    and 西市 30 ask for it before issue only."""
    from zhengwu.documents.reviews import check_before_sign_off
    from zhengwu.rulebook.profile import load_profile

    verdict = check_before_sign_off(load_profile(profile_id), issuer="government", normative=True, policy=False, recorded={})
    assert [(r.code, r.cite) for r in verdict.reasons] == ([("legality_review_missing", cite)] if cite else [])


def test_dalian_17_18_regulation_draft_reviewed_by_the_legal_office_and_put_out_for_comment():
    """大连 17 「提请市政府…审议的政府规章草案由市政府法制机构审查」 (before it is decided and signed),
    18 「所有地方性法规、政府规章的草案都要公开征求意见」; a notice that is no regulation needs neither."""
    from datetime import date

    from zhengwu.documents import reviews
    from zhengwu.rulebook.profile import load_profile

    dalian = load_profile("dalian-2014")
    needs = reviews.required_reviews(dalian, issuer="government", normative=False, policy=False,
                                     flags=frozenset({"regulation"}))
    assert [(n.review, n.by, n.cite, n.before) for n in needs] == [
        ("legality_review", "legal_office", "dalian-2014:17", "sign_off"),
        ("public_comment", "lead_department", "dalian-2014:18", "issue")]
    before = reviews.check_before_sign_off(dalian, issuer="government", normative=False, policy=False, recorded={},
                                           flags=frozenset({"regulation"}))
    assert [(r.code, r.cite) for r in before.reasons] == [("legality_review_missing", "dalian-2014:17")]
    recorded = {"legality_review": reviews.ReviewRecord("legality_review", True, date(2024, 3, 1))}
    issue = reviews.check_reviews(dalian, issuer="government", normative=False, policy=False, recorded=recorded,
                                  signed_on=date(2024, 3, 4), issue_on=date(2024, 3, 5), flags=frozenset({"regulation"}))
    assert [(r.code, r.cite) for r in issue.reasons] == [("public_comment_missing", "dalian-2014:18")]
    assert reviews.required_reviews(dalian, issuer="government", normative=False, policy=False) == []
