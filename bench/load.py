"""Many clients, one or more workers: `zhengwu serve --workers N` under a bounded loopback load.

For each database (SQLite, and PostgreSQL when --postgres URL is given) the demo is seeded (and
grown by --grow documents), then `zhengwu serve` is started with 1 and 2 workers; for 1, 8 and
32 concurrent clients, each client logs in (its own session) and requests the main pages in
turn for --seconds; the run reports requests/s and p50/p95 latency. Every client stops at the
deadline: the load is bounded, and only 127.0.0.1 is ever contacted. Each page is viewed once,
untimed, before the first cell. Every client is the same person (办公室主任), so once the clients
together outrun a worker's per-user rate (core/limits.py: 1,200 at once, then 20 a second) that
worker answers 429: errors are reported by status code.

    PYTHONPATH=src python bench/load.py [--seconds 10] [--grow 0] [--postgres URL] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
from collections import Counter
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

PAGES = ["/t/dawa/", "/t/dawa/documents", "/t/dawa/documents/queue", "/t/dawa/documents/countersigns",
         "/t/dawa/audit", "/t/dawa/supervision", "/t/dawa/meetings", "/api/tenants/dawa/documents"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ROOT = Path(__file__).resolve().parent.parent


def prepare(env: dict, grow: int) -> None:
    """Migrate, seed the demo (dated early 2024, inside the statutory calendar) and grow 大洼."""
    code = ("import sys; from datetime import datetime, timezone\n"
            "from argon2 import PasswordHasher\n"
            "from zhengwu.core import migrate, users\n"
            "from zhengwu.core.settings import Settings\n"
            "from zhengwu.demo import seed_demo\n"
            "import zhengwu.web.app\n"
            "from zhengwu.scale import grow\n"
            "users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)\n"
            "db = migrate.open_database(Settings.from_env())\n"
            "seed_demo(db, datetime(2024, 3, 4, 1, 0, tzinfo=timezone.utc))\n"
            f"grow(db, 'dawa', {grow}) if {grow} else None\n")
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(env: dict, workers: int, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "zhengwu", "serve", "--port", str(port), "--workers", str(workers)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300  # worker processes import the whole app: slow on a busy machine
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("服务未能启动")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)  # the server and its worker processes, which it started
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def log_in(port: int, username: str) -> httpx.Client:
    """A client with its own session. Logins go one at a time: every attempt counts against the
    account's lock-out before its password is checked (core.users.authenticate), so eight logins
    of one user at once lock it; and the login is rate-limited per address (20 a minute), so a
    refused one waits as long as the answer says."""
    http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)
    while True:
        token = CSRF.search(http.get("/login").text).group(1)
        login = http.post("/login", data={"username": username, "password": "zhengwu-demo", "csrf_token": token,
                                          "next": "/"})
        if login.status_code != 429:
            break
        time.sleep(float(login.headers.get("Retry-After", "3")))
    if login.status_code != 303:
        raise RuntimeError(f"登录失败：{login.status_code}")
    return http


def client(http: httpx.Client, ready: threading.Barrier, window: dict, latencies: list[float],
           errors: list[int]) -> None:
    ready.wait()  # every client ready: the timed window opens
    i = 0
    while time.time() < window["until"]:
        start = time.perf_counter()
        response = http.get(PAGES[i % len(PAGES)])
        if time.time() <= window["until"]:
            latencies.append(time.perf_counter() - start)
        if response.status_code != 200:
            errors.append(response.status_code)
        i += 1


def load(sessions: list[httpx.Client], clients: int, seconds: float) -> dict:
    """`clients` of the logged-in sessions (logged in once per server, before the first cell)."""
    latencies: list[float] = []
    errors: list[int] = []
    window: dict = {}
    ready = threading.Barrier(clients, action=lambda: window.update(until=time.time() + seconds))
    threads = [threading.Thread(target=client, args=(http, ready, window, latencies, errors))
               for http in sessions[:clients]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ordered = sorted(latencies)
    return {"requests_per_s": round(len(ordered) / seconds, 1), "p50_ms": round(1000 * statistics.median(ordered), 1),
            "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1), "requests": len(ordered),
            "errors": dict(sorted(Counter(errors).items()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--grow", type=int, default=0, help="documents added to 大洼 beyond the demo")
    parser.add_argument("--postgres", help="postgresql+psycopg://… (an empty database or schema)")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results = {}
    databases = [("SQLite", None)] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
    for name, url in databases:
        with tempfile.TemporaryDirectory() as data:
            env = {**os.environ, "ZHENGWU_DATA_DIR": data, "PYTHONPATH": str(ROOT / "src")}
            env.pop("ZHENGWU_DATABASE_URL", None)
            if url:
                env["ZHENGWU_DATABASE_URL"] = url
            prepare(env, args.grow)
            for workers in [int(w) for w in args.workers.split(",")]:
                port = free_port()
                process = serve(env, workers, port)
                counts = [int(c) for c in args.clients.split(",")]
                sessions: list[httpx.Client] = []
                try:
                    sessions += [log_in(port, "dawa.office") for _ in range(max(counts))]
                    for path in PAGES:  # a process's first view of a page loads its templates: not timed
                        sessions[0].get(path)
                    for clients in counts:
                        row = load(sessions, clients, args.seconds)
                        results[f"{name} {workers} worker(s) {clients} client(s)"] = row
                        print(f"{name:<10} workers {workers}  clients {clients:>2}  {row['requests_per_s']:>7.1f} req/s  "
                              f"p50 {row['p50_ms']:>7.1f} ms  p95 {row['p95_ms']:>7.1f} ms  "
                              f"errors {' '.join(f'{code}×{n}' for code, n in row['errors'].items()) or 0}",
                              flush=True)
                finally:
                    for http in sessions:
                        http.close()
                    stop(process)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"at": datetime.now(timezone.utc).isoformat(), "grow": args.grow,
                                        "seconds": args.seconds, "results": results}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
