"""Cadence (会议频次) per article: periods across month, quarter, half-year and year boundaries,
and 「每两周」 counted in working days across the Spring Festival and National Day."""

from __future__ import annotations

from datetime import date

import pytest

from zhengwu.meetings.rules import check_cadence, check_chair
from zhengwu.rulebook.profile import load_profile


def _short(results):
    return [(r.start, r.end, r.held) for r in results if r.short]


@pytest.mark.parametrize(
    "profile_id, kind, cite, held, short",
    [
        # 大洼 37: 常务会议 twice a month. Jan 31 belongs to January, Feb 1 to February.
        ("dawa-2017", "executive", "dawa-2017:37",
         [date(2024, 1, 10), date(2024, 1, 31), date(2024, 2, 1), date(2024, 2, 28)], []),
        ("dawa-2017", "executive", "dawa-2017:37",
         [date(2024, 1, 10), date(2024, 2, 1), date(2024, 2, 28)],
         [(date(2024, 1, 1), date(2024, 1, 31), 1)]),
        # 大连 38: once a month; the leap day is February's.
        ("dalian-2014", "executive", "dalian-2014:38",
         [date(2024, 1, 31), date(2024, 2, 29)], []),
        ("dalian-2014", "executive", "dalian-2014:38",
         [date(2024, 1, 2), date(2024, 1, 31)],
         [(date(2024, 2, 1), date(2024, 2, 29), 0)]),
    ],
    ids=["dawa-2017-month-boundary-kept", "dawa-2017-january-short",
         "dalian-2014-leap-day", "dalian-2014-february-short"],
)
def test_executive_cadence_month(profile_id, kind, cite, held, short, calendar):
    results = check_cadence(load_profile(profile_id), kind, held, date(2024, 1, 1), date(2024, 2, 29), calendar)
    assert [r.start.month for r in results] == [1, 2]
    assert _short(results) == short
    for r in results:
        if r.short:
            assert r.verdict.reasons[0].cite == cite
            assert r.verdict.reasons[0].code == "meetings.cadence_short"
            assert "依据《" in r.verdict.reasons[0].message


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_plenary_cadence_quarter_article_37(profile_id, calendar):
    """大连 37: 全体会议 every quarter. Mar 31 counts for Q1, Apr 1 for Q2; Q3 held none."""
    held = [date(2024, 3, 31), date(2024, 4, 1), date(2024, 10, 8)]
    results = check_cadence(load_profile(profile_id), "plenary", held, date(2024, 1, 1), date(2024, 12, 31), calendar)
    assert [(r.start, r.held) for r in results] == [
        (date(2024, 1, 1), 1), (date(2024, 4, 1), 1), (date(2024, 7, 1), 0), (date(2024, 10, 1), 1)
    ]
    assert _short(results) == [(date(2024, 7, 1), date(2024, 9, 30), 0)]
    assert results[2].verdict.reasons[0].cite == "dalian-2014:37"


@pytest.mark.parametrize(
    "profile_id, cite", [("dawa-2017", "dawa-2017:36"), ("xishi-2024", "xishi-2024:19")], ids=["dawa-2017", "xishi-2024"]
)
def test_plenary_cadence_half_year(profile_id, cite, calendar):
    """大洼 36, 西市 19: 全体会议 every half year. Jun 30 is the first half, Jul 1 the second."""
    profile = load_profile(profile_id)
    both = check_cadence(profile, "plenary", [date(2024, 6, 30), date(2024, 7, 1)], date(2024, 1, 1), date(2024, 12, 31), calendar)
    assert [r.held for r in both] == [1, 1] and not _short(both)
    first_only = check_cadence(profile, "plenary", [date(2024, 1, 5), date(2024, 6, 30)], date(2024, 1, 1), date(2024, 12, 31), calendar)
    assert _short(first_only) == [(date(2024, 7, 1), date(2024, 12, 31), 0)]
    assert first_only[1].verdict.reasons[0].cite == cite


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_party_group_cadence_twice_a_year_article_35(profile_id, calendar):
    profile = load_profile(profile_id)
    once = check_cadence(profile, "party_group", [date(2023, 12, 29)], date(2023, 1, 1), date(2024, 12, 31), calendar)
    assert [(r.start.year, r.held, r.short) for r in once] == [(2023, 1, True), (2024, 0, True)]
    assert once[0].verdict.reasons[0].cite == "dawa-2017:35"
    twice = check_cadence(profile, "party_group", [date(2024, 1, 2), date(2024, 12, 31)], date(2024, 1, 1), date(2024, 12, 31), calendar)
    assert not _short(twice)


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_cadence_judges_only_whole_periods(profile_id, calendar):
    """A month still running (or begun before the range) is not judged yet."""
    results = check_cadence(load_profile(profile_id), "executive", [], date(2024, 1, 15), date(2024, 3, 20), calendar)
    assert [(r.start, r.end) for r in results] == [(date(2024, 2, 1), date(2024, 2, 29))]


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_executive_cadence_two_weeks_spring_festival_article_20(profile_id, calendar):
    """西市 20: every two weeks = within ten working days. After a meeting on 2024-02-01 the
    Spring Festival (Feb 10–17 off, Feb 4 and 18 worked) moves the tenth working day to Feb 20,
    so Feb 19 is on time though 18 calendar days later; Feb 21 is late."""
    profile = load_profile(profile_id)
    on_time = check_cadence(profile, "executive", [date(2024, 2, 1), date(2024, 2, 19)], date(2024, 1, 31), date(2024, 2, 21), calendar)
    assert not _short(on_time)
    late = check_cadence(profile, "executive", [date(2024, 2, 1), date(2024, 2, 21)], date(2024, 1, 31), date(2024, 2, 21), calendar)
    assert _short(late) == [(date(2024, 2, 1), date(2024, 2, 20), 0)]
    assert late[1].verdict.reasons[0].cite == "xishi-2024:20"
    assert "十个工作日" in late[1].verdict.reasons[0].message


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_executive_cadence_two_weeks_national_day_article_20(profile_id, calendar):
    """National Day 2024 (Oct 1–7 off, Sep 29 and Oct 12 worked): ten working days after
    2024-09-26 end on 2024-10-15 (the 调休 Sunday and Saturday count), not on 10-10."""
    assert calendar.add_workdays(date(2024, 9, 26), 10) == date(2024, 10, 15)
    profile = load_profile(profile_id)
    results = check_cadence(profile, "executive", [date(2024, 9, 26), date(2024, 10, 15)], date(2024, 9, 25), date(2024, 10, 15), calendar)
    assert not _short(results)
    results = check_cadence(profile, "executive", [date(2024, 9, 26)], date(2024, 9, 25), date(2024, 10, 16), calendar)
    assert _short(results) == [(date(2024, 9, 26), date(2024, 10, 15), 0)]


@pytest.mark.parametrize(
    "profile_id, kind",
    [("dawa-2017", "head_office"), ("dalian-2014", "topical"), ("wuhai-hainan-2023", "executive"), ("wolong-2018", "executive")],
    ids=["dawa-2017", "dalian-2014", "wuhai-hainan-2023", "wolong-2018"],
)
def test_irregular_or_unset_cadence_owes_nothing(profile_id, kind, calendar):
    assert check_cadence(load_profile(profile_id), kind, [], date(2024, 1, 1), date(2024, 12, 31), calendar) == []


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_study_every_two_months_article_26(profile_id, calendar):
    """「一般两个月安排一次专题学习，学习活动由区长主持」: a two-month period without one is short,
    cited; a deputy may not chair it."""
    profile = load_profile(profile_id)
    checks = check_cadence(profile, "study", [date(2024, 1, 18), date(2024, 5, 9)],
                           date(2024, 1, 1), date(2024, 6, 30), calendar)
    assert [(c.start, c.held, c.short) for c in checks] == [
        (date(2024, 1, 1), 1, False), (date(2024, 3, 1), 0, True), (date(2024, 5, 1), 1, False)]
    assert checks[1].verdict.reasons[0].cite == "xishi-2024:26"
    assert not check_chair(profile, "study", frozenset({"deputy"})).ok
    assert check_chair(profile, "study", frozenset({"head"})).ok
