"""The documents domain's context: who a user is for one document (`Standing`: the posts they
hold or act in today), and the steps every use case shares — fetch the document at the version
the user saw, check and make a state move, audit it with the article that decided it. The
domain's permissions and audit words are defined here.

Each use case runs inside the caller's unit of work (one transaction), asks the pure rules
(`incoming`, `routing`, `countersign`, `signoff`, `reviews`, `instructions`) and audits what it
did. Refusals raise RuleViolation, which the unit of work rolls back and audits. A document's
trail is its audit events (object `document`, its id): every step and every refusal, who, when,
under which article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session
from zhengwu.core import audit, permissions
from zhengwu.core.db import reading
from zhengwu.core.errors import NotFound, StaleVersion
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.permissions import holds, member
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import TenantWork
from zhengwu.documents import held, reviews, rules
from zhengwu.documents.signoff import own_department_document
from zhengwu.documents.models import Document, DocumentVersion, ReviewRecord
from zhengwu.org import rules as org_rules
from zhengwu.org.models import Department
from zhengwu.org.service import authorities, department_names
from zhengwu.documents.chain import _refresh_awaited


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
        "document.batch": "批量办理",
    },
    objects={"document": "公文", "number_prefix": "发文字号前缀", "implementation_draft": "上级文件转办"},
)


COUNTERSIGN_REPLY = "countersign_reply"  # deadline kinds (registered in documents/deadlines.py)


INSTRUCTION_REPORT = "instruction_report"


INCOMING_SERIES = "incoming"  # 收文编号 (core.serials)


IMPLEMENTATION_DRAFT = "implementation_draft"


def _tenant(session: Session, tenant_id: int) -> Tenant:
    return session.get_one(Tenant, tenant_id)


def _document(uow: TenantWork, doc_id: int, expected_version: int | None = None) -> Document:
    doc = get_in_tenant(uow.session, Document, doc_id, uow.tenant_id, "公文")
    if expected_version is not None and doc.version != expected_version:
        # The conflict shows the document as it is now: a classified one only to whoever may read
        # it (for the others it does not exist, as reading.get_document says).
        from zhengwu.documents import reading  # reading builds on this module

        if not reading.may_read(uow.session, uow.session.get_one(Tenant, uow.tenant_id), doc, uow.actor.user_id, uow.now):
            raise NotFound(f"本单位没有编号为 {doc_id} 的公文，或您无权查看。")
        raise StaleVersion(f"公文「{doc.title}」", expected_version, doc.summary())
    return doc


def _transition(doc: Document, action: str) -> None:
    rules.check_transition(doc.state, action).raise_if_refused()


def _move(uow: TenantWork, doc: Document, action: str, *, cite: str | None, detail=None) -> None:
    was = doc.state
    doc.state = rules.next_state(doc.state, action)
    doc.updated_at = uow.now
    if "signing" in (was, doc.state):
        _refresh_awaited(uow.session, doc, was_signing=was == "signing")
    uow.record(f"document.{action}" if not action.startswith("document.") else action, object_type="document",
               object_id=doc.id, subject=doc, cite=cite, detail=detail)


def _record(uow: TenantWork, doc: Document, action: str, *, cite: str | None, detail=None, changed=None) -> None:
    """Audit a step on the document; `changed` is the row the step wrote when it is not the
    document itself (a countersign answer, a 批示), whose before/after the event carries."""
    doc.updated_at = uow.now
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
    return _standing_in(session, tenant.id, doc, user_id, at)


def _standing_in(session: Session, tenant_id: int, doc: Document | None, user_id: int, at: datetime) -> Standing:
    # Who holds or acts in a post is a question of the day, under the rules in force that day.
    state, profile, found = authorities(session, tenant_id, at)
    return for_document(_standing(profile, state, user_id, at, found), state, doc)


def _standing(profile, state: org_rules.OrgState, user_id: int, at: datetime,
              authorities: dict[int, org_rules.Authority] | None = None) -> Standing:
    """The seats the user holds or acts in at `at`, whatever the document (`authorities`: each
    post's authority at `at`, when already worked out)."""
    capacities: set[str] = set()
    words = []
    seats = []
    for seat in state.seats:
        found = (org_rules.authority(profile, state, seat.post_id, at) if authorities is None
                 else authorities[seat.post_id])
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


_EVERYONE = "zhengwu.documents.everyones_standing"


def everyones(session: Session, tenant_id: int, at: datetime) -> list[tuple[int, Standing]]:
    """Everyone who holds or acts in a post at `at`, with their standing whatever the document, in
    the org chart's order: worked out once a transaction for its instant (each document of a batch
    asks who now has it to sign), and again when the org kept under its stamp is another."""
    state, profile, found = authorities(session, tenant_id, at)
    memo = session.info.setdefault(_EVERYONE, {})
    kept = memo.get((tenant_id, at))
    if kept is None or kept[0] is not found:
        people = dict.fromkeys(a.acting_id for a in (found[seat.post_id] for seat in state.seats) if a.acting_id is not None)
        kept = memo[(tenant_id, at)] = (found, [(user_id, _standing(profile, state, user_id, at, found)) for user_id in people])
    return kept[1]


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


def _person(uow: TenantWork) -> int:
    """The user who acts. A step on a document is a person's (in a post, under their name on the
    trail): the system actor (command line, demo seeding) has no post and is refused plainly."""
    if uow.actor.user_id is None:
        permissions.refuse("not_a_person", "公文的办理须由在岗人员本人进行，系统不能代为办理。", None)
    return uow.actor.user_id


def _me(uow: TenantWork, doc: Document | None = None) -> Standing:
    return _standing_in(uow.session, uow.tenant_id, doc, _person(uow), uow.now)


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
    if facts.get("reserved_matter") in reviews.LEGISLATION:  # 规章 or 法规议案: the profile says which reviews they need
        found.add(facts["reserved_matter"])
    return frozenset(found)


def _require_lead(uow: TenantWork, doc: Document, message: str) -> None:
    """The drafting (lead) department or the office: a post in another unit does not reach the document."""
    me = _me(uow, doc)
    if "office" not in me.capacities and not _heads_department(me, doc.department_id):
        permissions.refuse("not_lead_department", message, None)


_NAMES = select(Department.id, Department.name).where(Department.id.in_(bindparam("ids", expanding=True)))


def _names(uow: TenantWork, ids) -> list[str]:
    """The departments' names, in order: the tenant's from those kept with its org (no statement
    while the org is unchanged), any other id read as it stands."""
    if not ids:
        return []
    rows = department_names(uow.session, uow.tenant_id)
    unknown = [i for i in ids if i not in rows]
    if unknown:
        rows = {**rows, **dict(uow.session.execute(_NAMES, {"ids": unknown}).all())}
    return [rows[i] for i in ids if i in rows]


def _own_names(uow: TenantWork, ids) -> list[str]:
    """The names of these departments of the tenant, in order; another tenant's, or none, is 404."""
    rows = department_names(uow.session, uow.tenant_id)
    for department_id in ids:
        if department_id not in rows:
            raise NotFound(f"本单位没有编号为 {department_id} 的部门。")
    return [rows[i] for i in ids]


_LAST_VERSIONS = (select(DocumentVersion.document_id, func.max(DocumentVersion.no))
                  .where(DocumentVersion.document_id.in_(bindparam("ids", expanding=True)))
                  .group_by(DocumentVersion.document_id))


def last_versions(session: Session, doc_ids: list[int]) -> dict[int, int]:
    """Each document's last version number (0: none yet), as documents/held.py reads them."""
    with reading(session, DocumentVersion, of=("document_id", doc_ids)):
        found = {doc_id: no for doc_id, no in session.execute(_LAST_VERSIONS, {"ids": doc_ids})}
    return {doc_id: found.get(doc_id) or 0 for doc_id in doc_ids}


def _add_version(uow: TenantWork, doc: Document, note: str, *, first: bool = False) -> DocumentVersion:
    """The text as it stands, numbered after the last; `first`: the document was created in this
    unit of work, so it has no version yet (nothing to ask the database)."""
    no = 1 if first else held.once(uow.session, DocumentVersion, doc.id, last_versions) + 1
    # By the document itself as well as its key: a document created in this unit of work has no
    # key until the flush that writes them both.
    version = DocumentVersion(tenant_id=uow.tenant_id, document=doc, document_id=doc.id, no=no, title=doc.title,
                              body=doc.body, note=note, author_id=uow.actor.user_id, created_at=uow.now)
    uow.session.add(version)
    return version


_REVIEWS = (select(ReviewRecord.document_id, ReviewRecord.review, ReviewRecord.passed, ReviewRecord.on,
                   ReviewRecord.period_end)
            .where(ReviewRecord.document_id.in_(bindparam("ids", expanding=True))).order_by(ReviewRecord.id))


def reviews_of(session: Session, doc_ids: list[int]) -> dict[int, list[reviews.ReviewRecord]]:
    """Each document's recorded reviews, oldest first, as documents/held.py reads them."""
    found: dict[int, list[reviews.ReviewRecord]] = {doc_id: [] for doc_id in doc_ids}
    with reading(session, ReviewRecord, rows=True, of=("document_id", doc_ids)):
        for doc_id, review, passed, on, period_end in session.execute(_REVIEWS, {"ids": doc_ids}):
            found[doc_id].append(reviews.ReviewRecord(review, passed, on, period_end))
    return found


def recorded_reviews(session: Session, doc: Document) -> list[reviews.ReviewRecord]:
    """The reviews recorded on the document, oldest first, read once a transaction (documents/held.py)."""
    return held.once(session, ReviewRecord, doc.id, reviews_of)


def _reviews_of(session: Session, doc: Document) -> dict[str, reviews.ReviewRecord]:
    return {r.review: r for r in recorded_reviews(session, doc)}  # the latest of each kind

