"""Outgoing drafts: 拟稿 / 代拟稿 (the office's, a department's for the government, or a
department's own document) and the office's revisions (审改), each kept as a version."""

from __future__ import annotations

from zhengwu.core import permissions
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.tenants import pinned_profile
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.documents import legislation, reviews, rules
from zhengwu.documents.models import Document
from zhengwu.rulebook import provenance
from zhengwu.documents.standing import _add_version, _document, _heads_department, _me, _move, _transition
from zhengwu.documents.superior import _answer_implementation
from zhengwu.org.service import state_and_profile


FACT_KEYS = ("important", "normative", "policy", "from_executive_meeting", "addressee", "matter", "proxy_draft",
             "legality_statement", "major", "resolution_id", "department_matter", "forwarding",
             # A department's own normative document (大洼 18, 大连 19, 海南区 22, 西市 32).
             *reviews.DEPARTMENT_FLAGS,
             # The matter the text reserves to the 全体会议 or 常务会议 (rules.RESERVED_MATTERS).
             "reserved_matter",
             # A draft for a Party committee meeting or a joint Party committee document (西市 27).
             *legislation.PARTY_COMMITTEE_FLAGS)


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
    keyed: bool = True,
    **facts,
) -> Document:
    """拟稿 / 代拟稿: the office drafts, a department drafts for the government (proxy), or a
    department drafts its own document (issuer `department`: it signs, issues and files it).
    `keyed=False`: the document gets its key from the caller's next flush, not one of its own (a
    batch of drafts is written by one flush, its versions and events named by key when it is)."""
    permissions.require(uow, "document.draft")
    unknown = set(facts) - set(FACT_KEYS)
    if unknown:
        raise TypeError(f"unknown document facts {sorted(unknown)}")
    rules.check_vocabulary(doc_type, classification, classification_term, urgency).raise_if_refused()
    main_recipients, body, typed = rules.recipients_and_body(main_recipients, body)
    typed.raise_if_refused()
    # The profile in force today, kept with the org under its stamp (not the tenant's versions read again).
    profile = state_and_profile(uow.session, uow.tenant_id, uow.today)[1]
    rules.check_department_matter(profile,
                                  department_matter=bool(facts.get("department_matter")),
                                  forwarding=bool(facts.get("forwarding"))).raise_if_refused()
    if issuer not in ("government", "office", "department"):
        Verdict.refused("invalid_issuer", "发文机关应为本级政府、政府办公室或本部门。", None).raise_if_refused()
    me = _me(uow)
    legislation.check_party_committee_draft(profile, issuer=issuer, flags=frozenset(
        k for k in legislation.PARTY_COMMITTEE_FLAGS if facts.get(k))).raise_if_refused()
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
    if keyed or implementation_id is not None:  # the caller, or the implementation, names it by its key
        uow.session.flush()
    _add_version(uow, doc, "代拟稿" if proxy else "拟稿", first=True)
    detail: dict = {"proxy_draft": proxy}
    if implementation_id is not None:
        detail |= _answer_implementation(uow, me, doc, implementation_id)
    uow.record("document.draft", object_type="document", subject=doc,
               cite=proxy_cite or f"{rules.GONGWEN}:19", detail=detail)
    return doc


def revise(uow: TenantWork, *, doc_id: int, title: str, body: str, note: str = "办公室审改",
           expected_version: int) -> Document:
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

