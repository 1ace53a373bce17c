"""Helpers for the documents tests: the seed profiles as pytest params carrying their ids, and
a government office built through the real services (see tests/documents/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from support import TEST_NOW
from zhengwu.core import users
from zhengwu.core.db import Database
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.org.models import Department
from zhengwu.rulebook.profile import load_profile

COMPLETE = ("dawa-2017", "dalian-2014", "wuhai-hainan-2023", "xishi-2024")

# 机关代字 of each seed government's issuers (government, office).
PREFIXES = {
    "dawa-2017": ("大政发", "大政办发"),
    "dalian-2014": ("大政发", "大政办发"),
    "wuhai-hainan-2023": ("海南政发", "海南政办发"),
    "xishi-2024": ("营西政发", "营西政办发"),
}

DEPARTMENTS = {"czj": "财政局", "rsj": "人力资源和社会保障局", "sfj": "司法局", "zrj": "自然资源局",
               "zjj": "住房和城乡建设局"}


def each(*ids: str):
    return [pytest.param(load_profile(pid), id=pid) for pid in (ids or COMPLETE)]


def at(days: float = 0, hours: float = 0):
    """A moment of a scenario counted from TEST_NOW (Monday 2024-03-04, 17:00 in Beijing)."""
    return TEST_NOW + timedelta(days=days, hours=hours)


@dataclass
class Office:
    db: Database
    tenant: Tenant
    document_id: int | None = None  # the document a scenario follows: its refusals join its trail

    def user(self, who: str):
        with self.db.read() as session:
            return users.find_user(session, who if who == "sun" else f"{self.tenant.slug}.{who}")

    def department(self, suffix: str) -> int:
        with self.db.read() as session:
            return session.execute(select(Department.id).where(
                Department.tenant_id == self.tenant.id, Department.name.endswith(DEPARTMENTS[suffix]))).scalar_one()

    def run(self, who: str | None, action: str, use_case, now=None):
        actor = self.user(who).actor if who else Actor.system("测试")
        subject = {"object_type": "document", "object_id": self.document_id} if self.document_id else {}
        with unit_of_work(self.db, actor, action, tenant_id=self.tenant.id, now=now or at(), **subject) as uow:
            return use_case(uow)

    def read(self, fn):
        with self.db.read() as session:
            return fn(session, session.get(Tenant, self.tenant.id))
