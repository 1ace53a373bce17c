"""会签 clock per article: 海南区 57 and 西市 29 (7 working days, silence = no objection, agreed
extensions); 大洼 43 / 大连 44 set no deadline and never read silence as consent."""

from __future__ import annotations

from datetime import date

import pytest
from documents_support import each

from zhengwu.calendar import default_calendar
from zhengwu.documents.countersign import (
    check_extension,
    check_round_complete,
    parties_to_ask,
    reply_deadline,
    silence,
)

CAL = default_calendar()


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023", "xishi-2024"))
@pytest.mark.parametrize(
    "sent, due",
    [
        # National Day 2024: Oct 1–7 off; Sun 9-29 and Sat 10-12 are 调休 workdays.
        pytest.param(date(2024, 9, 27), date(2024, 10, 12), id="national-day-2024"),
        # Spring Festival 2025: Jan 28–Feb 4 off; Sun 1-26 and Sat 2-8 are 调休 workdays.
        pytest.param(date(2025, 1, 24), date(2025, 2, 10), id="spring-festival-2025"),
        pytest.param(date(2024, 3, 4), date(2024, 3, 13), id="plain-weeks"),
    ],
)
def test_reply_due_in_seven_working_days_across_holidays_and_make_up_days(profile, sent, due):
    deadline = reply_deadline(profile, sent, CAL)
    assert deadline.due == due
    assert deadline.basis == "profile"
    assert deadline.cite == {"wuhai-hainan-2023": "wuhai-hainan-2023:57", "xishi-2024": "xishi-2024:29"}[profile.id]


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023", "xishi-2024"))
def test_silence_past_the_deadline_is_consent_recorded_with_its_article(profile):
    due = reply_deadline(profile, date(2024, 9, 27), CAL).due
    assert silence(profile, due=due, today=due, replied=False).status == "pending"
    outcome = silence(profile, due=due, today=date(2024, 10, 14), replied=False)
    assert outcome.status == "deemed_consent"
    assert outcome.cite == reply_deadline(profile, date(2024, 9, 27), CAL).cite
    assert silence(profile, due=due, today=date(2024, 10, 14), replied=True).status == "replied"


@pytest.mark.parametrize("profile", each("dawa-2017", "dalian-2014"))
def test_silence_is_never_consent_where_the_text_does_not_say_so(profile):
    assert reply_deadline(profile, date(2024, 9, 27), CAL).due is None
    lead = reply_deadline(profile, date(2024, 9, 27), CAL, lead_department_due=date(2024, 10, 9))
    assert lead.due == date(2024, 10, 9) and lead.basis == "lead_department"
    assert silence(profile, due=lead.due, today=date(2024, 10, 30), replied=False).status == "overdue"


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023", "xishi-2024"))
def test_lead_department_deadline_and_agreed_extension_override_the_seven_days(profile):
    lead = reply_deadline(profile, date(2024, 9, 27), CAL, lead_department_due=date(2024, 10, 9))
    assert (lead.due, lead.basis) == (date(2024, 10, 9), "lead_department")
    ext = reply_deadline(profile, date(2024, 9, 27), CAL, agreed_extension_due=date(2024, 10, 18))
    assert (ext.due, ext.basis) == (date(2024, 10, 18), "agreed_extension")
    assert ext.cite == {"wuhai-hainan-2023": "wuhai-hainan-2023:57", "xishi-2024": "xishi-2024:29"}[profile.id]
    refused = check_extension(profile, False, date(2024, 10, 12), date(2024, 10, 18))
    assert refused.reasons[0].code == "extension_not_agreed"
    assert refused.reasons[0].cite == ext.cite
    assert check_extension(profile, True, date(2024, 10, 12), date(2024, 10, 11)).reasons[0].code == "extension_not_later"
    assert check_extension(profile, True, date(2024, 10, 12), date(2024, 10, 18)).ok


def test_parallel_asks_everyone_sequential_one_at_a_time():
    parties = ["区财政局", "区自然资源局", "区住建局"]
    assert parties_to_ask("parallel", parties, set()) == parties
    assert parties_to_ask("sequential", parties, set()) == ["区财政局"]
    assert parties_to_ask("sequential", parties, {"区财政局"}) == ["区自然资源局"]
    assert parties_to_ask("sequential", parties, set(parties)) == []


@pytest.mark.parametrize("profile", each())
def test_round_completes_only_with_every_answer_and_disagreements_recorded(profile):
    assert check_round_complete(profile, {"区财政局": "agree", "区住建局": "deemed_consent"}, set()).ok
    pending = check_round_complete(profile, {"区财政局": "agree", "区住建局": None}, set())
    assert [r.code for r in pending.reasons] == ["countersign_pending"]
    unrecorded = check_round_complete(profile, {"区财政局": "disagree"}, set())
    assert [r.code for r in unrecorded.reasons] == ["disagreement_unrecorded"]
    assert unrecorded.reasons[0].cite.startswith(profile.id)
    assert check_round_complete(profile, {"区财政局": "disagree"}, {"区财政局"}).ok
