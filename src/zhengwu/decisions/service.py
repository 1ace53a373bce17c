"""Use cases of major decisions and contracts: one transaction each, permission-checked, every
change audited with the article it rests on; every refusal a verdict with its cite."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from zhengwu.calendar import china_date
from zhengwu.core import audit, permissions
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.paging import Page, keyset
from zhengwu.core.tenants import pinned_profile, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.deviations import deviation
from zhengwu.core.verdict import Verdict
from zhengwu.decisions import contracts as contract_rules
from zhengwu.decisions import rules
from zhengwu.decisions.models import (Contract, ContractReview, DecisionReport, DecisionResponsible, DecisionStep,
                                      MajorDecision)
from zhengwu.org import rules as org_rules
from zhengwu.org.rules import OFFICE_KINDS
from zhengwu.org.service import department_names, load_state
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import refusal, rule_cite

OFFICE_POSTS = OFFICE_KINDS  # 办公室主任（秘书长）、副主任（副秘书长）、工作人员
REVIEWERS = ("legal_office", "legal_adviser", "market_regulator", "department_head")
LEADERS = ("head", "executive_deputy", "deputy")



permissions.define("decision.view", "查看重大行政决策和合同", "本单位成员", permissions.member)
permissions.define("decision.manage", "登记和决定重大行政决策", "政府办公室", permissions.office_or_operator(*OFFICE_POSTS))
permissions.define("decision.record_step", "登记决策程序和审查意见", "政府办公室、承办部门负责人、法制机构、法律顾问、市场监管局",
                   permissions.office_or_operator(*OFFICE_POSTS, *REVIEWERS))
permissions.define("contract.manage", "登记合同协议及其审议", "政府办公室", permissions.office_or_operator(*OFFICE_POSTS))
permissions.define("contract.sign", "以政府名义签订合同协议", "政府领导", permissions.holds(*LEADERS))

audit.label(
    actions={"decision.register": "登记重大行政决策", "decision.catalog": "列入决策目录",
             "decision.record_step": "登记决策程序", "decision.decide": "集体讨论决定",
             "decision.report": "报告决策实施情况", "decision.post_evaluation": "决策后评估",
             "contract.register": "登记合同协议", "contract.review": "登记合同审查意见",
             "contract.approve": "会议研究通过合同", "contract.sign": "签订合同协议"},
    objects={"major_decision": "重大行政决策", "contract": "合同协议"},
)


# --- major decisions -----------------------------------------------------------------------


def get_decision(session: Session, tenant_id: int, decision_id: int) -> MajorDecision:
    return get_in_tenant(session, MajorDecision, decision_id, tenant_id, "重大行政决策")


def catalog(session: Session, tenant_id: int, year: int | None = None) -> list[MajorDecision]:
    """The decision catalogue (决策目录) of a year, or every year's, in order of registration."""
    query = select(MajorDecision).where(MajorDecision.tenant_id == tenant_id)
    if year is not None:
        query = query.where(MajorDecision.year == year)
    return list(session.execute(query.order_by(MajorDecision.year.desc(), MajorDecision.id)).scalars())


def register_decision(uow: TenantWork, *, year: int, title: str, lead_department: str,
                      touches_public_interest: bool, description: str = "") -> MajorDecision:
    permissions.require(uow, "decision.manage")
    verdict = Verdict.passed()
    if not title.strip():
        verdict &= Verdict.refused("title_missing", "决策事项须有名称。")
    if not lead_department.strip():
        verdict &= refusal("lead_department_missing", "须明确决策承办单位", "law-decision-2019:11")
    verdict.raise_if_refused()
    decision = MajorDecision(tenant_id=uow.tenant_id, year=year, title=title.strip(), description=description.strip(),
                             lead_department=lead_department.strip(), touches_public_interest=touches_public_interest,
                             state="open", created_at=uow.now)
    # A decision runs its whole procedure under the rules in force when it was registered.
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    decision.profile_id = profile.id
    uow.session.add(decision)
    uow.session.flush()
    uow.record("decision.register", object_type="major_decision", object_id=decision.id, subject=decision,
               cite=rule_cite(profile, "decisions.required_steps"))
    return decision


def list_in_catalog(uow: TenantWork, decision_id: int, expected_version: int, listed_on: date) -> MajorDecision:
    """Enter the decision in the published catalogue of its year (海南区 27: 目录管理)."""
    permissions.require(uow, "decision.manage")
    decision = get_decision(uow.session, uow.tenant_id, decision_id)
    decision.expect_version(expected_version, f"决策「{decision.title}」")
    if decision.catalog_listed_on is not None:
        Verdict.refused("already_listed", f"「{decision.title}」已于 {decision.catalog_listed_on} 列入目录。").raise_if_refused()
    if listed_on.year != decision.year and listed_on.year != decision.year - 1:
        Verdict.refused("catalog_year", f"{decision.year} 年度目录不能在 {listed_on.year} 年列入。").raise_if_refused()
    decision.catalog_listed_on = listed_on
    uow.session.flush()
    uow.record("decision.catalog", object_type="major_decision", object_id=decision.id, subject=decision, cite=rule_cite(pinned_profile(uow.session, decision), "decisions.catalog"))
    return decision


def _require_reach(uow: TenantWork, subject: permissions.Subject, decision: MajorDecision) -> None:
    """Steps and reports of a decision come from the office, the reviewing bodies, or the head of
    its lead department: heading some other department does not reach it."""
    if uow.actor.user_id is None or subject.posts & {*OFFICE_POSTS, *REVIEWERS} - {"department_head"}:
        return
    state = load_state(uow.session, uow.tenant_id)
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    names = department_names(uow.session, uow.tenant_id)
    for seat in state.seats:
        if org_rules.authority(profile, state, seat.post_id, uow.now).acting_id != uow.actor.user_id:
            continue
        if seat.kind == "department_head" and seat.department_id is not None \
                and names.get(seat.department_id) == decision.lead_department:
            return
    permissions.refuse("not_lead_department",
                       f"只有承办部门（{decision.lead_department}）负责人、法制机构、法律顾问、市场监管局或政府办公室"
                       f"可以登记该决策的程序和报告。")


def record_step(uow: TenantWork, decision_id: int, expected_version: int, *, step: str, done_on: date, evidence: str,
                opened_on: date | None = None, closed_on: date | None = None,
                shortened_reason: str | None = None) -> MajorDecision:
    """Record one required step with its evidence; a recorded step is never rewritten."""
    subject = permissions.require(uow, "decision.record_step")
    decision = get_decision(uow.session, uow.tenant_id, decision_id)
    _require_reach(uow, subject, decision)
    decision.expect_version(expected_version, f"决策「{decision.title}」")
    profile = pinned_profile(uow.session, decision)
    record = rules.StepRecord(step, done_on, evidence.strip(), opened_on, closed_on,
                              (shortened_reason or "").strip() or None)
    verdict = rules.check_step_record(profile, record, uow.today)
    if decision.state != "open":
        verdict &= Verdict.refused("already_decided", f"「{decision.title}」已作出决定，不能再补登决策程序。")
    if any(s.step == step for s in decision.steps):
        verdict &= Verdict.refused("step_recorded", f"「{rules.STEP_LABELS.get(step, step)}」已登记，登记内容不可改写。")
    verdict.raise_if_refused()
    row = DecisionStep(tenant_id=uow.tenant_id, decision_id=decision.id, step=step, done_on=done_on,
                       evidence=record.evidence, opened_on=opened_on, closed_on=closed_on,
                       shortened_reason=record.shortened_reason, recorded_by=uow.actor.label, recorded_at=uow.now)
    decision.steps.append(row)
    _touch(uow, decision)
    cite = (rule_cite(profile, "decisions.stability_risk_assessment") if step in ("stability_risk_assessment", "hearing")
            else rule_cite(profile, "decisions.party_committee_report") if step == "party_committee_report"
            else rule_cite(profile, "decisions.consultation") if step == "consultation"
            else rule_cite(profile, "decisions.required_steps"))
    uow.record("decision.record_step", object_type="major_decision", object_id=decision.id, subject=decision, cite=cite)
    return decision


def _touch(uow: TenantWork, parent: MajorDecision | Contract) -> None:
    """Adding a child row changes its parent: bump the parent's version so stale forms are refused."""
    uow.session.flush()
    flag_modified(parent, "title")
    uow.session.flush()


def readiness(profile: Profile, decision: MajorDecision) -> Verdict:
    """May the decision go to collective discussion now? (the checklist's verdict)"""
    return rules.check_ready(profile, decision.state_for_rules())


def checklist(profile: Profile, decision: MajorDecision) -> list[dict]:
    """Each required step, its cite, and what was recorded for it (None while missing)."""
    recorded = {s.step: s for s in decision.steps}
    return [{"step": r.step, "label": r.label, "cite": r.cite, "record": recorded.get(r.step)}
            for r in rules.required_steps(profile, decision.touches_public_interest)]


def decide(uow: TenantWork, decision_id: int, expected_version: int, *, meeting_kind: str, meeting_on: date,
           meeting_ref: str = "", responsible: Sequence[tuple[str, str]] = (), dissent: str = "") -> MajorDecision:
    """Collective discussion and decision (集体讨论决定) by a meeting the profile names."""
    permissions.require(uow, "decision.manage")
    decision = get_decision(uow.session, uow.tenant_id, decision_id)
    decision.expect_version(expected_version, f"决策「{decision.title}」")
    profile = pinned_profile(uow.session, decision)
    people = tuple(rules.Responsible(n.strip(), r.strip()) for n, r in responsible if n.strip())
    verdict = rules.check_decide(profile, decision.state_for_rules(), rules.Decision(meeting_kind, meeting_on, people))
    if meeting_on > uow.today:
        verdict &= Verdict.refused("meeting_in_future", f"会议日期 {meeting_on} 晚于今天，会后再登记决定。")
    verdict.raise_if_refused()
    decision.state = "decided"
    decision.meeting_kind, decision.meeting_on = meeting_kind, meeting_on
    decision.meeting_ref = meeting_ref.strip() or None
    decision.dissent = dissent.strip() or None  # 不同意见应当如实载明
    decision.decided_at = uow.now
    for person in people:
        decision.responsible.append(DecisionResponsible(tenant_id=uow.tenant_id, name=person.name, role=person.role,
                                                        recorded_at=uow.now))
    uow.session.flush()
    uow.record("decision.decide", object_type="major_decision", object_id=decision.id, subject=decision, cite=rule_cite(profile, "decisions.decided_by"))
    return decision


def add_report(uow: TenantWork, decision_id: int, expected_version: int, *, kind: str, reported_on: date,
               text: str) -> MajorDecision:
    """An implementation report (跟踪实施情况) or the post-evaluation (决策后评估) of a decision."""
    subject = permissions.require(uow, "decision.record_step")
    decision = get_decision(uow.session, uow.tenant_id, decision_id)
    _require_reach(uow, subject, decision)
    decision.expect_version(expected_version, f"决策「{decision.title}」")
    profile = pinned_profile(uow.session, decision)
    state = decision.state_for_rules()
    if kind == "implementation":
        verdict = rules.check_implementation_report(profile, state)
        if not text.strip():
            verdict &= Verdict.refused("text_missing", "实施情况报告不能为空。")
        action, cite = "decision.report", rule_cite(profile, "decisions.implementation_tracking")
    elif kind == "post_evaluation":
        verdict = rules.check_post_evaluation(state, text)
        action, cite = "decision.post_evaluation", rules.POST_EVALUATION_CITE
    else:
        verdict, action, cite = Verdict.refused("unknown_report", f"没有「{kind}」这类报告。"), "decision.report", None
    if reported_on > uow.today:
        verdict &= Verdict.refused("report_in_future", f"报告日期 {reported_on} 晚于今天。")
    verdict.raise_if_refused()
    decision.reports.append(DecisionReport(tenant_id=uow.tenant_id, kind=kind, reported_on=reported_on,
                                           text=text.strip(), recorded_by=uow.actor.label, recorded_at=uow.now))
    _touch(uow, decision)
    uow.record(action, object_type="major_decision", object_id=decision.id, subject=decision, cite=cite)
    return decision


# --- contracts -----------------------------------------------------------------------------


def get_contract(session: Session, tenant_id: int, contract_id: int) -> Contract:
    return get_in_tenant(session, Contract, contract_id, tenant_id, "合同协议")


def list_contracts(session: Session, tenant_id: int, *, after: int | None = None,
                   limit: int | None = None) -> Page[Contract]:
    """A page of the contracts, newest first (keyset on the id)."""
    return keyset(session, select(Contract).where(Contract.tenant_id == tenant_id), Contract.id, after=after,
                  limit=limit)


def register_contract(uow: TenantWork, *, title: str, counterparty: str, lead_department: str,
                      oversight_deputy_user_id: int | None = None) -> Contract:
    permissions.require(uow, "contract.manage")
    verdict = Verdict.passed()
    for value, label in ((title, "合同名称"), (counterparty, "合同相对方"), (lead_department, "承办部门")):
        if not value.strip():
            verdict &= Verdict.refused("field_missing", f"须填写{label}。")
    verdict.raise_if_refused()
    contract = Contract(tenant_id=uow.tenant_id, title=title.strip(), counterparty=counterparty.strip(),
                        lead_department=lead_department.strip(), oversight_deputy_user_id=oversight_deputy_user_id,
                        state="open", created_at=uow.now)
    uow.session.add(contract)
    uow.session.flush()
    uow.record("contract.register", object_type="contract", object_id=contract.id, subject=contract,
               cite=rule_cite(profile_on(uow.session, uow.tenant_id, uow.today), "contracts.required_reviews"))
    return contract


def record_review(uow: TenantWork, contract_id: int, expected_version: int, *, review: str, done_on: date,
                  evidence: str) -> Contract:
    permissions.require(uow, "decision.record_step")
    contract = get_contract(uow.session, uow.tenant_id, contract_id)
    contract.expect_version(expected_version, f"合同「{contract.title}」")
    verdict = contract_rules.check_review_record(contract_rules.ReviewRecord(review, done_on, evidence), uow.today)
    if contract.state == "signed":
        verdict &= Verdict.refused("already_signed", f"「{contract.title}」已签订，不能再补登审查。")
    if any(r.review == review for r in contract.reviews):
        verdict &= Verdict.refused("review_recorded", f"「{contract_rules.REVIEW_LABELS.get(review, review)}」已登记，不可改写。")
    verdict.raise_if_refused()
    contract.reviews.append(ContractReview(tenant_id=uow.tenant_id, review=review, done_on=done_on,
                                           evidence=evidence.strip(), recorded_by=uow.actor.label, recorded_at=uow.now))
    _touch(uow, contract)
    uow.record("contract.review", object_type="contract", object_id=contract.id, subject=contract,
               cite=rule_cite(profile_on(uow.session, uow.tenant_id, uow.today), "contracts.required_reviews"))
    return contract


def approve_contract(uow: TenantWork, contract_id: int, expected_version: int, *, meeting_kind: str, meeting_on: date,
                     meeting_ref: str = "") -> Contract:
    permissions.require(uow, "contract.manage")
    contract = get_contract(uow.session, uow.tenant_id, contract_id)
    contract.expect_version(expected_version, f"合同「{contract.title}」")
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    verdict = contract_rules.check_approval(profile, contract.state_for_rules(), meeting_kind, meeting_on)
    if contract.approved_by is not None:
        verdict &= Verdict.refused("already_approved", f"「{contract.title}」已经会议研究通过。")
    verdict.raise_if_refused()
    contract.state, contract.approved_by, contract.approved_on = "approved", meeting_kind, meeting_on
    contract.meeting_ref = meeting_ref.strip() or None
    uow.session.flush()
    uow.record("contract.approve", object_type="contract", object_id=contract.id, subject=contract, cite=rule_cite(profile, "contracts.approved_by"))
    return contract


def sign_contract(uow: TenantWork, contract_id: int, expected_version: int) -> Contract:
    """The signer signs in person: only a post the profile names (or the overseeing deputy)."""
    subject = permissions.require(uow, "contract.sign")
    contract = get_contract(uow.session, uow.tenant_id, contract_id)
    contract.expect_version(expected_version, f"合同「{contract.title}」")
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    roles = set(subject.posts)
    if contract.oversight_deputy_user_id is not None and contract.oversight_deputy_user_id == uow.actor.user_id:
        roles.add("oversight_deputy")
    contract_rules.check_signing(profile, contract.state_for_rules(), frozenset(roles),
                                 uow.today).raise_if_refused()
    contract.state, contract.signed_at = "signed", uow.now
    contract.signer_user_id, contract.signer, contract.signer_roles = uow.actor.user_id, uow.actor.label, sorted(roles)
    uow.session.flush()
    uow.record("contract.sign", object_type="contract", object_id=contract.id, subject=contract, cite=rule_cite(profile, "contracts.signers"))
    return contract


# --- for the compliance report -------------------------------------------------------------


def deviations(session: Session, tenant_id: int, start: date, end: date) -> list[dict]:
    """Decisions discussed in [start, end] whose record, replayed against the tenant's profile,
    misses a step or came from the wrong meeting; contracts signed in the period without what
    the profile requires. Each: {object_type, object_id, title, on, code, message, cite}."""
    found = []
    for decision in catalog(session, tenant_id):
        # decide() sets the meeting with the state; a record without one has nothing to replay
        meeting_kind, meeting_on = decision.meeting_kind, decision.meeting_on
        if decision.state != "decided" or meeting_kind is None or meeting_on is None or not start <= meeting_on <= end:
            continue
        profile = pinned_profile(session, decision)
        people = tuple(rules.Responsible(r.name, r.role) for r in decision.responsible)
        state = rules.DecisionState(decision.title, decision.touches_public_interest,
                                    decision.catalog_listed_on is not None, tuple(s.record() for s in decision.steps))
        verdict = rules.check_decide(profile, state, rules.Decision(meeting_kind, meeting_on, people))
        found += [deviation("major_decision", decision.id, decision.title, meeting_on, r, profile)
                  for r in verdict.reasons]
    for contract in session.execute(select(Contract).where(Contract.tenant_id == tenant_id, Contract.state == "signed")
                                    .order_by(Contract.id)).scalars():
        if contract.signed_at is None:  # sign_contract() stamps the time with the state
            continue
        signed_on = china_date(contract.signed_at)
        if not start <= signed_on <= end:
            continue
        profile = profile_on(session, tenant_id, signed_on)
        signed = contract.state_for_rules()
        unsigned = contract_rules.ContractState(signed.title, signed.reviews, signed.approved_by, signed.approved_on)
        verdict = contract_rules.check_signing(profile, unsigned, frozenset(contract.signer_roles or ()), signed_on)
        found += [deviation("contract", contract.id, contract.title, signed_on, r, profile) for r in verdict.reasons]
    return found

