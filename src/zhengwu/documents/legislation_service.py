"""Use cases of legislative coordination (大连 18): the legal office records a disagreement that
coordination could not settle, with each side's views and reasons and its leaning, and the draft is
then signed only after the government decided it (a deciding meeting's resolution, named on the
document, from a meeting held on or after the disagreement was recorded). See legislation.py."""

from __future__ import annotations

from sqlalchemy.orm import Session

from zhengwu.core import audit, permissions, references
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.tenants import pinned_profile
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.documents import legislation, rules
from zhengwu.documents.models import Document, ReviewRecord
from zhengwu.rulebook import labels
from zhengwu.rulebook.provenance import rule


audit.label(actions={"document.legislative_disagreement": "登记立法协调分歧"})


def _service():
    """The shared document helpers (_document, _me, _record, review_flags). Imported late: the
    signing module imports this one."""
    from zhengwu.documents import standing

    return standing


def record_disagreement(uow: TenantWork, *, doc_id: int, views: str, reasons: str, leaning: str,
                        expected_version: int) -> ReviewRecord:
    """大连 18 「市政府法制机构要列明各方理据，提出倾向性意见，及时报市政府决定」."""
    service = _service()
    doc = service._document(uow, doc_id, expected_version)
    profile = pinned_profile(uow.session, doc)
    me = service._me(uow, doc)
    capacities = set(me.capacities)
    lister = rule(profile, legislation.DISAGREEMENT_KEY).value
    if lister not in capacities:
        permissions.require(uow, "document.review")  # a stranger to the document is refused as such
    entry = legislation.DisagreementEntry(views.strip(), reasons.strip(), leaning.strip())
    verdict = legislation.check_disagreement_entry(profile, flags=service.review_flags(doc), entry=entry,
                                                   capacities=capacities)
    if not verdict.ok:
        # Nobody but the body the text names may record one (where the text names none, nobody may).
        if any(r.code in ("wrong_lister", "no_disagreement_rule") for r in verdict.reasons):
            raise PermissionDenied(verdict)
    # Who may record it is answered first: a stranger learns nothing of the draft's state.
    if doc.state not in ("draft", "countersigning", "signing"):
        Verdict.refused("illegal_transition", "只有签发前的草案可以登记立法协调分歧。",
                        rule(profile, legislation.DISAGREEMENT_KEY).cite).raise_if_refused()
    verdict.raise_if_refused()
    note = f"各方意见：{entry.views}\n各方理据：{entry.reasons}\n倾向性意见：{entry.leaning}"
    row = ReviewRecord(tenant_id=uow.tenant_id, document_id=doc.id, review=legislation.DISAGREEMENT, passed=False,
                       on=uow.today, by_label=me.as_whom, note=note, recorded_by_id=uow.actor.user_id)
    uow.session.add(row)
    cite = rule(profile, legislation.DISAGREEMENT_KEY).cite
    service._record(uow, doc, "document.legislative_disagreement", changed=row, cite=cite,
                    detail={"review": labels.word(legislation.DISAGREEMENT), "views": entry.views,
                            "reasons": entry.reasons, "leaning": entry.leaning})
    return row


def disagreement_on(session: Session, doc: Document):
    """The day the latest legislative disagreement on the document was recorded, or None."""
    # From the reviews the sign-off reads anyway (one read a transaction), not a query of its own.
    return max((r.on for r in _service().recorded_reviews(session, doc) if r.review == legislation.DISAGREEMENT),
               default=None)


def check_decided(session: Session, tenant_id: int, profile, doc: Document) -> Verdict:
    """The sign-off hook: a recorded disagreement was decided by a deciding meeting held after it."""
    recorded_on = disagreement_on(session, doc)
    if recorded_on is None:
        return Verdict.passed()
    ref = references.resolution(session, tenant_id, (doc.facts or {}).get("resolution_id"))
    decided = ref if ref is not None and ref.signed and ref.meeting_kind in rules.DECIDING_MEETINGS else None
    return legislation.check_disagreement_decided(profile, recorded_on=recorded_on,
                                                  decided_on=decided.meeting_on if decided else None)
