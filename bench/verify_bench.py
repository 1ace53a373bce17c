"""`audit verify` in events/s on one grown tenant (大洼): the hash links only, a full run (links and
the data check), and incremental from the last signed checkpoint — in one process and in parts
(`--workers`) — side by side with a floor measured in the same run: bare sqlite3 reading the same
columns, then SM3 over the same canonical bytes (built beforehand), one process. Both wall time and
CPU seconds (of every process, workers included) are reported, with the load average: the machine
is shared, so compare the ratios to the floor, not the times.

The database is kept in DIR and grown (through zhengwu.scale, as bench/scale.py does) to
`--documents` if it has fewer; for the incremental run a checkpoint is signed and `--tail` more
documents are added after it, once.

    PYTHONPATH=src python bench/verify_bench.py DIR [--documents 20000] [--workers 2] [--rounds 3]
        [--before /work/main/src] [--out FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children (the workers)."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime, children.ru_utime + children.ru_stime


def _timed(work) -> tuple[float, tuple[float, float], object]:
    cpu, wall = _cpu(), time.perf_counter()
    result = work()
    wall = time.perf_counter() - wall
    # The walk keeps its worker processes for the next walk; a child's CPU is counted only once it
    # has ended, so end them here (after the wall clock stopped; the next run in parts starts its
    # workers again, as a fresh `zhengwu audit verify` process would).
    from zhengwu.core import audit_verify

    audit_verify._end_workers()
    after = _cpu()
    return wall, (after[0] - cpu[0], after[1] - cpu[1]), result


def prepare(data: Path, documents: int, tail: int):
    from argon2 import PasswordHasher
    from sqlalchemy import func, select

    from zhengwu.core import audit, checkpoints, migrate, users
    from zhengwu.core.settings import Settings
    from zhengwu.core.tenants import find_tenant
    from zhengwu.demo import DEMO_PASSWORD, seed_demo  # noqa: F401  (the demo's seeders)
    from zhengwu.documents.models import Document
    from zhengwu.scale import grow
    from zhengwu.web import app  # noqa: F401  (registers every domain's demo seeder)

    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # setup only
    settings = Settings(data_dir=data)
    db = migrate.open_database(settings)
    seed_demo(db, datetime(2024, 1, 2, 1, 0, tzinfo=timezone.utc))  # creates only what is missing
    with db.read() as session:
        have = session.execute(select(func.count(Document.id)).where(Document.title.like("关于第%项工作的%"))).scalar()
        chain = audit.chain_of(find_tenant(session, "dawa").id)
        signed = checkpoints.latest(session, chain)
    while have < documents:
        step = min(100_000, documents - have)
        grow(db, "dawa", step)
        have += step
    if signed is None:
        with db.write() as session:
            checkpoints.sign_heads(session, settings, datetime.now(timezone.utc))
        grow(db, "dawa", tail)
    with db.engine.connect() as connection:  # fold the write-ahead log of the bulk writes into the file
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return settings, db, chain


def floor(path: Path, chain: str) -> tuple[float, float]:
    """Seconds to read the chain's hashed columns with bare sqlite3 (the walk's own SELECT), and
    to SM3 each event's canonical bytes, built beforehand: what a walk cannot go below here."""
    from zhengwu.core import audit, audit_verify

    connection = sqlite3.connect(path)
    cursor = connection.cursor()

    def read() -> list:
        cursor.execute(audit_verify._SQL["sqlite"], (chain, 0, audit_verify._NO_END))
        rows = []
        while batch := cursor.fetchmany(2000):
            rows += batch
        return rows

    read_s, _, rows = _timed(read)
    data = [audit._canonical(r[2:], r[11], f"{r[13][:10]}T{r[13][11:]}+00:00") for r in rows]  # type: ignore[attr-defined]
    del rows
    blank = hashlib.new("sm3")

    def hash_all() -> None:
        for item in data:
            h = blank.copy()
            h.update(item)
            h.hexdigest()

    hash_s, _, _ = _timed(hash_all)
    connection.close()
    return read_s, hash_s


CLI = "CLI `zhengwu audit verify --full --tenant dawa --workers {workers}` (process start and imports included)"

# The other tree's verify, timed in its own process: links only and full, one process.
BEFORE = r"""
import json, sys, time
from zhengwu import wiring
wiring.install()
import zhengwu.tables  # noqa: F401
from zhengwu.core import audit
from zhengwu.core.db import Database, make_engine
db = Database(make_engine(f"sqlite:///{sys.argv[1]}"))
out = {}
for label, data in [("hash links only, 1 process", False), ("`--full` (links + data), 1 process", True)]:
    with db.read() as session:
        wall, cpu = time.perf_counter(), time.process_time()
        assert audit.verify(session, sys.argv[2], data=data).ok
        out[label] = (time.perf_counter() - wall, time.process_time() - cpu)
print(json.dumps(out))
"""


def _ratio(ratios: list[float], walked: int, events: int) -> str:
    """A run's rate as a share of the floor's, from (floor seconds / run seconds) per round."""
    shares = sorted(r * walked / events for r in ratios)
    return f"{shares[len(shares) // 2]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--tail", type=int, default=200, help="documents added after the signed checkpoint")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--before", help="another tree's src (e.g. /work/main/src), timed alongside")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    from zhengwu.core import audit, audit_verify, checkpoints

    settings, db, chain = prepare(args.data, args.documents, args.tail)
    public = checkpoints.load_public(settings)
    load_start = os.getloadavg()
    with db.read() as session:
        events = session.get(audit.AuditChainHead, chain).last_seq
        records = checkpoints.stored(session, chain)
    after = max(r["seq"] for r in records)

    def run(incremental: bool = False, **options):
        with db.read() as session:
            if incremental:
                return checkpoints.verify(session, chain, records, public, incremental=True, **options)
            return audit.verify(session, chain, **options)

    cases = [("hash links only, 1 process", dict(data=False)),
             (f"hash links only, {args.workers} workers", dict(data=False, workers=args.workers)),
             ("`--full` (links + data), 1 process", {}),
             (f"`--full` (links + data), {args.workers} workers", dict(workers=args.workers)),
             (f"incremental after the signed checkpoint ({events - after:,} events), {args.workers} workers",
              dict(incremental=True, workers=args.workers))]
    best: dict[str, tuple[float, tuple[float, float]]] = {}
    ratios: dict[str, list[float]] = {}
    floors: list[tuple[float, float]] = []
    env = {**os.environ, "PYTHONPATH": str(Path(audit.__file__).parents[2])}
    for n in range(args.rounds):
        floors.append(floor(args.data / "zhengwu.db", chain))
        floor_s = sum(floors[-1])
        timed = []
        for label, options in (cases if n % 2 == 0 else cases[::-1]):
            wall, cpu, result = _timed(lambda: run(**options))  # noqa: B023  (called at once)
            assert result.ok, result.problem  # type: ignore[attr-defined]
            timed.append((label, wall, cpu))
        if args.before:  # the other tree, in a process of its own (its imports not timed)
            probe = subprocess.run([sys.executable, "-c", BEFORE, str(args.data / "zhengwu.db"), chain],
                                   env={**os.environ, "PYTHONPATH": args.before}, capture_output=True, text=True,
                                   check=True)
            for label, (wall, mine) in json.loads(probe.stdout.strip().splitlines()[-1]).items():
                timed.append((f"before ({args.before}): {label}", wall, (mine, 0.0)))
        wall, _, done = _timed(lambda: subprocess.run(
            [sys.executable, "-m", "zhengwu", "audit", "verify", "--full", "--tenant", "dawa", "--workers",
             str(args.workers), "--data-dir", str(args.data)], env=env, capture_output=True, text=True, check=False))
        assert done.returncode == 0, done.stdout + done.stderr
        timed.append((CLI, wall, (0.0, 0.0)))
        for label, wall, cpu in timed:
            ratios.setdefault(label, []).append(floor_s / wall)
            if label not in best or wall < best[label][0]:
                best[label] = (wall, cpu)
    read_s, hash_s = min(floors, key=sum)
    floor_rate = events / (read_s + hash_s)
    load_end = os.getloadavg()
    lines = [f"{events:,} events on 大洼's chain; best of {args.rounds} rounds (alternating order); load average "
             f"{load_start[0]:.2f} at start, {load_end[0]:.2f} at end; {os.cpu_count()} CPUs.",
             "",
             f"Floor (bare sqlite3 SELECT of the same columns {read_s:.2f} s + SM3 over the same bytes {hash_s:.2f} s, "
             f"one process): **{floor_rate:,.0f} events/s**.",
             "",
             "| run | wall s (best) | events/s (wall) | ÷ floor (median of the rounds, each to its own floor) "
             "| CPU s: this process + workers | events per CPU-second "
             "| on idle cores (estimate) |",
             "|---|---|---|---|---|---|---|"]
    for label, options in [*cases, *((label, {}) for label in best if label.startswith("before"))]:
        wall, (mine, children) = best[label]
        walked = events - after if label.startswith("incremental") else events
        workers = options.get("workers", 1) if walked >= 2 * audit_verify.PARALLEL_FROM else 1
        # With every process on a core of its own: the longest process, or all CPU spread over the cores.
        idle = max(mine, children / workers if workers > 1 else 0, (mine + children) / (os.cpu_count() or 1))
        lines.append(f"| {label} | {wall:.2f} | {walked / wall:,.0f} | {_ratio(ratios[label], walked, events)} | "
                     f"{mine:.2f} + {children:.2f} | {walked / (mine + children):,.0f} | {walked / idle:,.0f}/s |")
    lines.append(f"| {CLI.format(workers=args.workers)} | {best[CLI][0]:.2f} | {events / best[CLI][0]:,.0f} | "
                 f"{_ratio(ratios[CLI], events, events)} | — | — | — |")
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n")


if __name__ == "__main__":
    main()
