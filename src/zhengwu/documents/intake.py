"""Incoming documents (收文): a department's 请示/报告 submitted, returned, resubmitted, routed
(呈批) and forwarded; the leader's 批示 and the handling department's reports on it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from sqlalchemy.orm import Session
from zhengwu.calendar import default_calendar
from zhengwu.core import audit, permissions, serials
from zhengwu.core.errors import NotFound
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.realdates import real_date
from zhengwu.core.tenants import Tenant, pinned_profile, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.users import User
from zhengwu.core.verdict import Reason, RuleViolation, Verdict
from zhengwu.deadlines import service as deadlines
from zhengwu.documents import incoming, instructions, notify, numbering, routing, rules
from zhengwu.documents.events import InstructionAwaitsReport, InstructionReported
from zhengwu.documents.models import Document, Instruction, Routing
from zhengwu.org.service import load_state
from zhengwu.rulebook import provenance
from zhengwu.documents.standing import (
    INCOMING_SERIES,
    INSTRUCTION_REPORT,
    Standing,
    _add_version,
    _department,
    _document,
    _heads_department,
    _me,
    _move,
    _names,
    _record,
    _tenant,
    _transition,
)
from zhengwu.documents.reading import trail, versions


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
    touches = tuple(_names(uow, touches_department_ids))
    signed = tuple(_names(uow, countersigned_by_ids))
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


def return_document(uow: TenantWork, *, doc_id: int, reasons: Sequence[str] = (), expected_version: int) -> Document:
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
    expected_version: int,
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
        "touches_departments": tuple(_names(uow, touches_department_ids)),
        "countersigned_by": tuple(_names(uow, countersigned_by_ids))})
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


def route(uow: TenantWork, *, doc_id: int, leader_id: int | None = None, expected_version: int) -> Document:
    """呈批: to the deputy whose portfolio covers the sender, major matters to the head."""
    permissions.require(uow, "document.handle")
    doc = _document(uow, doc_id, expected_version)
    _transition(doc, "route")
    if doc.check_reasons:
        Verdict(False, tuple(
            Reason("nonconforming_not_routed", f"不符合规定的公文应退回，不得呈批：{r['message']}", r["cite"])
            for r in doc.check_reasons)).raise_if_refused()
    profile = pinned_profile(uow.session, doc)
    if doc.department_id is None:  # an incoming document is always a department's (submit_incoming)
        raise RuleViolation(Verdict.refused("no_sender", "此公文没有报文部门，无法按领导分工呈批。", f"{rules.GONGWEN}:24.4"))
    portfolios, head = _portfolios(uow.session, uow.tenant_id)
    major = bool(doc.facts.get("major"))
    target = routing.route_target(profile, doc.department_id, portfolios, head, major=major)
    chosen = leader_id if leader_id is not None else target.leader
    routing.check_route(profile, target, chosen, major=major).raise_if_refused()
    if chosen is None:
        raise RuleViolation(Verdict.refused(
            "no_leader", "应呈批的政府领导同志暂缺（未配备主要负责同志或分管领导），无法呈批；请先在组织机构中配备或指定领导。",
            target.cite))
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


def forward(uow: TenantWork, *, doc_id: int, to_user_id: int, expected_version: int) -> Document:
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
    expected_version: int,
) -> Instruction:
    """批示: the routed leader's clear opinion; a 批示件 asking for a report gets its deadline,
    counted from the day the 批示件 was received (`received_on`, today unless registered late)."""
    permissions.require(uow, "document.instruct")
    doc = _document(uow, doc_id, expected_version)
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


def report_progress(uow: TenantWork, *, instruction_id: int, text: str, expected_version: int) -> Instruction:
    permissions.require(uow, "document.submit")
    row = _instruction(uow, instruction_id, expected_version)
    _own_handler(uow, row)
    row.progress = [*row.progress, {"on": uow.today.isoformat(), "text": text}]
    doc = _document(uow, row.document_id)
    _record(uow, doc, "document.progress", changed=row, cite=row.due_cite, detail={"text": text})
    return row


def _instruction(uow: TenantWork, instruction_id: int, expected_version: int) -> Instruction:
    row = get_in_tenant(uow.session, Instruction, instruction_id, uow.tenant_id, "批示件")
    row.expect_version(expected_version, "批示件")
    return row


def _own_handler(uow: TenantWork, row: Instruction) -> Standing:
    me = _me(uow)
    if not _heads_department(me, row.handler_department_id):
        permissions.refuse("not_handler", "只有承办部门可以报告批示件办理情况。", row.due_cite)
    return me


def report_instruction(uow: TenantWork, *, instruction_id: int, text: str, late_explanation: str | None = None,
                       expected_version: int) -> Instruction:
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

