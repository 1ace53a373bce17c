"""Conference approval (全区性工作会议): 大洼 42 (1 hour, 10-minute speeches), 海南区 55 (once a
year per department, half a day), 西市 25 (7 working days ahead), 大连 43 (annual plan by the
end of November, 15 days ahead unless urgent, a month for national meetings)."""

from __future__ import annotations

from datetime import date

import pytest

from zhengwu.meetings.rules import ConferenceRequest, check_conference, conference_chain
from zhengwu.rulebook.profile import load_profile


def _codes(v):
    return [(r.code, r.cite) for r in v.reasons]


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_conference_length_and_speeches_article_42(profile_id, calendar):
    profile = load_profile(profile_id)
    ok = ConferenceRequest(date(2024, 5, 6), date(2024, 5, 20), duration_minutes=60, speech_minutes=10)
    assert check_conference(profile, ok, calendar).ok
    long = ConferenceRequest(date(2024, 5, 6), date(2024, 5, 20), duration_minutes=90, speech_minutes=15)
    assert _codes(check_conference(profile, long, calendar)) == [
        ("conference.too_long", "dawa-2017:42"), ("conference.speech_too_long", "dawa-2017:42")
    ]
    assert [s.by for s in conference_chain(profile)] == ["office", "oversight_deputy", "head"]


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_conference_quota_and_half_day_article_55(profile_id, calendar):
    profile = load_profile(profile_id)
    first = ConferenceRequest(date(2024, 5, 6), date(2024, 5, 20), duration_minutes=210)
    assert check_conference(profile, first, calendar).ok
    second = ConferenceRequest(date(2024, 5, 6), date(2024, 5, 20), duration_minutes=300, department_count_this_year=1)
    assert _codes(check_conference(profile, second, calendar)) == [
        ("conference.too_long", "wuhai-hainan-2023:55"), ("conference.quota_used", "wuhai-hainan-2023:55")
    ]


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_conference_seven_workdays_ahead_article_25(profile_id, calendar):
    profile = load_profile(profile_id)
    held = date(2024, 10, 10)
    assert calendar.add_workdays(held, -7) == date(2024, 9, 25)
    assert check_conference(profile, ConferenceRequest(date(2024, 9, 25), held, 60), calendar).ok
    v = check_conference(profile, ConferenceRequest(date(2024, 9, 27), held, 60), calendar)
    assert _codes(v) == [("conference.request_late", "xishi-2024:25")]


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_conference_plan_and_lead_days_article_43(profile_id, calendar):
    profile = load_profile(profile_id)
    planned = date(2023, 11, 30)
    assert check_conference(profile, ConferenceRequest(date(2024, 5, 1), date(2024, 5, 16), 60, planned_on=planned), calendar).ok
    v = check_conference(profile, ConferenceRequest(date(2024, 5, 2), date(2024, 5, 16), 60, planned_on=date(2023, 12, 1)), calendar)
    assert _codes(v) == [("conference.not_in_plan", "dalian-2014:43")]
    # 「召开市长办公会议和市政府业务会议…须提前15天…请示」: the lead binds a request to convene.
    ask = ConferenceRequest(date(2024, 5, 2), date(2024, 5, 16), 60, kind="meeting_request")
    assert _codes(check_conference(profile, ask, calendar)) == [("conference.request_late", "dalian-2014:43")]
    assert check_conference(profile, ConferenceRequest(date(2024, 5, 1), date(2024, 5, 16), 60, kind="meeting_request"), calendar).ok
    urgent = ConferenceRequest(date(2024, 5, 10), date(2024, 5, 16), 60, kind="meeting_request", exceptions=frozenset({"special_urgent"}))
    assert check_conference(profile, urgent, calendar).ok
    national = ConferenceRequest(date(2024, 4, 17), date(2024, 5, 16), 60, national=True)
    assert _codes(check_conference(profile, national, calendar)) == [("conference.request_late", "dalian-2014:43")]
    assert check_conference(profile, ConferenceRequest(date(2024, 4, 16), date(2024, 5, 16), 60, national=True), calendar).ok
