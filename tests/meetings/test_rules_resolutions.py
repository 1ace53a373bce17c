"""Documents the meeting approved: issue deadlines in working days (海南区 54: 5, major revision
10; 西市 22: to the office in 3, issued in 7); disclosure unless classified (大洼 26, 西市 22)."""

from __future__ import annotations

from datetime import date

import pytest

from zhengwu.meetings.rules import check_issue, disclosure_flag, issue_deadline
from zhengwu.rulebook.profile import load_profile


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_issue_within_five_workdays_article_54(profile_id, calendar):
    profile = load_profile(profile_id)
    meeting = date(2024, 9, 26)  # National Day follows: 9-27, 9-29 (调休), 9-30, 10-8, 10-9
    deadline = issue_deadline(profile, "executive", meeting, calendar)
    assert deadline.issue_by == date(2024, 10, 9) and deadline.cite == "wuhai-hainan-2023:54"
    assert check_issue(deadline, date(2024, 10, 9)).ok
    v = check_issue(deadline, date(2024, 10, 10))
    assert v.reasons[0].code == "meetings.issue_late" and v.reasons[0].cite == "wuhai-hainan-2023:54"
    major = issue_deadline(profile, "executive", meeting, calendar, exception="major_revision")
    assert major.issue_by == calendar.add_workdays(meeting, 10) == date(2024, 10, 15)
    assert check_issue(major, date(2024, 10, 10)).ok


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_to_office_in_three_issue_in_seven_article_22(profile_id, calendar):
    profile = load_profile(profile_id)
    meeting = date(2024, 2, 8)  # Spring Festival 2-10..2-17; 2-18 worked
    deadline = issue_deadline(profile, "executive", meeting, calendar)
    assert deadline.to_office_by == date(2024, 2, 19)
    assert deadline.issue_by == date(2024, 2, 23)
    assert deadline.cite == "xishi-2024:22"


@pytest.mark.parametrize("profile_id", ["dawa-2017", "dalian-2014"])
def test_no_issue_deadline_where_text_silent(profile_id, calendar):
    deadline = issue_deadline(load_profile(profile_id), "executive", date(2024, 3, 1), calendar)
    assert deadline.issue_by is None and check_issue(deadline, date(2025, 1, 1)).ok


@pytest.mark.parametrize(
    "profile_id, kind, cite, disclose",
    [
        ("dawa-2017", "head_office", "dawa-2017:26", True),
        ("xishi-2024", "executive", "xishi-2024:22", True),
        ("wuhai-hainan-2023", "topical", None, False),
    ],
    ids=["dawa-2017", "xishi-2024", "wuhai-hainan-2023"],
)
def test_resolution_disclosure_unless_classified(profile_id, kind, cite, disclose):
    profile = load_profile(profile_id)
    flag = disclosure_flag(profile, kind, classified=False)
    assert flag.disclose is disclose and flag.cite == cite
    assert disclosure_flag(profile, kind, classified=True).disclose is False
