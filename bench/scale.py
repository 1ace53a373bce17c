"""A year's work and more: one tenant grown to 10k, 100k (and 1M) documents, the main pages and
lists timed side by side at each size, with `audit verify` and `audit compliance`.

The demo is seeded (大洼 and the other governments), then `zhengwu.scale.grow` adds documents
to 大洼 in bulk through the models — each with its draft, two countersign requests, its signing
chain and steps, a supervision task for every twentieth, and 7 audit events on the real hash
chain. At each size every page is requested `--repeat` times in-process (FastAPI's TestClient,
logged in as the office, and as the head for 待我签批) and its p50/p95 reported, with the SQL
statements it ran. This is a benchmark, not a test: it prints and writes numbers.

    PYTHONPATH=src python bench/scale.py --sizes 10000,100000 [--repeat 7] [--out bench/results/scale.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

GROW_STEP = 100_000
# Pages timed as the first view after a write to the government: what `web.kept` keeps (the 待办
# list every page shows, the compliance report) is dropped before each of their requests.
FIRST_AFTER_WRITE = "数据变动后首次"
NOW = datetime(2024, 12, 20, 2, 0, tzinfo=timezone.utc)  # the pages' "today": late in the grown year
PAGES = [
    ("工作台", "dawa.office", "/t/dawa/"),
    ("工作台（数据变动后首次）", "dawa.office", "/t/dawa/"),
    ("公文列表", "dawa.office", "/t/dawa/documents"),
    ("公文列表 第2页起（筛选：已印发）", "dawa.office", "/t/dawa/documents?state=issued&after={mid}"),
    ("全文检索", "dawa.office", "/t/dawa/documents?q=工作"),
    ("全文检索（少见的词：第4321项）", "dawa.office", "/t/dawa/documents?q=第4321项"),
    ("待我签批（办公室主任：一成公文待其审核）", "dawa.office", "/t/dawa/documents/queue"),
    ("待我签批（分管副区长）", "dawa.dep1", "/t/dawa/documents/queue"),
    ("待我签批（区长：暂无）", "dawa.head", "/t/dawa/documents/queue"),
    ("会签时限", "dawa.office", "/t/dawa/documents/countersigns"),
    ("会签时限（计时中）", "dawa.office", "/t/dawa/documents/countersigns?open=1"),
    ("审计日志", "dawa.office", "/t/dawa/audit"),
    ("审计日志（一件公文）", "dawa.office", "/t/dawa/audit?object_type=document&object_id={mid}"),
    ("督查台账", "dawa.office", "/t/dawa/supervision"),
    ("一件公文", "dawa.office", "/t/dawa/documents/{mid}"),
    ("会议", "dawa.office", "/t/dawa/meetings"),
    ("政务公开", "dawa.office", "/t/dawa/disclosure"),
    ("合规看板", "dawa.office", "/t/dawa/compliance"),
    ("合规看板（数据变动后首次）", "dawa.office", "/t/dawa/compliance"),
    ("API 公文列表", "dawa.office", "/api/tenants/dawa/documents"),
    ("API 待我签批（办公室主任）", "dawa.office", "/api/tenants/dawa/documents/sign-queue"),
    ("API 会签", "dawa.office", "/api/tenants/dawa/countersigns"),
    ("API 督查台账", "dawa.office", "/api/tenants/dawa/supervision/tasks"),
    ("API 公文全程记录", "dawa.office", "/api/tenants/dawa/documents/{mid}/trail"),
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} vCPU ({cpu}), {mem} MB RAM, "
            f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}; "
            f"load average at start {os.getloadavg()[0]:.2f} (machine shared with other jobs)")


def run(sizes: list[int], repeat: int, data_dir: Path, only: str = "", audit_too: bool = True,
        grow_only: bool = False, warm: int = 1, verify: bool = True) -> dict:
    from argon2 import PasswordHasher
    from fastapi.testclient import TestClient
    from sqlalchemy import event, func, select

    from zhengwu.calendar.clock import FixedClock
    from zhengwu.compliance.report import compliance_report
    from zhengwu.core import audit, migrate, users
    from zhengwu.core.settings import Settings
    from zhengwu.core.tenants import find_tenant
    from zhengwu.demo import DEMO_PASSWORD, seed_demo
    from zhengwu.documents.models import Document
    from zhengwu.scale import grow
    from zhengwu.web.app import create_app, settle

    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # setup only
    settings = Settings(data_dir=data_dir)
    db = migrate.open_database(settings)
    seed_demo(db, datetime(2024, 1, 2, 1, 0, tzinfo=timezone.utc))  # creates only what is missing
    app = create_app(settings, db, FixedClock(NOW))
    settle()  # as `zhengwu serve` does at start (the in-process client runs no lifespan)
    statements = [0]
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1))
    clients = {}
    for person in {p for _, p, _ in PAGES}:
        client = TestClient(app)
        form = client.get("/login").text
        token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/login", data={"username": person, "password": DEMO_PASSWORD, "csrf_token": token, "next": "/"})
        clients[person] = client
    results: dict = {"sizes": {}, "warm": warm}
    with db.read() as session:  # a kept database (--keep) grows from where it stands
        have = session.execute(select(func.count(Document.id)).where(Document.title.like("关于第%项工作的%"))).scalar()
    for size in sizes:
        started = time.perf_counter()
        while size > have:  # a transaction per GROW_STEP documents keeps the write-ahead log small
            step = min(GROW_STEP, size - have)
            t = time.perf_counter()
            grow(db, "dawa", step)
            have += step
            print(f"grown to {have:,} documents ({step / (time.perf_counter() - t):,.0f} documents/s)", flush=True)
        grown_s = time.perf_counter() - started
        if not db.is_postgres:  # fold the write-ahead log of the bulk writes into the database file
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        if grow_only:
            continue
        with db.read() as session:
            tenant = find_tenant(session, "dawa")
            ids = session.execute(select(func.min(Document.id), func.max(Document.id)).where(
                Document.tenant_id == tenant.id)).one()
            events = session.get(audit.AuditChainHead, audit.chain_of(tenant.id)).last_seq
        mid = (ids[0] + ids[1]) // 2
        row: dict = {"grow_s": round(grown_s, 1), "audit_events": events, "pages": {},
                     "load_average": round(os.getloadavg()[0], 2)}
        for label, person, path in PAGES:
            if only not in label:
                continue
            url = path.format(mid=mid)
            times, count, size_bytes, status = [], 0, 0, 0
            for _ in range(warm):  # untimed: a process's first request loads templates, jieba's dictionary
                clients[person].get(url)
            for _ in range(repeat):
                if FIRST_AFTER_WRITE in label:
                    app.state.zhengwu_kept = None
                statements[0] = 0
                t = time.perf_counter()
                response = clients[person].get(url)
                times.append(time.perf_counter() - t)
                count, size_bytes, status = statements[0], len(response.content), response.status_code
            row["pages"][label] = {"p50_ms": round(1000 * statistics.median(times), 1),
                                   "p95_ms": round(1000 * percentile(times, 95), 1), "sql": count,
                                   "kb": round(size_bytes / 1024, 1), "status": status}
            print(f"{size:>8} {label:<24} p50 {row['pages'][label]['p50_ms']:>8.1f} ms  "
                  f"p95 {row['pages'][label]['p95_ms']:>8.1f} ms  {count:>4} SQL  {size_bytes / 1024:>7.1f} KB  {status}",
                  flush=True)
        results["sizes"][size] = row
        if not audit_too:
            continue
        with db.read() as session:
            t = time.perf_counter()
            compliance_report(session, tenant, date(2024, 1, 1), date(2024, 12, 31), NOW.date()).render("json")
            compliance_s = time.perf_counter() - t
        row["audit_compliance_year_s"] = round(compliance_s, 2)
        print(f"{size:>8} compliance (2024) {compliance_s:.2f} s", flush=True)
        if not verify:
            continue
        with db.read() as session:
            t = time.perf_counter()
            verified = audit.verify(session, audit.chain_of(tenant.id))
            verify_s = time.perf_counter() - t
            assert verified.ok
        with db.read() as session:
            t = time.perf_counter()
            audit.verify(session, audit.chain_of(tenant.id), data=False)
            chain_s = time.perf_counter() - t
        floor_s = _floor(data_dir / "zhengwu.db", audit.chain_of(tenant.id))
        row["audit_verify"] = {"s": round(verify_s, 2), "events_per_s": round(verified.count / verify_s),
                               "chain_only_events_per_s": round(verified.count / chain_s),
                               "floor_events_per_s": round(verified.count / floor_s)}
        print(f"{size:>8} audit verify {verify_s:.2f} s ({verified.count / verify_s:,.0f} events/s; links only "
              f"{verified.count / chain_s:,.0f}/s; floor {verified.count / floor_s:,.0f}/s)", flush=True)
    for client in clients.values():
        client.close()
    db.dispose()
    return results


def _floor(path: Path, chain: str) -> float:
    """Seconds to read the chain's events with bare sqlite3 and take one SM3 of each row's text:
    what verification cannot go below on this machine at this moment (the ratio to it holds
    better than a time does on a shared box)."""
    import hashlib
    import sqlite3

    connection = sqlite3.connect(path)
    started = time.perf_counter()
    for row in connection.execute(
            "SELECT id, hash, chain, seq, tenant_id, actor_user_id, actor, action, outcome, object_type, object_id, "
            "summary, cite, at, prev_hash, algorithm, data_hash FROM audit_events WHERE chain = ? ORDER BY seq",
            (chain,)):
        hashlib.new("sm3", "|".join(map(str, row)).encode()).hexdigest()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def markdown(results: dict, repeat: int) -> str:
    sizes = list(results["sizes"])
    head = "| page / command | " + " | ".join(f"{int(s):,} docs p50 / p95 (SQL, KB)" for s in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(sizes)]
    for label, _, _ in PAGES:
        if not any(label in results["sizes"][s]["pages"] for s in sizes):
            continue
        cells = []
        for s in sizes:
            p = results["sizes"][s]["pages"].get(label)
            cells.append(f"{p['p50_ms']:.0f} / {p['p95_ms']:.0f} ms ({p['sql']}, {p['kb']:.0f})" if p else "—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if all("audit_verify" in results["sizes"][s] for s in sizes):
        lines.append("| `audit verify` | " + " | ".join(
            f"{results['sizes'][s]['audit_verify']['s']} s ({results['sizes'][s]['audit_events']:,} events, "
            f"{results['sizes'][s]['audit_verify']['events_per_s']:,}/s)" for s in sizes) + " |")
        lines.append("| `audit verify`, hash links only (no data check) / bare floor | " + " | ".join(
            f"{results['sizes'][s]['audit_verify'].get('chain_only_events_per_s', 0):,}/s / "
            f"{results['sizes'][s]['audit_verify'].get('floor_events_per_s', 0):,}/s" for s in sizes) + " |")
    if any("audit_compliance_year_s" in results["sizes"][s] for s in sizes):
        lines.append("| `audit compliance` (2024) | " + " | ".join(
            f"{results['sizes'][s]['audit_compliance_year_s']} s" if "audit_compliance_year_s" in results["sizes"][s]
            else "—" for s in sizes) + " |")
    lines.append("| audit events in the tenant's chain | " + " | ".join(
        f"{results['sizes'][s].get('audit_events', 0):,}" for s in sizes) + " |")
    lines.append("| growing to this size (bulk) | " + " | ".join(
        f"{results['sizes'][s]['grow_s']} s" for s in sizes) + " |")
    warm = f", each after {results['warm']} untimed" if results.get("warm") else ""
    return "\n".join(lines) + f"\n\n{repeat} requests per page and size{warm}, in-process (TestClient), SQLite.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="documents, comma-separated, ascending")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--warm", type=int, default=1, help="untimed requests per page before the timed ones")
    parser.add_argument("--out", type=Path, help="write the results (markdown, and .json beside it)")
    parser.add_argument("--only", default="", help="only the pages whose label contains this")
    parser.add_argument("--no-audit", action="store_true", help="skip audit verify and compliance")
    parser.add_argument("--no-verify", action="store_true", help="skip audit verify (compliance still runs)")
    parser.add_argument("--grow-only", action="store_true", help="only grow the database (with --keep)")
    parser.add_argument("--keep", type=Path, help="build the database in this (empty) directory and keep it")
    parser.add_argument("--merge", type=Path, nargs="+", help="only put earlier runs' .json side by side (--out)")
    args = parser.parse_args()
    if args.merge:
        runs = [json.loads(f.read_text()) for f in args.merge]
        sizes: dict = {}
        for r in runs:  # a later run's pages replace the same pages of an earlier run of that size
            for size, row in r["sizes"].items():
                known = sizes.setdefault(size, {**row, "pages": {}})
                known.update({k: v for k, v in row.items() if k != "pages"})
                known["pages"].update(row["pages"])
        merged = {"sizes": dict(sorted(sizes.items(), key=lambda kv: int(kv[0])))}
        about = " / ".join(dict.fromkeys(r["machine"] for r in runs))
        args.out.write_text(f"# bench/scale.py\n\nMachine: {about}\n\n{markdown(merged, args.repeat)}")
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    about = machine()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        results = run(sizes, args.repeat, args.keep, args.only, not args.no_audit, args.grow_only, args.warm,
                      not args.no_verify)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            results = run(sizes, args.repeat, Path(tmp), args.only, not args.no_audit, warm=args.warm,
                          verify=not args.no_verify)
    results["machine"] = about
    table = markdown(results, args.repeat)
    print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(f"# bench/scale.py\n\nMachine: {about}\n\n{table}")
        args.out.with_suffix(".json").write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
