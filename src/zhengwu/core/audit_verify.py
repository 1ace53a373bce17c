"""Verifying an audit chain (core/audit.py): the walk over its events and the check of the data.

Each event is read as plain driver values (one SELECT of the hashed columns through the driver's
own cursor, a batch at a time: no SQLAlchemy row per event), its canonical bytes are built from
them (audit._canonical, the same bytes `_seal` hashed) and hashed with SM3.

A long chain is walked in parts by worker processes (`workers`): every event stores the hash of
the one before it, so a part (lo, hi] of the sequence numbers checks on its own that its events
are numbered lo+1, lo+2 … in order, that each is linked to the one before it *within* the part
and that each hashes right; only its first event's link is left open, and it is closed when the
parts are put together in order — the first event of a part must link to the last event of the
part before it, and must carry the next number. So an event changed, deleted, inserted or moved
anywhere, at a part's edge included, breaks the walk exactly where one walk from the start would
break, with the same report (tests/core/test_audit_verify.py compares the two).

The parts end at the chain head read in the caller's transaction (events up to it never change;
events appended meanwhile are after it), and what lies past the head in that transaction is
walked there too, so an event added behind the head is still found. Meanwhile the caller's
process checks the data (covered.py) in its own transaction — the state each covered row must
match is the one its last event sealed, taken from the parts once they are all verified.

Workers are started fresh ("spawn": a new interpreter that imports this module), never forked from
the caller: a child forked from a process holding SQLite connections would inherit SQLite's
in-memory lock bookkeeping, which SQLite forbids (https://sqlite.org/howtocorrupt.html, 2.6). (A
fork server would be cheaper, but Python 3.11's ignores the caller's sys.path.) Each worker opens
its own connection; the web app, a threaded server, verifies in its own process (`workers=1`).
"""

from __future__ import annotations

import atexit
import json
import multiprocessing
import multiprocessing.util
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Generator, Iterable

from sqlalchemy.orm import Session

from zhengwu.core import audit, covered

# Events a worker is given at the least: below it, starting a worker (a fresh interpreter's imports,
# 0.5–1 s) and connecting cost more than they save (at 216k events, one process walked the links in
# 1.6 s and two new workers in 2.6 s; a year at a million documents, 7M events, runs in 57 s in two).
PARALLEL_FROM = 250_000
_BATCH = 2000
_NO_END = 2**31 - 1  # past any sequence number (the column is a 32-bit integer on PostgreSQL)

# The hashed columns in audit.HASHED order after (id, hash): `at` as text in SQLite's stored form
# ('YYYY-MM-DD HH:MM:SS.ffffff', UTC) and the summary as its stored JSON text, on both databases.
_SELECT = ("SELECT id, hash, chain, seq, tenant_id, actor_user_id, actor, action, outcome, object_type, object_id, "
           "{summary}, cite, {at}, prev_hash, algorithm, data_hash FROM audit_events "
           "WHERE chain = {p} AND seq > {p} AND seq <= {p} ORDER BY seq")
_SQL = {
    "sqlite": _SELECT.format(summary="summary", at="at", p="?"),
    "postgresql": _SELECT.format(summary="summary::text", at="to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
                                 p="%s"),
}


@dataclass
class Part:
    """What the walk of the events numbered (lo, hi] found."""

    lo: int
    first: tuple[int, int, str] | None = None  # (seq, id, prev_hash) of its first event: its link is closed later
    walked: int = 0  # events from lo+1 on that hold
    last_hash: str = ""
    broken: tuple[int, int, str] | None = None  # (seq, id, problem) of the first event that does not
    latest: dict[tuple[str, str], str] = field(default_factory=dict)  # each object's last sealed state in the part


def _at_text(value: Any) -> str:
    """`at` as hashed (ISO, microseconds, UTC) from what the driver returns: SQLite's stored text
    (UTC, 'YYYY-MM-DD HH:MM:SS.ffffff') or a datetime."""
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " ":
            return f"{value[:10]}T{value[11:]}+00:00"
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _matches_decoded(hasher, values: tuple, at: str, stored: str) -> bool:
    """Whether an event whose summary text is not in canonical form hashes right once decoded."""
    try:
        summary = audit._json(json.loads(values[9]))
    except (TypeError, ValueError):
        return False
    return hasher(audit._canonical(values, summary, at)) == stored


def walk(batches: Iterable[list[tuple]], lo: int) -> Part:
    """Check events numbered from lo+1 on, in order: numbering, links from the second event on,
    and hashes. The summary is hashed as stored — written as canonical JSON (sorted keys, compact,
    see audit.append and db.make_engine), its text is the hashed text; a summary stored otherwise
    (events written before) is decoded and written again before its hash is judged."""
    part = Part(lo)
    expected, previous = lo, ""
    latest = part.latest
    canonical, digests = audit._canonical, audit._DIGESTS
    for rows in batches:
        if part.first is None and rows:
            # The first event's link is judged where the parts are joined: here it links to itself.
            part.first, previous = (rows[0][3], rows[0][0], rows[0][14]), rows[0][14]
        for row in rows:
            event_id, stored, seq, prev_hash, algorithm = row[0], row[1], row[3], row[14], row[15]
            expected += 1
            if seq != expected:
                part.broken = (seq, event_id, f"序号应为 {expected}，实为 {seq}（事件被删除或插入）")
                break
            if prev_hash != previous:
                part.broken = (seq, event_id, "前一事件哈希不符（前一事件被改动、删除或插入）")
                break
            hasher = digests.get(algorithm)
            if hasher is None:
                part.broken = (seq, event_id, f"未知的审计哈希算法：{algorithm}")
                break
            values = row[2:]
            at = values[11]
            at = f"{at[:10]}T{at[11:]}+00:00" if at.__class__ is str and len(at) == 26 else _at_text(at)
            if hasher(canonical(values, values[9], at)) != stored and not _matches_decoded(hasher, values, at, stored):
                part.broken = (seq, event_id, "事件内容与其哈希不符（事件被改动）")
                break
            previous = stored
            if row[16] is not None:
                latest[(row[9], row[10])] = row[16]
        else:
            continue
        break
    part.walked = expected - lo - (part.broken is not None)
    part.last_hash = previous
    return part


def _batches(driver_connection, dialect: str, chain: str, lo: int, hi: int) -> Generator[list[tuple], None, None]:
    """The events numbered (lo, hi] in order, a batch of plain tuples at a time, through the
    driver's cursor (server-side on PostgreSQL: memory stays flat however long the chain)."""
    cursor = (driver_connection.cursor(name="zhengwu_audit_verify") if dialect == "postgresql"
              else driver_connection.cursor())
    try:
        cursor.execute(_SQL[dialect], (chain, lo, hi))
        while rows := cursor.fetchmany(_BATCH):
            yield rows
    finally:
        cursor.close()


def _walk_with(connection, chain: str, lo: int, hi: int) -> Part:
    batches = _batches(connection.connection.driver_connection, connection.dialect.name, chain, lo, hi)
    try:
        return walk(batches, lo)
    finally:
        batches.close()  # a walk that stops at a broken event closes its cursor now


_engines: dict[str, Any] = {}  # in a worker: one engine per database it was asked to walk
_pool: Any = None  # in the caller: the worker processes, started once and kept for later walks
_pool_size = 0


def _walk_part(url: str, chain: str, lo: int, hi: int) -> Part:
    # In a spawned worker: its own engines and connections (closed when the worker exits).
    engine = _engines.get(url)
    if engine is None:
        from zhengwu.core.db import make_engine

        engine = _engines[url] = make_engine(url)
        multiprocessing.util.Finalize(None, engine.dispose, exitpriority=10)
    with engine.connect() as connection:
        return _walk_with(connection, chain, lo, hi)


def _workers(count: int) -> Any:
    """The caller's pool of `count` or more workers. Starting one costs about a second (a fresh
    interpreter's imports), so the pool is kept for the process's next walk and ended at exit."""
    global _pool, _pool_size
    if _pool is None or _pool_size < count:
        _end_workers()
        _pool, _pool_size = multiprocessing.get_context("spawn").Pool(count), count
    return _pool


@atexit.register
def _end_workers() -> None:
    global _pool
    if _pool is not None:
        _pool.terminate()
        _pool.join()
        _pool = None


def _parts(lo: int, hi: int, workers: int) -> list[tuple[int, int]]:
    count = min(workers, (hi - lo) // PARALLEL_FROM) if workers > 1 and "spawn" in multiprocessing.get_all_start_methods() else 1
    if count <= 1:
        return []
    size = -(-(hi - lo) // count)
    return [(start, min(start + size, hi)) for start in range(lo, hi, size)]


def verify(session: Session, chain: str, *, start: tuple[int, str] | None = None, data: bool = True,
           workers: int = 1) -> audit.Verification:
    """Walk one chain and report the first broken link, or OK with the count; then check that every
    covered row still matches its last audited state.

    `start` = (seq, hash) of a verified signed checkpoint (core/checkpoints.py): the walk starts
    after it, trusting what the signature vouches for. Data is checked only on a full walk, which
    sees every object's last event. `workers` > 1: a long chain is walked in that many processes
    while this one reads the data (see the module's docstring)."""
    count, previous = start if start is not None else (0, audit.GENESIS)
    head = session.get(audit.AuditChainHead, chain)
    check_data = data and start is None
    split = _parts(count, head.last_seq, workers) if head is not None else []
    url = session.connection().engine.url
    if not split or (url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")):
        parts = [_walk_with(session.connection(), chain, count, _NO_END)]
        current = covered.current_digests(session, audit.tenant_of_chain(chain)) if check_data else None
    else:
        address = url.render_as_string(hide_password=False)
        walking = _workers(len(split)).starmap_async(_walk_part, [(address, chain, lo, hi) for lo, hi in split])
        current = covered.current_digests(session, audit.tenant_of_chain(chain)) if check_data else None
        parts = [*walking.get(), _walk_with(session.connection(), chain, split[-1][1], _NO_END)]
    latest: dict[tuple[str, str], str] = {}
    for part in parts:
        if part.first is None:
            continue  # no events in it: cut off (found by the numbering or the head), or past the head
        seq, event_id, prev_hash = part.first
        if seq != count + 1:
            return audit.Verification(chain, False, count, seq, event_id, f"序号应为 {count + 1}，实为 {seq}（事件被删除或插入）")
        if prev_hash != previous:
            return audit.Verification(chain, False, count, seq, event_id, "前一事件哈希不符（前一事件被改动、删除或插入）")
        if part.broken is not None:
            return audit.Verification(chain, False, part.lo + part.walked, *part.broken)
        latest.update(part.latest)
        count, previous = part.lo + part.walked, part.last_hash
    if head is not None and (head.last_seq != count or head.last_hash != previous):
        return audit.Verification(chain, False, count, None, None,
                                  f"链头记录为 {head.last_seq} 条，实存 {count} 条（链尾事件被删除或改动）")
    if current is not None:
        changed = covered.mismatches(session, audit.tenant_of_chain(chain), latest, current)
        if changed:
            return audit.Verification(chain, False, count, None, None,
                                      "以下对象的当前数据与其最后一次审计记录不符（在系统之外被改动）：" + "；".join(changed[:10])
                                      + (f" 等共 {len(changed)} 处" if len(changed) > 10 else ""), data_ok=False)
    return audit.Verification(chain, True, count, after_seq=None if start is None else start[0])
