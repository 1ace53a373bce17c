"""Disclosure: the queue (大洼 26, 卧龙 28/29, 海南区 34/37, 西市 22) and requests on the
statutory clock (《政府信息公开条例》第三十三条), across 国庆 2025 and 春节 2026."""

from __future__ import annotations

from datetime import date

import pytest

from zhengwu.calendar import default_calendar
from zhengwu.disclosure import rules
from zhengwu.disclosure.rules import ItemState, RequestState
from zhengwu.rulebook.profile import load_profile

COMPLETE = ["dawa-2017", "dalian-2014", "wuhai-hainan-2023", "xishi-2024"]
CAL = default_calendar()


@pytest.mark.parametrize(("profile_id", "kind", "required", "cite"), [
    ("dawa-2017", "head_office", True, "dawa-2017:26"),
    ("dalian-2014", "topical", True, "dalian-2014:27"),
    ("wuhai-hainan-2023", "executive", True, "wuhai-hainan-2023:34"),
    ("wuhai-hainan-2023", "head_office", False, "wuhai-hainan-2023:34"),
    ("xishi-2024", "plenary", True, "xishi-2024:22"),
], ids=lambda v: str(v))
def test_which_resolutions_are_published(profile_id, kind, required, cite):
    assert rules.required(load_profile(profile_id), "resolution", kind) == (required, cite)


@pytest.mark.parametrize("profile_id", COMPLETE + ["wolong-2018"])
def test_classified_items_are_never_published(profile_id):
    item = ItemState("resolution", "某项议定事项", date(2025, 3, 3), "executive", "secret", True)
    verdict = rules.check_publish(load_profile(profile_id), item)
    assert [(r.code, r.cite) for r in verdict.reasons] == [("classified", "law-disclosure-2019:14")]


@pytest.mark.parametrize(("profile_id", "cite"), [
    ("dawa-2017", "law-disclosure-2019:17"), ("wolong-2018", "wolong-2018:28"), ("xishi-2024", "law-disclosure-2019:17")])
def test_confidentiality_check_before_publication(profile_id, cite):
    item = ItemState("policy", "稳就业若干措施", date(2025, 3, 3), interpretation="解读")
    verdict = rules.check_publish(load_profile(profile_id), item)
    assert [(r.code, r.cite) for r in verdict.reasons] == [("confidentiality_unchecked", cite)]
    assert rules.check_publish(load_profile(profile_id), ItemState("policy", "稳就业若干措施", date(2025, 3, 3),
                                                                   confidentiality_checked=True)).ok


def test_hainan_publishes_policy_with_interpretation_article_37():
    profile = load_profile("wuhai-hainan-2023")
    bare = ItemState("policy", "稳就业若干措施", date(2025, 3, 3), confidentiality_checked=True)
    assert [(r.code, r.cite) for r in rules.check_publish(profile, bare).reasons] == [
        ("interpretation_missing", "wuhai-hainan-2023:37")]
    with_it = ItemState("policy", "稳就业若干措施", date(2025, 3, 3), confidentiality_checked=True, interpretation="图解")
    assert rules.check_publish(profile, with_it).ok
    assert rules.check_publish(load_profile("dawa-2017"), bare).ok


def test_publication_within_20_workdays_article_26():
    profile = load_profile("dawa-2017")
    item = ItemState("resolution", "议定事项", date(2025, 9, 30), "executive")
    assert rules.publication_due(profile, CAL, item.formed_on) == date(2025, 11, 4)
    assert rules.check_published_in_time(profile, CAL, item, date(2025, 11, 4), date(2025, 12, 1)).ok
    late = rules.check_published_in_time(profile, CAL, item, date(2025, 11, 5), date(2025, 12, 1))
    assert [(r.code, r.cite) for r in late.reasons] == [("published_late", "law-disclosure-2019:26")]
    assert rules.check_published_in_time(profile, CAL, item, None, date(2025, 11, 5)).reasons[0].code == "not_published"
    assert rules.check_published_in_time(profile, CAL, item, None, date(2025, 11, 4)).ok


# Filed on 2025-09-30, the day before 国庆: 1–8 October are off, 11 October (Sat) is worked.
@pytest.mark.parametrize("profile_id", COMPLETE)
def test_request_across_national_day_2025(profile_id):
    profile = load_profile(profile_id)
    state = RequestState(date(2025, 9, 30))
    clock = rules.request_clock(profile, CAL, state, date(2025, 10, 9))
    assert clock.due_on == date(2025, 11, 4)  # not 28 October: the holiday is not counted
    assert clock.workdays_left == 19 and not clock.late
    on_time = rules.request_clock(profile, CAL, RequestState(date(2025, 9, 30), replied_on=date(2025, 11, 4)),
                                  date(2025, 11, 20))
    assert not on_time.late
    late = rules.request_clock(profile, CAL, RequestState(date(2025, 9, 30), replied_on=date(2025, 11, 5)),
                               date(2025, 11, 20))
    assert [(r.code, r.cite) for r in late.verdict.reasons] == [("reply_late", "law-disclosure-2019:33")]
    assert "逾期 1 个工作日" in late.verdict.reasons[0].message


# Filed on Friday 2026-02-13: 春节 15–23 February off, 14 and 28 February (Saturdays) worked.
@pytest.mark.parametrize("profile_id", COMPLETE)
def test_request_across_spring_festival_2026_with_extension(profile_id):
    profile = load_profile(profile_id)
    state = RequestState(date(2026, 2, 13))
    assert rules.reply_due(profile, CAL, state) == date(2026, 3, 19)
    assert rules.check_extension(profile, CAL, state, 20, "信息公开办主任 张华", date(2026, 3, 19)).ok
    extended = RequestState(date(2026, 2, 13), extension_workdays=20)
    assert rules.reply_due(profile, CAL, extended) == date(2026, 4, 17)
    overdue = rules.request_clock(profile, CAL, extended, date(2026, 4, 20))
    assert overdue.late and overdue.workdays_left == -1


def test_extension_rules_article_33():
    profile = load_profile("xishi-2024")
    state = RequestState(date(2026, 2, 13))
    codes = lambda v: [(r.code, r.cite) for r in v.reasons]  # noqa: E731
    assert codes(rules.check_extension(profile, CAL, state, 21, "张华", date(2026, 3, 2))) == [
        ("extension_too_long", "law-disclosure-2019:33")]
    assert codes(rules.check_extension(profile, CAL, state, 10, " ", date(2026, 3, 2))) == [
        ("extension_unapproved", "law-disclosure-2019:33")]
    assert codes(rules.check_extension(profile, CAL, state, 10, "张华", date(2026, 3, 20))) == [
        ("extension_after_due", "law-disclosure-2019:33")]
    twice = RequestState(date(2026, 2, 13), extension_workdays=10)
    assert codes(rules.check_extension(profile, CAL, twice, 5, "张华", date(2026, 3, 2))) == [
        ("extension_once", "law-disclosure-2019:33")]


def test_a_publication_deadline_runs_into_a_provisional_year():
    """A December item's 20-working-day limit lands in a year whose notice is not entered:
    counted on the statutory holidays, and marked provisional, never left out."""
    from zhengwu.calendar import default_calendar
    from zhengwu.disclosure import rules as disclosure_rules
    from zhengwu.rulebook.profile import load_profile

    calendar = default_calendar()
    last = calendar.covered_range()[1]
    due = disclosure_rules.publication_due(load_profile("dawa-2017"), calendar, last)
    assert due is not None and due > last and calendar.is_provisional(due)
    assert calendar.workdays_between(last, due) == 20


def test_issued_government_documents_published_only_where_the_text_says_article_29():
    """卧龙 29 publishes 「区政府及区政府办公室制发的公文」; 大洼 26 publishes policies, not every document."""
    from zhengwu.disclosure.rules import required
    from zhengwu.rulebook.profile import load_profile

    assert required(load_profile("wolong-2018"), "government_document") == (True, "wolong-2018:29")
    assert required(load_profile("dawa-2017"), "government_document")[0] is False
    assert required(load_profile("dawa-2017"), "policy") == (True, "dawa-2017:26")


COMPLETE = rules.Application(applicant="张三", identity_type="resident_id", identity_number="21010219800101123X",
                             contact="zhangsan@example.cn", description="2025年老旧小区改造项目清单", medium="electronic",
                             delivery="email")


def test_request_contents_article_29_a_complete_request_passes():
    assert rules.check_application(COMPLETE).ok


@pytest.mark.parametrize("change, code, item", [
    ({"applicant": " "}, "applicant_missing", "29.1"),
    ({"identity_type": ""}, "identity_type_missing", "29.1"),
    ({"identity_number": ""}, "identity_number_missing", "29.1"),
    ({"identity_number": "2101021980"}, "identity_number_invalid", "29.1"),
    ({"identity_type": "credit_code", "identity_number": "91210102MA0XXXXX1"}, "identity_number_invalid", "29.1"),
    ({"contact": ""}, "contact_missing", "29.1"),
    ({"description": "  "}, "description_missing", "29.2"),
    ({"medium": ""}, "medium_missing", "29.3"),
    ({"delivery": "pigeon"}, "delivery_missing", "29.3"),
    ({"contact": "13800000000"}, "email_missing", "29.3"),
    ({"medium": "paper"}, "medium_mismatch", "29.3"),
])
def test_request_contents_article_29_each_missing_item_is_refused_with_its_item(change, code, item):
    verdict = rules.check_application(rules.Application(**{**COMPLETE.__dict__, **change}))
    assert not verdict.ok
    assert [(r.code, r.cite) for r in verdict.reasons] == [(code, f"law-disclosure-2019:{item}")]
    assert "第二十九条" in verdict.reasons[0].message

