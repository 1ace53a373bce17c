"""发文 side by side: zhengwu's own services vs SpiffWorkflow running /work/shared/bench/fawen.bpmn.

The workload of /work/shared/bench/README.md: N documents in flight at once (create all, then
step 1 on all, and so on), six steps per document — create, 拟稿, 核稿, 会签 ×2 (财政局, 人社局),
签发 + 印发 — persisting after every step. zhengwu runs its real use cases on a SQLite file
(each step one audited transaction — 签发+印发 included, with 结束会签 and 送签 before it, as
the BPMN's engine joins the round by itself — the rules of 大连's profile deciding who may sign),
and again batched: one transaction a step for all N documents through 批量办理
(documents/batch.py, what POST /documents/batch runs). The other domains hear of each step as in
the app (notices, the disclosure queue); `--alone` leaves them out, as the BPMN has none. The
peer runs the BPMN and stores each workflow, serialized, in a SQLite file after every step. Each
engine first takes `--warm` documents (5) through the six steps untimed, as a serving process has
by the time a government works in it: zhengwu's SQL statements are compiled once per process
(SQLAlchemy's cache), which a fresh database each run would otherwise charge to the timed steps.
Bare SQLite doing the same six persisted steps (an update and an event row each), a transaction
each and batched, runs in the same process as the floor. This is a benchmark, not a test: it
prints times and ratios.

    PYTHONPATH=src .venv/bin/python bench/fawen_bench.py [--n 50] [--rounds 3] [--clock cpu] [--warm 5] [--alone]
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

BPMN = Path("/work/shared/bench/fawen.bpmn")
DEPARTMENTS = ["财政局", "人社局"]


# Wall time by default; `--clock cpu` takes the process's CPU time instead, which a machine shared
# with other work inflates far less (the three are measured alike, so the ratios stay fair).
CLOCK = [time.perf_counter]


def _settled() -> None:
    """Before the timed steps, each engine's set-up is taken out of the cyclic collector's walks,
    as a serving process does once it has started (zhengwu.web.app.settle): otherwise a full
    collection walking what the set-up left lands on whichever step sets it off."""
    gc.collect()
    gc.freeze()


def _timed(label: str, timings: dict, fn, statements: list[int] | None = None) -> None:
    start = CLOCK[0]()
    before = statements[0] if statements else 0
    fn()
    timings[label] = CLOCK[0]() - start
    if statements:
        timings[f"sql {label}"] = statements[0] - before


# --- zhengwu ------------------------------------------------------------------------------


def run_zhengwu(n: int, data_dir: Path, batched: bool = False, warm: int = 0) -> dict[str, float]:
    """zhengwu's use cases, one transaction a document and step; `batched`: one transaction a step
    for all N documents (批量办理, documents/batch.py — what POST /documents/batch runs). `warm`
    documents go through first, untimed."""
    from argon2 import PasswordHasher
    from sqlalchemy import event, select

    from zhengwu.core import migrate, tenants, users
    from zhengwu.core.settings import Settings
    from zhengwu.core.uow import Actor, unit_of_work
    from zhengwu.core.tenants import Tenant
    from zhengwu.documents import batch, countersigning, drafting, issuing, models, reading, signing
    from zhengwu.documents.models import CountersignRequest
    from zhengwu.org.demo import seed_org
    from zhengwu.org.models import Department

    def seen(uow, row_id, model=models.Document):
        """The version a client sees now: sent back with each change (versions are required)."""
        return uow.session.get_one(model, row_id).version

    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # setup only; not timed
    db = migrate.open_database(Settings(data_dir=data_dir))
    now = datetime(2024, 3, 4, 2, 0, tzinfo=timezone.utc)
    with unit_of_work(db, Actor.system("基准"), "tenant.create", now=now) as uow:
        tenant = tenants.create_tenant(uow, slug="dalian", name="大连市人民政府", profile_id="dalian-2014")
    with unit_of_work(db, Actor.system("基准"), "demo.seed", tenant_id=tenant.id, now=now) as uow:
        seed_org(uow, uow.session.merge(tenant), True)
    with db.read() as session:
        who = {u: users.find_user(session, f"dalian.{u}") for u in ("office", "czj", "rsj", "zjj")}
        dept = dict(session.execute(select(Department.name, Department.id).where(Department.tenant_id == tenant.id)).all())
    czj, rsj, zjj = dept["市财政局"], dept["市人力资源和社会保障局"], dept["市住房和城乡建设局"]

    def run(user, action, use_case, at=now):
        with unit_of_work(db, who[user].actor, action, tenant_id=tenant.id, now=at) as uow:
            return use_case(uow)

    run("office", "document.set_prefix", lambda uow: issuing.set_number_prefix(
        uow, issuer="office", prefix="大政办发", issuer_mark="大连市人民政府办公厅文件", authority="大连市人民政府办公厅"))
    timings: dict[str, float] = {}
    statements = [0]  # SQL statements of the timed steps, reported per document
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1))

    def flow(n: int, ids: list[int]) -> list[tuple[str, Callable[[], object]]]:
        """The six steps on `n` new documents (their ids into `ids`), each a callable."""
        def create():
            for i in range(n):
                ids.append(run("office", "document.draft", lambda uow: drafting.create_draft(
                    uow, issuer="office", doc_type="notice", title=f"关于第{i}批项目的通知", body="",
                    main_recipients="各区市县政府", department_id=zjj)).id)

        def draft():
            for d in ids:
                run("office", "document.revise", lambda uow: drafting.revise(uow, doc_id=d, expected_version=seen(uow, d), title="关于项目的通知",
                                                                          body="现将有关事项通知如下。", note="拟稿"))

        def review():
            for d in ids:
                run("office", "document.countersign_open", lambda uow: countersigning.open_countersign(
                    uow, doc_id=d, expected_version=seen(uow, d), department_ids=[czj, rsj], mode="parallel"))

        requests = {}
        versions: dict[tuple[type, int], int] = {}  # what a client holds: each row's version as the last answer gave it

        def waiting(user, position):
            """The department's list of requests waiting on it, with their versions (one read)."""
            with db.read() as session:
                page = reading.countersign_page(session, session.get_one(Tenant, tenant.id), who[user].id, now,
                                                open_only=True, department_id=(czj, rsj)[position], limit=n)
                for clock in page.rows:
                    requests[(clock.request.document_id, position)] = clock.request.id
                    versions[(CountersignRequest, clock.request.id)] = clock.request.version

        def countersign(user, position):
            waiting(user, position)
            for d in ids:
                run(user, "document.countersign_reply", lambda uow: countersigning.answer_countersign(
                    uow, request_id=requests[(d, position)], expected_version=seen(uow, requests[(d, position)], CountersignRequest), outcome="agree"))

        def sign_and_issue():
            # As the BPMN runs it: after the last countersign the engine joins the round and moves
            # on by itself, and 签发 is one user task with 印发 its script task — one step, persisted
            # once. Here the same use cases (结束会签, 送签, 签发, 印发) run in one unit of work.
            for d in ids:
                run("office", "document.issue", lambda uow: (
                    countersigning.close_countersign(uow, doc_id=d, expected_version=seen(uow, d)), signing.send_for_signing(uow, doc_id=d, expected_version=seen(uow, d)),
                    signing.take_step(uow, doc_id=d, kind="sign_off", expected_version=seen(uow, d)), issuing.issue(uow, doc_id=d, expected_version=seen(uow, d))))

        def each(user, action, items):
            """One batch (one transaction): the items carry the versions the last batch answered with."""
            with unit_of_work(db, who[user].actor, "document.batch", tenant_id=tenant.id, now=now) as uow:
                docs = batch.run(uow, action, items())
                uow.session.flush()  # as POST /documents/batch does: the versions written, for the answer
            versions.update({(models.Document, doc.id): doc.version for doc in docs})
            return docs

        if batched:
            def create():
                ids.extend(doc.id for doc in each("office", "draft", lambda: [dict(
                    issuer="office", doc_type="notice", title=f"关于第{i}批项目的通知", body="",
                    main_recipients="各区市县政府", department_id=zjj) for i in range(n)]))

            def draft():
                each("office", "revise", lambda: [dict(id=d, version=versions[(models.Document, d)], title="关于项目的通知",
                                                       body="现将有关事项通知如下。", note="拟稿") for d in ids])

            def review():
                each("office", "countersign", lambda: [dict(id=d, version=versions[(models.Document, d)],
                                                            department_ids=[czj, rsj], mode="parallel") for d in ids])

            def countersign(user, position):
                waiting(user, position)
                each(user, "countersign_answer", lambda: [dict(
                    id=requests[(d, position)], version=versions[(CountersignRequest, requests[(d, position)])],
                    outcome="agree") for d in ids])

            def sign_and_issue():
                # The same four steps as above, each a batch, the four in one transaction.
                with unit_of_work(db, who["office"].actor, "document.batch", tenant_id=tenant.id, now=now) as uow:
                    for action, extra in (("countersign_close", {}), ("send_for_signing", {}),
                                          ("step", {"kind": "sign_off"}), ("issue", {})):
                        # Each document's version as the client holds it, then as the transaction does.
                        held = versions if action == "countersign_close" else {(models.Document, d): seen(uow, d) for d in ids}
                        batch.run(uow, action, [dict(id=d, version=held[(models.Document, d)], **extra) for d in ids])

        return [("create", create), ("拟稿", draft), ("核稿", review), ("会签 财政局", lambda: countersign("czj", 0)),
                ("会签 人社局", lambda: countersign("rsj", 1)), ("签发+印发", sign_and_issue)]

    for _, step in flow(warm, []) if warm else ():  # untimed: the process warmed as a serving one is
        step()
    ids: list[int] = []
    statements[0] = 0
    _settled()
    for label, step in flow(n, ids):
        _timed(label, timings, step, statements)
    timings["sql"] = statements[0]
    with db.read() as session:
        numbers = [session.get(models.Document, d).doc_number for d in ids]
    assert len(set(numbers)) == n and all(numbers), "every document issued with its own number"
    db.dispose()
    return timings


# --- SpiffWorkflow ------------------------------------------------------------------------


def run_spiff(n: int, data_dir: Path, bpmn: Path, warm: int = 0) -> dict[str, float]:
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    from SpiffWorkflow.util.task import TaskState

    parser = BpmnParser()
    parser.add_bpmn_file(str(bpmn))
    spec = parser.get_spec("fawen")
    serializer = BpmnWorkflowSerializer()
    store = sqlite3.connect(data_dir / "spiff.db", isolation_level=None)
    store.execute("PRAGMA journal_mode=WAL")
    store.execute("CREATE TABLE workflows (id INTEGER PRIMARY KEY, state TEXT NOT NULL)")

    def save(i: int, wf) -> None:
        with store:
            store.execute("INSERT OR REPLACE INTO workflows (id, state) VALUES (?, ?)", (i, serializer.serialize_json(wf)))

    def load(i: int):
        return serializer.deserialize_json(store.execute("SELECT state FROM workflows WHERE id = ?", (i,)).fetchone()[0])

    def complete(i: int, name: str, data: dict | None = None) -> None:
        wf = load(i)
        task = next(t for t in wf.get_tasks(state=TaskState.READY, manual=True) if t.task_spec.bpmn_id == name)
        task.data.update(data or {})
        task.run()
        wf.do_engine_steps()
        save(i, wf)

    def flow(ids: range) -> list[tuple[str, Callable[[], object]]]:
        def create():
            for i in ids:
                wf = BpmnWorkflow(spec)
                wf.do_engine_steps()
                save(i, wf)

        return [("create", create),
                ("拟稿", lambda: [complete(i, "draft", {"title": "关于项目的通知"}) for i in ids]),
                ("核稿", lambda: [complete(i, "review", {"needs_countersign": True, "departments": DEPARTMENTS,
                                                      "serial": i + 1}) for i in ids]),
                ("会签 财政局", lambda: [complete(i, "countersign", {"opinion": "同意"}) for i in ids]),
                ("会签 人社局", lambda: [complete(i, "countersign", {"opinion": "同意"}) for i in ids]),
                ("签发+印发", lambda: [complete(i, "sign") for i in ids])]

    for _, step in flow(range(n, n + warm)):  # untimed, as for zhengwu
        step()
    timings: dict[str, float] = {}
    _settled()
    for label, step in flow(range(n)):
        _timed(label, timings, step)
    for i in range(n):
        wf = load(i)
        assert wf.is_completed() and wf.data.get("issued"), "every workflow ran to its end"
    store.close()
    return timings


# --- raw SQLite: the floor ---------------------------------------------------------------


def run_raw_sqlite(n: int, data_dir: Path, batched: bool = False) -> dict[str, float]:
    """The same six steps as bare SQLite transactions (WAL, synchronous=NORMAL like zhengwu's):
    each step updates the document's row and appends one event row. What a workflow step costs
    when it does nothing but persist — the ceiling zhengwu's steps/s is a fraction of."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = sqlite3.connect(data_dir / "raw.db", isolation_level=None)
    store.execute("PRAGMA journal_mode=WAL")
    store.execute("PRAGMA synchronous=NORMAL")
    store.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, state TEXT NOT NULL, title TEXT NOT NULL)")
    store.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, action TEXT NOT NULL)")
    timings: dict[str, float] = {}

    def step(action: str) -> None:
        for i in range(n):
            if not batched or i == 0:
                store.execute("BEGIN IMMEDIATE")
            if action == "create":
                store.execute("INSERT INTO docs (id, state, title) VALUES (?, 'draft', ?)", (i, f"关于第{i}批项目的通知"))
            else:
                store.execute("UPDATE docs SET state = ? WHERE id = ?", (action, i))
            store.execute("INSERT INTO events (doc_id, action) VALUES (?, ?)", (i, action))
            if not batched or i == n - 1:
                store.execute("COMMIT")

    _settled()
    for label in ("create", "拟稿", "核稿", "会签 财政局", "会签 人社局", "签发+印发"):
        _timed(label, timings, lambda: step(label))
    store.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="documents in flight")
    parser.add_argument("--bpmn", type=Path, default=BPMN)
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each; the best of each step is kept")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time, or this process's CPU time (steadier on a busy machine)")
    parser.add_argument("--warm", type=int, default=5,
                        help="documents each engine takes through the six steps first, untimed: a serving "
                             "process has compiled its SQL and kept its org after its first requests")
    parser.add_argument("--alone", action="store_true",
                        help="the 发文 steps alone, as the BPMN runs them: no other domain hears of them "
                             "(no notices, no disclosure queue)")
    args = parser.parse_args()
    if not args.alone:
        from zhengwu import wiring

        # As every entry point does (the app, the worker, the CLI): the other domains hear of each
        # step — the notices domain tells the people who now have work, an issued document is
        # queued for disclosure. SpiffWorkflow's BPMN does neither; --alone leaves them out.
        wiring.install()
    if args.clock == "cpu":
        CLOCK[0] = time.process_time
    # z: zhengwu, a transaction a document and step; b: zhengwu batched, a transaction a step
    # (批量办理); s: SpiffWorkflow; r and rb: bare SQLite, each way.
    runs: dict[str, list[dict[str, float]]] = {"z": [], "b": [], "s": [], "r": [], "rb": []}
    for _ in range(args.rounds):  # alternated, so a busy moment on a shared machine hits all of them
        with tempfile.TemporaryDirectory() as z, tempfile.TemporaryDirectory() as b, \
                tempfile.TemporaryDirectory() as s, tempfile.TemporaryDirectory() as r:
            runs["z"].append(run_zhengwu(args.n, Path(z), warm=args.warm))
            runs["b"].append(run_zhengwu(args.n, Path(b), batched=True, warm=args.warm))
            runs["s"].append(run_spiff(args.n, Path(s), args.bpmn, warm=args.warm))
            runs["r"].append(run_raw_sqlite(args.n, Path(r)))
            runs["rb"].append(run_raw_sqlite(args.n, Path(r) / "batched", batched=True))
    sql: dict[str, float] = {}
    sql_steps: dict[str, dict[str, float]] = {}
    for key in ("z", "b"):
        sql[key] = runs[key][0]["sql"]
        sql_steps[key] = {k[4:]: v for k, v in runs[key][0].items() if k.startswith("sql ")}
        for t in runs[key]:
            for k in [k for k in t if k.startswith("sql")]:
                del t[k]
    # Each step's best round: the least disturbed by other work on the machine.
    best = {k: {step: min(t[step] for t in runs[k]) for step in runs[k][0]} for k in runs}
    ours, batched, peer, raw, raw_batched = (best[k] for k in ("z", "b", "s", "r", "rb"))
    print(f"发文 ×{args.n}（同时在办），每步落盘；各引擎先不计时办完 {args.warm} 件（预热，如运行中的服务）；"
          f"{args.rounds} 轮交替运行取每步最快一轮；单位：秒（{'进程 CPU 时间' if args.clock == 'cpu' else '墙钟时间'}）")
    print("zhengwu：每件每步一个事务；zhengwu 批量：每步一个事务办理全部 N 件（批量办理，POST /documents/batch）；"
          + ("仅发文各步（与 BPMN 相同，不通知、不进公开队列）" if args.alone else "连同通知与政务公开队列（应用实际所做）"))
    print(f"{'步骤':<12}{'zhengwu':>9}{'批量':>9}{'Spiff':>9}{'z/S':>7}{'批量/S':>8}{'裸SQLite':>10}{'裸批量':>9}"
          f"{'SQL/件':>8}{'批量SQL/件':>11}")
    for step in ours:
        print(f"{step:<12}{ours[step]:>9.3f}{batched[step]:>9.3f}{peer[step]:>9.3f}{ours[step] / peer[step]:>7.2f}"
              f"{batched[step] / peer[step]:>8.2f}{raw[step]:>10.4f}{raw_batched[step]:>9.4f}"
              f"{sql_steps['z'][step] / args.n:>8.1f}{sql_steps['b'][step] / args.n:>11.1f}")
    total = {k: sum(best[k].values()) for k in best}
    print(f"{'合计':<12}{total['z']:>9.3f}{total['b']:>9.3f}{total['s']:>9.3f}{total['z'] / total['s']:>7.2f}"
          f"{total['b'] / total['s']:>8.2f}{total['r']:>10.4f}{total['rb']:>9.4f}")
    steps = 6 * args.n
    print(f"每件公文：zhengwu {1000 * total['z'] / args.n:.1f} ms，批量 {1000 * total['b'] / args.n:.1f} ms，"
          f"SpiffWorkflow {1000 * total['s'] / args.n:.1f} ms，裸 SQLite {1000 * total['r'] / args.n:.2f} ms"
          f"（批量 {1000 * total['rb'] / args.n:.3f} ms）")
    for label, k, floor in (("zhengwu", "z", "r"), ("zhengwu 批量", "b", "rb")):
        print(f"每秒步数：{label} {steps / total[k]:.1f}，为同样落盘方式的裸 SQLite（{steps / total[floor]:.0f}）的 "
              f"{100 * total[floor] / total[k]:.2f}%，SpiffWorkflow（{steps / total['s']:.1f}）的 {total['s'] / total[k]:.2f} 倍")
    print(f"每件公文 SQL 语句：zhengwu {sql['z'] / args.n:.0f} 条（六步，每步一个事务），批量 {sql['b'] / args.n:.1f} 条")

if __name__ == "__main__":
    main()
