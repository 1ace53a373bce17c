"""Emergency report scenarios on SQLite and PostgreSQL: 大洼 late by one minute, flagged and
audited with 第五十条; a government whose text sets no limit records the report without one."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from zhengwu.calendar import CHINA_TZ
from zhengwu.core import audit
from zhengwu.core.uow import unit_of_work
from zhengwu.emergency import service

EVENT = datetime(2025, 10, 1, 9, 30, tzinfo=CHINA_TZ)


def file(db, tenant, user, minutes_after: int):
    with unit_of_work(db, user.actor, "emergency.report", tenant_id=tenant.id,
                      now=EVENT + timedelta(minutes=minutes_after)) as uow:
        return service.file_report(uow, title="化工园区储罐泄漏", location="化工园区东区",
                                   description="储罐阀门泄漏，已疏散周边人员", event_at=EVENT)


def test_dawa_report_late_by_one_minute(db, make_tenant, make_user, grant):
    tenant = make_tenant("dawa", "dawa-2017")
    reporter = grant(make_user("duty", tenants=[tenant]), "department_head")
    on_time = file(db, tenant, reporter, 10)
    assert not on_time.late and on_time.deadline_at == EVENT + timedelta(minutes=10)
    late = file(db, tenant, reporter, 11)
    assert late.late and late.cite == "dawa-2017:50" and "迟报 1 分钟" in late.late_message
    with db.read() as session:
        event = audit.recent(session, audit.chain_of(tenant.id), limit=1)[0]
        assert (event.action, event.cite) == ("emergency.report", "dawa-2017:50")
        found = service.deviations(session, tenant.id, date(2025, 10, 1), date(2025, 10, 1))
    assert [(d["object_id"], d["code"], d["cite"]) for d in found] == [(late.id, "report_late", "dawa-2017:50")]


def test_silent_profile_has_no_deadline(db, make_tenant, make_user, grant):
    tenant = make_tenant("dalian", "dalian-2014")
    report = file(db, tenant, grant(make_user("duty", tenants=[tenant]), "department_head"), 90)
    assert not report.late and report.deadline_at is None and report.limit_minutes is None


def test_a_naive_event_time_is_beijing_time(db, make_tenant, make_user, grant):
    """A time typed without a zone (the form, an API client) is Beijing wall time: 09:30 reported
    at 09:35 is five minutes late at most, not an event eight hours in the future (as UTC)."""
    tenant = make_tenant("dawa", "dawa-2017")
    reporter = grant(make_user("duty", tenants=[tenant]), "department_head")
    with unit_of_work(db, reporter.actor, "emergency.report", tenant_id=tenant.id,
                      now=EVENT + timedelta(minutes=5)) as uow:
        report = service.file_report(uow, title="化工园区储罐泄漏", location="化工园区东区",
                                     description="储罐阀门泄漏", event_at=EVENT.replace(tzinfo=None))
    assert report.event_at == EVENT and not report.late
    assert report.deadline_at == EVENT + timedelta(minutes=10)


def _major(db, tenant, user, minutes_after: int):
    with unit_of_work(db, user.actor, "emergency.report", tenant_id=tenant.id,
                      now=EVENT + timedelta(minutes=minutes_after)) as uow:
        return service.file_report(uow, title="供热管网大面积故障", location="新城街道",
                                   description="影响居民约三千户，正在抢修", event_at=EVENT, kind="major_situation")


@pytest.mark.parametrize("profile_id, cite", [("dawa-2017", "dawa-2017:50"), ("dalian-2014", "dalian-2014:55"),
                                               ("wuhai-hainan-2023", "wuhai-hainan-2023:75"),
                                               ("xishi-2024", "xishi-2024:40"), ("wolong-2018", None)])
def test_dalian_55_major_situation_reported_to_the_government_with_the_time_it_took(
        db, make_tenant, make_user, grant, profile_id, cite):
    """「重大情况要及时向区政府报告」: 「及时」 sets no limit, so the report is never late — not even
    under 大洼's 10 minutes, which is for 重大应急突发事件 — and the time it took is recorded."""
    tenant = make_tenant(profile_id.split("-")[0], profile_id)
    report = _major(db, tenant, grant(make_user("duty", tenants=[tenant]), "department_head"), 125)
    assert (report.kind, report.late, report.deadline_at, report.cite) == ("major_situation", False, None, cite)
    with db.read() as session:
        event = audit.recent(session, audit.chain_of(tenant.id), limit=1)[0]
        assert event.summary["detail"]["elapsed"] == "2 小时 5 分钟"
        assert service.deviations(session, tenant.id, date(2025, 10, 1), date(2025, 10, 1)) == []


def test_major_situation_refused_where_the_text_asks_none():
    from zhengwu.emergency import rules
    from zhengwu.rulebook.profile import load_profile

    profile = load_profile("dalian-2014")
    silent = profile.model_copy(update={"emergency": profile.emergency.model_copy(update={"major_situations_reported": None})})
    assert rules.check_kind(silent, "major_situation").reasons[0].code == "no_major_situation_rule"
    assert rules.check_kind(profile, "major_situation").ok and rules.check_kind(profile, "rumour").reasons[0].code == "unknown_kind"
