"""Two `zhengwu worker` processes on one database, one of them killed with SIGKILL in the middle:
every due deadline is fired exactly once (one audited event each), on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from zhengwu.calendar import SystemClock
from zhengwu.core import audit
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.deadlines.models import PendingDeadline
from zhengwu.supervision import service as supervision

SRC = Path(__file__).resolve().parents[2] / "src"
TASKS = 300


def _worker(database_url: str, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC), "ZHENGWU_DATABASE_URL": database_url}
    return subprocess.Popen([sys.executable, "-m", "zhengwu", "worker", "--once", "--data-dir", str(tmp_path)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _fired(db) -> int:
    with db.read() as session:
        return session.execute(select(func.count()).select_from(PendingDeadline)
                               .where(PendingDeadline.state == "overdue")).scalar_one()


def test_two_workers_and_a_kill_fire_every_deadline_exactly_once(make_office, database_url, tmp_path):
    office = make_office("xishi-2024")
    department = office.department("zjj")
    # Real time: the workers run on the wall clock, so the tasks fell due a week ago.
    now = SystemClock().now()
    with unit_of_work(office.db, Actor.system("测试"), "supervision.create_task", tenant_id=office.tenant.id,
                      now=now - timedelta(days=30)) as uow:
        for n in range(TASKS):
            supervision.create_task(uow, source="work_report", source_id=n, title=f"第{n}项重点工作",
                                    department_id=department, deadline=(now - timedelta(days=7)).date())
    first, second = _worker(database_url, tmp_path), _worker(database_url, tmp_path)
    deadline = time.monotonic() + 120
    while _fired(office.db) < TASKS // 10 and time.monotonic() < deadline:
        time.sleep(0.02)
    killed_mid_run = first.poll() is None
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert second.wait(timeout=300) == 0, second.stderr.read().decode()
    # Whatever the killed worker held is released; one more pass finishes it.
    last = _worker(database_url, tmp_path)
    assert last.wait(timeout=300) == 0, last.stderr.read().decode()

    assert killed_mid_run, "the first worker had finished before it could be killed: the test proved nothing"
    assert first.returncode == -signal.SIGKILL
    with office.db.read() as session:
        states = Counter(session.execute(select(PendingDeadline.state)).scalars())
        events = session.execute(select(audit.AuditEvent.object_id).where(
            audit.AuditEvent.action == "deadline.overdue")).scalars().all()
        assert audit.verify(session, audit.chain_of(office.tenant.id)).ok
    assert states == {"overdue": TASKS}
    counts = Counter(events)
    assert len(counts) == TASKS and set(counts.values()) == {1}, "every task's deadline fired exactly once"
