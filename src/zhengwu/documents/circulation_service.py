"""传阅 use cases: the office sends a document round its readers, each reader marks it read
(and may write a 批示), the office presses those who have not read (催阅). Each runs in the
caller's unit of work and is audited on the document's trail under 条例第二十四条第（五）项.
The rules are in `circulation` (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.core import audit, permissions
from zhengwu.core.permissions import holds, member
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.documents import circulation as rules
from zhengwu.documents import standing
from zhengwu.documents import rules as doc_rules
from zhengwu.documents.models import Circulation, CirculationReader, Clearance, Document
from zhengwu.org import service as org_service
from zhengwu.org.models import Department
from zhengwu.org.service import load_state

permissions.define("document.circulate", "发起传阅、催阅", "政府办公室", holds(*standing.OFFICE))
permissions.define("document.read_circulated", "阅知传阅公文", "传阅对象（本人或所在单位）", member)

audit.label(actions={"document.circulate": "发起传阅", "document.read_circulated": "已阅（传阅）",
                     "document.circulation_complete": "传阅完毕", "document.urge_read": "催阅"})


@dataclass(frozen=True)
class Round:
    """A circulation as its page shows it: the round, its readers, who has read and who not."""

    circulation: Circulation
    readers: list[CirculationReader]

    @property
    def read(self) -> list[CirculationReader]:
        return [r for r in self.readers if r.read_at is not None]

    @property
    def unread(self) -> list[CirculationReader]:
        return [r for r in self.readers if r.read_at is None]

    @property
    def complete(self) -> bool:
        return self.circulation.completed_at is not None


def _open_round(session: Session, doc_id: int) -> Circulation | None:
    return session.execute(select(Circulation).where(Circulation.document_id == doc_id,
                                                     Circulation.completed_at.is_(None))
                           .order_by(Circulation.id.desc())).scalars().first()


def _latest_round(session: Session, doc_id: int) -> Circulation | None:
    return session.execute(select(Circulation).where(Circulation.document_id == doc_id)
                           .order_by(Circulation.id.desc())).scalars().first()


def _readers(session: Session, circulation_id: int) -> list[CirculationReader]:
    return list(session.execute(select(CirculationReader).where(CirculationReader.circulation_id == circulation_id)
                                .order_by(CirculationReader.position)).scalars())


def start(uow: TenantWork, *, doc_id: int, post_ids: Sequence[int] = (), department_ids: Sequence[int] = (),
          note: str = "", expected_version: int) -> Circulation:
    """The office names the readers: people by the post they hold, and units (checked against the
    version of the document the office saw)."""
    permissions.require(uow, "document.circulate")
    doc = standing._document(uow, doc_id, expected_version)
    state = load_state(uow.session, uow.tenant_id)
    who = org_service.people(uow.session, uow.tenant_id)
    readers: list[CirculationReader] = []
    for post_id in dict.fromkeys(post_ids):  # the same post named twice is one reader
        seat = state.seat(post_id)
        if seat is None or seat.holder_id is None:
            raise RuleViolation(Verdict.refused("post_vacant", "所选职务不存在或暂无任职人员，不能作为传阅对象。", rules.CITE))
        readers.append(CirculationReader(tenant_id=uow.tenant_id, position=len(readers), post_id=post_id,
                                         user_id=seat.holder_id, label=f"{seat.title} {who(seat.holder_id)}"))
    for department_id in dict.fromkeys(department_ids):
        department = standing._department(uow, department_id)  # another tenant's unit: 404
        readers.append(CirculationReader(tenant_id=uow.tenant_id, position=len(readers), department_id=department.id,
                                         label=department.name))
    note = note.strip()
    uncleared = tuple(r.label for r in readers if r.user_id is not None and doc.classification is not None
                      and not doc_rules.cleared(_clearance(uow, r.user_id), doc.classification))
    rules.check_start(doc.direction, doc.state, nonconforming=bool(doc.check_reasons), readers=len(readers),
                      open_round=_open_round(uow.session, doc.id) is not None, note=note,
                      classified=doc.classification is not None, uncleared=uncleared,
                      units=sum(1 for r in readers if r.department_id is not None)).raise_if_refused()
    row = Circulation(tenant_id=uow.tenant_id, document_id=doc.id, started_by_id=uow.actor.user_id,
                      started_at=uow.now, note=note)
    uow.session.add(row)
    uow.session.flush()
    for reader in readers:
        reader.circulation_id = row.id
    uow.session.add_all(readers)
    standing._record(uow, doc, "document.circulate", cite=rules.CITE, changed=row,
                    detail={"to": [r.label for r in readers], "text": note})
    return row


def _clearance(uow: TenantWork, user_id: int) -> str | None:
    return uow.session.execute(select(Clearance.level).where(Clearance.tenant_id == uow.tenant_id,
                                                             Clearance.user_id == user_id)).scalar_one_or_none()


def _mine(uow: TenantWork, readers: list[CirculationReader]) -> list[CirculationReader]:
    """The rows the actor reads for: named personally (or acting in the named post), or a member
    of a named unit (holding or acting in one of its posts)."""
    me = standing._me(uow)
    posts = {s.post_id for s in me.seats}
    units = {s.department_id for s in me.seats if s.department_id is not None}
    return [r for r in readers
            if r.user_id == uow.actor.user_id or (r.post_id is not None and r.post_id in posts)
            or (r.department_id is not None and r.department_id in units)]


def _round_seen(row: Circulation | None, expected_version: int) -> None:
    """The round the user saw: its version (a reader's 已阅 does not change it, so readers do not
    collide; the round's completion does)."""
    if row is not None:
        row.expect_version(expected_version, "本轮传阅")


def mark_read(uow: TenantWork, *, doc_id: int, comment: str = "", expected_version: int) -> Circulation:
    """已阅: a named reader marks the document read, once, with the 批示 exactly as written;
    `expected_version` is the version of the round they saw."""
    permissions.require(uow, "document.read_circulated")
    doc = standing._document(uow, doc_id)
    # The latest round, open or done: a reader of a finished round is told they have read it.
    row = _latest_round(uow.session, doc.id)
    _round_seen(row, expected_version)
    readers = _readers(uow.session, row.id) if row is not None else []
    mine = _mine(uow, readers)
    comment = comment.strip()
    verdict = rules.check_read(is_reader=bool(mine), already_read=bool(mine) and all(r.read_at for r in mine),
                               comment=comment)
    if row is None or (not verdict.ok and verdict.reasons[0].code == "not_a_reader"):
        permissions.refuse(verdict.reasons[0].code, verdict.reasons[0].message, verdict.reasons[0].cite)
    verdict.raise_if_refused()
    marked = [r for r in mine if r.read_at is None]
    for reader in marked:
        reader.read_at = uow.now
        reader.read_by_id = uow.actor.user_id
        reader.comment = comment or None
    uow.session.flush()
    standing._record(uow, doc, "document.read_circulated", cite=rules.CITE, changed=marked[0] if marked else None,
                    detail={"as": "、".join(r.label for r in marked), "text": comment})
    if rules.complete([rules.ReaderState(r.label, r.read_at) for r in readers]):
        row.completed_at = uow.now
        uow.session.flush()
        uow.record("document.circulation_complete", object_type="document", object_id=doc.id, subject=row,
                   cite=rules.CITE, detail={"readers": len(readers)})
    return row


def urge(uow: TenantWork, *, doc_id: int, expected_version: int) -> list[CirculationReader]:
    """催阅: the office presses every reader who has not yet read (不得延误); `expected_version`
    is the version of the open round the office saw."""
    permissions.require(uow, "document.circulate")
    doc = standing._document(uow, doc_id)
    row = _open_round(uow.session, doc.id)
    _round_seen(row, expected_version)
    unread = [r for r in _readers(uow.session, row.id) if r.read_at is None] if row is not None else []
    rules.check_urge(completed=row is None, unread=len(unread)).raise_if_refused()
    for reader in unread:
        reader.urged_count += 1
        reader.last_urged_at = uow.now
    standing._record(uow, doc, "document.urge_read", cite=rules.CITE, detail={"to": [r.label for r in unread]})
    return unread


# --- reading --------------------------------------------------------------------------------


def rounds(session: Session, doc: Document) -> list[Round]:
    """Every circulation of a document, newest first, with its readers in the order sent."""
    rows = session.execute(select(Circulation).where(Circulation.document_id == doc.id)
                           .order_by(Circulation.id.desc())).scalars()
    return [Round(r, _readers(session, r.id)) for r in rows]


def may_mark_read(session: Session, tenant: Tenant, doc: Document, user_id: int, at) -> bool:
    """Whether the page offers 已阅 to this user: a reader of the open round who has not read."""
    row = _open_round(session, doc.id)
    if row is None:
        return False
    me = standing.standing(session, tenant, None, user_id, at)
    posts = {s.post_id for s in me.seats}
    units = {s.department_id for s in me.seats if s.department_id is not None}
    return any(r.read_at is None and (r.user_id == user_id or r.post_id in posts or r.department_id in units)
               for r in _readers(session, row.id))


def reader_choices(session: Session, tenant_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Whom the office may name: each filled post (「副区长 王明」), and each unit."""
    state = load_state(session, tenant_id)
    who = org_service.people(session, tenant_id)
    posts = [(s.post_id, f"{s.title} {who(s.holder_id)}") for s in state.seats if s.holder_id is not None]
    units = list(session.execute(select(Department.id, Department.name).where(Department.tenant_id == tenant_id)
                                 .order_by(Department.id)).all())
    return posts, [(i, n) for i, n in units]
