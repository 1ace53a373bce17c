"""Demo seeding: a tenant per packaged profile, a platform login, extensible and repeatable."""

from __future__ import annotations

from sqlalchemy import select

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhengwu import demo, wiring
from zhengwu.core import tenants, users
from zhengwu.rulebook.profile import known_profiles, load_profile

from support import TEST_NOW


@pytest.fixture
def seeders(monkeypatch):
    registered = []
    monkeypatch.setattr(demo, "_seeders", registered)
    monkeypatch.setattr(wiring, "DEMO_SEEDERS", ())  # only the test's own seeders
    return registered


def test_every_packaged_profile_becomes_a_tenant(db, seeders):
    logins = demo.seed_demo(db, TEST_NOW)
    with db.read() as session:
        rows = tenants.list_tenants(session)
        admin = users.find_user(session, demo.ADMIN_USERNAME)
        assert [t.slug for t in users.tenants_of(session, admin)] == [t.slug for t in rows]
        # ... to look after, not to read: the demo makes the operator a member of none of them.
        assert not session.execute(select(users.Membership).where(users.Membership.user_id == admin.id)).first()
    assert sorted(t.profile_id for t in rows) == known_profiles()
    dawa = next(t for t in rows if t.profile_id == "dawa-2017")
    assert (dawa.slug, dawa.name) == ("dawa", load_profile("dawa-2017").name)
    assert logins[0].username == demo.ADMIN_USERNAME and admin.is_platform_admin


def test_seeders_fill_new_tenants_once_and_always_report_their_logins(db, seeders):
    calls = []

    def seeder(uow, tenant, created):
        calls.append((tenant.slug, created, uow.tenant_id == tenant.id))
        return [demo.DemoLogin(tenant.slug, f"head-{tenant.slug}", "张区长", "区长")]

    demo.add_demo_seeder(seeder)
    first = demo.seed_demo(db, TEST_NOW)
    second = demo.seed_demo(db, TEST_NOW)
    count = len(known_profiles())
    assert [c[1] for c in calls] == [True] * count + [False] * count
    assert all(c[2] for c in calls)  # the seeder's unit of work audits on the tenant's chain
    assert [login.username for login in first] == [login.username for login in second]
    with db.read() as session:
        assert len(tenants.list_tenants(session)) == count


SEED_ALONE = """
import json, sys
from datetime import datetime
from sqlalchemy import func, select
from zhengwu import demo
from zhengwu.core.db import Database, make_engine
from zhengwu.disclosure.models import DisclosureItem
from zhengwu.documents.models import Document
from zhengwu.meetings.models import Meeting
from zhengwu.supervision.models import Task

db = Database(make_engine(sys.argv[1]))
demo.seed_demo(db, datetime.fromisoformat(sys.argv[2]))
with db.read() as session:
    counts = {model.__name__: session.scalar(select(func.count()).select_from(model))
              for model in (Document, Meeting, Task, DisclosureItem)}
print(json.dumps({"counts": counts, "web": sorted(m for m in sys.modules if m.startswith("zhengwu.web"))}))
"""


def test_seed_demo_alone_fills_every_domain(sqlite_template, tmp_path):
    """Issue 11: seed_demo() in a process that never imported the web app made tenants and users
    but no documents (the domains' seeders registered themselves when their pages were imported).
    Now `seed_demo` wires the domains itself."""
    target = tmp_path / "zhengwu.db"
    target.write_bytes(Path(sqlite_template).read_bytes())
    src = Path(demo.__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", SEED_ALONE, f"sqlite:///{target}", TEST_NOW.isoformat()],
                          capture_output=True, text=True, env=env, timeout=600, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["web"] == [], "seeding must not need the web app"
    # Documents, meetings, the ledger's tasks and the disclosure queue all have demo rows.
    assert all(found["counts"][name] > 0 for name in ("Document", "Meeting", "Task", "DisclosureItem")), found
