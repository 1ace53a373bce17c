"""A year's work, in bulk: grows one tenant by N documents through the real models, with the
rows a document brings along in proportion — its draft version, two countersign requests, its
signing chain and the steps taken on it, its audit events on the tenant's hash chain — and a
supervision task for every twentieth. Used by `bench/scale.py` (10k to 1M documents) and by the
statement-count test (100 and 1,000), so both measure the same shape of data.

The rows are inserted in batches (one Core `insert` executemany per table and batch, every row
with the same keys so the driver runs one prepared statement), not use case by use case: the
point is the size of what pages and commands read, not the time to write it. On SQLite the bulk
load runs with `synchronous=OFF` and a larger page cache (set back afterwards): a crash during it
loses a benchmark database, never a real one, and the indexes stay as they are. The audit events
are real links of the chain (each hashed over its content and the previous hash), so `audit
verify` and `audit compliance` run on them as on a real year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import cycle
from typing import Any

from sqlalchemy import Engine, event, insert, select, text

from zhengwu.calendar import china_date
from zhengwu.core import audit, covered
from zhengwu.core.db import Database, make_engine
from zhengwu.core.tenants import Tenant, get_tenant
from zhengwu.documents import signoff
from zhengwu.documents import words as doc_words
from zhengwu.documents.models import AwaitedPost, ChainStep, CountersignRequest, Document, DocumentVersion
from zhengwu.documents.signoff import facts_of
from zhengwu.org.models import Department, Post
from zhengwu.supervision.models import Task
from zhengwu.rulebook.profile import load_profile

BATCH = 10_000
START = datetime(2024, 1, 2, 1, 0, tzinfo=timezone.utc)  # 09:00 in Beijing, the first working day of 2024


@dataclass(frozen=True)
class Grown:
    documents: int
    audit_events: int
    first_document_id: int
    last_document_id: int


def grow(db: Database, slug: str, n: int, *, year_start: datetime = START) -> Grown:
    """Add `n` documents (and their rows) to the tenant of that code, spread over a year."""
    bulk = db if db.is_postgres else Database(_bulk_engine(db))
    try:
        with bulk.write() as session:
            grown = _grow(db, session, slug, n, year_start)
    finally:
        if bulk is not db:
            bulk.dispose()
    if db.is_postgres:
        # The planner's statistics still describe the tables before the load (autovacuum analyzes
        # later, on its own schedule): a benchmark run at once would time plans made for empty tables.
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return grown


def _bulk_engine(db: Database) -> Engine:
    """An engine of its own on the same SQLite file whose connections skip the fsyncs and keep a
    256 MB page cache: for the bulk load only (the application's engine keeps its settings)."""
    engine = make_engine(db.engine.url.render_as_string(hide_password=False))

    @event.listens_for(engine, "connect")
    def _bulk(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")
        cursor.close()

    return engine


def _uniform(rows: list[dict]) -> list[dict]:
    """The rows with the same keys (None where a row has none), so executemany keeps one statement."""
    keys = dict.fromkeys(k for row in rows for k in row)
    return [{k: row.get(k) for k in keys} for row in rows]


def _grow(db: Database, session, slug: str, n: int, year_start: datetime) -> Grown:
    tenant = get_tenant(session, slug)
    profile = load_profile(tenant.profile_id)
    departments = list(session.execute(select(Department.id).where(
        Department.tenant_id == tenant.id, Department.kind != "office").order_by(Department.id)).scalars())
    office = session.execute(select(Post.holder_id).where(
        Post.tenant_id == tenant.id, Post.kind.in_(("office_director", "secretary_general")))).scalars().first()
    signer = session.execute(select(Post.holder_id).where(Post.tenant_id == tenant.id, Post.kind == "head")).scalar()
    first_id = (session.execute(select(Document.id).order_by(Document.id.desc()).limit(1)).scalar() or 0) + 1
    task_id = session.execute(select(Task.id).order_by(Task.id.desc()).limit(1)).scalar() or 0
    taken = session.execute(select(Document.doc_number).where(Document.tenant_id == tenant.id,
                                                              Document.doc_number.is_not(None))).scalars()
    numbered = sum(1 for _ in taken)
    steps_of_chain = signoff.signing_chain(profile, facts_of(Document(
        issuer="government", doc_type="notice", facts={}, touches_department_ids=[])))
    chain = [s.as_dict() for s in steps_of_chain]
    awaited = sorted(signoff.awaited_posts(steps_of_chain, set()))
    writer = _Chain(session, tenant)
    other = cycle(departments)
    events = 0
    for start in range(0, n, BATCH):
        docs, versions, requests, steps, tasks, waiting = [], [], [], [], [], []
        for i in range(start, min(n, start + BATCH)):
            doc_id = first_id + i
            at = year_start + timedelta(minutes=int(i * 525_600 / max(n, 1)))
            day = china_date(at)
            lead, a, b = departments[i % len(departments)], next(other), next(other)
            kind = "incoming" if i % 10 == 9 else "signing" if i % 10 == 8 else "issued"
            doc: dict[str, Any] = dict(id=doc_id, tenant_id=tenant.id, version=1, doc_type="request" if kind == "incoming" else "notice",
                       direction="incoming" if kind == "incoming" else "outgoing",
                       issuer="department" if kind == "incoming" else "government", department_id=lead,
                       title=f"关于第{i + 1}项工作的{'请示' if kind == 'incoming' else '通知'}",
                       body="现将有关事项通知如下。\n请认真贯彻执行。", main_recipients="各街道办事处，政府各部门",
                       copy_to=[], attachments=[], state="submitted" if kind == "incoming" else kind,
                       facts={}, intake={}, check_reasons=[], return_reasons=[], touches_department_ids=[a, b],
                       chain=[] if kind == "incoming" else chain, created_by_id=office, created_at=at, updated_at=at,
                       profile_id=profile.id)
            if kind == "issued":
                numbered += 1
                doc.update(doc_number=f"政发〔{day.year}〕{numbered}号", signer_id=signer, signer_name="区长",
                           signed_on=day, issued_on=day)
            docs.append(doc)
            versions.append(dict(tenant_id=tenant.id, document_id=doc_id, no=1, title=doc["title"], body=doc["body"],
                                 note="拟稿", author_id=office, created_at=at))
            events += writer.add(at, "document.draft" if kind != "incoming" else "document.submit", doc_id,
                                 last=kind == "incoming")
            if kind == "incoming":
                continue
            for position, department in enumerate((a, b)):
                requests.append(dict(tenant_id=tenant.id, version=1, document_id=doc_id, round_no=1, mode="parallel",
                                     position=position, department_id=department, sent_on=day,
                                     due=day + timedelta(days=7), basis="default", outcome="agree",
                                     answered_at=at + timedelta(days=1), answered_by_id=office, opinion="同意",
                                     their_reasons="", our_reasons="", proposal=""))
            for action in ("document.countersign_open", "document.countersign_reply", "document.countersign_reply",
                           "document.countersign_close"):
                events += writer.add(at, action, doc_id)
            events += writer.add(at, "document.send_for_signing", doc_id, last=kind == "signing")
            if kind == "signing":
                waiting += [dict(tenant_id=tenant.id, document_id=doc_id, post=post) for post in awaited]
            if kind == "issued":
                for step in chain:
                    steps.append(dict(tenant_id=tenant.id, document_id=doc_id, kind=step["kind"], post=step["post"],
                                      user_id=signer, capacity="区长", opinion="同意", cite=step["cite"], at=at))
                events += writer.add(at, "document.sign_off", doc_id) + writer.add(at, "document.issue", doc_id, last=True)
            if i % 20 == 0:
                closed = i % 40 == 0
                task_id += 1
                tasks.append(dict(id=task_id, tenant_id=tenant.id, version=1, source="instruction", source_id=str(doc_id),
                                  title=f"{doc['title']}：抓好落实", department_id=lead, person=None,
                                  deadline=day + timedelta(days=30), state="closed" if closed else "open",
                                  closed_on=day + timedelta(days=20) if closed else None, cite=None, created_at=at))
                events += writer.add(at, "supervision.create_task", task_id, object_type="task", last=True)
        for model, rows in ((Document, docs), (DocumentVersion, versions), (CountersignRequest, requests),
                            (ChainStep, steps), (Task, tasks), (AwaitedPost, waiting)):
            if rows:
                session.connection().execute(insert(model.__table__), _uniform(rows))  # type: ignore[arg-type]  # a Table
        doc_words.write(session.connection(), [(d["id"], d["title"], d["body"], d.get("doc_number")) for d in docs])
        writer.flush()
    writer.close()
    if db.is_postgres:  # the ids were given: move the sequence past them
        for table in ("doc_documents", "supervision_tasks"):
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT max(id) FROM {table}))"))
    return Grown(n, events, first_id, first_id + n - 1)


class _Chain:
    """Appends events to the tenant's chain in bulk: the same content, sequence and hash links
    that `audit.append` writes one at a time. An object's last event carries the hash of its
    stored state (`data_hash`), as the commit of a real use case gives it, so `audit verify`
    checks the grown rows too; events wait in `queued` until their batch's rows are written."""

    def __init__(self, session, tenant: Tenant):
        self.session = session
        self.tenant = tenant
        self.chain = audit.chain_of(tenant.id)
        head = audit._lock_head(session, self.chain)
        self.head = head
        self.seq, self.prev = head.last_seq, head.last_hash
        self.queued: list[tuple] = []

    def add(self, at: datetime, action: str, object_id: int, *, object_type: str = "document",
            last: bool = False) -> int:
        self.queued.append((at, action, object_type, str(object_id), last))
        return 1

    def flush(self) -> None:
        """Hash and insert the queued events (the rows they describe are written by now)."""
        if not self.queued:
            return
        states: dict[tuple[str, str], str] = {}
        for kind in {kind for _, _, kind, _, last in self.queued if last}:
            ids = [object_id for _, _, k, object_id, last in self.queued if last and k == kind]
            states.update({(kind, object_id): h for object_id, h in covered.state_hashes(self.session, kind, ids).items()})
        rows = []
        for at, action, kind, object_id, last in self.queued:
            # The values in audit.HASHED order, hashed as audit.canonical_values hashes them (no
            # ORM object per event: a million documents bring seven million events).
            self.seq += 1
            values = (self.chain, self.seq, self.tenant.id, None, "系统（规模测试）", action, audit.DONE, kind,
                      object_id, {"after": {"id": int(object_id)}}, None, at, self.prev, audit.ALGORITHM,
                      states[(kind, object_id)] if last else None)
            self.prev = audit.digest(audit.ALGORITHM, audit.canonical_values(values))
            row = dict(zip(audit.HASHED, values, strict=True))
            row["hash"] = self.prev
            rows.append(row)
        self.session.connection().execute(insert(audit.AuditEvent.__table__), rows)  # type: ignore[arg-type]  # __table__ is a Table
        self.queued = []

    def close(self) -> None:
        self.flush()
        self.head.last_seq, self.head.last_hash = self.seq, self.prev
        self.session.flush()
