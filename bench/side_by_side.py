"""`audit verify` (full, and hash links only), `audit compliance` for a year and the 合规看板 page,
timed on one kept database (`bench/scale.py --keep DIR --grow-only`) for two source trees side by
side — e.g. main's `src` and this branch's — alternating, in one run, with ratios. No migration is
run (the database must already be at the newer tree's head; the older code ignores what it does
not know).

    python bench/side_by_side.py DIR --before /work/main/src --after src [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = r'''
import json, sys, time
from datetime import date, datetime, timezone
from pathlib import Path
from zhengwu import wiring
wiring.install()
import zhengwu.tables  # noqa: F401
from zhengwu.core import audit
from zhengwu.core.db import Database, make_engine
from zhengwu.core.tenants import find_tenant
from zhengwu.compliance.report import compliance_report

data = Path(sys.argv[1])
db = Database(make_engine(f"sqlite:///{data / 'zhengwu.db'}"))
out = {}
with db.read() as s:
    tenant = find_tenant(s, "dawa")
    chain = audit.chain_of(tenant.id)
if sys.argv[2] == "verify":
    with db.read() as s:
        t = time.perf_counter(); v = audit.verify(s, chain); out["verify_full_s"] = time.perf_counter() - t
        assert v.ok, v.problem
        out["events"] = v.count
    with db.read() as s:
        t = time.perf_counter(); audit.verify(s, chain, data=False); out["verify_links_s"] = time.perf_counter() - t
with db.read() as s:
    t = time.perf_counter()
    report = compliance_report(s, tenant, date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 20))
    report.render("json")
    out["compliance_year_s"] = time.perf_counter() - t
    out["deviations"] = len(report.deviations)
    out["deviations_digest"] = __import__("hashlib").sha256(report.render("json")).hexdigest()

from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from zhengwu.calendar.clock import FixedClock
from zhengwu.core import users
from zhengwu.core.settings import Settings
from zhengwu.demo import DEMO_PASSWORD
from zhengwu.web.app import create_app
users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
app = create_app(Settings(data_dir=data), db, FixedClock(datetime(2024, 12, 20, 2, 0, tzinfo=timezone.utc)))
client = TestClient(app)
form = client.get("/login").text
token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
client.post("/login", data={"username": "dawa.office", "password": DEMO_PASSWORD, "csrf_token": token, "next": "/"})
times = []
for _ in range(3):
    t = time.perf_counter(); r = client.get("/t/dawa/compliance"); times.append(time.perf_counter() - t)
    assert r.status_code == 200, r.status_code
out["compliance_page_s"] = sorted(times)[1]
print(json.dumps(out))
'''


def probe(src: str, data: Path, verify: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": src}
    done = subprocess.run([sys.executable, "-c", PROBE, str(data), "verify" if verify else "-"], env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-verify", action="store_true", help="compliance only (verify is linear in the events)")
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for n in range(args.rounds):
        order = ("before", "after") if n % 2 == 0 else ("after", "before")
        for which in order:
            runs[which].append(probe(getattr(args, which), args.data, not args.no_verify))
    events = runs["after"][0].get("events", 0)
    print(f"{events:,} audit events verified; best of {args.rounds} alternating rounds; load average {os.getloadavg()[0]:.1f}")
    print("| measure | before | after | after/before |")
    print("|---|---|---|---|")
    for key, label in [("verify_full_s", "`audit verify --full` (links + data)"),
                       ("verify_links_s", "`audit verify`, hash links only"),
                       ("compliance_year_s", "`audit compliance` 2024"),
                       ("compliance_page_s", "合规看板 page (median of 3)")]:
        if key not in runs["after"][0]:
            continue
        b, a = (min(r[key] for r in runs[w]) for w in ("before", "after"))
        extra = f" ({events / b:,.0f} → {events / a:,.0f} events/s)" if key.startswith("verify") else ""
        print(f"| {label} | {b:.2f} s | {a:.2f} s | {a / b:.2f}{extra} |")
    same = {r["deviations_digest"] for w in runs for r in runs[w]}
    print(f"compliance report identical before and after: {len(same) == 1} "
          f"({runs['after'][0]['deviations']} deviations)")


if __name__ == "__main__":
    main()
