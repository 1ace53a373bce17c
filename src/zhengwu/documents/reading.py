"""Reading documents: who may read one (on its routing, cleared for its classification), the
lists, queues and countersign clocks a page shows, a document's trail, and search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session
from zhengwu.calendar import china_date, default_calendar
from zhengwu.core import audit, permissions
from zhengwu.core.errors import NotFound
from zhengwu.core.paging import Page, capped_count, keyset, page_size
from zhengwu.core.tenants import Tenant, pinned_profile, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.users import Membership, User
from zhengwu.core.verdict import Verdict
from zhengwu.documents import countersign as cs
from zhengwu.documents import rules, signoff
from zhengwu.documents import words as doc_words
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
    Instruction,
    Referral,
    ReviewRecord,
    Routing,
)
from zhengwu.org import rules as org_rules
from zhengwu.org.models import Department, Post
from zhengwu.org.service import load_state
from zhengwu.rulebook.signing import Step
from zhengwu.documents.standing import Standing, _heads_department, _standing, for_document, standing
from zhengwu.documents.chain import chain_steps, done_texts, steps_taken


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


def _events_readable(session: Session, tenant_id: int, user_id: int | None, object_ids: list[str], at: datetime) -> set[str]:
    """Of the documents an audit page's events are about, those the user may read (a document no
    longer there is, as its events say all that is left of it): one statement for the page."""
    numbered = [int(object_id) for object_id in object_ids if object_id.isdigit()]
    hidden = set(session.execute(select(Document.id).where(
        Document.id.in_(numbered), ~_readable(session, session.get_one(Tenant, tenant_id), user_id, at))).scalars()) if numbered else set()
    return {object_id for object_id in object_ids if not (object_id.isdigit() and int(object_id) in hidden)}


audit.readable_by("document", _events_readable)


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
                   limit: int | None = None, count: bool = False) -> Page[tuple[Document, Step]]:
    """The documents whose next step this user may take today (held or acting), with the step,
    oldest first. The user's seats are worked out once; the database picks the documents at
    signing that await one of their posts (indexed by tenant, post and document) — as overseeing
    deputy only those of the departments they oversee — and the chain confirms each.
    `count`: the page's total is the database's count of the candidates up to the cap (without
    the per-document confirmation; a candidate the chain does not confirm is rare)."""
    state = load_state(session, tenant.id)
    me = _standing(profile_on(session, tenant.id, china_date(at)), state, user_id, at)
    found: list[tuple[Document, Step]] = []
    query = _sign_off_candidates(session, tenant, user_id, at, me, state)
    if query is None:  # holds and acts in no post: no chain names them
        return Page(found, None, 0 if count else None)
    total, capped = capped_count(session, query) if count else (None, False)
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
    return Page(found[:size], next_after, total, capped)


LISTED_AWAITING = 2000  # documents awaiting the user's posts up to which the database lists them first


def _sign_off_candidates(session: Session, tenant: Tenant, user_id: int, at: datetime, me: Standing,
                         state: org_rules.OrgState):
    """The documents at signing that await one of the user's posts (None: they hold none).

    Two ways to the same rows, chosen by how many documents await the posts (counted up to
    LISTED_AWAITING on the covering index): few, and the database lists them once and keeps the
    documents in the list (`id IN (…)`); many — at a million documents, 100,000 await 办公室主任
    — and listing them all is most of the page, so each document at signing, in id order, is
    checked against the index instead (`EXISTS`) and the walk stops with the page. Those
    documents are then at least one in fifty of the documents at signing."""
    if not me.capacities:
        return None
    deputy = [s.post_id for s in me.seats if s.kind in org_rules.DEPUTY_KINDS]
    posts = sorted(me.capacities) + (["oversight_deputy", "related_deputies"] if deputy else [])
    many = capped_count(session, select(AwaitedPost.id).where(AwaitedPost.tenant_id == tenant.id,
                                                              AwaitedPost.post.in_(posts)), cap=LISTED_AWAITING)[1]

    def awaiting(*posts):
        if many:
            return select(AwaitedPost.id).where(AwaitedPost.document_id == Document.id,
                                                AwaitedPost.post.in_(posts)).exists()
        return Document.id.in_(select(AwaitedPost.document_id).where(AwaitedPost.tenant_id == tenant.id,
                                                                     AwaitedPost.post.in_(posts)))

    wanted = [awaiting(*sorted(me.capacities))]
    if deputy:
        overseen = [d for d, p in state.portfolios if p in deputy]
        wanted.append(and_(Document.department_id.in_(overseen), awaiting("oversight_deputy")))
        wanted.append(awaiting("related_deputies"))
    return select(Document).where(Document.tenant_id == tenant.id, Document.state == "signing", or_(*wanted),
                                  _readable(session, tenant, user_id, at))


def _done_steps_of(session: Session, doc_ids: list[int]) -> dict[int, set[str]]:
    return {doc_id: done_texts(steps) for doc_id, steps in (steps_taken(session, doc_ids) if doc_ids else {}).items()}


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
    rows = list(rows)
    # The documents whose clocks run, in one statement: each one's pinned rules say what silence
    # means (tenant.pinned_profile reads only these columns of it).
    running = {r.document_id for r in rows if r.sent_on is not None and r.outcome is None}
    documents = {doc.id: doc for doc in session.execute(select(
        Document.id, Document.profile_id, Document.tenant_id, Document.created_at).where(Document.id.in_(running)))} \
        if running else {}
    clocks = []
    for r in rows:
        if r.sent_on is None:
            clocks.append(Clock(r, names[r.department_id], "waiting", None, None, title(r.id, "")))
            continue
        if r.outcome is not None:
            status = "deemed_consent" if r.outcome == "deemed_consent" else "replied"
            clocks.append(Clock(r, names[r.department_id], status, None, r.outcome_cite or r.cite, title(r.id, "")))
            continue
        outcome = cs.silence(pinned_profile(session, documents[r.document_id]), due=r.due, today=day, replied=False)
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
    # The words index finds the rows that may match; the LIKEs above decide, as they always did.
    found, key = doc_words.matching(session.get_bind().dialect.name, matches, words)
    return keyset(session, found, key, after=after, limit=limit, count=False, key_of=lambda doc: doc.id)


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


def post_titles(session: Session, tenant_id: int) -> dict[int, str]:
    return dict(session.execute(select(Post.id, Post.title).where(Post.tenant_id == tenant_id)).all())

