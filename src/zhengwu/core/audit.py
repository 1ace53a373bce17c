"""The audit chain: every state change and every refusal, hash-linked per chain.

Each tenant has its own chain (`tenant:<id>`) and the platform has one (`platform`) for what
belongs to no single government (users, logins, tenant creation). An event's hash covers its
content and the previous event's hash, so changing, inserting or deleting a stored event breaks
the chain at that point; the chain head (last sequence number and hash) catches a cut-off tail.

The hash is SM3 (GB/T 32905-2016), taken from OpenSSL through hashlib; only where OpenSSL lacks
it does the pure-Python `gmssl` step in (about 500 times slower). Every event records its
algorithm, so a chain stays verifiable if the algorithm ever changes.

The chain also covers the data: an event about an object (a document, a task, a user …, the
kinds in COVERED) carries the hash of that object's stored state after the write (`data_hash`,
taken when the transaction commits, so it is the state that was committed), and `verify` checks
that every such row still hashes to its last audited state — an edit made in the database behind
the application is caught. Signed checkpoints of the chain head (core/checkpoints.py) anchor the
chain to a key the database does not hold, and let verification start from the last one.

Appending locks the chain head row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the writer
already holds the database write lock from BEGIN IMMEDIATE), so two transactions appending to
one chain are serialised and never fork it. A use case that writes to two chains appends to the
platform chain before the tenant's, so two of them cannot wait on each other's heads.
"""

from __future__ import annotations

import re

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from sqlalchemy import JSON, Integer, String, UniqueConstraint, bindparam, inspect, select
from sqlalchemy import event as sa_event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhengwu.core import covered, paging, permissions, snapshots
from zhengwu.core.db import Encoded, holds_write_lock
from zhengwu.core.base import Base, UtcDateTime

PLATFORM_CHAIN = "platform"
GENESIS = "0" * 64
ALGORITHM = "sm3"


def chain_of(tenant_id: int | None) -> str:
    return PLATFORM_CHAIN if tenant_id is None else f"tenant:{tenant_id}"


def _sm3_openssl(data: bytes) -> str:
    # A copy of one untouched SM3 object: `hashlib.new` looks the algorithm up in OpenSSL on every
    # call, which was a third of the hashing time of a full verification.
    hasher = _SM3_BLANK.copy()  # type: ignore[union-attr]  # only used where OpenSSL has SM3
    hasher.update(data)
    return hasher.hexdigest()


def _sm3_gmssl(data: bytes) -> str:
    from gmssl import sm3, func  # only where OpenSSL has no SM3

    return sm3.sm3_hash(func.bytes_to_list(data))


_SM3_BLANK = hashlib.new("sm3") if "sm3" in hashlib.algorithms_available else None
_DIGESTS = {"sm3": _sm3_openssl if _SM3_BLANK is not None else _sm3_gmssl}


def digest(algorithm: str, data: bytes) -> str:
    try:
        return _DIGESTS[algorithm](data)
    except KeyError:
        raise ValueError(f"未知的审计哈希算法：{algorithm}") from None


class AuditChainHead(Base):
    __tablename__ = "audit_chain_heads"

    chain: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_hash: Mapped[str] = mapped_column(String(128), nullable=False, default=GENESIS)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("chain", "seq", name="uq_audit_events_chain_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain: Mapped[str] = mapped_column(String(64), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    # No foreign keys: the record must outlive, and never block, what it describes.
    tenant_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(100), nullable=False)
    outcome: Mapped[str] = mapped_column(String(20), nullable=False)
    object_type: Mapped[str | None] = mapped_column(String(100))
    object_id: Mapped[str | None] = mapped_column(String(100))
    summary: Mapped[dict] = mapped_column(JSON, nullable=False)
    cite: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    prev_hash: Mapped[str] = mapped_column(String(128), nullable=False)
    hash: Mapped[str] = mapped_column(String(128), nullable=False)
    algorithm: Mapped[str] = mapped_column(String(20), nullable=False)
    # The hash of the object's stored state after this event (None: no covered object).
    data_hash: Mapped[str | None] = mapped_column(String(128))


DONE = "done"
REFUSED = "refused"


# The columns an event's hash covers, in the order `verify` reads them.
HASHED = ("chain", "seq", "tenant_id", "actor_user_id", "actor", "action", "outcome", "object_type", "object_id",
          "summary", "cite", "at", "prev_hash", "algorithm", "data_hash")


def canonical_values(values: tuple) -> bytes:
    """The exact bytes the hash covers: every field but the hash itself (in HASHED order), as
    compact JSON with sorted keys. `data_hash` joins the content only where present, so events
    written before it existed keep their hashes.

    Built field by field (each string through the json module's own C encoder) rather than by
    dumping a dict: the bytes are the same as json.dumps(content, sort_keys=True, ensure_ascii=False,
    separators=(",", ":")) — a test holds them to it — at a fraction of the cost, which is most of
    what a full verification spends."""
    return _canonical(values, _json(values[9]), values[11].isoformat(timespec="microseconds"))


def _canonical(values: tuple, summary: str, at: str) -> bytes:
    """canonical_values with the summary already as canonical JSON text and `at` as ISO text.
    Written inline: verify runs this once per event."""
    (chain, seq, tenant_id, actor_user_id, actor, action, outcome, object_type, object_id, _, cite, _,
     prev_hash, algorithm, data_hash) = values
    e = _encode
    data = "" if data_hash is None else ',"data_hash":' + e(data_hash)
    return (f'{{"action":{e(action)},"actor":{e(actor)},'
            f'"actor_user_id":{"null" if actor_user_id is None else int(actor_user_id)},"algorithm":{e(algorithm)},'
            f'"at":"{at}","chain":{e(chain)},"cite":{"null" if cite is None else e(cite)}'
            f'{data},'
            f'"object_id":{"null" if object_id is None else e(object_id)},'
            f'"object_type":{"null" if object_type is None else e(object_type)},"outcome":{e(outcome)},'
            f'"prev_hash":{e(prev_hash)},"seq":{int(seq)},"summary":{summary},'
            f'"tenant_id":{"null" if tenant_id is None else int(tenant_id)}}}').encode()


_encode = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring  # type: ignore[attr-defined]  # the C speedup typeshed omits
_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def canonical(event: "AuditEvent | Pending") -> bytes:
    return canonical_values(tuple(getattr(event, name) for name in HASHED))


def _lock_head(session: Session, chain: str) -> AuditChainHead:
    """The chain's head, locked; created (genesis) the first time a chain is written. The lock is
    asked first: a head exists for every chain but at its first event, so one statement a
    transaction is the usual cost."""
    locked = (select(AuditChainHead).where(AuditChainHead.chain == chain).with_for_update()
              .execution_options(populate_existing=True))
    head = session.execute(locked).scalar_one_or_none()
    if head is not None:
        return head
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(AuditChainHead).values(chain=chain, last_seq=0, last_hash=GENESIS).on_conflict_do_nothing()
    )
    return session.execute(locked).scalar_one()


_HEAD_TABLE = AuditChainHead.__table__
_HEAD_LOCK = (select(_HEAD_TABLE.c.last_seq, _HEAD_TABLE.c.last_hash)  # type: ignore[attr-defined]  # a mapped class's __table__ is a Table
              .where(_HEAD_TABLE.c.chain == bindparam("chain")).with_for_update())
_HEAD_MOVE = (_HEAD_TABLE.update().where(_HEAD_TABLE.c.chain == bindparam("head_chain"))  # type: ignore[attr-defined]
              .values(last_seq=bindparam("head_seq"), last_hash=bindparam("head_hash")))


def _lock_head_values(session: Session, chain: str) -> tuple[int, str]:
    """What append needs of the chain's head, (last seq, last hash), locked as `_lock_head` locks
    it; in Core, as `_seal` moves it: the head is never an ORM object of a use case's session, so
    it costs neither a load into the session nor a flush of its own at commit. Taken as read with
    the actor's admin flag where that read was already under the write lock (_note_head)."""
    read = session.info.get(_HEAD_READ)
    if read and chain in read:
        return read.pop(chain)
    found = session.connection().execute(_HEAD_LOCK, {"chain": chain}).first()
    if found is None:
        head = _lock_head(session, chain)  # a chain's first event: the head is created
        return head.last_seq, head.last_hash
    return found[0], found[1]


_HEAD_READ = "zhengwu_audit_head_read"  # chain → (last seq, last hash), read under the write lock
_HEAD_OF = (select(_HEAD_TABLE.c.last_seq).where(_HEAD_TABLE.c.chain == bindparam("head_chain_read"))  # type: ignore[attr-defined]  # a mapped class's __table__ is a Table
            .scalar_subquery().label("head_seq"),
            select(_HEAD_TABLE.c.last_hash).where(_HEAD_TABLE.c.chain == bindparam("head_chain_read"))  # type: ignore[attr-defined]
            .scalar_subquery().label("head_hash"))


def _note_head(session: Session, tenant_id: int, values: tuple) -> None:
    """The tenant chain's head as read with the actor's flag at the start of a unit of work. Kept
    for `append` only where the transaction already holds the write lock (SQLite's writers): there
    the head cannot move before this transaction moves it. Elsewhere (PostgreSQL) `append` locks
    and reads it as before."""
    if values[0] is not None and holds_write_lock(session):
        session.info.setdefault(_HEAD_READ, {})[chain_of(tenant_id)] = (values[0], values[1])


permissions.read_with_flag(permissions.TenantRead(_HEAD_OF, lambda tenant_id: {"head_chain_read": chain_of(tenant_id)},
                                                  _note_head))


# A summary's text, written once: hashed (`_canonical`) and stored (db.Encoded) as it is — keys
# sorted and compact, the canonical text that verify hashes without decoding it; what JSON cannot
# hold (a date) written as its text.
_summary_text = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode


def append(
    session: Session,
    *,
    tenant_id: int | None,
    actor_user_id: int | None,
    actor: str,
    action: str,
    at: datetime,
    object_type: str | None = None,
    object_id: Any = None,
    before: Any = None,
    after: Any = None,
    cite: str | None = None,
    outcome: str = DONE,
    detail: Any = None,
    subject: Any = None,
    label: str | None = None,
) -> Pending:
    """Add one event to its chain inside the caller's transaction. The chain's head is locked at
    the transaction's first event on it; the events are linked, hashed and inserted together when
    the transaction commits (_seal), one batch for all of them. With a `subject` (the row the
    event is about) and no before/after given, both are taken from the transaction's changes to
    that row when it commits (core/snapshots.py)."""
    chain = chain_of(tenant_id)
    unkeyed = None
    if subject is not None and object_id is None:
        identity = inspect(subject).identity
        if identity is None:
            unkeyed = subject  # a row the use case just created: named by its key once _seal has flushed
        else:
            object_id = identity[0]
    at = at.astimezone(timezone.utc)  # hashed as stored: the database gives it back in UTC
    previous, seqs = session.info.setdefault(_PREVIOUS, {}), session.info.setdefault(_SEQ, {})
    if chain not in previous:
        seqs[chain], previous[chain] = _lock_head_values(session, chain)  # locked until the transaction ends
    seqs[chain] += 1
    summary = {"before": before, "after": after}
    if detail is not None:
        summary["detail"] = detail
    label = label or snapshots.label_of(subject)
    if label:
        summary["label"] = label  # what the object is called, for lists of what was done
    event = Pending(
        chain=chain,
        seq=seqs[chain],
        tenant_id=tenant_id,
        actor_user_id=actor_user_id,
        actor=actor,
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        # An event about a subject has its summary written at the seal, with its before and after.
        summary=summary if subject is not None and before is None and after is None else _summary_text(summary),
        cite=cite,
        at=at,
        prev_hash="",  # linked and hashed when the transaction commits (_seal)
        hash="",
        algorithm=ALGORITHM,
        data_hash=None,
    )
    if unkeyed is not None:
        session.info.setdefault(_UNKEYED, {})[id(event)] = unkeyed
    if subject is not None and before is None and after is None:
        session.info.setdefault(_SUBJECTS, {})[id(event)] = subject
    session.info.setdefault(_PENDING, []).append(event)
    return event


class Pending:
    """An event of this transaction, linked, hashed and inserted (in Core) when it commits: a plain
    holder of the stored columns, not a mapped row the session would track — building one of those
    cost more than the rest of `append`. Its summary is its JSON text (`_summary_text`); an event
    about a subject holds it as a value until the seal adds the before and after and writes it."""

    __slots__ = ("chain", "seq", "tenant_id", "actor_user_id", "actor", "action", "outcome", "object_type",
                 "object_id", "summary", "cite", "at", "prev_hash", "hash", "algorithm", "data_hash")

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)


_PENDING = "zhengwu_audit_pending"
_PREVIOUS = "zhengwu_audit_previous"
_SUBJECTS = "zhengwu_audit_subjects"
_UNKEYED = "zhengwu_audit_unkeyed"  # event → the new row it is about, whose key the seal's flush gives
_SEQ = "zhengwu_audit_seq"

# Tables a transaction may write without an audit event of its own: the audit chain itself, and
# bookkeeping that is not a government's work (a login's session and failure count, a request's
# idempotency key, a worker's claim on a deadline or on a notice to deliver, a notice marked read).
UNAUDITED_TABLES: set[str] = {"audit_events", "audit_chain_heads", "audit_checkpoints", "login_sessions",
                               "idempotent_responses", "pending_deadlines", "notices", "notice_outbox"}
# Tests turn this on: a transaction that writes any other table without auditing fails loudly.
REQUIRE_AUDIT = False


class Unaudited(AssertionError):
    pass


_STORED = (*HASHED, "hash")
_TABLE_INSERT = AuditEvent.__table__.insert()  # type: ignore[attr-defined]  # a mapped class's __table__ is a Table


@sa_event.listens_for(Session, "before_commit")
def _seal(session: Session) -> None:
    """Link and hash this transaction's events, each with the state its object was committed in
    (read once per object however many events it has), and insert them."""
    session.info.pop(_HEAD_READ, None)
    pending = session.info.pop(_PENDING, None)
    previous = session.info.pop(_PREVIOUS, {})
    subjects = session.info.pop(_SUBJECTS, {})
    unkeyed = session.info.pop(_UNKEYED, {})
    seqs = session.info.pop(_SEQ, {})
    if not pending:
        if REQUIRE_AUDIT:
            session.flush()
            written = snapshots.changed_tables(session, covered.UNAUDITED_COLUMNS) - UNAUDITED_TABLES
            if written:
                raise Unaudited(f"写入了 {sorted(written)} 却没有审计记录")
        return
    session.flush()
    pairs: dict[int, tuple] = {}  # a subject's before and after, taken once however many events name it
    for event in pending:
        if id(event) in unkeyed:
            event.object_id = str(inspect(unkeyed[id(event)]).identity[0])
        subject = subjects.get(id(event))
        if subject is not None:
            if id(subject) not in pairs:
                pairs[id(subject)] = snapshots.pair(session, subject)
            before, after = pairs[id(subject)]
            event.summary = _summary_text({**event.summary, "before": before, "after": after})
    states: dict[tuple[str, str], str] = {}
    created = snapshots.created(session)
    for kind in {e.object_type for e in pending if e.object_type in covered.COVERED}:
        ids = {e.object_id for e in pending if e.object_type == kind and e.object_id is not None}
        states.update({(kind, object_id): h for object_id, h in covered.sealed_state_hashes(session, kind, ids, created).items()})
    for event in pending:
        event.data_hash = states.get((event.object_type, event.object_id))
        event.prev_hash = previous[event.chain]
        event.hash = digest(event.algorithm, _canonical(tuple(getattr(event, name) for name in HASHED), event.summary,
                                                          event.at.isoformat(timespec="microseconds")))
        previous[event.chain] = event.hash
    # One executemany for all of them, on the connection (Core: nothing reads an event's id back in
    # the transaction, and the session has just flushed — its own execute would only add overhead).
    connection = session.connection()
    connection.execute(_TABLE_INSERT, [{**{name: getattr(event, name) for name in _STORED}, "summary": Encoded(event.summary)}
                                       for event in pending])
    connection.execute(_HEAD_MOVE, [{"head_chain": chain, "head_seq": seqs[chain], "head_hash": last}
                                              for chain, last in previous.items()])


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    session.info.pop(_HEAD_READ, None)
    session.info.pop(_PENDING, None)
    session.info.pop(_PREVIOUS, None)
    session.info.pop(_SUBJECTS, None)
    session.info.pop(_UNKEYED, None)
    session.info.pop(_SEQ, None)


@dataclass(frozen=True)
class Verification:
    chain: str
    ok: bool
    count: int
    broken_seq: int | None = None
    broken_event_id: int | None = None
    problem: str | None = None
    data_ok: bool = True
    after_seq: int | None = None  # an incremental walk: the signed checkpoint it started after

    def describe(self, name: str | None = None) -> str:
        name = name or ("平台链" if self.chain == PLATFORM_CHAIN else "本单位审计链")
        if self.ok and self.after_seq is not None:
            return (f"{name}：完整，共 {self.count} 条事件（增量校验：已签名检查点第 {self.after_seq} 号之后的 "
                    f"{self.count - self.after_seq} 条；未核对数据，全链及数据请加 --full）。")
        if self.ok:
            return f"{name}：完整，共 {self.count} 条事件。"
        if not self.data_ok:
            return f"{name}：事件链完整（{self.count} 条），但{self.problem}"
        where = f"第 {self.broken_seq} 号事件（ID {self.broken_event_id}）" if self.broken_seq else "链尾"
        return f"{name}：在{where}断裂——{self.problem}"


def verify(session: Session, chain: str, *, start: tuple[int, str] | None = None, data: bool = True,
           workers: int = 1) -> Verification:
    """Walk one chain and report the first broken link, or OK with the count; then check that every
    covered row still matches its last audited state (from after a signed checkpoint: `start`; in
    `workers` processes). The walk lives in core/audit_verify.py, which builds on this module."""
    from zhengwu.core import audit_verify

    return audit_verify.verify(session, chain, start=start, data=data, workers=workers)


def audited_states(session: Session, chain: str) -> dict[tuple[str | None, str | None], str | None]:
    """Each covered object's last audited state on a chain: (object type, id) → data hash."""
    rows = session.execute(select(AuditEvent.object_type, AuditEvent.object_id, AuditEvent.data_hash)
                           .where(AuditEvent.chain == chain, AuditEvent.data_hash.is_not(None))
                           .order_by(AuditEvent.seq))
    return {(kind, object_id): data_hash for kind, object_id, data_hash in rows}


def tenant_of_chain(chain: str) -> int | None:
    return None if chain == PLATFORM_CHAIN else int(chain.split(":", 1)[1])


# What people read for an action or object code; each domain labels its own codes.
_ACTION_LABELS: dict[str, str] = {}
_OBJECT_LABELS: dict[str, str] = {}


def label(actions: dict[str, str] | None = None, objects: dict[str, str] | None = None) -> None:
    _ACTION_LABELS.update(actions or {})
    _OBJECT_LABELS.update(objects or {})


def action_label(code: str) -> str:
    """What people read for an action code: its audit label, else the label of the permission
    of that name (a refused 查看 is recorded under the permission's code); never the code."""
    if code in _ACTION_LABELS:
        return _ACTION_LABELS[code]
    from zhengwu.core import permissions

    known = permissions.known(code)
    return known.label if known else "其他操作"


def object_label(code: str | None) -> str:
    return _OBJECT_LABELS.get(code or "", "其他对象" if code else "")


_LOGIN_SUFFIX = re.compile(r"（[A-Za-z0-9._@-]+）$")


def person(label: str | None) -> str:
    """An actor as pages show them: 「张区长」 for the stored 「张区长（dawa.head）」. The chain keeps
    the login name (and the user id) for the auditor; a page shows people by name."""
    return _LOGIN_SUFFIX.sub("", label or "")


label(
    actions={
        "tenant.create": "新建单位", "tenant.adopt_profile": "采用新版工作规则", "tenant.view": "进入本单位",
        "user.create": "新建用户", "user.join_tenant": "加入本单位", "login": "登录", "logout": "退出登录",
        "token.issue": "签发 API 令牌", "audit.view": "查看审计日志", "platform.audit": "查看平台审计链",
        "demo.seed": "建立演示数据", "user.change_password": "修改密码", "user.rehash_password": "按现行参数重算密码散列",
        "tenant.grant_operator": "准许平台管理员进入", "audit.baseline": "记录数据基线", "tenant.revoke_operator": "撤销平台管理员准入", "session.end_others": "结束其他登录",
    },
    objects={"tenant": "单位", "user": "用户"},
)


def chains(session: Session) -> list[str]:
    return list(session.execute(select(AuditChainHead.chain).order_by(AuditChainHead.chain)).scalars())


# Who may read an object's events: a domain whose objects can be hidden from some members (a
# classified document does not exist for those without clearance) says so per object type, for
# all the objects of a page at once (one read, not one an event).
Reader = Callable[[Session, int, int | None, list[str], datetime], set[str]]
_READERS: dict[str, Reader] = {}


def readable_by(object_type: str, reader: Reader) -> None:
    """`reader(session, tenant_id, user_id, object_ids, at)`: which of these objects may this user read?"""
    _READERS[object_type] = reader


def visible(session: Session, tenant_id: int, user_id: int | None, at: datetime, events: list[AuditEvent],
            decided: dict[tuple[str | None, str], bool] | None = None) -> list[AuditEvent]:
    """The events of `events` a user may read (see `recent_for`); `decided` remembers each
    object's answer across calls."""
    decided = {} if decided is None else decided
    asked: dict[str, set[str]] = {}
    for event in events:
        if event.object_type in _READERS and event.object_id is not None and (event.object_type, event.object_id) not in decided:
            asked.setdefault(event.object_type, set()).add(event.object_id)
    for object_type, object_ids in asked.items():
        readable = _READERS[object_type](session, tenant_id, user_id, sorted(object_ids), at)
        decided.update({(object_type, object_id): object_id in readable for object_id in object_ids})
    return [event for event in events if event.object_type not in _READERS or event.object_id is None
            or decided[(event.object_type, event.object_id)]]


def recent_for(session: Session, chain: str, tenant_id: int, user_id: int | None, at: datetime, *,
               limit: int = 50, before_seq: int | None = None) -> list[AuditEvent]:
    """The newest events a user may read: events about an object they may not read (a classified
    document without clearance) are left out altogether — its title, its very existence, is
    what the clearance protects."""
    found: list[AuditEvent] = []
    decided: dict[tuple[str | None, str], bool] = {}
    cursor = before_seq
    for _ in range(50):  # bounded: a page never costs more than 50 reads
        batch = recent(session, chain, limit=max(limit * 2, 50), before_seq=cursor)
        found += visible(session, tenant_id, user_id, at, batch, decided)
        if len(found) >= limit:
            return found[:limit]
        if not batch or batch[-1].seq <= 1:
            return found
        cursor = batch[-1].seq
    return found


def log_page(session: Session, tenant_id: int, user_id: int | None, at: datetime, *, object_type: str = "",
             object_id: str = "", before: int | None = None, limit: int = 50) -> paging.Page[AuditEvent]:
    """What the audit log page shows: a page of the tenant's chain, newest first (keyset on the
    sequence number), or of one kind of object (one object, given its id), leaving out the events
    about what the reader may not read. The whole chain's count comes from its head."""
    chain = chain_of(tenant_id)
    if not object_type:
        rows = recent_for(session, chain, tenant_id, user_id, at, limit=limit, before_seq=before)
        head = session.get(AuditChainHead, chain)
        return paging.Page(rows, rows[-1].seq if len(rows) == limit and rows[-1].seq > 1 else None,
                           head.last_seq if head else 0)
    query = select(AuditEvent).where(AuditEvent.chain == chain, AuditEvent.tenant_id == tenant_id,
                                     AuditEvent.object_type == object_type)
    if object_id:
        query = query.where(AuditEvent.object_id == object_id)
    events = paging.keyset(session, query, AuditEvent.seq, after=before, limit=limit, count=True)
    return paging.Page(visible(session, tenant_id, user_id, at, events.rows), events.next_after, events.total,
                       events.capped)


def object_labels() -> dict[str, str]:
    """Every audited kind of object by its name, in the order of the names (the log's filter)."""
    return dict(sorted(_OBJECT_LABELS.items(), key=lambda kv: kv[1]))


def recent(session: Session, chain: str, *, limit: int = 50, before_seq: int | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.chain == chain)
    if before_seq is not None:
        query = query.where(AuditEvent.seq < before_seq)
    return list(session.execute(query.order_by(AuditEvent.seq.desc()).limit(limit)).scalars())
