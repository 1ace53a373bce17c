"""Countersign rounds (会签): opened with the departments a draft touches, each request on its
clock; answers, disagreements, agreed extensions, silence deemed consent, the round closed —
and the late answers the compliance report lists."""

from __future__ import annotations

from datetime import date
from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session
from zhengwu.calendar import china_date, default_calendar
from zhengwu.core import permissions
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.realdates import real_date
from zhengwu.core.tenants import pinned_profile
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Reason, RuleViolation, Verdict
from zhengwu.deadlines import service as deadlines
from zhengwu.core.deviations import deviation
from zhengwu.documents import countersign as cs
from zhengwu.core.db import reading
from zhengwu.documents import held, notify, rules
from zhengwu.documents.models import CountersignRequest, Document
from zhengwu.org.models import Department
from zhengwu.rulebook import provenance
from zhengwu.documents.standing import (
    COUNTERSIGN_REPLY,
    _document,
    _heads_department,
    _me,
    _move,
    _names,
    _own_names,
    _record,
    _require_lead,
    _transition,
)


def open_countersign(uow: TenantWork, *, doc_id: int, department_ids: list[int], mode: str = "parallel",
                     lead_department_due: date | None = None, expected_version: int,
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
    round_no = max((r.round_no for r in current_round(uow.session, doc.id)), default=0) + 1
    names = _own_names(uow, department_ids)
    requests = []
    for position, department_id in enumerate(department_ids):
        requests.append(CountersignRequest(tenant_id=uow.tenant_id, document_id=doc.id, round_no=round_no, mode=mode,
                                           position=position, department_id=department_id,
                                           lead_department_due=lead_department_due))
    uow.session.add_all(requests)
    _send_due(uow, profile, requests, sent_on)
    doc.touches_department_ids = sorted(set(doc.touches_department_ids or []) | set(department_ids))
    _move(uow, doc, "open_countersign",
          cite=provenance.rule(profile, "documents.incoming.countersign_when_touching_other_departments").cite,
          detail={"mode": cs.MODES[mode], "departments": names,
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
    sent = []
    for r in requests:
        if r.department_id in to_ask and r.sent_on is None:
            r.sent_on = sent_on or uow.today
            deadline = cs.reply_deadline(profile, r.sent_on, default_calendar(), lead_department_due=r.lead_department_due)
            r.due, r.basis, r.cite = deadline.due, deadline.basis, deadline.cite
            sent.append((r, deadline.workdays))
    if any(r.due is not None and r.id is None for r, _ in sent):
        uow.session.flush()  # once for the round: a deadline is kept under its request's id
    for r, workdays in sent:
        _schedule_reply(uow, r, workdays)
        notify.countersign_sent(uow, uow.session.get_one(Document, r.document_id), r)


def _schedule_reply(uow: TenantWork, r: CountersignRequest, workdays: int | None) -> None:
    """The reply's deadline fires by itself: 催办, then silence as consent or overdue."""
    if r.due is None:
        return
    doc = uow.session.get_one(Document, r.document_id)
    deadlines.schedule(uow, COUNTERSIGN_REPLY, r.id, due=r.due, cite=r.cite, trail_type="document", trail_id=doc.id,
                       title=f"{_names(uow, [r.department_id])[0]}会签《{doc.title}》",
                       start_on=r.sent_on, count=workdays, unit="workdays" if workdays is not None else None)


# Every round of the documents asked about, built once: the last of each is kept (rounds are few).
_ROUNDS = (select(CountersignRequest).where(CountersignRequest.document_id.in_(bindparam("ids", expanding=True)))
           .order_by(CountersignRequest.document_id, CountersignRequest.round_no, CountersignRequest.position))


def last_rounds(session: Session, doc_ids: list[int]) -> dict[int, list[CountersignRequest]]:
    """Each document's last countersign round (none: an empty list), as documents/held.py reads them."""
    found: dict[int, list[CountersignRequest]] = {doc_id: [] for doc_id in doc_ids}
    with reading(session, CountersignRequest, rows=True, of=("document_id", doc_ids)):  # by document and round, which never change
        for row in session.execute(_ROUNDS, {"ids": doc_ids}).scalars():
            kept = found[row.document_id]
            if kept and kept[0].round_no != row.round_no:
                kept.clear()
            kept.append(row)
    return found


def current_round(session: Session, doc_id: int) -> list[CountersignRequest]:
    """The document's last round, read once a transaction (结束会签 and 送签 both ask; documents/held.py):
    its rows are the session's, so an answer given since is seen."""
    rows: list[CountersignRequest] = held.once(session, CountersignRequest, doc_id, last_rounds)
    return list(rows)


def answer_countersign(uow: TenantWork, *, request_id: int, outcome: str, opinion: str = "",
                       their_reasons: str = "", expected_version: int) -> CountersignRequest:
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
    if row.due is not None:  # a request without a due date never had a clock (_schedule_reply): none to stop
        deadlines.close(uow, COUNTERSIGN_REPLY, row.id, outcome=outcome)
    profile = pinned_profile(uow.session, doc)
    _send_due(uow, profile, current_round(uow.session, doc.id))
    _record(uow, doc, "document.countersign_reply", cite=row.cite or _duty_cite(profile), changed=row,
            detail={"department": _names(uow, [row.department_id])[0], "outcome": cs.ANSWERS[outcome],
                    "opinion": opinion, "reasons": their_reasons})
    return row


def _countersign_request(uow: TenantWork, request_id: int, expected_version: int) -> CountersignRequest:
    row = get_in_tenant(uow.session, CountersignRequest, request_id, uow.tenant_id, "会签请求")
    row.expect_version(expected_version, "会签请求")
    return row


def record_disagreement(uow: TenantWork, *, request_id: int, our_reasons: str, proposal: str,
                        expected_version: int) -> CountersignRequest:
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
            detail={"department": _names(uow, [row.department_id])[0], "their_reasons": row.their_reasons,
                    "our_reasons": our_reasons, "proposal": proposal})
    return row


def extend_countersign(uow: TenantWork, *, request_id: int, new_due: date, agreed_by_lead: bool,
                       expected_version: int) -> CountersignRequest:
    """特殊情况不能按期回复的，与主办部门商定回复时限."""
    permissions.require(uow, "document.countersign")
    row = _countersign_request(uow, request_id, expected_version)
    doc = _document(uow, row.document_id)
    me = _me(uow, doc)
    profile = pinned_profile(uow.session, doc)
    if not _heads_department(me, row.department_id):
        permissions.refuse("not_asked", "此会签请求不是发给您所在部门的。", row.cite)
    if row.sent_on is None:
        raise RuleViolation(Verdict.refused("not_open", "此会签请求尚未送达，没有可以延长的回复时限。", row.cite))
    cs.check_extension(profile, agreed_by_lead, row.due, new_due).raise_if_refused()
    deadline = cs.reply_deadline(profile, row.sent_on, default_calendar(), agreed_extension_due=new_due)
    before = row.due
    row.due, row.basis, row.cite = deadline.due, deadline.basis, deadline.cite
    _schedule_reply(uow, row, None)
    _record(uow, doc, "document.countersign_extend", changed=row, cite=deadline.cite,
            detail={"department": _names(uow, [row.department_id])[0], "from": before and before.isoformat(),
                    "to": new_due.isoformat()})
    return row


def record_silence(uow: TenantWork, *, doc_id: int, expected_version: int) -> list[CountersignRequest]:
    """Silence past the deadline, recorded as consent where the profile says so (海南区 57,
    西市 29); in a sequential round the next party's clock then starts. (The deadline processor
    deems silence by itself through `deem_consent`, with no user's version.)"""
    permissions.require(uow, "document.draft")
    doc = _document(uow, doc_id, expected_version)
    _require_lead(uow, doc, "只有主办部门或政府办公室可以记录逾期未复视为同意。")
    _transition(doc, "countersign_reply")
    return _apply_silence(uow, doc, pinned_profile(uow.session, doc))


def _apply_silence(uow: TenantWork, doc: Document, profile,
                   requests: list[CountersignRequest] | None = None) -> list[CountersignRequest]:
    deemed = []
    for r in current_round(uow.session, doc.id) if requests is None else requests:
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
    if r.sent_on is None or r.outcome is not None or r.due is None:
        return None  # not asked yet, answered, or without a deadline: no silence to deem
    outcome = cs.silence(profile, due=r.due, today=uow.today, replied=False)
    if outcome.status != "deemed_consent":
        return None
    r.outcome, r.outcome_cite, r.answered_at = "deemed_consent", outcome.cite, uow.now
    uow.session.flush()
    deadlines.close(uow, COUNTERSIGN_REPLY, r.id, outcome="deemed_consent")
    _send_due(uow, profile, current_round(uow.session, r.document_id))
    return {"department": _names(uow, [r.department_id])[0], "due": r.due.isoformat()}


def close_countersign(uow: TenantWork, *, doc_id: int, expected_version: int) -> Document:
    """结束会签: silence past the deadline counts as consent where the profile says so; the
    round closes when every party has answered or a disagreement is fully recorded."""
    permissions.require(uow, "document.draft")
    doc = _document(uow, doc_id)
    _require_lead(uow, doc, "只有主办部门或政府办公室可以结束会签。")
    _document(uow, doc_id, expected_version)
    _transition(doc, "close_countersign")
    profile = pinned_profile(uow.session, doc)
    # The round's requests, read once: deeming silence changes them, never which they are.
    requests = current_round(uow.session, doc.id)
    _apply_silence(uow, doc, profile, requests)
    names = dict(zip([r.department_id for r in requests], _names(uow, [r.department_id for r in requests]), strict=True))
    outcomes = {names[r.department_id]: r.outcome for r in requests}
    recorded = {names[r.department_id] for r in requests if r.outcome == "disagree" and r.our_reasons and r.proposal}
    cs.check_round_complete(profile, outcomes, recorded).raise_if_refused()
    answered = {k: v for k, v in outcomes.items() if v is not None}  # every party, once the round is complete
    _move(uow, doc, "close_countersign", cite=_duty_cite(profile),
          detail={"outcomes": {k: cs.ANSWERS.get(v, v) for k, v in answered.items()}})
    return doc


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
        due = request.due  # the query keeps the requests with a due day
        if due is None or request.outcome == "deemed_consent":
            continue
        if request.answered_at is not None:
            answered = china_date(request.answered_at)
            if answered <= due:
                continue
            message = f"{unit}会签意见应于{due.isoformat()}前回复，{answered.isoformat()}才回复（逾期）"
        elif today > due:
            message = f"{unit}会签意见应于{due.isoformat()}前回复，至{today.isoformat()}仍未回复"
        else:
            continue
        # The due date was set by the document's own rules version: that version judges it.
        found.append(deviation("countersign", request.id, title, due,
                               Reason("documents.countersign_late", message, request.cite), pinned_profile(session, doc)))
    return found

