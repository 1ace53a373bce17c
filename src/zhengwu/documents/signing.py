"""The signing chain: 送签 fixes it from the profile's signing matrix; 审核 / 会签 / 签发 walk it,
by whoever holds or acts for the post today."""

from __future__ import annotations

from zhengwu.core import permissions, references
from zhengwu.core.db import reading
from zhengwu.core.tenants import pinned_profile
from zhengwu.core.uow import TenantWork
from zhengwu.core.users import User
from zhengwu.core.verdict import Verdict
from zhengwu.documents import legislation, legislation_service, notify, reviews, rules, signoff
from zhengwu.documents.signoff import facts_of, own_department_document
from zhengwu.documents.models import ChainStep, Document
from zhengwu.org import rules as org_rules
from zhengwu.org.service import load_state
from zhengwu.rulebook import labels, provenance
from zhengwu.rulebook.signing import SigningError
from zhengwu.documents.standing import (
    OFFICE,
    _person,
    _document,
    _me,
    _move,
    _record,
    _require_handler,
    _reviews_of,
    _transition,
    review_flags,
)
from zhengwu.documents.chain import _refresh_awaited, chain_steps, done_steps
from zhengwu.documents.countersigning import current_round


def send_for_signing(uow: TenantWork, *, doc_id: int, expected_version: int) -> Document:
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
        legislation.check_department_agreement(profile, own_department=own_department_document(doc),
                                               answers=[r.outcome for r in closed if r.outcome]).raise_if_refused()
    state = load_state(uow.session, uow.tenant_id)
    overseers = {seat.post_id for d in doc.touches_department_ids or [] if (seat := state.overseer(d)) is not None}
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


def take_step(uow: TenantWork, *, doc_id: int, kind: str, opinion: str = "", expected_version: int) -> Document:
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
        verdict &= legislation_service.check_decided(uow.session, uow.tenant_id, profile, doc)  # 大连 18
        verdict.raise_if_refused()
    step = signoff.step_taken(steps, done, kind, set(me.capacities))
    uow.session.add(ChainStep(tenant_id=uow.tenant_id, document_id=doc.id, kind=kind, post=step.post,
                              user_id=uow.actor.user_id, capacity=me.as_whom, opinion=opinion, cite=step.cite, at=uow.now))
    if kind != "sign_off":  # the sign-off moves the document out of signing (_move refreshes)
        _refresh_awaited(uow.session, doc, was_signing=True)
    detail = {"step": labels.word(kind), "as": me.as_whom, "for": signoff.posts_text(profile, step), "opinion": opinion}
    if kind == "sign_off":
        with reading(uow.session, User, rows=True):  # by its key: the chain step waits for the step's own flush
            user = uow.session.get_one(User, _person(uow))
        doc.signer_id, doc.signer_name, doc.signed_on = user.id, user.display_name, uow.today
        _move(uow, doc, "sign_off", cite=step.cite, detail=detail)
        notify.signed(uow, doc, step.cite)
    else:
        _record(uow, doc, "document.step", cite=step.cite, detail=detail)
        notify.awaiting_signers(uow, doc)
    return doc

