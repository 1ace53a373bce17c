"""Emergency reports: 大洼 50, ten minutes from the event; silent texts set no limit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from zhengwu.calendar import CHINA_TZ
from zhengwu.emergency import rules
from zhengwu.rulebook.profile import load_profile

EVENT = datetime(2025, 10, 1, 10, 0, tzinfo=CHINA_TZ)


def test_dawa_report_late_by_one_minute():
    profile = load_profile("dawa-2017")
    verdict = rules.check_report(profile, EVENT, EVENT + timedelta(minutes=11))
    assert [(r.code, r.cite) for r in verdict.reasons] == [("report_late", "dawa-2017:50")]
    assert "10 分钟" in verdict.reasons[0].message and "迟报 1 分钟" in verdict.reasons[0].message
    assert "第五十条" in verdict.reasons[0].message


def test_dawa_report_at_the_tenth_minute_is_on_time():
    profile = load_profile("dawa-2017")
    assert rules.check_report(profile, EVENT, EVENT + timedelta(minutes=10)).ok
    assert rules.report_deadline(profile, EVENT) == EVENT + timedelta(minutes=10)


@pytest.mark.parametrize("profile_id", ["dalian-2014", "wuhai-hainan-2023", "xishi-2024", "wolong-2018"])
def test_silent_profiles_have_no_limit(profile_id):
    profile = load_profile(profile_id)
    assert rules.report_limit(profile) is None and rules.report_deadline(profile, EVENT) is None
    assert rules.check_report(profile, EVENT, EVENT + timedelta(hours=5)).ok


def test_event_after_the_report_is_refused():
    assert rules.check_times(EVENT, EVENT - timedelta(minutes=1)).reasons[0].code == "event_in_future"
    assert rules.check_times(EVENT, EVENT).ok
