"""Disclosure scenarios on SQLite and PostgreSQL: the queue with its confidentiality check and
interpretation, and a request from the public across 国庆 2025 answered late."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from support import assert_refused_and_audited
from zhengwu.calendar import CHINA_TZ
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation
from zhengwu.disclosure import service
from zhengwu.disclosure.rules import Application

SEEDS = [("dawa", "dawa-2017"), ("dalian", "dalian-2014"), ("hainan", "wuhai-hainan-2023"), ("xishi", "xishi-2024")]


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def office(db, make_tenant, make_user, grant, request):
    slug, profile_id = request.param
    tenant = make_tenant(slug, profile_id)
    clerk = grant(make_user(f"clerk-{slug}", tenants=[tenant]), "office_clerk")
    director = grant(make_user(f"director-{slug}", tenants=[tenant]), "office_director")
    return tenant, clerk, director, profile_id


def run(db, tenant, actor, action, fn, day: date):
    with unit_of_work(db, actor, action, tenant_id=tenant.id, now=at(day)) as uow:
        return fn(uow)


@pytest.mark.parametrize("office", SEEDS, ids=[f"{p}:disclosure" for _, p in SEEDS], indirect=True)
def test_resolution_queued_checked_and_published_classified_withheld(db, office):
    tenant, clerk, _, profile_id = office
    day = date(2025, 3, 3)
    item = run(db, tenant, clerk.actor, "disclosure.submit", lambda uow: service.submit(
        uow, kind="resolution", title="关于加快老旧小区改造的议定事项", formed_on=day, meeting_kind="executive",
        body="会议同意……"), day)
    assert item.state == "queued" and item.required
    secret = run(db, tenant, clerk.actor, "disclosure.submit", lambda uow: service.submit(
        uow, kind="resolution", title="某涉密事项", formed_on=day, meeting_kind="executive", classification="secret"), day)
    assert secret.state == "withheld"
    with pytest.raises(RuleViolation) as refused:
        run(db, tenant, clerk.actor, "disclosure.publish", lambda uow: service.publish(uow, item.id, item.version), day)
    assert [r.code for r in refused.value.verdict.reasons] == ["confidentiality_unchecked"]
    assert_refused_and_audited(db, tenant, "disclosure.publish")
    with pytest.raises(RuleViolation):
        run(db, tenant, clerk.actor, "disclosure.publish", lambda uow: service.publish(uow, secret.id, secret.version), day)
    item = run(db, tenant, clerk.actor, "disclosure.check",
               lambda uow: service.check_confidentiality(uow, item.id, item.version, cleared=True), day)
    item = run(db, tenant, clerk.actor, "disclosure.publish", lambda uow: service.publish(uow, item.id, item.version), day)
    with db.read() as session:
        assert [i.title for i in service.published_page(session, tenant.id)] == ["关于加快老旧小区改造的议定事项"]
        assert service.deviations(session, tenant.id, date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31)) == []


@pytest.mark.parametrize("office", [("hainan", "wuhai-hainan-2023")], ids=["wuhai-hainan-2023:37"], indirect=True)
def test_policy_published_with_its_interpretation(db, office):
    tenant, clerk, _, _ = office
    day = date(2025, 3, 3)
    item = run(db, tenant, clerk.actor, "disclosure.submit", lambda uow: service.submit(
        uow, kind="policy", title="稳就业若干措施", formed_on=day), day)
    item = run(db, tenant, clerk.actor, "disclosure.check",
               lambda uow: service.check_confidentiality(uow, item.id, item.version, cleared=True), day)
    with pytest.raises(RuleViolation) as refused:
        run(db, tenant, clerk.actor, "disclosure.publish", lambda uow: service.publish(uow, item.id, item.version), day)
    assert [(r.code, r.cite) for r in refused.value.verdict.reasons] == [("interpretation_missing", "wuhai-hainan-2023:37")]
    item = run(db, tenant, clerk.actor, "disclosure.interpretation",
               lambda uow: service.set_interpretation(uow, item.id, item.version, "一图读懂稳就业措施"), day)
    item = run(db, tenant, clerk.actor, "disclosure.publish", lambda uow: service.publish(uow, item.id, item.version), day)
    assert item.state == "published" and item.interpretation


@pytest.mark.parametrize("office", SEEDS, ids=[f"{p}:request-national-day" for _, p in SEEDS], indirect=True)
def test_request_across_national_day_answered_late(db, office):
    tenant, clerk, director, profile_id = office
    public = Actor(None, "公众（张三）")
    request = run(db, tenant, public, "disclosure.request", lambda uow: service.file_request(
        uow, Application(applicant="张三", identity_type="resident_id", identity_number="210102198001011234", contact="13800000000", description="2025年本区老旧小区改造项目清单", medium="paper", delivery="post")), date(2025, 9, 30))
    assert request.received_on == date(2025, 9, 30)
    with db.read() as session:
        assert service.clock(session, request, date(2025, 10, 9)).due_on == date(2025, 11, 4)
    with pytest.raises(RuleViolation):  # a clerk may not approve the extension
        run(db, tenant, clerk.actor, "disclosure.extend", lambda uow: service.extend_request(
            uow, request.id, request.version, workdays=5, reason="需查档"), date(2025, 11, 10))
    with pytest.raises(RuleViolation) as expired:
        run(db, tenant, director.actor, "disclosure.extend", lambda uow: service.extend_request(
            uow, request.id, request.version, workdays=5, reason="需查档"), date(2025, 11, 5))
    assert [r.code for r in expired.value.verdict.reasons] == ["extension_after_due"]
    replied = run(db, tenant, clerk.actor, "disclosure.reply", lambda uow: service.reply_request(
        uow, request.id, request.version, reply_kind="provided", text="见附件"), date(2025, 11, 5))
    assert replied.late
    with db.read() as session:
        found = service.deviations(session, tenant.id, date(2025, 11, 1), date(2025, 11, 30), date(2025, 12, 1))
    assert [(d["object_type"], d["code"], d["cite"], d["on"]) for d in found] == [
        ("disclosure_request", "reply_late", "law-disclosure-2019:33", "2025-11-04")]


@pytest.mark.parametrize("office", [("xishi", "xishi-2024")], ids=["xishi-2024:request-spring-festival"], indirect=True)
def test_request_across_spring_festival_extended_once_and_answered_in_time(db, office):
    tenant, clerk, director, _ = office
    request = run(db, tenant, Actor(None, "公众（李四）"), "disclosure.request", lambda uow: service.file_request(
        uow, Application(applicant="李四", identity_type="resident_id", identity_number="210102198001011234", contact="li@example.cn", description="2025年财政预算执行情况", medium="paper", delivery="post")), date(2026, 2, 13))
    request = run(db, tenant, director.actor, "disclosure.extend", lambda uow: service.extend_request(
        uow, request.id, request.version, workdays=20, reason="涉及第三方意见"), date(2026, 3, 18))
    with pytest.raises(RuleViolation) as twice:
        run(db, tenant, director.actor, "disclosure.extend", lambda uow: service.extend_request(
            uow, request.id, request.version, workdays=5, reason="再延"), date(2026, 3, 19))
    assert [r.code for r in twice.value.verdict.reasons] == ["extension_once"]
    replied = run(db, tenant, clerk.actor, "disclosure.reply", lambda uow: service.reply_request(
        uow, request.id, request.version, reply_kind="provided", text="见附件"), date(2026, 4, 17))
    assert not replied.late


@pytest.mark.parametrize("office", [("dawa", "dawa-2017")], ids=["law-disclosure-2019:26-deviations"], indirect=True)
def test_deviations_list_late_and_missing_publications(db, office):
    tenant, clerk, _, _ = office
    formed = date(2025, 9, 30)  # due 2025-11-04 across 国庆

    def submit(title, **extra):
        return run(db, tenant, clerk.actor, "disclosure.submit", lambda uow: service.submit(
            uow, kind="resolution", title=title, formed_on=formed, meeting_kind="executive", **extra), formed)

    def publish(item, day):
        item = run(db, tenant, clerk.actor, "disclosure.check",
                   lambda uow: service.check_confidentiality(uow, item.id, item.version, cleared=True), day)
        return run(db, tenant, clerk.actor, "disclosure.publish", lambda uow: service.publish(uow, item.id, item.version), day)

    publish(submit("按时公开的事项"), date(2025, 11, 4))
    late = publish(submit("逾期公开的事项"), date(2025, 11, 5))
    missing = submit("未公开的事项")
    submit("涉密事项", classification="confidential")
    with db.read() as session:
        found = service.deviations(session, tenant.id, date(2025, 11, 1), date(2025, 11, 30), date(2025, 12, 1))
        before_due = service.deviations(session, tenant.id, date(2025, 11, 1), date(2025, 11, 30), date(2025, 11, 4))
    assert sorted((d["object_id"], d["code"], d["on"], d["cite"]) for d in found) == [
        (late.id, "published_late", "2025-11-04", "law-disclosure-2019:26"),
        (missing.id, "not_published", "2025-11-04", "law-disclosure-2019:26")]
    assert before_due == []
