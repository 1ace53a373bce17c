"""会签 replies fire by themselves: 催办 before and on the due day, then at the end of the due day
silence recorded as consent where the text says so (海南区 57, 西市 29) — by the system, once —
and, where it does not (大洼 43, 大连 44 with the lead department's own deadline), flagged
overdue and reported to the lead department."""

from __future__ import annotations

from datetime import date

import pytest
from documents_support import at, seen_document
from deadlines_support import fire_on, rows, system_events

from zhengwu.core import audit
from zhengwu.documents import countersigning, drafting
from zhengwu.documents.models import CountersignRequest

DUTY = {"wuhai-hainan-2023": "wuhai-hainan-2023:57", "xishi-2024": "xishi-2024:29",
        "dawa-2017": "dawa-2017:43", "dalian-2014": "dalian-2014:44"}


def _round(office, **extra):
    zjj, zrj = office.department("zjj"), office.department("zrj")
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于加强物业管理的通知",
        main_recipients="各街道办事处", body="请认真贯彻执行。", touches_department_ids=(zrj,)))
    asked = office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, department_ids=[zrj], expected_version=seen_document(uow, draft.id), **extra))
    return draft, asked[0]


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023", "xishi-2024"])
def test_silence_becomes_consent_by_itself_at_the_end_of_the_due_day_hainan_57_xishi_29(make_office, profile_id):
    office = make_office(profile_id)
    draft, request = _round(office)  # sent Monday 2024-03-04; 7 working days → Wednesday 03-13
    assert request.due == date(2024, 3, 13)
    [row] = rows(office.db, office.tenant.id, "countersign_reply")
    assert (row.start_on, row.count, row.unit, row.cite) == (date(2024, 3, 4), 7, "workdays", DUTY[profile_id])

    assert fire_on(office.db, date(2024, 3, 8)) == []  # nothing due yet
    # 催办 two working days before (the platform's lead time: no text names one), and on the day.
    assert [f.stage for f in fire_on(office.db, date(2024, 3, 11))] == ["remind"]
    assert [f.stage for f in fire_on(office.db, date(2024, 3, 13), hour=23)] == ["remind"]
    assert fire_on(office.db, date(2024, 3, 13), hour=23) == []  # the due day is not over
    with office.db.read() as session:
        assert session.get(CountersignRequest, request.id).outcome is None

    [firing] = fire_on(office.db, date(2024, 3, 14), hour=0)
    assert (firing.stage, firing.action) == ("expire", "document.countersign_silence")
    with office.db.read() as session:
        answered = session.get(CountersignRequest, request.id)
        assert (answered.outcome, answered.outcome_cite) == ("deemed_consent", DUTY[profile_id])
        assert audit.verify(session, audit.chain_of(office.tenant.id)).ok
    events = system_events(office.db, office.tenant.id)
    assert [(e.action, e.object_type, e.object_id, e.cite) for e in events] == [
        ("deadline.remind", "document", str(draft.id), DUTY[profile_id]),
        ("deadline.remind", "document", str(draft.id), DUTY[profile_id]),
        ("document.countersign_silence", "document", str(draft.id), DUTY[profile_id])]
    assert events[-1].actor == "系统（期限自动处理）"
    # Exactly once: later runs find nothing, and the round can be closed on the consent.
    assert fire_on(office.db, date(2024, 3, 20)) == []
    assert rows(office.db, office.tenant.id, "countersign_reply")[0].state == "done"
    closed = office.run("zjj", "document.countersign_close", lambda uow: countersigning.close_countersign(uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id)),
                        now=at(11))
    assert closed.state != "countersign"


@pytest.mark.parametrize("profile_id", ["dawa-2017", "dalian-2014"])
def test_silence_is_flagged_overdue_and_escalated_where_the_text_does_not_make_it_consent_dawa_43_dalian_44(
        make_office, profile_id):
    office = make_office(profile_id)
    draft, request = _round(office, lead_department_due=date(2024, 3, 8))
    [firing] = fire_on(office.db, date(2024, 3, 11))  # reminders passed while nobody ran are not sent late
    assert (firing.stage, firing.action) == ("expire", "deadline.overdue")
    with office.db.read() as session:
        assert session.get(CountersignRequest, request.id).outcome is None  # never consent here
    event = system_events(office.db, office.tenant.id)[-1]
    assert event.summary["detail"]["escalated_to"] == "主办部门"
    assert (event.object_type, event.object_id) == ("document", str(draft.id))
    [row] = rows(office.db, office.tenant.id, "countersign_reply")
    assert (row.state, row.outcome) == ("overdue", "overdue")
    assert fire_on(office.db, date(2024, 3, 12)) == []
    # The late answer closes it.
    office.run("zrj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
        uow, request_id=request.id, expected_version=seen_document(uow, request.id, CountersignRequest), outcome="agree"), now=at(8))
    assert rows(office.db, office.tenant.id, "countersign_reply")[0].state == "done"


def test_no_deadline_is_scheduled_where_the_text_sets_none_dawa_43(make_office):
    office = make_office("dawa-2017")
    _round(office)
    assert rows(office.db, office.tenant.id, "countersign_reply") == []


def test_an_answer_before_the_deadline_stops_every_firing_xishi_29(make_office):
    office = make_office("xishi-2024")
    _draft, request = _round(office)
    office.run("zrj", "document.countersign_reply", lambda uow: countersigning.answer_countersign(
        uow, request_id=request.id, expected_version=seen_document(uow, request.id, CountersignRequest), outcome="agree"), now=at(1))
    assert fire_on(office.db, date(2024, 3, 20)) == []
    assert rows(office.db, office.tenant.id)[0].outcome == "agree"


def test_sequential_round_starts_the_next_clock_after_deemed_consent_hainan_57(make_office):
    office = make_office("wuhai-hainan-2023")
    zjj, zrj, czj = (office.department(s) for s in ("zjj", "zrj", "czj"))
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于加强物业管理的通知",
        main_recipients="各街道办事处", body="请认真贯彻执行。", touches_department_ids=(zrj, czj)))
    first, second = office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id), department_ids=[zrj, czj], mode="sequential"))
    fire_on(office.db, date(2024, 3, 14))
    with office.db.read() as session:
        nxt = session.get(CountersignRequest, second.id)
        assert (nxt.sent_on, nxt.due) == (date(2024, 3, 14), date(2024, 3, 25))
    assert [r.state for r in rows(office.db, office.tenant.id, "countersign_reply")] == ["done", "pending"]
