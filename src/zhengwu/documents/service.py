"""Document use cases: each runs inside the caller's unit of work (one transaction), asks the
pure rules (`incoming`, `routing`, `countersign`, `signoff`, `reviews`, `instructions`) and
audits what it did with the article that decided it. Refusals raise RuleViolation, which the
unit of work rolls back and audits.

A document's trail is its audit events (object `document`, its id): every step and every
refusal, who, when, under which article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from zhengwu.calendar import china_date, default_calendar
from zhengwu.core import audit, permissions, references, serials
from zhengwu.core.errors import NotFound, PermissionDenied, StaleVersion
from zhengwu.core.paging import Page, capped_count, keyset, page_size
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.permissions import holds, member
from zhengwu.core.realdates import real_date
from zhengwu.core.tenants import Tenant, pinned_profile, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.users import Membership, User
from zhengwu.core.verdict import Reason, Verdict
from zhengwu.deadlines import service as deadlines
from zhengwu.core.deviations import deviation
from zhengwu.documents import countersign as cs
from zhengwu.documents import implementation, incoming, instructions, notify, numbering, reviews, routing, rules, signoff
from zhengwu.documents.events import INSTRUCTION_SOURCE  # noqa: F401  (how a 批示件's task is found on the ledger)
from zhengwu.documents.events import DocumentIssued, InstructionAwaitsReport, InstructionReported
from zhengwu.printing.layout import OfficialDocument
from zhengwu.documents.signoff import facts_of, own_department_document
from zhengwu.documents.models import (
    AwaitedPost,
    ChainStep,
    Circulation,
    CirculationReader,
    Clearance,
    CountersignRequest,
    Document,
    DocumentVersion,
    Filing,
    ImplementationDraft,
    Instruction,
    NumberPrefix,
    Referral,
    ReviewRecord,
    Routing,
)
from zhengwu.org import rules as org_rules
from zhengwu.org.models import Department, Post
from zhengwu.org.service import load_state
from zhengwu.rulebook import labels, provenance
from zhengwu.rulebook.signing import SigningError, Step
from zhengwu.disclosure import rules as disclosure_rules

OFFICE = org_rules.OFFICE_KINDS
LEADERS = org_rules.LEADER_KINDS
OFFICE_DIRECTORS = org_rules.OFFICE_DIRECTOR_KINDS

permissions.define("document.view", "查看公文", "本单位成员", member)
permissions.define("document.submit", "向政府报送公文", "部门主要负责人", holds("department_head"))
permissions.define("document.draft", "拟制（代拟）公文", "部门主要负责人或政府办公室", holds("department_head", *OFFICE))
permissions.define("document.handle", "办理公文（登记、退回、呈批、审改、送签、印发、备案）", "政府办公室", holds(*OFFICE))
permissions.define("document.instruct", "批示公文", "政府领导同志", holds(*LEADERS))
permissions.define("document.countersign", "会签", "部门主要负责人", holds("department_head"))
permissions.define("document.review", "记录发文前审查", "政府办公室或部门主要负责人", holds("department_head", *OFFICE))
permissions.define("document.sign", "审核、会签或签发公文", "签发规则列明的领导同志", holds(*LEADERS, *OFFICE))
permissions.define("document.clear", "授予涉密公文阅读权限", "政府首长或办公室主任（秘书长）", holds("head", *OFFICE_DIRECTORS))

audit.label(
    actions={
        "document.submit": "报送公文", "document.return": "退回公文", "document.resubmit": "修改后重新报送", "document.route": "呈批公文",
        "document.forward": "转请核批", "document.instruct": "批示", "document.report": "报告批示件办理情况",
        "document.progress": "报告批示件办理进展", "document.draft": "拟稿", "document.revise": "审改",
        "document.countersign_open": "发起会签", "document.countersign_reply": "会签回复",
        "document.countersign_disagreement": "记录会签分歧", "document.countersign_extend": "商定延长会签时限",
        "document.countersign_close": "结束会签", "document.countersign_silence": "逾期未复视为无不同意见",
        "document.send_for_signing": "送签", "document.sign_off": "签发",
        "document.open_countersign": "发起会签", "document.close_countersign": "结束会签", "document.step": "审批环节", "document.review": "记录发文前审查", "document.legality_statement": "附送合法性说明",
        "document.issue": "印发", "document.file": "备案", "document.close": "办结", "document.after_issue": "记录清理或后评估",
        "document.set_prefix": "设置机关代字", "document.name_resolution": "注明作出决定的议定事项", "document.assign_implementation": "转办上级文件（代拟实施意见）",
        "document.implementation_special": "说明特殊情况（代拟稿延长时限）", "document.clear": "授予涉密公文阅读权限",
    },
    objects={"document": "公文", "number_prefix": "发文字号前缀", "implementation_draft": "上级文件转办"},
)


# --- context --------------------------------------------------------------------------------


COUNTERSIGN_REPLY = "countersign_reply"  # deadline kinds (registered in documents/deadlines.py)
INSTRUCTION_REPORT = "instruction_report"
INCOMING_SERIES = "incoming"  # 收文编号 (core.serials)
IMPLEMENTATION_DRAFT = "implementation_draft"


def _tenant(session: Session, tenant_id: int) -> Tenant:
    return session.get(Tenant, tenant_id)


def _document(uow: TenantWork, doc_id: int, expected_version: int | None = None) -> Document:
    doc = get_in_tenant(uow.session, Document, doc_id, uow.tenant_id, "公文")
    if expected_version is not None and doc.version != expected_version:
        raise StaleVersion(f"公文「{doc.title}」", expected_version, doc.summary())
    return doc


def _transition(doc: Document, action: str) -> None:
    rules.check_transition(doc.state, action).raise_if_refused()


def _move(uow: TenantWork, doc: Document, action: str, *, cite: str | None, detail=None) -> None:
    was = doc.state
    doc.state = rules.next_state(doc.state, action)
    doc.updated_at = uow.now
    uow.session.flush()
    if "signing" in (was, doc.state):
        _refresh_awaited(uow.session, doc)
    uow.record(f"document.{action}" if not action.startswith("document.") else action, object_type="document",
               object_id=doc.id, subject=doc, cite=cite, detail=detail)


def _record(uow: TenantWork, doc: Document, action: str, *, cite: str | None, detail=None, changed=None) -> None:
    """Audit a step on the document; `changed` is the row the step wrote when it is not the
    document itself (a countersign answer, a 批示), whose before/after the event carries."""
    doc.updated_at = uow.now
    uow.session.flush()
    uow.record(action, object_type="document", object_id=doc.id, subject=changed if changed is not None else doc,
               label=doc.title, cite=cite, detail=detail)


@dataclass(frozen=True)
class Standing:
    """What a user is, for one document, today: the actor codes they hold or act in, and the
    words that say as whom they act (「区长（代行）」)."""

    capacities: frozenset[str]
    as_whom: str
    seats: tuple


def standing(session: Session, tenant: Tenant, doc: Document | None, user_id: int, at: datetime) -> Standing:
    # Who holds or acts in a post is a question of the day, under the rules in force that day.
    profile, state = profile_on(session, tenant.id, china_date(at)), load_state(session, tenant.id)
    return for_document(_standing(profile, state, user_id, at), state, doc)


def _standing(profile, state: org_rules.OrgState, user_id: int, at: datetime) -> Standing:
    """The seats the user holds or acts in at `at`, whatever the document."""
    capacities: set[str] = set()
    words = []
    seats = []
    for seat in state.seats:
        found = org_rules.authority(profile, state, seat.post_id, at)
        if found.acting_id != user_id:
            continue
        seats.append(seat)
        capacities.add(seat.kind)
        words.append(seat.title + ("（代行）" if found.is_acting else ""))
        if seat.kind in OFFICE:
            capacities.add("office")
        if seat.kind == "department_head":
            capacities.add("department")
    return Standing(org_rules.implied(capacities), "、".join(words) or "本单位成员", tuple(seats))


def for_document(me: Standing, state: org_rules.OrgState, doc: Document | None) -> Standing:
    """The standing for one document: a deputy is its overseeing deputy (or a related one) by the
    portfolios of the departments it comes from and touches. Pure, so a list of documents
    computes the user's seats once and only this per document."""
    if doc is None:
        return me
    capacities = set(me.capacities)
    for seat in me.seats:
        if seat.kind not in org_rules.DEPUTY_KINDS:
            continue
        overseer = state.overseer(doc.department_id)
        if overseer is not None and overseer.post_id == seat.post_id:
            capacities.add("oversight_deputy")
        for department_id in doc.touches_department_ids or []:
            other = state.overseer(department_id)
            if other is not None and other.post_id == seat.post_id and "oversight_deputy" not in capacities:
                capacities.add("related_deputies")
    return Standing(org_rules.implied(capacities), me.as_whom, me.seats)


def _me(uow: TenantWork, doc: Document | None = None) -> Standing:
    return standing(uow.session, _tenant(uow.session, uow.tenant_id), doc, uow.actor.user_id, uow.now)


def _department(uow: TenantWork, department_id: int) -> Department:
    return get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")


def _heads_department(me: Standing, department_id: int | None) -> bool:
    return any(s.kind == "department_head" and s.department_id == department_id for s in me.seats)


def _require_handler(uow: TenantWork, doc: Document) -> None:
    """Who sends for signing, issues and files: the office for the government's and its own
    documents; the department's head for the department's own (条例第二十二条: its own head signs)."""
    if not own_department_document(doc):
        permissions.require(uow, "document.handle")
        return
    permissions.require(uow, "document.draft")
    if not _heads_department(_me(uow, doc), doc.department_id):
        permissions.refuse("not_own_department", "部门自己的公文由本部门主要负责人送签、签发、印发和备案。",
                           f"{rules.GONGWEN}:22")


def review_flags(doc: Document) -> frozenset[str]:
    """What the document says that decides its reviews: a department's own normative document
    (reviews.DEPARTMENT_FLAGS), a 政府规章 (its reserved matter)."""
    facts = doc.facts or {}
    found = {k for k in reviews.DEPARTMENT_FLAGS if facts.get(k)}
    if facts.get("reserved_matter") == reviews.REGULATION:
        found.add(reviews.REGULATION)
    return frozenset(found)


def _require_lead(uow: TenantWork, doc: Document, message: str) -> None:
    """The drafting (lead) department or the office: a post in another unit does not reach the document."""
    me = _me(uow, doc)
    if "office" not in me.capacities and not _heads_department(me, doc.department_id):
        permissions.refuse("not_lead_department", message, None)


def _names(session: Session, ids) -> list[str]:
    if not ids:
        return []
    rows = dict(session.execute(select(Department.id, Department.name).where(Department.id.in_(list(ids)))).all())
    return [rows[i] for i in ids if i in rows]


# --- incoming: submit, return, route, instruct ---------------------------------------------


def submit_incoming(
    uow: TenantWork,
    *,
    department_id: int,
    doc_type: str,
    title: str,
    body: str,
    decision_needed_by: date | None = None,
    addressed_to: str = "office",
    exception: str | None = None,
    classification: str | None = None,
    classification_term: str | None = None,
    urgency: str | None = None,
    urgency_explained: bool = False,
    signed_by: str = "principal_head",
    principal_head_absent: bool = False,
    matter_count: int = 1,
    contains_request: bool = False,
    also_to_party_committee: bool = False,
    joint_approval: bool = False,
    touches_department_ids: tuple[int, ...] = (),
    countersigned_by_ids: tuple[int, ...] = (),
    disagreements: tuple[dict, ...] = (),
    major: bool = False,
    received_on: date | None = None,
) -> Document:
    """A department sends a 请示/报告 to the government. The incoming checks run at once; their
    reasons stay on the document for the office, which returns what does not conform.
    `received_on` is the 收文日期 of one that arrived on paper earlier (today when not given):
    the lead time and every deadline count from it."""
    permissions.require(uow, "document.submit")
    me = _me(uow)
    department = _department(uow, department_id)
    if not _heads_department(me, department_id):
        permissions.refuse("not_own_department", f"只能以本部门名义报送公文，您不是{department.name}的主要负责人。",
                        None)
    rules.check_vocabulary(doc_type, classification, classification_term, urgency).raise_if_refused()
    if not title.strip():
        Verdict.refused("missing_title", "公文标题不能为空。", f"{rules.GONGWEN}:9").raise_if_refused()
    received_on = real_date(received_on, uow.today, "收文日期")
    tenant = _tenant(uow.session, uow.tenant_id)
    # A 请示 is addressed to the government; a 主送 line the department typed is printed once.
    main_recipients, body, typed = rules.recipients_and_body(tenant.name, body)
    if not typed.ok:  # the department named the government its own way (「区政府：」): print theirs
        main_recipients, body, _ = rules.recipients_and_body("", body)
    profile = profile_on(uow.session, uow.tenant_id, received_on)
    touches = tuple(_names(uow.session, touches_department_ids))
    signed = tuple(_names(uow.session, countersigned_by_ids))
    intake = incoming.IncomingDocument(
        doc_type=doc_type, sender=department.name, sent_on=received_on, addressed_to=addressed_to, exception=exception,
        classification=classification, urgency=urgency, urgency_explained=urgency_explained,
        decision_needed_by=decision_needed_by, signed_by=signed_by, principal_head_absent=principal_head_absent,
        matter_count=matter_count, contains_request=contains_request, also_to_party_committee=also_to_party_committee,
        joint_approval=joint_approval, touches_departments=touches, countersigned_by=signed,
        disagreements=tuple(incoming.Disagreement(**d) for d in disagreements),
    )
    verdict = incoming.check_incoming(profile, intake, default_calendar())
    doc = Document(
        tenant_id=uow.tenant_id, direction="incoming", doc_type=doc_type, issuer="department", department_id=department_id,
        title=title.strip(), body=body, main_recipients=main_recipients, classification=classification,
        classification_term=classification_term, urgency=urgency, state="submitted",
        facts={"major": major}, intake=_intake_json(intake), check_reasons=[r.as_dict() for r in verdict.reasons],
        touches_department_ids=list(touches_department_ids), created_by_id=uow.actor.user_id,
        created_at=uow.now, updated_at=uow.now, received_on=received_on, profile_id=profile.id,
        register_no=numbering.register_number(
            received_on.year, serials.take(uow.session, uow.tenant_id, INCOMING_SERIES, received_on.year)),
    )
    uow.session.add(doc)
    uow.session.flush()
    _add_version(uow, doc, "报送稿")
    first = verdict.reasons[0].cite if verdict.reasons else None
    uow.record("document.submit", object_type="document", object_id=doc.id, subject=doc,
               cite=first or f"{rules.GONGWEN}:24.3", detail={"check": "合格" if verdict.ok else "不合格",
                                                              "reasons": doc.check_reasons,
                                                              "received_on": received_on.isoformat(),
                                                              "registered_on": uow.today.isoformat()})
    notify.submitted(uow, doc)
    return doc


def _intake_json(intake: incoming.IncomingDocument) -> dict:
    data = {k: v for k, v in intake.__dict__.items() if k != "disagreements"}
    data["sent_on"] = intake.sent_on.isoformat()
    data["decision_needed_by"] = intake.decision_needed_by and intake.decision_needed_by.isoformat()
    data["disagreements"] = [d.__dict__ for d in intake.disagreements]
    data["touches_departments"] = list(intake.touches_departments)
    data["countersigned_by"] = list(intake.countersigned_by)
    return data


def return_document(uow: TenantWork, *, doc_id: int, reasons: Sequence[str] = (), expected_version: int | None = None) -> Document:
    """退回: the office sends a non-conforming document back, saying why in its own words (the
    initial check's findings go with them); who returned it and when is on the trail."""
    permissions.require(uow, "document.handle")
    doc = _document(uow, doc_id, expected_version)
    _transition(doc, "return")
    profile = pinned_profile(uow.session, doc)
    typed = [r.strip() for r in reasons if r.strip()]
    rules.check_return_reason("\n".join(typed), incoming.return_cite(profile)).raise_if_refused()
    listed = [r["message"] for r in doc.check_reasons] + typed
    doc.return_reasons = doc.check_reasons + [{"code": "office", "message": r, "cite": None} for r in typed]
    _move(uow, doc, "return", cite=incoming.return_cite(profile), detail={"reasons": listed})
    notify.returned(uow, doc, listed, incoming.return_cite(profile))
    return doc


def _intake_of(doc: Document) -> incoming.IncomingDocument:
    """The incoming check's inputs as the office last saw them (the reverse of `_intake_json`)."""
    data = dict(doc.intake)
    data["sent_on"] = date.fromisoformat(data["sent_on"])
    data["decision_needed_by"] = data.get("decision_needed_by") and date.fromisoformat(data["decision_needed_by"])
    data["disagreements"] = tuple(incoming.Disagreement(**d) for d in data.get("disagreements", []))
    data["touches_departments"] = tuple(data.get("touches_departments", []))
    data["countersigned_by"] = tuple(data.get("countersigned_by", []))
    return incoming.IncomingDocument(**data)


def resubmit(
    uow: TenantWork,
    *,
    doc_id: int,
    title: str,
    body: str,
    decision_needed_by: date | None = None,
    urgency: str | None = None,
    touches_department_ids: tuple[int, ...] = (),
    countersigned_by_ids: tuple[int, ...] = (),
    major: bool = False,
    expected_version: int | None = None,
) -> Document:
    """修改后重新报送: the department revises its returned 请示/报告 and sends it again. The same
    收文 (its 收文编号 kept), checked again from the start as received today; the earlier text
    stays as a version and each submission and return stays on the trail."""
    permissions.require(uow, "document.submit")
    doc = _document(uow, doc_id, expected_version)
    me = _me(uow)
    if not _heads_department(me, doc.department_id):
        permissions.refuse("not_own_department", "只有报文部门的主要负责人可以修改后重新报送。", None)
    _transition(doc, "resubmit")
    rules.check_vocabulary(doc.doc_type, doc.classification, doc.classification_term, urgency).raise_if_refused()
    if not title.strip():
        Verdict.refused("missing_title", "公文标题不能为空。", f"{rules.GONGWEN}:9").raise_if_refused()
    tenant = _tenant(uow.session, uow.tenant_id)
    main_recipients, body, typed = rules.recipients_and_body(doc.main_recipients or tenant.name, body)
    if not typed.ok:
        main_recipients, body, _ = rules.recipients_and_body("", body)
    profile = pinned_profile(uow.session, doc)
    previous = _intake_of(doc)
    intake = incoming.IncomingDocument(**{
        **previous.__dict__, "sent_on": uow.today, "decision_needed_by": decision_needed_by, "urgency": urgency,
        "touches_departments": tuple(_names(uow.session, touches_department_ids)),
        "countersigned_by": tuple(_names(uow.session, countersigned_by_ids))})
    verdict = incoming.check_incoming(profile, intake, default_calendar())
    doc.title, doc.body, doc.main_recipients, doc.urgency = title.strip(), body, main_recipients or tenant.name, urgency
    doc.facts = {**doc.facts, "major": major}
    doc.intake = _intake_json(intake)
    doc.check_reasons = [r.as_dict() for r in verdict.reasons]
    doc.return_reasons = []  # answered by this submission; each return stays on the history
    doc.touches_department_ids = list(touches_department_ids)
    rounds = 1 + sum(1 for v in versions(uow.session, doc) if v.note.startswith("修改后重新报送"))
    _add_version(uow, doc, f"修改后重新报送稿（第{rounds}次）")
    _move(uow, doc, "resubmit", cite=verdict.reasons[0].cite if verdict.reasons else f"{rules.GONGWEN}:24.3",
          detail={"check": "合格" if verdict.ok else "不合格", "reasons": doc.check_reasons, "round": rounds})
    return doc


def submission_history(session: Session, tenant: Tenant, doc: Document) -> list[audit.AuditEvent]:
    """Each submission, return and resubmission of an incoming document, oldest first: who, when, why."""
    kept = ("document.submit", "document.return", "document.resubmit")
    return [e for e in trail(session, tenant, doc) if e.action in kept and e.outcome != "refused"]


def _portfolios(session: Session, tenant_id: int) -> tuple[dict[int, list[int]], int | None]:
    """deputy user → overseen department ids, and the head's user id."""
    state = load_state(session, tenant_id)
    by_deputy: dict[int, list[int]] = {}
    for department_id, post_id in state.portfolios:
        seat = state.seat(post_id)
        if seat is not None and seat.holder_id is not None:
            by_deputy.setdefault(seat.holder_id, []).append(department_id)
    head = next((s.holder_id for s in state.seats_of("head")), None)
    return by_deputy, head


def route(uow: TenantWork, *, doc_id: int, leader_id: int | None = None, expected_version: int | None = None) -> Document:
    """呈批: to the deputy whose portfolio covers the sender, major matters to the head."""
    permissions.require(uow, "document.handle")
    doc = _document(uow, doc_id, expected_version)
    _transition(doc, "route")
    if doc.check_reasons:
        Verdict(False, tuple(
            Reason("nonconforming_not_routed", f"不符合规定的公文应退回，不得呈批：{r['message']}", r["cite"])
            for r in doc.check_reasons)).raise_if_refused()
    profile = pinned_profile(uow.session, doc)
    portfolios, head = _portfolios(uow.session, uow.tenant_id)
    major = bool(doc.facts.get("major"))
    target = routing.route_target(profile, doc.department_id, portfolios, head, major=major)
    chosen = leader_id if leader_id is not None else target.leader
    routing.check_route(profile, target, chosen, major=major).raise_if_refused()
    _route_to(uow, doc, chosen, target.post, target.cite, "route")
    return doc


def _route_to(uow: TenantWork, doc: Document, leader_id: int, post: str, cite: str | None, action: str) -> None:
    leader = uow.session.get(User, leader_id)
    if leader is None:
        raise NotFound(f"没有编号为 {leader_id} 的领导同志。")
    doc.routed_to_id = leader_id
    uow.session.add(Routing(tenant_id=uow.tenant_id, document_id=doc.id, to_user_id=leader_id,
                            by_user_id=uow.actor.user_id, post=post, cite=cite, at=uow.now))
    _move(uow, doc, "route", cite=cite, detail={"to": leader.display_name, "as": post, "action": action})
    notify.routed(uow, doc, leader_id, cite)


def forward(uow: TenantWork, *, doc_id: int, to_user_id: int, expected_version: int | None = None) -> Document:
    """A leader forwards a routed document to another leader (转请其他领导同志核批)."""
    permissions.require(uow, "document.instruct")
    doc = _document(uow, doc_id, expected_version)
    _transition(doc, "route")
    profile = pinned_profile(uow.session, doc)
    by_portfolio = provenance.rule(profile, "documents.routing.by_portfolio")
    if doc.routed_to_id != uow.actor.user_id:
        permissions.refuse("not_routed_to_you", "只有收到呈批的领导同志可以转请其他领导核批。", by_portfolio.cite)
    _route_to(uow, doc, to_user_id, "forwarded", by_portfolio.cite, "forward")
    return doc


def instruct(
    uow: TenantWork,
    *,
    doc_id: int,
    opinion: str,
    text: str,
    asks_report: bool = False,
    handler_department_id: int | None = None,
    handler: str | None = None,
    received_on: date | None = None,
) -> Instruction:
    """批示: the routed leader's clear opinion; a 批示件 asking for a report gets its deadline,
    counted from the day the 批示件 was received (`received_on`, today unless registered late)."""
    permissions.require(uow, "document.instruct")
    doc = _document(uow, doc_id)
    _transition(doc, "instruct")
    profile = pinned_profile(uow.session, doc)
    clear = provenance.rule(profile, "documents.routing.clear_opinion_required")
    if doc.routed_to_id != uow.actor.user_id:
        permissions.refuse("not_routed_to_you", "此件未呈批给您，不能批示。", clear.cite or f"{rules.GONGWEN}:24.4")
    verdict = routing.check_instruction(profile, opinion, text)
    due = instructions.ReportDue(None, None)
    if asks_report:
        verdict &= instructions.check_handler(handler)
        if handler_department_id is None:
            verdict &= Verdict.refused("handler_department_missing", "要求报告办理结果的批示件须明确承办部门。", f"{rules.GONGWEN}:24.4")
    received_on = real_date(received_on, uow.today, "批示件收到日期")
    if asks_report:
        due = instructions.report_due(profile, received_on)
    verdict.raise_if_refused()
    row = Instruction(tenant_id=uow.tenant_id, document_id=doc.id, leader_id=uow.actor.user_id, opinion=opinion,
                      text=text.strip(), at=uow.now, asks_report=asks_report, handler_department_id=handler_department_id,
                      handler=handler, report_due=due.due, due_cite=due.cite, progress=[], received_on=received_on)
    uow.session.add(row)
    uow.session.flush()
    if due.due is not None:
        # A 批示件 awaiting a report is a task the 督查室 chases until the report arrives.
        uow.publish(InstructionAwaitsReport(tenant_id=uow.tenant_id, instruction_id=row.id, title=f"{doc.title}：{row.text}",
                                            department_id=handler_department_id, due=due.due, cite=due.cite,
                                            handler=handler))
        deadlines.schedule(uow, INSTRUCTION_REPORT, row.id, due=due.due, title=f"{doc.title}：{row.text}",
                           trail_type="document", trail_id=doc.id, cite=due.cite, start_on=received_on,
                           count=(due.due - received_on).days, unit="days")
    _record(uow, doc, "document.instruct", changed=row, cite=clear.cite or f"{rules.GONGWEN}:24.4",
            detail={"opinion": routing.OPINIONS[opinion], "text": row.text, "report_due": due.due and due.due.isoformat(),
                    "due_cite": due.cite, "handler": handler, "received_on": received_on.isoformat(),
                    "registered_on": uow.today.isoformat()})
    notify.instructed(uow, doc, handler_department_id, due.due, clear.cite or f"{rules.GONGWEN}:24.4")
    return row


def report_progress(uow: TenantWork, *, instruction_id: int, text: str, expected_version: int | None = None) -> Instruction:
    permissions.require(uow, "document.submit")
    row = _instruction(uow, instruction_id, expected_version)
    _own_handler(uow, row)
    row.progress = [*row.progress, {"on": uow.today.isoformat(), "text": text}]
    doc = _document(uow, row.document_id)
    _record(uow, doc, "document.progress", changed=row, cite=row.due_cite, detail={"text": text})
    return row


def _instruction(uow: TenantWork, instruction_id: int, expected_version: int | None) -> Instruction:
    row = get_in_tenant(uow.session, Instruction, instruction_id, uow.tenant_id, "批示件")
    if expected_version is not None:
        row.expect_version(expected_version, "批示件")
    return row


def _own_handler(uow: TenantWork, row: Instruction) -> Standing:
    me = _me(uow)
    if not _heads_department(me, row.handler_department_id):
        permissions.refuse("not_handler", "只有承办部门可以报告批示件办理情况。", row.due_cite)
    return me


def report_instruction(uow: TenantWork, *, instruction_id: int, text: str, late_explanation: str | None = None,
                       expected_version: int | None = None) -> Instruction:
    """The handler reports the result, signed by its principal head; late reports explain why."""
    permissions.require(uow, "document.submit")
    row = _instruction(uow, instruction_id, expected_version)
    me = _own_handler(uow, row)
    profile = pinned_profile(uow.session, get_in_tenant(uow.session, Document, row.document_id, uow.tenant_id, "公文"))
    instructions.check_report(profile, due=row.report_due, reported_on=uow.today, signer_capacities=set(me.capacities),
                              late_explanation=late_explanation).raise_if_refused()
    row.reported_on = uow.today
    row.report_text = text
    row.report_signer_id = uow.actor.user_id
    row.late_explanation = late_explanation
    uow.publish(InstructionReported(tenant_id=uow.tenant_id, instruction_id=row.id, report=text))
    deadlines.close(uow, INSTRUCTION_REPORT, row.id, outcome="reported_late" if uow.today > (row.report_due or uow.today) else "reported")
    doc = _document(uow, row.document_id)
    _record(uow, doc, "document.report", changed=row, cite=row.due_cite, detail={"text": text, "late_explanation": late_explanation})
    return row


# --- outgoing: drafts, revisions, countersign rounds ----------------------------------------


FACT_KEYS = ("important", "normative", "policy", "from_executive_meeting", "addressee", "matter", "proxy_draft",
             "legality_statement", "major", "resolution_id", "department_matter", "forwarding",
             # A department's own normative document (大洼 18, 大连 19, 海南区 22, 西市 32).
             *reviews.DEPARTMENT_FLAGS,
             # The matter the text reserves to the 全体会议 or 常务会议 (rules.RESERVED_MATTERS).
             "reserved_matter")


def create_draft(
    uow: TenantWork,
    *,
    issuer: str,
    doc_type: str,
    title: str,
    body: str,
    main_recipients: str = "",
    copy_to: tuple[str, ...] = (),
    attachments: tuple[str, ...] = (),
    department_id: int | None = None,
    reply_to_id: int | None = None,
    touches_department_ids: tuple[int, ...] = (),
    classification: str | None = None,
    classification_term: str | None = None,
    urgency: str | None = None,
    implementation_id: int | None = None,
    **facts,
) -> Document:
    """拟稿 / 代拟稿: the office drafts, a department drafts for the government (proxy), or a
    department drafts its own document (issuer `department`: it signs, issues and files it)."""
    permissions.require(uow, "document.draft")
    unknown = set(facts) - set(FACT_KEYS)
    if unknown:
        raise TypeError(f"unknown document facts {sorted(unknown)}")
    rules.check_vocabulary(doc_type, classification, classification_term, urgency).raise_if_refused()
    main_recipients, body, typed = rules.recipients_and_body(main_recipients, body)
    typed.raise_if_refused()
    rules.check_department_matter(profile_on(uow.session, uow.tenant_id, uow.today),
                                  department_matter=bool(facts.get("department_matter")),
                                  forwarding=bool(facts.get("forwarding"))).raise_if_refused()
    if issuer not in ("government", "office", "department"):
        Verdict.refused("invalid_issuer", "发文机关应为本级政府、政府办公室或本部门。", None).raise_if_refused()
    me = _me(uow)
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    proxy = "office" not in me.capacities and issuer != "department"
    if issuer == "department":
        if department_id is None or not _heads_department(me, department_id):
            permissions.refuse("not_own_department", "部门只能以本部门名义制发本部门的公文。", f"{rules.GONGWEN}:22")
    if proxy:
        if department_id is None or not _heads_department(me, department_id):
            permissions.refuse("not_own_department", "部门只能以本部门名义代拟文稿。", None)
        allowed = provenance.rule(profile, "documents.proxy_draft_by_department")
        facts["proxy_draft"] = True
        proxy_cite = allowed.cite
    else:
        proxy_cite = None
    if reply_to_id is not None:
        request = get_in_tenant(uow.session, Document, reply_to_id, uow.tenant_id, "公文")
        department_id = department_id or request.department_id
        # The reply touches what the request touched: other leaders' portfolios countersign it.
        touches_department_ids = touches_department_ids or tuple(request.touches_department_ids or ())
    doc = Document(
        tenant_id=uow.tenant_id, direction="outgoing", doc_type=doc_type, issuer=issuer, department_id=department_id,
        title=title.strip(), body=body, main_recipients=main_recipients, copy_to=list(copy_to),
        attachments=list(attachments), classification=classification, classification_term=classification_term,
        urgency=urgency, state="draft", facts={k: v for k, v in facts.items()}, intake={}, check_reasons=[],
        return_reasons=[], touches_department_ids=list(touches_department_ids), chain=[], reply_to_id=reply_to_id,
        created_by_id=uow.actor.user_id, created_at=uow.now, updated_at=uow.now, profile_id=profile.id,
    )
    uow.session.add(doc)
    uow.session.flush()
    _add_version(uow, doc, "代拟稿" if proxy else "拟稿")
    detail: dict = {"proxy_draft": proxy}
    if implementation_id is not None:
        detail |= _answer_implementation(uow, me, doc, implementation_id)
    uow.record("document.draft", object_type="document", object_id=doc.id, subject=doc,
               cite=proxy_cite or f"{rules.GONGWEN}:19", detail=detail)
    return doc


# --- 转办: implementation drafts of superior documents (海南区 60) ----------------------------


def _implementation(uow: TenantWork, row_id: int, expected_version: int | None = None) -> ImplementationDraft:
    row = get_in_tenant(uow.session, ImplementationDraft, row_id, uow.tenant_id, "上级文件转办事项")
    if expected_version is not None:
        row.expect_version(expected_version, "上级文件转办事项")
    return row


def _schedule_implementation(uow: TenantWork, row: ImplementationDraft) -> None:
    """The draft's due day fires by itself: 催报 before it, flagged overdue to the office after."""
    if row.due is None:
        return
    deadlines.schedule(uow, IMPLEMENTATION_DRAFT, row.id, due=row.due, title=f"《{row.title}》实施意见代拟稿",
                       trail_type="implementation_draft", trail_id=row.id, cite=row.cite, start_on=row.assigned_on)


def assign_implementation_draft(uow: TenantWork, *, title: str, issued_by: str, department_id: int,
                                superior_due: date | None = None, assigned_on: date | None = None) -> ImplementationDraft:
    """The office passes a superior document to the lead department for the implementation draft
    (转办意见): the draft is due by the text's months, or the superior document's own limit."""
    permissions.require(uow, "document.handle")
    verdict = Verdict.passed()
    for value, label in ((title, "上级文件标题"), (issued_by, "发文机关")):
        if not value.strip():
            verdict &= Verdict.refused("field_missing", f"请填写{label}。")
    on = real_date(assigned_on, uow.today, "转办日期")
    if superior_due is not None and superior_due < on:
        verdict &= Verdict.refused("superior_due_before_assignment", "上级文件明确的办理时限早于转办日期，请核对。")
    verdict.raise_if_refused()
    _department(uow, department_id)
    profile = profile_on(uow.session, uow.tenant_id, on)
    due = implementation.draft_due(profile, on, superior_due)
    row = ImplementationDraft(tenant_id=uow.tenant_id, title=title.strip(), issued_by=issued_by.strip(),
                              department_id=department_id, assigned_on=on, superior_due=superior_due, due=due.due,
                              basis=due.basis, cite=due.cite, late=False, created_by_id=uow.actor.user_id,
                              created_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
    _schedule_implementation(uow, row)
    uow.record("document.assign_implementation", object_type="implementation_draft", object_id=row.id,
               subject=row, cite=due.cite)
    return row


def claim_special_circumstance(uow: TenantWork, *, implementation_id: int, reason: str,
                               expected_version: int | None = None) -> ImplementationDraft:
    """「特殊情况不得超过2个月」: the lead department states the circumstance; the due day moves to
    the longer limit, counted from the same 转办, once."""
    permissions.require(uow, "document.draft")
    row = _implementation(uow, implementation_id, expected_version)
    if not _heads_department(_me(uow), row.department_id):
        permissions.refuse("not_lead_department", "特殊情况由牵头起草部门说明。", row.cite)
    if row.draft_id is not None:
        Verdict.refused("already_drafted", "代拟稿已上报，无需延长时限。", row.cite).raise_if_refused()
    profile = profile_on(uow.session, uow.tenant_id, row.assigned_on)
    implementation.check_special(profile, already=row.basis == "special", superior_due=row.superior_due,
                                 reason=reason).raise_if_refused()
    due = implementation.draft_due(profile, row.assigned_on, special=True)
    row.due, row.basis, row.cite, row.special_reason = due.due, due.basis, due.cite, reason.strip()
    uow.session.flush()
    _schedule_implementation(uow, row)
    uow.record("document.implementation_special", object_type="implementation_draft", object_id=row.id,
               subject=row, cite=due.cite)
    return row


def _answer_implementation(uow: TenantWork, me: Standing, doc: Document, implementation_id: int) -> dict:
    """The proxy draft answers a 转办: by its lead department, once; late is flagged, not refused."""
    row = _implementation(uow, implementation_id)
    if doc.department_id != row.department_id or not _heads_department(me, row.department_id):
        permissions.refuse("not_lead_department", "实施意见代拟稿由转办的牵头起草部门上报。", row.cite)
    if row.draft_id is not None:
        Verdict.refused("already_drafted", "该转办事项已上报代拟稿。", row.cite).raise_if_refused()
    timing = implementation.check_on_time(implementation.DraftDue(row.due, row.cite, row.basis), uow.today)
    row.draft_id, row.drafted_on, row.late = doc.id, uow.today, not timing.ok
    uow.session.flush()
    deadlines.close(uow, IMPLEMENTATION_DRAFT, row.id, outcome="reported_late" if row.late else "reported")
    uow.record("document.draft", object_type="implementation_draft", object_id=row.id, subject=row, cite=row.cite,
               detail={"reasons": [r.as_dict() for r in timing.reasons]} if row.late else None)
    return {"implementation_id": row.id, "late": [r.message for r in timing.reasons]}


def implementation_drafts(session: Session, tenant_id: int, *, after: int | None = None,
                          limit: int | None = None) -> Page:
    """The 转办 of superior documents, newest first, a page at a time."""
    query = select(ImplementationDraft).where(ImplementationDraft.tenant_id == tenant_id)
    return keyset(session, query, ImplementationDraft.id, after=after, limit=limit)


def _add_version(uow: TenantWork, doc: Document, note: str) -> DocumentVersion:
    no = (uow.session.execute(select(func.max(DocumentVersion.no)).where(DocumentVersion.document_id == doc.id))
          .scalar() or 0) + 1
    version = DocumentVersion(tenant_id=uow.tenant_id, document_id=doc.id, no=no, title=doc.title, body=doc.body,
                              note=note, author_id=uow.actor.user_id, created_at=uow.now)
    uow.session.add(version)
    return version


def revise(uow: TenantWork, *, doc_id: int, title: str, body: str, note: str = "办公室审改",
           expected_version: int | None = None) -> Document:
    """审改: the office revises a draft; each revision is kept as a version."""
    permissions.require(uow, "document.handle")
    doc = _document(uow, doc_id, expected_version)
    _transition(doc, "revise")
    _, body, typed = rules.recipients_and_body(doc.main_recipients, body)
    typed.raise_if_refused()
    doc.title, doc.body = title.strip(), body
    _add_version(uow, doc, note)
    profile = pinned_profile(uow.session, doc)
    cite = provenance.rule(profile, "documents.proxy_draft_by_department").cite or f"{rules.GONGWEN}:21"
    _move(uow, doc, "revise", cite=cite, detail={"note": note})
    return doc


def open_countersign(uow: TenantWork, *, doc_id: int, department_ids: list[int], mode: str = "parallel",
                     lead_department_due: date | None = None, expected_version: int | None = None,
                     sent_on: date | None = None) -> list[CountersignRequest]:
    """发起会签 with the departments whose powers the draft touches; each request its clock,
    from the day the draft was actually sent (`sent_on`, today unless registered late)."""
    permissions.require(uow, "document.draft")
    doc = _document(uow, doc_id, expected_version)
    _transition(doc, "open_countersign")
    me = _me(uow, doc)
    if "office" not in me.capacities and not _heads_department(me, doc.department_id):
        permissions.refuse("not_lead_department", "只有主办部门或政府办公室可以发起会签。", None)
    if mode not in cs.MODES or not department_ids:
        Verdict.refused("invalid_round", "会签须指明会签部门，方式为同时会签或依次会签。", None).raise_if_refused()
    sent_on = real_date(sent_on, uow.today, "会签送出日期")
    profile = pinned_profile(uow.session, doc)
    round_no = (uow.session.execute(select(func.max(CountersignRequest.round_no))
                                    .where(CountersignRequest.document_id == doc.id)).scalar() or 0) + 1
    requests = []
    for position, department_id in enumerate(department_ids):
        _department(uow, department_id)
        requests.append(CountersignRequest(tenant_id=uow.tenant_id, document_id=doc.id, round_no=round_no, mode=mode,
                                           position=position, department_id=department_id,
                                           lead_department_due=lead_department_due))
    uow.session.add_all(requests)
    _send_due(uow, profile, requests, sent_on)
    doc.touches_department_ids = sorted(set(doc.touches_department_ids or []) | set(department_ids))
    _move(uow, doc, "open_countersign",
          cite=provenance.rule(profile, "documents.incoming.countersign_when_touching_other_departments").cite,
          detail={"mode": cs.MODES[mode], "departments": _names(uow.session, department_ids),
                  "due": [r.due and r.due.isoformat() for r in requests], "sent_on": sent_on.isoformat(),
                  "registered_on": uow.today.isoformat()})
    return requests


def _duty_cite(profile) -> str:
    """The article that makes departments countersign what touches their powers."""
    return provenance.rule(profile, "documents.incoming.countersign_when_touching_other_departments").cite or f"{rules.GONGWEN}:24.3"


def _send_due(uow: TenantWork, profile, requests: list[CountersignRequest], sent_on: date | None = None) -> None:
    """Start the clock of each request that should now be open (all, or the next in order),
    from `sent_on` (today unless the round was sent earlier and registered late)."""
    answered = {r.department_id for r in requests if r.outcome is not None}
    mode = requests[0].mode
    to_ask = set(cs.parties_to_ask(mode, [r.department_id for r in sorted(requests, key=lambda r: r.position)], answered))
    for r in requests:
        if r.department_id in to_ask and r.sent_on is None:
            r.sent_on = sent_on or uow.today
            deadline = cs.reply_deadline(profile, r.sent_on, default_calendar(), lead_department_due=r.lead_department_due)
            r.due, r.basis, r.cite = deadline.due, deadline.basis, deadline.cite
            uow.session.flush()
            _schedule_reply(uow, r, deadline.workdays)
            notify.countersign_sent(uow, uow.session.get_one(Document, r.document_id), r)
    uow.session.flush()


def _schedule_reply(uow: TenantWork, r: CountersignRequest, workdays: int | None) -> None:
    """The reply's deadline fires by itself: 催办, then silence as consent or overdue."""
    if r.due is None:
        return
    doc = uow.session.get(Document, r.document_id)
    deadlines.schedule(uow, COUNTERSIGN_REPLY, r.id, due=r.due, cite=r.cite, trail_type="document", trail_id=doc.id,
                       title=f"{_names(uow.session, [r.department_id])[0]}会签《{doc.title}》",
                       start_on=r.sent_on, count=workdays, unit="workdays" if workdays is not None else None)


def current_round(session: Session, doc_id: int) -> list[CountersignRequest]:
    last = session.execute(select(func.max(CountersignRequest.round_no)).where(CountersignRequest.document_id == doc_id)).scalar()
    return list(session.execute(select(CountersignRequest).where(
        CountersignRequest.document_id == doc_id, CountersignRequest.round_no == last)
        .order_by(CountersignRequest.position)).scalars())


def answer_countersign(uow: TenantWork, *, request_id: int, outcome: str, opinion: str = "",
                       their_reasons: str = "", expected_version: int | None = None) -> CountersignRequest:
    """会签回复 by the asked department: agree, or disagree with its reasons."""
    permissions.require(uow, "document.countersign")
    row = _countersign_request(uow, request_id, expected_version)
    doc = _document(uow, row.document_id)
    _transition(doc, "countersign_reply")
    me = _me(uow, doc)
    if not _heads_department(me, row.department_id):
        permissions.refuse("not_asked", "此会签请求不是发给您所在部门的。", row.cite)
    if row.sent_on is None or row.outcome is not None:
        Verdict.refused("not_open", "此会签请求尚未送达或已经回复。", row.cite).raise_if_refused()
    if outcome not in ("agree", "disagree") or (outcome == "disagree" and not their_reasons.strip()):
        Verdict.refused("invalid_answer", "会签意见应为同意，或有不同意见并写明理据。", row.cite).raise_if_refused()
    row.outcome, row.opinion, row.their_reasons = outcome, opinion, their_reasons
    row.answered_at, row.answered_by_id = uow.now, uow.actor.user_id
    deadlines.close(uow, COUNTERSIGN_REPLY, row.id, outcome=outcome)
    profile = pinned_profile(uow.session, doc)
    _send_due(uow, profile, current_round(uow.session, doc.id))
    _record(uow, doc, "document.countersign_reply", cite=row.cite or _duty_cite(profile), changed=row,
            detail={"department": _names(uow.session, [row.department_id])[0], "outcome": cs.ANSWERS[outcome],
                    "opinion": opinion, "reasons": their_reasons})
    return row


def _countersign_request(uow: TenantWork, request_id: int, expected_version: int | None) -> CountersignRequest:
    row = get_in_tenant(uow.session, CountersignRequest, request_id, uow.tenant_id, "会签请求")
    if expected_version is not None:
        row.expect_version(expected_version, "会签请求")
    return row


def record_disagreement(uow: TenantWork, *, request_id: int, our_reasons: str, proposal: str,
                        expected_version: int | None = None) -> CountersignRequest:
    """The lead department lists its own reasons and a proposal beside the other side's."""
    permissions.require(uow, "document.draft")
    row = _countersign_request(uow, request_id, expected_version)
    doc = _document(uow, row.document_id)
    profile = pinned_profile(uow.session, doc)
    cite = provenance.rule(profile, "documents.incoming.disagreement_lists_reasons").cite
    me = _me(uow, doc)
    if "office" not in me.capacities and not _heads_department(me, doc.department_id):
        permissions.refuse("not_lead_department", "只有主办部门可以列明分歧并提出办理建议。", cite)
    if row.outcome != "disagree" or not our_reasons.strip() or not proposal.strip():
        Verdict.refused("disagreement_incomplete", "须对有不同意见的会签列明本方理据并提出办理建议。", cite).raise_if_refused()
    row.our_reasons, row.proposal = our_reasons, proposal
    _record(uow, doc, "document.countersign_disagreement", changed=row, cite=cite,
            detail={"department": _names(uow.session, [row.department_id])[0], "their_reasons": row.their_reasons,
                    "our_reasons": our_reasons, "proposal": proposal})
    return row


def extend_countersign(uow: TenantWork, *, request_id: int, new_due: date, agreed_by_lead: bool,
                       expected_version: int | None = None) -> CountersignRequest:
    """特殊情况不能按期回复的，与主办部门商定回复时限."""
    permissions.require(uow, "document.countersign")
    row = _countersign_request(uow, request_id, expected_version)
    doc = _document(uow, row.document_id)
    me = _me(uow, doc)
    profile = pinned_profile(uow.session, doc)
    if not _heads_department(me, row.department_id):
        permissions.refuse("not_asked", "此会签请求不是发给您所在部门的。", row.cite)
    cs.check_extension(profile, agreed_by_lead, row.due, new_due).raise_if_refused()
    deadline = cs.reply_deadline(profile, row.sent_on, default_calendar(), agreed_extension_due=new_due)
    before = row.due
    row.due, row.basis, row.cite = deadline.due, deadline.basis, deadline.cite
    _schedule_reply(uow, row, None)
    _record(uow, doc, "document.countersign_extend", changed=row, cite=deadline.cite,
            detail={"department": _names(uow.session, [row.department_id])[0], "from": before and before.isoformat(),
                    "to": new_due.isoformat()})
    return row


def record_silence(uow: TenantWork, *, doc_id: int) -> list[CountersignRequest]:
    """Silence past the deadline, recorded as consent where the profile says so (海南区 57,
    西市 29); in a sequential round the next party's clock then starts."""
    permissions.require(uow, "document.draft")
    doc = _document(uow, doc_id)
    _require_lead(uow, doc, "只有主办部门或政府办公室可以记录逾期未复视为同意。")
    _transition(doc, "countersign_reply")
    return _apply_silence(uow, doc, pinned_profile(uow.session, doc))


def _apply_silence(uow: TenantWork, doc: Document, profile) -> list[CountersignRequest]:
    deemed = []
    for r in current_round(uow.session, doc.id):
        detail = deem_consent(uow, r, profile)
        if detail is not None:
            deemed.append(r)
            uow.record("document.countersign_silence", object_type="document", object_id=doc.id,
                       cite=r.outcome_cite, detail=detail)
    return deemed


def deem_consent(uow: TenantWork, r: CountersignRequest, profile) -> dict | None:
    """One unanswered request past its deadline becomes consent where the profile says so
    (海南区 57, 西市 29; the rule is `countersign.silence`), and in a sequential round the next
    party's clock starts. Returns what the audit event says, or None when silence is not consent
    (yet, or at all). Shared by 结束会签 and the deadline processor; the caller audits."""
    if r.sent_on is None or r.outcome is not None:
        return None
    outcome = cs.silence(profile, due=r.due, today=uow.today, replied=False)
    if outcome.status != "deemed_consent":
        return None
    r.outcome, r.outcome_cite, r.answered_at = "deemed_consent", outcome.cite, uow.now
    uow.session.flush()
    deadlines.close(uow, COUNTERSIGN_REPLY, r.id, outcome="deemed_consent")
    _send_due(uow, profile, current_round(uow.session, r.document_id))
    return {"department": _names(uow.session, [r.department_id])[0], "due": r.due.isoformat()}


def close_countersign(uow: TenantWork, *, doc_id: int, expected_version: int | None = None) -> Document:
    """结束会签: silence past the deadline counts as consent where the profile says so; the
    round closes when every party has answered or a disagreement is fully recorded."""
    permissions.require(uow, "document.draft")
    doc = _document(uow, doc_id)
    _require_lead(uow, doc, "只有主办部门或政府办公室可以结束会签。")
    _document(uow, doc_id, expected_version)
    _transition(doc, "close_countersign")
    profile = pinned_profile(uow.session, doc)
    _apply_silence(uow, doc, profile)
    requests = current_round(uow.session, doc.id)
    names = dict(zip([r.department_id for r in requests], _names(uow.session, [r.department_id for r in requests]), strict=True))
    outcomes = {names[r.department_id]: r.outcome for r in requests}
    recorded = {names[r.department_id] for r in requests if r.outcome == "disagree" and r.our_reasons and r.proposal}
    cs.check_round_complete(profile, outcomes, recorded).raise_if_refused()
    _move(uow, doc, "close_countersign", cite=_duty_cite(profile),
          detail={"outcomes": {k: cs.ANSWERS.get(v, v) for k, v in outcomes.items()}})
    return doc


# --- the signing chain ----------------------------------------------------------------------


def send_for_signing(uow: TenantWork, *, doc_id: int, expected_version: int | None = None) -> Document:
    """送签: the chain the profile's signing matrix names for this document is fixed here."""
    doc = _document(uow, doc_id, expected_version)
    _require_handler(uow, doc)
    profile = pinned_profile(uow.session, doc)
    _transition(doc, "send_for_signing")
    duty = provenance.rule(profile, "documents.incoming.countersign_when_touching_other_departments")
    if doc.touches_department_ids and duty.value:
        closed = [r for r in current_round(uow.session, doc.id) if r.outcome is not None]
        # A reply to a 请示 that arrived countersigned (it passed the incoming checks) needs no new round.
        request = uow.session.get(Document, doc.reply_to_id) if doc.reply_to_id else None
        if not closed and not (request is not None and request.intake and not request.check_reasons):
            Verdict.refused("countersign_first", "文稿涉及其他部门职权，须先会签（或列明分歧）后送签。",
                            duty.cite).raise_if_refused()
    state = load_state(uow.session, uow.tenant_id)
    overseers = {state.overseer(d).post_id for d in doc.touches_department_ids or [] if state.overseer(d)}
    lead = state.overseer(doc.department_id)
    cross = bool(overseers - ({lead.post_id} if lead else set()))
    doc.facts = {**doc.facts, "cross_portfolio": cross}
    if doc.facts.get("from_executive_meeting"):
        ref = references.resolution(uow.session, uow.tenant_id, doc.facts.get("resolution_id"))
        rules.check_meeting_basis(profile, ref).raise_if_refused()
    try:
        steps = signoff.signing_chain(profile, facts_of(doc))
    except SigningError as exc:
        Verdict.refused("no_signer_in_profile", str(exc), None).raise_if_refused()
    signoff.check_holdable(profile, steps, _fillable(state, doc, cross)).raise_if_refused()
    doc.chain = [s.as_dict() for s in steps]
    first = steps[-1].cite
    _move(uow, doc, "send_for_signing", cite=first,
          detail={"chain": [f"{labels.word(s.kind)}：{signoff.posts_text(profile, s)}" for s in steps]})
    notify.awaiting_signers(uow, doc)
    return doc


def _fillable(state, doc: Document, cross: bool) -> set[str]:
    """The actor codes someone in the org fills for this document: posts held, and the
    relational roles (分管 the sending department, 有关 deputies, a deputy the head may designate)."""
    held = set(org_rules.implied(s.kind for s in state.seats if s.holder_id is not None))
    if held & set(OFFICE):
        held.add("office")
    if "department_head" in held:
        held.add("department")
    overseer = state.overseer(doc.department_id)
    if overseer is not None and overseer.holder_id is not None:
        held.add("oversight_deputy")
    if cross:
        held.add("related_deputies")
    if held & set(org_rules.DEPUTY_KINDS):
        held.add("designated_deputy")
    return held


def _refresh_awaited(session: Session, doc: Document) -> None:
    """Keep the document's awaited posts in step with its chain (none once it leaves signing)."""
    session.execute(delete(AwaitedPost).where(AwaitedPost.document_id == doc.id))
    if doc.state == "signing":
        posts = signoff.awaited_posts(chain_steps(doc), done_steps(session, doc))
        session.add_all([AwaitedPost(tenant_id=doc.tenant_id, document_id=doc.id, post=p) for p in sorted(posts)])
        session.flush()


def chain_steps(doc: Document) -> list[Step]:
    return [Step(kind=s["kind"], post=s["post"], cite=s["cite"], alternatives=tuple(s["alternatives"]),
                 condition=s["condition"], inherited_from=s["inherited_from"]) for s in doc.chain]


def done_steps(session: Session, doc: Document) -> set[str]:
    rows = session.execute(select(ChainStep.kind, ChainStep.post).where(ChainStep.document_id == doc.id)).all()
    return {f"{k}:{p}" for k, p in rows}


def take_step(uow: TenantWork, *, doc_id: int, kind: str, opinion: str = "", expected_version: int | None = None) -> Document:
    """审核 / 会签 / 签发 by whoever the chain names — or whoever acts for that post today."""
    doc = _document(uow, doc_id, expected_version)
    if own_department_document(doc):
        _require_handler(uow, doc)  # the head of *this* department signs it, not any department's
    else:
        permissions.require(uow, "document.sign")
    _transition(doc, "sign_off" if kind == "sign_off" else "review")
    profile = pinned_profile(uow.session, doc)
    me = _me(uow, doc)
    steps, done = chain_steps(doc), done_steps(uow.session, doc)
    permissions.raise_refused(signoff.check_step(profile, steps, done, kind, set(me.capacities)), signoff.ACTOR_CODES)
    if kind == "sign_off":
        matter = rules.reserved_matter(profile, issuer=doc.issuer, normative=bool(doc.facts.get("normative")),
                                       declared=doc.facts.get("reserved_matter"))
        ref = references.resolution(uow.session, uow.tenant_id, doc.facts.get("resolution_id")) if matter else None
        # The reviews the text puts before the decision come first, then the decision itself.
        verdict = reviews.check_before_sign_off(profile, issuer=doc.issuer, normative=bool(doc.facts.get("normative")),
                                                policy=bool(doc.facts.get("policy")), flags=review_flags(doc),
                                                recorded=_reviews_of(uow.session, doc))
        verdict &= rules.check_reserved_matter(profile, matter, ref)
        verdict.raise_if_refused()
    step = signoff.step_taken(steps, done, kind, set(me.capacities))
    uow.session.add(ChainStep(tenant_id=uow.tenant_id, document_id=doc.id, kind=kind, post=step.post,
                              user_id=uow.actor.user_id, capacity=me.as_whom, opinion=opinion, cite=step.cite, at=uow.now))
    uow.session.flush()
    if kind != "sign_off":  # the sign-off moves the document out of signing (_move refreshes)
        _refresh_awaited(uow.session, doc)
    detail = {"step": labels.word(kind), "as": me.as_whom, "for": signoff.posts_text(profile, step), "opinion": opinion}
    if kind == "sign_off":
        user = uow.session.get(User, uow.actor.user_id)
        doc.signer_id, doc.signer_name, doc.signed_on = user.id, user.display_name, uow.today
        _move(uow, doc, "sign_off", cite=step.cite, detail=detail)
        notify.signed(uow, doc, step.cite)
    else:
        _record(uow, doc, "document.step", cite=step.cite, detail=detail)
        notify.awaiting_signers(uow, doc)
    return doc


# --- reviews, issue, filing -----------------------------------------------------------------


def record_review(uow: TenantWork, *, doc_id: int, review: str, passed: bool, on: date | None = None,
                  period_end: date | None = None, note: str = "") -> ReviewRecord:
    doc = _document(uow, doc_id)
    profile = pinned_profile(uow.session, doc)
    need = next((r for r in reviews.required_reviews(profile, issuer=doc.issuer, normative=bool(doc.facts.get("normative")),
                                                        policy=bool(doc.facts.get("policy")), flags=review_flags(doc))
                 if r.review == review), None)
    me = _me(uow, doc)
    # The government's answer to a department's 请示 is recorded by the leader the profile names
    # (大洼 18 「事先请示区政府」), who holds no office or department post.
    if need is None or need.by not in me.capacities:
        permissions.require(uow, "document.review")
    _transition(doc, "record_review")
    if need is not None:
        drafts_it = "office" in me.capacities or _heads_department(me, doc.department_id)
        verdict = reviews.check_reviewer(profile, need, set(me.capacities), drafts_it)
        if not verdict.ok:
            raise PermissionDenied(verdict)
    row = ReviewRecord(tenant_id=uow.tenant_id, document_id=doc.id, review=review, passed=passed, on=on or uow.today,
                       period_end=period_end, by_label=me.as_whom, note=note, recorded_by_id=uow.actor.user_id)
    uow.session.add(row)
    _record(uow, doc, "document.review", changed=row, cite=need.cite if need else None,
            detail={"review": labels.word(review), "passed": passed, "period_end": period_end and period_end.isoformat(),
                    "note": note})
    return row


def name_resolution(uow: TenantWork, *, doc_id: int, resolution_id: int) -> Document:
    """The office names the meeting resolution that decided the document (a reserved matter is
    decided after the draft: 海南区 21 「经区司法局合法性审查后…提请区政府常务会议审议决定」)."""
    permissions.require(uow, "document.handle")
    doc = _document(uow, doc_id)
    if doc.state not in ("draft", "countersigning", "signing"):
        Verdict.refused("illegal_transition", "只有签发前的公文可以注明议定事项。", f"{rules.GONGWEN}:22").raise_if_refused()
    ref = references.resolution(uow.session, uow.tenant_id, resolution_id)
    if ref is None:
        raise NotFound(f"本单位没有编号为 {resolution_id} 的议定事项。")
    doc.facts = {**doc.facts, "resolution_id": resolution_id}
    profile = pinned_profile(uow.session, doc)
    matter = rules.reserved_matter(profile, issuer=doc.issuer, normative=bool(doc.facts.get("normative")),
                                   declared=doc.facts.get("reserved_matter"))
    cite = rules.reserved_cite(profile, matter) if matter else provenance.rule(profile, "meetings.major_matters_decided_by").cite
    _record(uow, doc, "document.name_resolution", cite=cite,
            detail={"resolution": ref.text, "meeting_on": ref.meeting_on.isoformat()})
    return doc


def attach_legality_statement(uow: TenantWork, *, doc_id: int, statement: str,
                              expected_version: int | None = None) -> Document:
    """The drafting department attaches the legality statement to its request to issue (海南区 57)."""
    permissions.require(uow, "document.draft")
    doc = _document(uow, doc_id, expected_version)
    me = _me(uow, doc)
    if "office" not in me.capacities and not _heads_department(me, doc.department_id):
        permissions.refuse("not_lead_department", "合法性说明由起草部门附送。", None)
    if not statement.strip():
        Verdict.refused("legality_statement_empty", "合法性说明不能为空。", None).raise_if_refused()
    doc.facts = {**doc.facts, "legality_statement": True}
    cite = provenance.rule(pinned_profile(uow.session, doc), "documents.incoming.legality_statement_attached").cite
    _record(uow, doc, "document.legality_statement", cite=cite, detail={"statement": statement})
    return doc


def _reviews_of(session: Session, doc: Document) -> dict[str, reviews.ReviewRecord]:
    rows = session.execute(select(ReviewRecord).where(ReviewRecord.document_id == doc.id).order_by(ReviewRecord.id)).scalars()
    return {r.review: reviews.ReviewRecord(r.review, r.passed, r.on, r.period_end) for r in rows}


def _number_key(issuer: str, department_id: int | None) -> str:
    """Whose numbers: the government's, its office's, or one department's own (each 代字 its own)."""
    return f"department-{department_id}" if issuer == "department" else issuer


def set_number_prefix(uow: TenantWork, *, issuer: str, prefix: str, issuer_mark: str, authority: str,
                      department_id: int | None = None) -> NumberPrefix:
    if issuer == "department":
        permissions.require(uow, "document.draft")
        if department_id is None or not _heads_department(_me(uow), department_id):
            permissions.refuse("not_own_department", "部门只能设置本部门的机关代字。", f"{rules.GONGWEN}:25.2")
    else:
        permissions.require(uow, "document.handle")
    issuer = _number_key(issuer, department_id)
    row = uow.session.execute(select(NumberPrefix).where(NumberPrefix.tenant_id == uow.tenant_id,
                                                         NumberPrefix.issuer == issuer)).scalar_one_or_none()
    if row is None:
        row = NumberPrefix(tenant_id=uow.tenant_id, issuer=issuer)
        uow.session.add(row)
    row.prefix, row.issuer_mark, row.authority = prefix.strip(), issuer_mark.strip(), authority.strip()
    uow.session.flush()
    uow.record("document.set_prefix", object_type="number_prefix", object_id=row.id,
               after={"issuer": issuer, "prefix": row.prefix, "issuer_mark": row.issuer_mark}, cite=f"{rules.GONGWEN}:25.2")
    return row


def _prefix(session: Session, tenant_id: int, issuer: str) -> NumberPrefix:
    row = session.execute(select(NumberPrefix).where(NumberPrefix.tenant_id == tenant_id,
                                                     NumberPrefix.issuer == issuer)).scalar_one_or_none()
    if row is None:
        whose = rules.ISSUERS.get(issuer.split("-")[0], issuer)
        Verdict.refused("no_prefix", f"尚未设置{whose}的机关代字，无法编发文字号。",
                        f"{rules.GONGWEN}:25.2").raise_if_refused()
    return row


def next_number(session: Session, tenant_id: int, issuer: str, year: int) -> str:
    """Take the next doc number of an issuer and year (gap-free, one at a time: core.serials)."""
    prefix = _prefix(session, tenant_id, issuer)
    return numbering.doc_number(prefix.prefix, year, serials.take(session, tenant_id, f"doc_number.{issuer}", year))


def issue(uow: TenantWork, *, doc_id: int, expected_version: int | None = None) -> Document:
    """印发: reviews recorded, legality statement attached, then the next doc number."""
    doc = _document(uow, doc_id, expected_version)
    _require_handler(uow, doc)
    _transition(doc, "issue")
    profile = pinned_profile(uow.session, doc)
    normative = bool(doc.facts.get("normative"))
    verdict = reviews.check_reviews(profile, issuer=doc.issuer, normative=normative, policy=bool(doc.facts.get("policy")),
                                    recorded=_reviews_of(uow.session, doc), signed_on=doc.signed_on, issue_on=uow.today,
                                    flags=review_flags(doc))
    verdict &= reviews.check_legality_statement(profile, normative=normative, proxy_draft=bool(doc.facts.get("proxy_draft")),
                                                attached=bool(doc.facts.get("legality_statement")))
    verdict.raise_if_refused()
    note, note_cite = reviews.consent_note(profile, doc.issuer)
    doc.doc_number = next_number(uow.session, uow.tenant_id, _number_key(doc.issuer, doc.department_id), uow.today.year)
    doc.issued_on = uow.today
    doc.annotation = note
    _move(uow, doc, "issue", cite=f"{rules.GONGWEN}:25.2",
          detail={"doc_number": doc.doc_number, "annotation": note, "annotation_cite": note_cite})
    _publish_issued(uow, profile, doc)
    if doc.reply_to_id is not None:
        request = _document(uow, doc.reply_to_id)
        if request.state == "routed":
            _move(uow, request, "close", cite=f"{rules.GONGWEN}:24.4",
                  detail={"reply": doc.doc_number})
            notify.answered(uow, request, doc)
    return doc


def _publish_issued(uow: TenantWork, profile, doc: Document) -> None:
    """An issued policy (or government document, where the text publishes those) goes to the
    disclosure queue by itself (大洼 26, 大连 27, 海南区 34, 卧龙 29): the disclosure domain
    queues it on `DocumentIssued` (a classified one recorded as withheld there), and the
    disclosure office checks confidentiality and publishes it."""
    if own_department_document(doc) and not doc.facts.get("policy"):
        return  # a department's own document is disclosed by the department, not the government's queue
    kind = "policy" if doc.facts.get("policy") else "government_document"
    needed, _ = disclosure_rules.required(profile, kind)
    uow.publish(DocumentIssued(tenant_id=uow.tenant_id, document_id=doc.id, title=doc.title, issued_on=uow.today,
                               body=doc.body, classification=doc.classification, doc_number=doc.doc_number,
                               disclosure_kind=kind if needed else None))


def file_document(uow: TenantWork, *, doc_id: int, to: list[str], expected_version: int | None = None) -> Document:
    """备案 with the bodies the profile names."""
    doc = _document(uow, doc_id, expected_version)
    _require_handler(uow, doc)
    _transition(doc, "file")
    profile = pinned_profile(uow.session, doc)
    normative = bool(doc.facts.get("normative"))
    reviews.check_filing(profile, doc.issuer, normative, set(to)).raise_if_refused()
    need = reviews.filing_rule(profile, doc.issuer, normative)
    for target in to:
        uow.session.add(Filing(tenant_id=uow.tenant_id, document_id=doc.id, to=target, filed_on=uow.today, cite=need.cite))
    _move(uow, doc, "file", cite=need.cite, detail={"to": need.labels(), "catalogue_published_by": need.catalogue_published_by})
    return doc


def record_after_issue(uow: TenantWork, *, doc_id: int, kind: str, on: date | None = None, note: str = "") -> ReviewRecord:
    """定期清理 or 实施后评估 of an issued normative document (海南区 21): clears its reminder."""
    permissions.require(uow, "document.review")
    doc = _document(uow, doc_id)
    profile = pinned_profile(uow.session, doc)
    verdict = reviews.check_after_issue(profile, kind, doc.state)
    if verdict.ok and not doc.facts.get("normative"):
        verdict = Verdict.refused("not_normative", f"{labels.word(kind)}只适用于规范性文件。",
                                  reviews.after_issue_kinds(profile)[kind])
    verdict.raise_if_refused()
    me = _me(uow, doc)
    row = ReviewRecord(tenant_id=uow.tenant_id, document_id=doc.id, review=kind, passed=True, on=on or uow.today,
                       by_label=me.as_whom, note=note, recorded_by_id=uow.actor.user_id)
    uow.session.add(row)
    _record(uow, doc, "document.after_issue", changed=row, cite=reviews.after_issue_kinds(profile)[kind],
            detail={"review": labels.word(kind), "on": row.on.isoformat(), "note": note})
    return row


def after_issue_reminders(session: Session, tenant: Tenant, on: date) -> list[reviews.Reminder]:
    """Issued normative documents due for clean-up or post-evaluation on `on`."""
    profile = profile_on(session, tenant.id, on)
    if not reviews.after_issue_kinds(profile):
        return []
    # Only the normative ones, picked out by the database (not every issued document loaded).
    docs = session.execute(select(Document.id, Document.title, Document.doc_number, Document.issuer,
                                  Document.issued_on).where(
        Document.tenant_id == tenant.id, Document.state.in_(("issued", "filed")),
        Document.issued_on.is_not(None), Document.facts["normative"].as_boolean().is_(True))).all()
    issued = [reviews.IssuedNormative(*d) for d in docs]
    done: dict[tuple[int, str], date] = {}
    rows = session.execute(select(ReviewRecord.document_id, ReviewRecord.review, ReviewRecord.on).where(
        ReviewRecord.tenant_id == tenant.id, ReviewRecord.review.in_(tuple(reviews.AFTER_ISSUE))))
    for document_id, kind, day in rows:
        done[(document_id, kind)] = max(day, done.get((document_id, kind), day))
    return reviews.after_issue_reminders(profile, issued, done, on)


def grant_clearance(uow: TenantWork, *, user_id: int, level: str) -> Clearance:
    permissions.require(uow, "document.clear")
    if level not in rules.CLASSIFICATIONS:
        Verdict.refused("unknown_classification", "密级应为秘密、机密或绝密。", rules.CLASSIFICATION_CITE).raise_if_refused()
    row = uow.session.execute(select(Clearance).where(Clearance.tenant_id == uow.tenant_id,
                                                      Clearance.user_id == user_id)).scalar_one_or_none()
    if row is None:
        row = Clearance(tenant_id=uow.tenant_id, user_id=user_id, level=level)
        uow.session.add(row)
    row.level = level
    uow.session.flush()
    uow.record("document.clear", object_type="user", object_id=user_id, after={"level": level},
               cite=rules.CLASSIFICATION_CITE)
    return row


# --- reading --------------------------------------------------------------------------------


def on_routing(session: Session, tenant: Tenant, doc: Document, user_id: int, at: datetime) -> bool:
    """The user handles this document: drafted it, heads its department, got it routed, took or
    is to take a chain step, was asked to countersign, or works in the office."""
    if doc.created_by_id == user_id or doc.routed_to_id == user_id:
        return True
    me = standing(session, tenant, doc, user_id, at)
    if "office" in me.capacities or _heads_department(me, doc.department_id):
        return True
    if session.execute(select(Routing.id).where(Routing.document_id == doc.id, Routing.to_user_id == user_id)).first():
        return True
    if session.execute(select(ChainStep.id).where(ChainStep.document_id == doc.id, ChainStep.user_id == user_id)).first():
        return True
    asked = [*session.execute(select(CountersignRequest.department_id).where(CountersignRequest.document_id == doc.id)).scalars(),
             *session.execute(select(Referral.department_id).where(Referral.document_id == doc.id)).scalars()]  # 海南区 58
    if any(_heads_department(me, d) for d in asked):
        return True
    # 传阅: a reader named in person, by post, or by unit reads what is circulated to them.
    posts = {s.post_id for s in me.seats}
    units = {s.department_id for s in me.seats if s.department_id is not None}
    readers = session.execute(select(CirculationReader.user_id, CirculationReader.post_id, CirculationReader.department_id)
                              .join(Circulation, Circulation.id == CirculationReader.circulation_id)
                              .where(Circulation.document_id == doc.id)).all()
    if any(u == user_id or p in posts or d in units for u, p, d in readers):
        return True
    return any(me.capacities & set(s.posts) for s in chain_steps(doc))


def may_read(session: Session, tenant: Tenant, doc: Document, user_id: int | None, at: datetime) -> bool:
    if doc.classification is None or user_id is None:
        return True
    row = session.execute(select(Clearance.level).where(Clearance.tenant_id == tenant.id,
                                                        Clearance.user_id == user_id)).scalar_one_or_none()
    return rules.cleared(row, doc.classification) and on_routing(session, tenant, doc, user_id, at)


def _may_read_events(session: Session, tenant_id: int, user_id: int | None, object_id: str, at: datetime) -> bool:
    doc = session.get(Document, int(object_id)) if object_id.isdigit() else None
    return doc is None or may_read(session, session.get_one(Tenant, tenant_id), doc, user_id, at)


audit.readable_by("document", _may_read_events)


def get_document(session: Session, tenant: Tenant, doc_id: int, user_id: int | None, at: datetime) -> Document:
    doc = session.get(Document, doc_id)
    # A classified document someone may not read does not exist for them.
    if doc is None or doc.tenant_id != tenant.id or not may_read(session, tenant, doc, user_id, at):
        raise NotFound(f"本单位没有编号为 {doc_id} 的公文，或您无权查看。")
    return doc


def _visible(session: Session, tenant: Tenant, docs, user_id: int | None, at: datetime) -> list[Document]:
    return [d for d in docs if may_read(session, tenant, d, user_id, at)]


def replies(session: Session, tenant: Tenant, doc: Document, user_id: int | None, at: datetime) -> list[Document]:
    """The documents answering `doc` (a 批复 to its 请示) that this user may read: a classified
    reply is as absent from the list as from its own page."""
    rows = session.execute(select(Document).where(Document.tenant_id == tenant.id, Document.reply_to_id == doc.id)
                           .order_by(Document.id)).scalars()
    return _visible(session, tenant, rows, user_id, at)


def departments(session: Session, tenant_id: int) -> list[Department]:
    """The government's departments a document may come from or go to (not the office itself)."""
    return list(session.execute(select(Department).where(Department.tenant_id == tenant_id, Department.kind != "office")
                                .order_by(Department.id)).scalars())


def members(session: Session, tenant_id: int) -> dict[int, str]:
    """Member id → display name, for naming the people on a document's trail."""
    return dict(session.execute(select(User.id, User.display_name).join(Membership, Membership.user_id == User.id)
                                .where(Membership.tenant_id == tenant_id)).all())


def _readable(session: Session, tenant: Tenant, user_id: int | None, at: datetime):
    """A filter for the documents a user may read: every unclassified one, and the classified
    ones they are cleared for and on the routing of. Without a clearance that is one query; with
    one, the classified documents (few, and never the bulk of a year) are checked one by one."""
    unclassified = Document.classification.is_(None)
    if user_id is None:
        return Document.id.is_not(None)
    known = session.info.setdefault("zhengwu.readable", {})  # a page asks for several lists
    if (tenant.id, user_id, at) not in known:
        cleared = session.execute(select(Clearance.level).where(Clearance.tenant_id == tenant.id,
                                                                Clearance.user_id == user_id)).scalar_one_or_none()
        ids = []
        if cleared is not None:
            classified = session.execute(select(Document).where(Document.tenant_id == tenant.id,
                                                                Document.classification.is_not(None))).scalars()
            ids = [d.id for d in classified if may_read(session, tenant, d, user_id, at)]
        known[(tenant.id, user_id, at)] = ids
    ids = known[(tenant.id, user_id, at)]
    return or_(unclassified, Document.id.in_(ids)) if ids else unclassified


INBOX_STATES = ("submitted", "routed", "returned", "referred")  # referred: open at a department (海南区 58)


def inbox(session: Session, tenant: Tenant, user_id: int | None, at: datetime, *, after: int | None = None,
          limit: int | None = None) -> Page[Document]:
    """The office's inbox: incoming documents still being handled, newest first."""
    query = select(Document).where(Document.tenant_id == tenant.id, Document.direction == "incoming",
                                   Document.state.in_(INBOX_STATES), _readable(session, tenant, user_id, at))
    return keyset(session, query, Document.id, after=after, limit=limit)


def documents(session: Session, tenant: Tenant, user_id: int | None, at: datetime, *, direction: str | None = None,
              state: str | None = None, doc_type: str | None = None, after: int | None = None,
              limit: int | None = None) -> Page[Document]:
    """A page of the tenant's documents the user may read, newest first, with the filters given."""
    query = select(Document).where(Document.tenant_id == tenant.id, _readable(session, tenant, user_id, at))
    for column, value in ((Document.direction, direction), (Document.state, state), (Document.doc_type, doc_type)):
        if value:
            query = query.where(column == value)
    return keyset(session, query, Document.id, after=after, limit=limit)


def sign_off_queue(session: Session, tenant: Tenant, user_id: int, at: datetime, *, after: int | None = None,
                   limit: int | None = None) -> Page[tuple[Document, Step]]:
    """The documents whose next step this user may take today (held or acting), with the step,
    oldest first. The user's seats are worked out once; the database picks the documents at
    signing that await one of their posts (indexed by tenant, post and document) — as overseeing
    deputy only those of the departments they oversee — and the chain confirms each."""
    state = load_state(session, tenant.id)
    me = _standing(profile_on(session, tenant.id, china_date(at)), state, user_id, at)
    found: list[tuple[Document, Step]] = []
    query = _sign_off_candidates(session, tenant, user_id, at, me, state)
    if query is None:  # holds and acts in no post: no chain names them
        return Page(found, None, None)
    size = page_size(limit)
    cursor, more = after, True
    while more and len(found) <= size:
        batch = keyset(session, query, Document.id, after=cursor, limit=size + 1, descending=False, count=False)
        done = _done_steps_of(session, [d.id for d in batch])
        for doc in batch:
            mine = set(for_document(me, state, doc).capacities)
            steps = chain_steps(doc)
            for kind in ("review", "countersign", "sign_off"):
                if signoff.check_step(pinned_profile(session, doc), steps, done.get(doc.id, set()), kind, mine).ok:
                    found.append((doc, signoff.step_taken(steps, done.get(doc.id, set()), kind, mine)))
                    break
        cursor, more = batch.next_after, batch.next_after is not None
    next_after = found[size - 1][0].id if len(found) > size else None
    return Page(found[:size], next_after, None)


def _sign_off_candidates(session: Session, tenant: Tenant, user_id: int, at: datetime, me: Standing,
                         state: org_rules.OrgState):
    """The documents at signing that await one of the user's posts (None: they hold none)."""
    if not me.capacities:
        return None

    def awaiting(*posts):
        return Document.id.in_(select(AwaitedPost.document_id).where(AwaitedPost.tenant_id == tenant.id,
                                                                     AwaitedPost.post.in_(posts)))

    wanted = [awaiting(*sorted(me.capacities))]
    deputy = [s.post_id for s in me.seats if s.kind in org_rules.DEPUTY_KINDS]
    if deputy:
        overseen = [d for d, p in state.portfolios if p in deputy]
        wanted.append(and_(Document.department_id.in_(overseen), awaiting("oversight_deputy")))
        wanted.append(awaiting("related_deputies"))
    return select(Document).where(Document.tenant_id == tenant.id, Document.state == "signing", or_(*wanted),
                                  _readable(session, tenant, user_id, at))


def sign_off_count(session: Session, tenant: Tenant, user_id: int, at: datetime) -> tuple[int, bool]:
    """How many documents at signing await the user's posts, counted by the database up to the
    cap (the queue's own query, without the per-document confirmation)."""
    state = load_state(session, tenant.id)
    me = _standing(profile_on(session, tenant.id, china_date(at)), state, user_id, at)
    query = _sign_off_candidates(session, tenant, user_id, at, me, state)
    return (0, False) if query is None else capped_count(session, query)


def _done_steps_of(session: Session, doc_ids: list[int]) -> dict[int, set[str]]:
    done: dict[int, set[str]] = {}
    if doc_ids:
        rows = session.execute(select(ChainStep.document_id, ChainStep.kind, ChainStep.post)
                               .where(ChainStep.document_id.in_(doc_ids)))
        for doc_id, kind, post in rows:
            done.setdefault(doc_id, set()).add(f"{kind}:{post}")
    return done


def routed_to(session: Session, tenant: Tenant, user_id: int, *, after: int | None = None,
              limit: int | None = None, count: bool = False) -> Page[Document]:
    """Incoming documents routed to this leader and awaiting them, oldest first: one they have
    instructed on (批示) is handled, and waits for the office now, not for them."""
    query = select(Document).where(Document.tenant_id == tenant.id, Document.state == "routed",
                                   Document.routed_to_id == user_id,
                                   ~select(Instruction.id).where(Instruction.document_id == Document.id,
                                                                 Instruction.leader_id == user_id).exists())
    return keyset(session, query, Document.id, after=after, limit=limit, descending=False, count=count)


@dataclass(frozen=True)
class Clock:
    request: CountersignRequest
    department: str
    status: str  # pending | replied | overdue | deemed_consent | waiting (sequential, not yet asked)
    workdays_left: int | None
    cite: str | None
    title: str = ""  # the document's, where the list spans documents


def _clocks(session: Session, tenant: Tenant, at: datetime, rows, titles: dict[int, str] | None = None) -> list[Clock]:
    day = china_date(at)
    names = dict(session.execute(select(Department.id, Department.name).where(Department.tenant_id == tenant.id)).all())
    calendar = default_calendar()
    title = (titles or {}).get
    clocks = []
    for r in rows:
        if r.sent_on is None:
            clocks.append(Clock(r, names[r.department_id], "waiting", None, None, title(r.id, "")))
            continue
        if r.outcome is not None:
            status = "deemed_consent" if r.outcome == "deemed_consent" else "replied"
            clocks.append(Clock(r, names[r.department_id], status, None, r.outcome_cite or r.cite, title(r.id, "")))
            continue
        outcome = cs.silence(pinned_profile(session, session.get(Document, r.document_id)), due=r.due, today=day, replied=False)
        left = calendar.workdays_between(day, r.due) if r.due else None
        clocks.append(Clock(r, names[r.department_id], outcome.status, left, outcome.cite or r.cite, title(r.id, "")))
    return clocks


def countersign_clocks(session: Session, tenant: Tenant, at: datetime, *, doc_id: int) -> list[Clock]:
    """Every countersign request of one document with its clock as of today."""
    # By the document alone (its tenant is the caller's to check): with the tenant beside it,
    # SQLite would walk the tenant's index over a year's requests instead of the document's.
    rows = session.execute(select(CountersignRequest).where(CountersignRequest.document_id == doc_id)
        .order_by(CountersignRequest.round_no, CountersignRequest.position)).scalars()
    return _clocks(session, tenant, at, rows)


def countersign_page(session: Session, tenant: Tenant, user_id: int | None, at: datetime, *, open_only: bool = False,
                     department_id: int | None = None, after: int | None = None,
                     limit: int | None = None) -> Page[Clock]:
    """A page of countersign requests on documents the user may read, newest first, with their
    clocks; `open_only` keeps those asked and not yet answered (the ones whose clock runs)."""
    query = (select(CountersignRequest, Document.title).join(Document, Document.id == CountersignRequest.document_id)
             .where(CountersignRequest.tenant_id == tenant.id, _readable(session, tenant, user_id, at)))
    if open_only:
        query = query.where(CountersignRequest.outcome.is_(None), CountersignRequest.sent_on.is_not(None))
    if department_id is not None:
        query = query.where(CountersignRequest.department_id == department_id)
    found = keyset(session, query, CountersignRequest.id, after=after, limit=limit, scalars=False,
                   key_of=lambda row: row[0].id)
    titles = {r.id: title for r, title in found.rows}
    return Page(_clocks(session, tenant, at, [r for r, _ in found.rows], titles), found.next_after, found.total,
                found.capped)


def trail(session: Session, tenant: Tenant, doc: Document) -> list[audit.AuditEvent]:
    """Every step and refusal on a document, oldest first."""
    return list(session.execute(select(audit.AuditEvent).where(
        audit.AuditEvent.tenant_id == tenant.id, audit.AuditEvent.object_type == "document",
        audit.AuditEvent.object_id == str(doc.id)).order_by(audit.AuditEvent.seq)).scalars())


def search(session: Session, tenant: Tenant, query: str, user_id: int | None, at: datetime, *,
           after: int | None = None, limit: int | None = None) -> Page[Document]:
    """Full-text search over titles, numbers and bodies (jieba words, all must occur), newest
    first, a page at a time; not counted (a count would read every document's text)."""
    from zhengwu.rulebook.search import tokenize

    words = [w for w in tokenize(query) if w.strip()]
    if not words:
        return Page([], None, None)
    matches = select(Document).where(Document.tenant_id == tenant.id, _readable(session, tenant, user_id, at), *[
        or_(Document.title.contains(w), Document.body.contains(w), Document.doc_number.contains(w)) for w in words
    ])
    return keyset(session, matches, Document.id, after=after, limit=limit, count=False)


def versions(session: Session, doc: Document) -> list[DocumentVersion]:
    return list(session.execute(select(DocumentVersion).where(DocumentVersion.document_id == doc.id)
                                .order_by(DocumentVersion.no)).scalars())


def instructions_of(session: Session, doc: Document) -> list[Instruction]:
    return list(session.execute(select(Instruction).where(Instruction.document_id == doc.id).order_by(Instruction.id)).scalars())


def reviews_of(session: Session, doc: Document) -> list[ReviewRecord]:
    return list(session.execute(select(ReviewRecord).where(ReviewRecord.document_id == doc.id).order_by(ReviewRecord.id)).scalars())


def filings_of(session: Session, doc: Document) -> list[Filing]:
    return list(session.execute(select(Filing).where(Filing.document_id == doc.id).order_by(Filing.id)).scalars())


def steps_of(session: Session, doc: Document) -> list[ChainStep]:
    return list(session.execute(select(ChainStep).where(ChainStep.document_id == doc.id).order_by(ChainStep.id)).scalars())


# --- the printed document -------------------------------------------------------------------


def official_document(session: Session, tenant: Tenant, doc: Document, copy_no: int | None = None) -> OfficialDocument:
    """The issued document element by element for the GB/T 9704 renderer. A classified document
    prints its 份号 (条例第九条（一）, GB/T 9704 7.2.1): the number of this printed copy."""
    if doc.state not in ("issued", "filed"):
        Verdict.refused("not_issued", "只有已印发的公文可以输出版式文件。", f"{rules.GONGWEN}:25").raise_if_refused()
    prefix = _prefix(session, tenant.id, _number_key(doc.issuer, doc.department_id))
    office = session.execute(select(NumberPrefix).where(NumberPrefix.tenant_id == tenant.id,
                                                        NumberPrefix.issuer == "office")).scalar_one_or_none()
    return OfficialDocument(
        issuer_mark=prefix.issuer_mark, doc_number=doc.doc_number, title=doc.title, main_recipients=doc.main_recipients,
        body=tuple(p.strip() for p in doc.body.splitlines() if p.strip()), issuing_authority=prefix.authority,
        date=doc.signed_on or doc.issued_on, doc_type=doc.doc_type,
        signer=doc.signer_name if doc.doc_type in ("request", "report") else None,
        classification=rules.CLASSIFICATIONS.get(doc.classification) if doc.classification else None,
        classification_term=doc.classification_term, urgency=rules.URGENCIES.get(doc.urgency) if doc.urgency else None,
        attachments=tuple(doc.attachments or ()), annotation=doc.annotation, copy_to=tuple(doc.copy_to or ()),
        printing_office=office.authority if office else prefix.authority, printing_date=doc.issued_on,
        copy_no=(copy_no or 1) if doc.classification else None,
    )


def render_docx(session: Session, tenant: Tenant, doc: Document, copy_no: int | None = None) -> bytes:
    from zhengwu.printing.docx_render import render_document_docx

    return render_document_docx(official_document(session, tenant, doc, copy_no))


def post_titles(session: Session, tenant_id: int) -> dict[int, str]:
    return dict(session.execute(select(Post.id, Post.title).where(Post.tenant_id == tenant_id)).all())


def deviations(session: Session, tenant_id: int, start: date, end: date, today: date) -> list[dict]:
    """Countersign requests due in [start, end] answered after their deadline, or unanswered
    by `today` past it (silence recorded as consent where the profile says so is an answer).
    Each: {object_type, object_id, title, on, code, message, cite}."""
    # The database keeps the candidates only — unanswered, or answered at or after the day due
    # (a timestamp on the due day compares as later than the date) — and Beijing's calendar day
    # of each answer decides below: a year's countersigns are mostly answered in time.
    query = (select(CountersignRequest, Document).join(Document, Document.id == CountersignRequest.document_id)
             .where(CountersignRequest.tenant_id == tenant_id, CountersignRequest.due.is_not(None),
                    CountersignRequest.due >= start, CountersignRequest.due <= end,
                    CountersignRequest.outcome.is_distinct_from("deemed_consent"),
                    or_(CountersignRequest.answered_at.is_(None), CountersignRequest.answered_at >= CountersignRequest.due))
             .order_by(CountersignRequest.due, CountersignRequest.id))
    names = dict(session.execute(select(Department.id, Department.name).where(Department.tenant_id == tenant_id)).all())
    found = []
    for request, doc in session.execute(query).all():
        title = doc.title
        unit = names.get(request.department_id, "")
        if request.outcome == "deemed_consent":
            continue
        if request.answered_at is not None:
            answered = china_date(request.answered_at)
            if answered <= request.due:
                continue
            message = f"{unit}会签意见应于{request.due.isoformat()}前回复，{answered.isoformat()}才回复（逾期）"
        elif today > request.due:
            message = f"{unit}会签意见应于{request.due.isoformat()}前回复，至{today.isoformat()}仍未回复"
        else:
            continue
        # The due date was set by the document's own rules version: that version judges it.
        found.append(deviation("countersign", request.id, title, request.due,
                               Reason("documents.countersign_late", message, request.cite), pinned_profile(session, doc)))
    return found
