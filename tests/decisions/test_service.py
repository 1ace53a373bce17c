"""Scenario per complete seed government: a major decision refused at each missing step and
decided when complete; a contract; on SQLite and PostgreSQL; every refusal audited."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from support import assert_refused_and_audited
from zhengwu.core import audit
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.uow import unit_of_work
from zhengwu.core.verdict import RuleViolation
from zhengwu.decisions import service
from zhengwu.rulebook.profile import load_profile

NOW = datetime(2024, 7, 1, 2, 0, tzinfo=timezone.utc)
SEEDS = [("dawa", "dawa-2017", "dawa-2017:20"), ("dalian", "dalian-2014", "dalian-2014:21"),
         ("hainan", "wuhai-hainan-2023", "wuhai-hainan-2023:27"), ("xishi", "xishi-2024", "xishi-2024:11")]
STEPS = [("public_participation", {"opened_on": date(2024, 4, 1), "closed_on": date(2024, 5, 6)}),
         ("expert_review", {}), ("risk_assessment", {}), ("legality_review", {}),
         ("stability_risk_assessment", {}), ("hearing", {}), ("consultation", {})]


@pytest.fixture
def office(db, make_tenant, make_user, grant, request):
    slug, profile_id, _ = request.param
    tenant = make_tenant(slug, profile_id)
    clerk = grant(make_user(f"clerk-{slug}", tenants=[tenant]), "office_clerk")
    return tenant, clerk, request.param


def run(db, tenant, user, action, fn):
    with unit_of_work(db, user.actor, action, tenant_id=tenant.id, now=NOW) as uow:
        return fn(uow)


@pytest.mark.parametrize("office", SEEDS, ids=[s[2] for s in SEEDS], indirect=True)
def test_major_decision_refused_at_each_missing_step_then_decided(db, office):
    tenant, clerk, (_, _, cite) = office
    decision = run(db, tenant, clerk, "decision.register", lambda uow: service.register_decision(
        uow, year=2024, title="城区供热价格调整", lead_department="发展和改革局", touches_public_interest=True))
    decision = run(db, tenant, clerk, "decision.catalog",
                   lambda uow: service.list_in_catalog(uow, decision.id, decision.version, date(2024, 1, 15)))
    people = [("赵刚", "发展和改革局局长（决策承办单位主要负责人）"), ("孙丽", "区长")]
    # 西市 8/40, 海南区 3: reported to the Party committee too.
    party = [("party_committee_report", {})] if load_profile(tenant.profile_id).decisions.party_committee_report else []
    seen: dict = {}
    for step, extra in STEPS + party:
        with pytest.raises(RuleViolation) as refused:
            run(db, tenant, clerk, "decision.decide", lambda uow, decision=decision: service.decide(
                uow, decision.id, decision.version, meeting_kind="executive", meeting_on=date(2024, 6, 28),
                responsible=people))
        codes = {r.code: r.cite for r in refused.value.verdict.reasons}
        seen.update(codes)
        assert f"missing_{step}" in codes
        assert_refused_and_audited(db, tenant, "decision.decide")
        decision = run(db, tenant, clerk, "decision.record_step", lambda uow, decision=decision, step=step, extra=extra: service.record_step(
            uow, decision.id, decision.version, step=step, done_on=date(2024, 6, 10), evidence=f"{step}报告", **extra))
    assert seen["missing_hearing"] is not None
    with pytest.raises(RuleViolation) as wrong:
        run(db, tenant, clerk, "decision.decide", lambda uow: service.decide(
            uow, decision.id, decision.version, meeting_kind="head_office", meeting_on=date(2024, 6, 28),
            responsible=people))
    assert [r.code for r in wrong.value.verdict.reasons] == ["wrong_meeting"]
    decided = run(db, tenant, clerk, "decision.decide", lambda uow: service.decide(
        uow, decision.id, decision.version, meeting_kind="executive", meeting_on=date(2024, 6, 28),
        meeting_ref="第12次常务会议", responsible=people, dissent="李委员主张分两年实施"))
    assert decided.state == "decided" and [r.name for r in decided.responsible] == ["赵刚", "孙丽"]
    run(db, tenant, clerk, "decision.report", lambda uow: service.add_report(
        uow, decision.id, kind="implementation", reported_on=date(2024, 6, 30), text="已完成价格听证后的公告"))
    with db.read() as session:
        events = audit.recent(session, audit.chain_of(tenant.id), limit=3)
        assert events[1].action == "decision.decide" and events[1].cite
        assert service.deviations(session, tenant.id, date(2024, 1, 1), date(2024, 12, 31)) == []
        assert [d.title for d in service.catalog(session, tenant.id, 2024)] == ["城区供热价格调整"]


@pytest.mark.parametrize("office", [SEEDS[0]], ids=["dawa-2017:20"], indirect=True)
def test_stale_and_unauthorised_changes_are_refused(db, office, make_user):
    tenant, clerk, _ = office
    decision = run(db, tenant, clerk, "decision.register", lambda uow: service.register_decision(
        uow, year=2024, title="A", lead_department="B", touches_public_interest=False))
    outsider = make_user("viewer", tenants=[tenant])
    with pytest.raises(PermissionDenied):
        run(db, tenant, outsider, "decision.record_step", lambda uow: service.record_step(
            uow, decision.id, decision.version, step="expert_review", done_on=date(2024, 6, 1), evidence="x"))
    assert_refused_and_audited(db, tenant, "decision.record_step")
    run(db, tenant, clerk, "decision.record_step", lambda uow: service.record_step(
        uow, decision.id, decision.version, step="expert_review", done_on=date(2024, 6, 1), evidence="论证意见"))
    from zhengwu.core.errors import StaleVersion
    with pytest.raises(StaleVersion):
        run(db, tenant, clerk, "decision.record_step", lambda uow: service.record_step(
            uow, decision.id, decision.version, step="risk_assessment", done_on=date(2024, 6, 1), evidence="y"))


CONTRACTS = [("hainan", "wuhai-hainan-2023", "wuhai-hainan-2023:24"), ("wolong", "wolong-2018", "wolong-2018:24"),
             ("dawa", "dawa-2017", None), ("dalian", "dalian-2014", None), ("xishi", "xishi-2024", None)]


@pytest.mark.parametrize("office", CONTRACTS, ids=[f"{c[1]}-contract" for c in CONTRACTS], indirect=True)
def test_contract_reviewed_approved_and_signed_by_the_named_post(db, office, make_user, grant):
    tenant, clerk, (slug, profile_id, cite) = office
    deputy = grant(make_user(f"deputy-{slug}", tenants=[tenant]), "deputy")
    head = grant(make_user(f"head-{slug}", tenants=[tenant]), "head")
    contract = run(db, tenant, clerk, "contract.register", lambda uow: service.register_contract(
        uow, title="产业园区合作协议", counterparty="某投资有限公司", lead_department="商务局"))
    from zhengwu.decisions.contracts import required_reviews
    from zhengwu.rulebook.profile import load_profile
    for review in required_reviews(load_profile(profile_id)):
        with pytest.raises(RuleViolation) as refused:
            run(db, tenant, head, "contract.sign", lambda uow, contract=contract: service.sign_contract(uow, contract.id, contract.version))
        assert (f"missing_{review}", cite) in [(r.code, r.cite) for r in refused.value.verdict.reasons]
        contract = run(db, tenant, clerk, "contract.review", lambda uow, contract=contract, review=review: service.record_review(
            uow, contract.id, contract.version, review=review, done_on=date(2024, 6, 3), evidence=f"{review}意见书"))
    contract = run(db, tenant, clerk, "contract.approve", lambda uow: service.approve_contract(
        uow, contract.id, contract.version, meeting_kind="executive", meeting_on=date(2024, 6, 20)))
    if profile_id == "wolong-2018":
        with pytest.raises(RuleViolation) as wrong:
            run(db, tenant, deputy, "contract.sign", lambda uow: service.sign_contract(uow, contract.id, contract.version))
        assert [(r.code, r.cite) for r in wrong.value.verdict.reasons] == [("wrong_signer", cite)]
        assert_refused_and_audited(db, tenant, "contract.sign")
    signed = run(db, tenant, head, "contract.sign", lambda uow: service.sign_contract(uow, contract.id, contract.version))
    assert signed.state == "signed" and signed.signer == head.actor.label
    with db.read() as session:
        assert service.deviations(session, tenant.id, date(2024, 1, 1), date(2024, 12, 31)) == []


@pytest.mark.parametrize("office", [SEEDS[1]], ids=["dalian-2014:21"], indirect=True)
def test_dalian_21_22_refusals_name_the_national_regulation_too(db, office):
    """大连 21 「合法性审查和集体讨论决定作为重大决策的必须程序」, 22 「由市政府全体会议或常务会议讨论和
    决定」: the refusals name 《重大行政决策程序暂行条例》 beside the local article — 第二十五条 for a legality
    review done after the discussion, 第三十条 for a meeting that may not decide."""
    tenant, clerk, _ = office
    decision = run(db, tenant, clerk, "decision.register", lambda uow: service.register_decision(
        uow, year=2024, title="城区供热价格调整", lead_department="发展和改革局", touches_public_interest=False))
    for step, extra in STEPS:
        if step in ("stability_risk_assessment", "hearing"):
            continue
        done = date(2024, 6, 29) if step == "legality_review" else date(2024, 6, 10)
        decision = run(db, tenant, clerk, "decision.record_step", lambda uow, decision=decision, step=step, extra=extra, done=done:
                       service.record_step(uow, decision.id, decision.version, step=step, done_on=done,
                                           evidence=f"{step}报告", **extra))
    people = [("赵刚", "发展和改革局局长"), ("孙丽", "市长")]
    with pytest.raises(RuleViolation) as late:
        run(db, tenant, clerk, "decision.decide", lambda uow: service.decide(
            uow, decision.id, decision.version, meeting_kind="executive", meeting_on=date(2024, 6, 28), responsible=people))
    reason = next(r for r in late.value.verdict.reasons if r.code == "late_legality_review")
    assert reason.cite == "dalian-2014:21" and "《重大行政决策程序暂行条例》第二十五条" in reason.message
    with pytest.raises(RuleViolation) as wrong:
        run(db, tenant, clerk, "decision.decide", lambda uow: service.decide(
            uow, decision.id, decision.version, meeting_kind="head_office", meeting_on=date(2024, 6, 30), responsible=people))
    reason = next(r for r in wrong.value.verdict.reasons if r.code == "wrong_meeting")
    assert reason.cite == "dalian-2014:22"
    assert "《大连市人民政府工作规则》第二十二条；依据《重大行政决策程序暂行条例》第三十条" in reason.message
