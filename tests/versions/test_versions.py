"""Rules in force on the day: a tenant's profile versions with effective dates, every check and
replay by the version of the event's date, in-flight objects pinned to the version they started
under (SCHEMA.md: 「a check of an event uses the version in force on its date」).

The revision is `tests/versions/profiles/dawa-test-revision.yaml`, written for these tests from
dawa-2017: in force from 2024-07-01, 常务会议 1/month (was 2/month), the topic pipeline's fourth
step a review by the 常务副区长 (was the deputies' consultation), emergencies reported within 30
minutes (was 10), countersign answers within 3 working days (was no clock), major decisions listed
in the catalogue before they are discussed (was not required).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from meeting_support import china, seen
from versions_support import (EFFECTIVE, NEW_LABEL, OLD_LABEL, REVISION, adopt, history, last_event, move, propose,
                              step)
from documents_support import seen_document
from zhengwu.compliance.report import compliance_report
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.tenants import Tenant, pinned_profile, profile_on
from zhengwu.core.verdict import RuleViolation
from zhengwu.decisions import service as decisions
from zhengwu.documents import countersigning, drafting
from zhengwu.emergency import service as emergency
from zhengwu.meetings import conference_approval, queries, scheduling
from zhengwu.meetings.models import Topic
from zhengwu.versions import service as versions

# --- adopting a version ---------------------------------------------------------------------------


def test_a_version_takes_effect_on_its_date_and_names_the_text_it_repeals(gov):
    version = adopt(gov)
    assert history(gov) == [("dawa-2017", None), (REVISION, EFFECTIVE)]
    assert (version.repeals, version.repeals_cite) == ("盘锦市大洼区人民政府工作规则（大政发〔2017〕1号）", "dawa-2017:63")
    assert version.confirmed is None  # a future date of the same government's text needs no confirmation
    with gov.db.read() as session:
        assert profile_on(session, gov.tenant.id, date(2024, 6, 30)).id == "dawa-2017"
        assert profile_on(session, gov.tenant.id, EFFECTIVE).id == REVISION
    event = last_event(gov)
    assert (event.action, event.outcome) == ("tenant.adopt_profile", "done")
    assert event.summary["detail"]["effective_from"] == "2024-07-01"
    assert event.summary["detail"]["changes"] == ["meetings.executive.cadence", "documents.countersign_reply_workdays",
                                                  "emergency.report_minutes", "meetings.executive.topic_pipeline", "repeals",
                                                  "decisions.catalog"]


def test_a_retroactive_adoption_is_refused_without_a_confirmation_naming_what_changes(gov):
    with pytest.raises(RuleViolation) as refused:
        adopt(gov, now=china(2024, 8, 1))
    [reason] = refused.value.verdict.reasons
    assert reason.code == "versions.confirmation_required"
    assert "追溯适用：施行日期 2024-07-01 早于今天（2024-08-01）" in reason.message
    assert f"改按{NEW_LABEL}判定，共 6 项规定不同" in reason.message
    assert history(gov) == [("dawa-2017", None)]
    event = last_event(gov)
    assert (event.action, event.outcome) == ("tenant.adopt_profile", "refused")

    version = adopt(gov, now=china(2024, 8, 1), confirmed=True)
    assert version.confirmed[0].startswith("追溯适用")
    assert history(gov)[-1] == (REVISION, EFFECTIVE)
    assert last_event(gov).summary["detail"]["confirmed"] == version.confirmed


def test_another_governments_profile_is_refused_without_confirmation(gov):
    with pytest.raises(RuleViolation) as refused:
        adopt(gov, "xishi-2024")
    [reason] = refused.value.verdict.reasons
    assert reason.code == "versions.confirmation_required"
    assert "另一政府的规则：《西市区人民政府工作规则》（2024年1月29日起施行）是营口市西市区人民政府的工作规则" in reason.message
    assert history(gov) == [("dawa-2017", None)]
    adopt(gov, "xishi-2024", confirmed=True)
    assert history(gov)[-1] == ("xishi-2024", EFFECTIVE)


@pytest.mark.parametrize("profile_id, day, code", [
    (REVISION, date(2024, 6, 15), "versions.before_text"),  # the text itself takes effect 2024-07-01
    ("dawa-2017", EFFECTIVE, "versions.same_profile"),
    ("no-such-1999", EFFECTIVE, "unknown_profile"),
])
def test_what_no_confirmation_can_lift(gov, profile_id, day, code):
    with pytest.raises(RuleViolation) as refused:
        adopt(gov, profile_id, day, confirmed=True)
    assert [r.code for r in refused.value.verdict.reasons] == [code]
    assert history(gov) == [("dawa-2017", None)]


def test_a_new_version_must_start_after_the_latest(gov):
    adopt(gov)
    with pytest.raises(RuleViolation) as refused:
        adopt(gov, "xishi-2024", date(2024, 6, 20), confirmed=True)
    assert [r.code for r in refused.value.verdict.reasons] == ["versions.not_after_latest"]


def test_the_preview_compares_cite_by_cite_and_lists_the_open_objects(gov):
    topic = propose(gov, "关于农村公路养护的议题", china(2024, 6, 3))
    with gov.db.read() as session:
        plan = versions.plan_adoption(session, session.get(Tenant, gov.tenant.id), REVISION, EFFECTIVE, date(2024, 6, 5))
    changes = {c["key"]: c for c in plan.changes}
    assert changes["emergency.report_minutes"]["old"] == {"value": 10, "cite": "dawa-2017:50", "inherited_from": None}
    assert changes["emergency.report_minutes"]["new"] == {"value": 30, "cite": "dawa-2017:50", "inherited_from": None}
    assert (changes["meetings.executive.cadence"]["old"]["value"], changes["meetings.executive.cadence"]["new"]["value"]) \
        == ("2/month", "1/month")
    assert [(o.kind, o.id, o.profile_id) for o in plan.touched] == [("topic", topic.id, "dawa-2017")]
    assert plan.confirmations == [] and plan.verdict.ok


# --- every check and every replay by the version of the event's date ---------------------------------


def report(gov, event_at: datetime, late_by: int):
    return gov.run("sun", "emergency.report", lambda uow: emergency.file_report(
        uow, title=f"{event_at:%m月%d日}险情", location="某街道", description="道路塌陷", event_at=event_at),
        now=event_at + timedelta(minutes=late_by))


def test_dawa_50_emergency_limit_is_the_one_in_force_on_the_day_of_the_event(gov):
    adopt(gov)
    before = report(gov, china(2024, 6, 28), 20)
    assert (before.late, before.limit_minutes, before.cite) == (True, 10, "dawa-2017:50")
    # The clock started under the old rules: an event at 23:50 on 06-30 reported after midnight.
    across = report(gov, datetime(2024, 6, 30, 23, 50, tzinfo=china(2024, 1, 1).tzinfo), 20)
    assert (across.late, across.limit_minutes) == (True, 10)
    after = report(gov, china(2024, 7, 2), 20)
    assert (after.late, after.limit_minutes) == (False, 30)
    assert report(gov, china(2024, 7, 3), 40).late


def hold_executive_meeting(gov, day: date):
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(day.year, day.month, day.day),
        ends_at=china(day.year, day.month, day.day, 11), chair_id=head.id), now=china(2024, 5, 20))
    return gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)), now=china(day.year, day.month, day.day, 12))


def test_a_compliance_period_spanning_the_date_judges_each_line_by_its_own_version(gov):
    adopt(gov)
    hold_executive_meeting(gov, date(2024, 6, 12))  # June needs two (2/month): short
    hold_executive_meeting(gov, date(2024, 7, 10))  # July needs one (1/month): enough
    report(gov, china(2024, 6, 28), 20)  # late under 10 minutes
    report(gov, china(2024, 7, 2), 20)  # on time under 30 minutes
    report(gov, china(2024, 7, 3), 40)  # late under 30 minutes
    with gov.db.read() as session:
        found = compliance_report(session, session.get(Tenant, gov.tenant.id), date(2024, 6, 1), date(2024, 7, 31),
                                  date(2024, 8, 1))
    executive = [(d["on"], d["rules"]) for d in found.deviations if d["object_id"] == "executive"]
    assert executive == [("2024-06-30", OLD_LABEL)]
    late = [(d["on"], d["profile_id"], d["rules"]) for d in found.deviations if d["domain"] == "emergency"]
    assert late == [("2024-06-28", "dawa-2017", OLD_LABEL), ("2024-07-03", REVISION, NEW_LABEL)]
    assert f"判定所依版本：{NEW_LABEL}" in found.as_text()
    with gov.db.read() as session:
        periods = queries.cadence(session, session.get(Tenant, gov.tenant.id), date(2024, 6, 1), date(2024, 7, 31))
    assert [(p.start, p.end, p.required, p.held, p.profile_id) for p in periods["executive"]] == [
        (date(2024, 6, 1), date(2024, 6, 30), 2, 1, "dawa-2017"), (date(2024, 7, 1), date(2024, 7, 31), 1, 1, REVISION)]


# --- in-flight objects keep their version -------------------------------------------------------------


def test_dawa_37_a_topic_mid_pipeline_keeps_its_version_across_the_date(gov):
    kept = propose(gov, "关于农村公路养护的议题", china(2024, 6, 3), steps=3)
    moved = propose(gov, "关于老旧小区改造的议题", china(2024, 6, 3), steps=3)
    adopt(gov)
    assert kept.profile_id == "dawa-2017"
    later = china(2024, 7, 2)
    # Under its own (old) pipeline the fourth step is the deputies' consultation, which a 副区长
    # takes; under the revision it is the 常务副区长's review, which refuses a 副区长 (below).
    kept = step(gov, kept, "dep1", later)
    assert (kept.steps_done, kept.state) == (4, "submitted")
    with pytest.raises(RuleViolation) as refused:
        move(gov, "topic", kept.id, later)
    assert refused.value.verdict.reasons[0].code == "versions.unmapped"
    assert "征求意见" in refused.value.verdict.reasons[0].message

    # Three steps done map onto the revision's first three: the office moves it, audited.
    moved = move(gov, "topic", moved.id, later)
    assert moved.profile_id == REVISION
    event = last_event(gov)
    assert (event.action, event.summary["detail"]) == ("versions.move", {"from": OLD_LABEL, "to": NEW_LABEL})
    with pytest.raises(PermissionDenied):
        step(gov, moved, "dep1", later)
    assert step(gov, moved, "exec", later).steps_done == 4
    fresh = propose(gov, "关于河道治理的议题", later)
    assert fresh.profile_id == REVISION
    with pytest.raises(RuleViolation) as again:
        move(gov, "topic", moved.id, later)
    assert again.value.verdict.reasons[0].code == "versions.already_current"


def test_dawa_43_a_document_mid_chain_keeps_its_version(gov):
    finance, housing = gov.department("财政局"), gov.department("住房和城乡建设局")

    def draft(title, now):
        return gov.run("office", "document.draft", lambda uow: drafting.create_draft(
            uow, issuer="government", doc_type="notice", title=title, body="正文。", main_recipients="各街道办事处",
            department_id=housing.id), now=now)

    def countersign(doc, now):
        return gov.run("office", "document.countersign_open", lambda uow: countersigning.open_countersign(
            uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), department_ids=[finance.id]), now=now)

    old = draft("关于物业服务收费的通知", china(2024, 6, 3))
    adopt(gov)
    new = draft("关于停车收费的通知", china(2024, 7, 2))
    assert (old.profile_id, new.profile_id) == ("dawa-2017", REVISION)
    [asked_old] = countersign(old, china(2024, 7, 2))
    [asked_new] = countersign(new, china(2024, 7, 2))
    assert asked_old.due is None  # the 2017 text sets no countersign clock
    assert (asked_new.due, asked_new.cite) == (date(2024, 7, 5), "dawa-2017:43")
    with gov.db.read() as session:
        doc = session.get(type(old), old.id)
        assert pinned_profile(session, doc).id == "dawa-2017"
        view = versions.pinned_view(session, doc, date(2024, 7, 2))
    assert view == {"label": OLD_LABEL, "current": NEW_LABEL, "movable": True, "reasons": []}
    assert move(gov, "document", old.id, china(2024, 7, 3)).profile_id == REVISION


def test_objects_started_before_versions_were_recorded_run_under_the_version_of_their_start(gov, unaudited_writes):
    topic = propose(gov, "关于农村公路养护的议题", china(2024, 6, 3))
    adopt(gov)
    with gov.db.write() as session:
        session.get(Topic, topic.id).profile_id = None  # a row from before migration 0016
    with gov.db.read() as session:
        row = session.execute(select(Topic).where(Topic.id == topic.id)).scalar_one()
        assert pinned_profile(session, row).id == "dawa-2017"


def test_dawa_20_a_decision_keeps_the_procedure_it_started_under(gov):
    def register(title, now):
        return gov.run("sun", "decision.register", lambda uow: decisions.register_decision(
            uow, year=2024, title=title, lead_department="发展和改革局", touches_public_interest=False), now=now)

    def steps(decision, day):
        for name in ("public_participation", "expert_review", "risk_assessment", "legality_review", "consultation"):
            extra = {"opened_on": date(2024, 4, 1), "closed_on": date(2024, 5, 6)} if name == "public_participation" else {}
            decision = gov.run("sun", "decision.record_step", lambda uow, decision=decision, name=name, extra=extra: decisions.record_step(
                uow, decision.id, decision.version, step=name, done_on=day, evidence="报告", **extra),
                now=china(day.year, day.month, day.day))
        return decision

    def decide(decision, day):
        return gov.run("sun", "decision.decide", lambda uow: decisions.decide(
            uow, decision.id, decision.version, meeting_kind="executive", meeting_on=day,
            responsible=[("赵刚", "发展和改革局局长")]), now=china(day.year, day.month, day.day, 15))

    old = steps(register("城区供热价格调整", china(2024, 6, 3)), date(2024, 6, 10))
    adopt(gov)
    decided = decide(old, date(2024, 6, 28))  # decided under 2017's rules: no catalogue required
    new = steps(register("老旧小区改造三年行动", china(2024, 7, 2)), date(2024, 7, 3))
    with pytest.raises(RuleViolation) as refused:
        decide(new, date(2024, 7, 5))
    assert [(r.code, r.cite) for r in refused.value.verdict.reasons] == [("not_in_catalog", "dawa-2017:20")]
    with gov.db.read() as session:
        # The replay judges the June decision by its own version, not by today's.
        assert decisions.deviations(session, gov.tenant.id, date(2024, 6, 1), date(2024, 7, 31)) == []
        assert pinned_profile(session, session.get(type(decided), decided.id)).id == "dawa-2017"


def test_dawa_42_a_conference_request_mid_approval_keeps_its_version(gov):
    finance = gov.department("财政局")
    request = gov.run("czj", "meetings.request_conference", lambda uow: conference_approval.request_conference(
        uow, department_id=finance.id, title="全区财政工作会议", held_on=date(2024, 7, 20), duration_minutes=60),
        now=china(2024, 6, 3))
    assert (request.profile_id, request.state, request.steps_done) == ("dawa-2017", "requested", 0)
    adopt(gov)
    later = china(2024, 7, 2)
    request = gov.run("sun", "meetings.approve_conference", lambda uow: conference_approval.approve_conference(
        uow, request_id=request.id, expected_version=seen(uow, request_id=request.id)), now=later)
    assert (request.profile_id, request.steps_done) == ("dawa-2017", 1)
    with gov.db.read() as session:
        view = versions.pinned_view(session, request, later.date())
    assert (view["label"], view["current"], view["movable"]) == (OLD_LABEL, NEW_LABEL, True)
    moved = move(gov, "conference", request.id, later)
    assert (moved.profile_id, moved.steps_done, moved.state) == (REVISION, 1, "requested")
