"""Adopting a new version of a government's rules, and moving in-flight work onto it.

A version is adopted with the day it takes effect; before adopting, the operator sees what
changes (the profiles' facts compared cite by cite) and the open objects the change touches.
A date before today (events already judged would be judged again) or the rules of another
government must be confirmed, naming what changes; both the adoption and any refusal are
audited. Objects already under way keep the version they started under (`pinned_profile`); the
office may move one onto the version in force today when its finished steps map onto the new
steps, and the move is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from zhengwu.core import audit, permissions
from zhengwu.core.errors import NotFound
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.tenants import (ProfileVersion, Tenant, add_version, check_profile, pinned_profile, profile_on, profile_versions,
                                  version_on)
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.decisions.models import MajorDecision
from zhengwu.documents import signoff
from zhengwu.documents.models import ChainStep, Document
from zhengwu.documents.signoff import facts_of
from zhengwu.meetings import rules as meeting_rules
from zhengwu.meetings.models import ConferenceRequest, Topic, TopicStep
from zhengwu.org import rules as org_rules
from zhengwu.rulebook import labels
from zhengwu.rulebook.facts import diff
from zhengwu.rulebook.profile import Profile, ProfileError, load_profile
from zhengwu.rulebook.signing import SigningError

permissions.define("versions.move", "将在办事项转用现行工作规则", "政府办公室工作人员",
                   permissions.holds(*org_rules.OFFICE_KINDS))
audit.label(actions={"versions.move": "在办事项转用现行规则"},
            objects={"topic": "议题", "document": "公文", "conference": "会议审批", "major_decision": "重大行政决策"})

# Open objects by kind: model, the states in which it is still under way, its words and page.
# (Any: four unrelated models that share the columns the queries below name.)
KINDS: dict[str, tuple[Any, tuple[str, ...], str, str]] = {
    "topic": (Topic, ("proposed", "consulting", "coordinating", "submitted", "approved"), "议题", "topics/{id}"),
    "document": (Document, ("draft", "submitted", "routed", "countersigning", "signing", "signed"), "公文",
                 "documents/{id}"),
    "conference": (ConferenceRequest, ("requested",), "会议审批", "conferences"),
    "major_decision": (MajorDecision, ("open",), "重大行政决策", "decisions/{id}"),
}


@dataclass(frozen=True)
class OpenObject:
    kind: str
    id: int
    title: str
    profile_id: str
    path: str  # under /t/<tenant>/

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][2]


def open_objects(session: Session, tenant_id: int) -> list[OpenObject]:
    """Every object still under way, with the version it runs under."""
    found = []
    for kind, (model, states, _, path) in KINDS.items():
        rows = session.execute(select(model).where(model.tenant_id == tenant_id, model.state.in_(states))
                               .order_by(model.id)).scalars()
        found += [OpenObject(kind, row.id, row.title, pinned_profile(session, row).id, path.format(id=row.id))
                  for row in rows]
    return found


@dataclass
class Plan:
    """What adopting `new` from `effective_from` would do, as the operator sees it before adopting."""

    tenant: Tenant
    profile_id: str
    effective_from: date
    today: date
    new: Profile | None = None
    replaced: ProfileVersion | None = None  # the version in force until the new one takes effect
    changes: list[dict] = field(default_factory=list)  # {"key", "old": fact, "new": fact}
    touched: list[OpenObject] = field(default_factory=list)
    verdict: Verdict = field(default_factory=Verdict.passed)  # refusals no confirmation can lift
    confirmations: list[str] = field(default_factory=list)  # what the adopter must confirm, line by line

    @property
    def retroactive(self) -> bool:
        return self.effective_from < self.today


def plan_adoption(session: Session, tenant: Tenant, profile_id: str, effective_from: date, today: date) -> Plan:
    plan = Plan(tenant, profile_id, effective_from, today)
    # A shipped profile, or one adopted from a reviewed draft (stored in the database).
    known = check_profile(session, profile_id)
    if not known.ok:
        plan.verdict = known
        return plan
    try:
        plan.new = new = load_profile(profile_id)
    except ProfileError as exc:
        plan.verdict = Verdict.refused("invalid_profile", "该规则配置有误，不能采用：" + "；".join(exc.problems))
        return plan
    history = profile_versions(session, tenant.id)
    latest = history[-1]
    plan.replaced = replaced = version_on(session, tenant.id, effective_from)
    old = replaced.profile
    verdict = Verdict.passed()
    if latest.effective_from is not None and effective_from <= latest.effective_from:
        verdict &= Verdict.refused(
            "versions.not_after_latest",
            f"新版本的施行日期须晚于本单位最近采用的版本（{labels.version_label(latest.profile)}，"
            f"自 {latest.effective_from.isoformat()} 起适用）。")
    if old.id == new.id:
        verdict &= Verdict.refused("versions.same_profile", f"{effective_from.isoformat()} 时本单位适用的已是"
                                   f"{labels.version_label(new)}。")
    if new.effective_from is not None and effective_from < new.effective_from:
        verdict &= Verdict.refused(
            "versions.before_text",
            f"{labels.version_label(new)}自 {new.effective_from.isoformat()} 起施行，不能自更早的"
            f" {effective_from.isoformat()} 起适用。", new.cite(new.repeals) if new.repeals else None)
    plan.verdict = verdict
    if not verdict.ok:
        return plan
    plan.changes = [{"key": row["key"], "old": row[old.id], "new": row[new.id]} for row in diff(old, new)]
    plan.touched = [o for o in open_objects(session, tenant.id) if o.profile_id != new.id]
    if plan.retroactive:
        plan.confirmations.append(
            f"追溯适用：施行日期 {effective_from.isoformat()} 早于今天（{today.isoformat()}），"
            f"{effective_from.isoformat()} 以来已发生的事项（报告时限、会议频次、公开期限、合规报告等）"
            f"将改按{labels.version_label(new)}判定，共 {len(plan.changes)} 项规定不同。")
    if new.name != old.name:
        plan.confirmations.append(
            f"另一政府的规则：{labels.version_label(new)}是{new.name}的工作规则，本单位（{tenant.name}）"
            f"现行的是{labels.version_label(old)}；采用后本单位的事项按{new.name}的规定办理，"
            f"共 {len(plan.changes)} 项规定不同。")
    return plan


def adopt_profile(uow: TenantWork, tenant: Tenant, profile_id: str, effective_from: date, *,
                  confirmed: bool, expected_version: int) -> ProfileVersion:
    """Add a version to the tenant's history, in force from `effective_from` (audited on the
    platform chain and the tenant's chain, with what was confirmed)."""
    tenant.expect_version(expected_version, f"租户「{tenant.name}」")
    plan = plan_adoption(uow.session, tenant, profile_id, effective_from, uow.today)
    plan.verdict.raise_if_refused()
    if plan.confirmations and not confirmed:
        Verdict.refused("versions.confirmation_required",
                        "须经确认方可采用：" + "；".join(plan.confirmations)).raise_if_refused()
    new, replaced = plan.new, plan.replaced
    assert new is not None and replaced is not None  # a plan that passed names both (plan_adoption)
    before = tenant.summary()
    version = ProfileVersion(
        tenant_id=tenant.id, profile_id=new.id, effective_from=effective_from,
        repeals=new.repeals.value if new.repeals else None,
        repeals_cite=new.cite(new.repeals) if new.repeals else None,
        adopted_at=uow.now, adopted_by=uow.actor.label, confirmed=plan.confirmations or None)
    add_version(uow.session, version)
    tenant.profile_id = new.id
    flag_modified(tenant, "profile_id")  # a new version always bumps the tenant's version
    uow.session.flush()
    detail = {"effective_from": effective_from.isoformat(), "replaces": replaced.profile_id,
              "retroactive": plan.retroactive, "confirmed": plan.confirmations,
              "changes": [c["key"] for c in plan.changes],
              "touched": [{"kind": o.kind, "id": o.id, "title": o.title} for o in plan.touched]}
    for chain_tenant in (None, tenant.id):
        uow.record("tenant.adopt_profile", object_type="tenant", object_id=tenant.slug, before=before,
                   after={**tenant.summary(), "adopted": version.summary()}, tenant_id=chain_tenant,
                   cite=version.repeals_cite, detail=detail)
    return version


# --- in-flight objects ------------------------------------------------------------------------


def _object(session: Session, tenant_id: int, kind: str, object_id: int):
    if kind not in KINDS:
        raise NotFound("没有这类在办事项。")
    model, states, what, _ = KINDS[kind]
    return get_in_tenant(session, model, object_id, tenant_id, what)


def mapping(session: Session, kind: str, row, old: Profile, new: Profile) -> Verdict:
    """Can the finished steps of `row` be carried onto `new`'s steps? Refused naming the steps
    that have no place in the new version."""
    if kind == "topic":
        if row.meeting_kind not in meeting_rules.meeting_types(new):
            return Verdict.refused("versions.unmapped", f"新版本没有「{labels.word(row.meeting_kind)}」这种会议。")
        done = [(s.action, s.by) for s in session.execute(
            select(TopicStep).where(TopicStep.topic_id == row.id).order_by(TopicStep.position)).scalars()]
        steps = [(s.action, s.by) for s in meeting_rules.pipeline_steps(new, row.meeting_kind)]
        return _prefix(done, steps, labels.titles(old))
    if kind == "conference":
        done = [(s.action, s.by) for s in meeting_rules.conference_chain(old)[:row.steps_done]]
        return _prefix(done, [(s.action, s.by) for s in meeting_rules.conference_chain(new)], labels.titles(old))
    if kind == "document" and row.state == "signing":
        try:
            keys = {signoff.step_key(s) for s in signoff.signing_chain(new, facts_of(row))}
        except SigningError as exc:
            return Verdict.refused("versions.unmapped", str(exc))
        signed = session.execute(select(ChainStep.kind, ChainStep.post).where(ChainStep.document_id == row.id)).all()
        missing = [f"{labels.post(p, labels.titles(old))}{labels.word(k)}" for k, p in signed if f"{k}:{p}" not in keys]
        if missing:
            return Verdict.refused("versions.unmapped", f"已完成的「{'、'.join(missing)}」在新版本的签批流程中没有对应步骤。")
    return Verdict.passed()


def _prefix(done: list[tuple[str, str]], steps: list[tuple[str, str]], titles: dict[str, str]) -> Verdict:
    words = lambda pairs: "、".join(f"{labels.post(by, titles)}{labels.word(action)}" for action, by in pairs)  # noqa: E731
    if done == steps[:len(done)]:
        return Verdict.passed()
    return Verdict.refused("versions.unmapped", f"已完成的步骤（{words(done)}）与新版本的流程（{words(steps) or '无'}）"
                                                f"前段不一致，不能转用。")


def pinned_view(session: Session, row, today: date) -> dict:
    """What an object's page shows: the version it runs under and, while it is under way and a
    newer version is in force, that version and whether the office may move it there."""
    old, current = pinned_profile(session, row), profile_on(session, row.tenant_id, today)
    kind = next(k for k, (model, *_) in KINDS.items() if isinstance(row, model))
    view: dict[str, Any] = {"label": labels.version_label(old), "current": None, "movable": None}
    if old.id != current.id and row.state in KINDS[kind][1]:
        verdict = mapping(session, kind, row, old, current)
        view["current"] = labels.version_label(current)
        view["movable"] = verdict.ok
        view["reasons"] = [r.message for r in verdict.reasons]
    return view


def move_to_current(uow: TenantWork, kind: str, object_id: int, expected_version: int):
    """Move an object under way onto the version in force today (the office, audited)."""
    permissions.require(uow, "versions.move")
    row = _object(uow.session, uow.tenant_id, kind, object_id)
    row.expect_version(expected_version, f"{KINDS[kind][2]}「{row.title}」")
    if row.state not in KINDS[kind][1]:
        Verdict.refused("versions.not_open", f"{KINDS[kind][2]}「{row.title}」已办结，仍按原规则存档。").raise_if_refused()
    old, new = pinned_profile(uow.session, row), profile_on(uow.session, uow.tenant_id, uow.today)
    if old.id == new.id:
        Verdict.refused("versions.already_current",
                        f"{KINDS[kind][2]}「{row.title}」适用的已是现行的{labels.version_label(new)}。").raise_if_refused()
    mapping(uow.session, kind, row, old, new).raise_if_refused()
    before = {"profile_id": old.id, "state": row.state}
    row.profile_id = new.id
    if kind == "topic" and row.state in ("submitted", "approved"):
        # Approved only when the new version asks nothing more of it; otherwise its next step waits.
        complete = row.steps_done >= len(meeting_rules.pipeline_steps(new, row.meeting_kind))
        row.state = "approved" if complete else "submitted"
    if kind == "conference" and row.steps_done >= len(meeting_rules.conference_chain(new)):
        row.state = "approved"
    if kind == "document" and row.state == "signing":
        row.chain = [s.as_dict() for s in signoff.signing_chain(new, facts_of(row))]
    uow.session.flush()
    uow.record("versions.move", object_type=kind, object_id=row.id,
               before=before, after={"profile_id": new.id, "state": row.state},
               detail={"from": labels.version_label(old), "to": labels.version_label(new)})
    return row
