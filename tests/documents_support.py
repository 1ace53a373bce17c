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
from zhengwu.documents import drafting, issuing, signing
from zhengwu.documents.models import Circulation, Document
from zhengwu.org.models import Department
from zhengwu.rulebook.profile import load_profile
from meeting_support import seen

COMPLETE = ("dawa-2017", "dalian-2014", "wuhai-hainan-2023", "xishi-2024")

# 机关代字 of each seed government's issuers (government, office).
PREFIXES = {
    "dawa-2017": ("大政发", "大政办发"),
    "dalian-2014": ("大政发", "大政办发"),
    "wuhai-hainan-2023": ("海南政发", "海南政办发"),
    "xishi-2024": ("营西政发", "营西政办发"),
    # 卧龙's text (cut off in article 30) names no 机关代字 and no document chapter: the demo uses
    # the form of 南阳's own numbers (宛政 …) for the district; its office sets the real one on
    # the 公文 page. What it may issue and who signs come from the default rows, marked so.
    "wolong-2018": ("宛龙政", "宛龙政办"),
}

DEPARTMENTS = {"czj": "财政局", "rsj": "人力资源和社会保障局", "sfj": "司法局", "zrj": "自然资源局",
               "zjj": "住房和城乡建设局"}


def seen_document(uow, row_id: int, model=Document) -> int:
    """The version of a document (or of a versioned child row) as a client reading it now sees it:
    what it sends back with a change (issue 11: versions required on every mutating call)."""
    return uow.session.get_one(model, row_id).version


def seen_round(uow, doc_id: int) -> int:
    """The version of a document's latest 传阅 round, as its page shows it (0: never circulated)."""
    return uow.session.execute(select(Circulation.version).where(Circulation.document_id == doc_id)
                               .order_by(Circulation.id.desc())).scalars().first() or 0


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


def executive_resolution(office, text="审议通过关于规范物业服务收费的通知"):
    """A resolution of a 常务会议 three days before TEST_NOW, its minutes signed by the head."""
    from datetime import date

    from zhengwu.meetings import minutes_flow, scheduling

    head = office.user("head")
    day = TEST_NOW - timedelta(days=3)
    meeting = office.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=day, ends_at=day + timedelta(hours=2), chair_id=head.id))
    office.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)))
    minutes = office.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
    found = office.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text=text, department_id=office.department("zjj"), deadline=date(2024, 6, 30), expected_version=seen(uow, minutes_id=minutes.id)))
    office.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
    return found.id


def issued_normative_notice(office):
    """A government normative notice issued through the services (海南区 57, 62: the clerk
    reviews, the head signs; legality, fair-competition review and public comment, 海南区 21–22)."""
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", normative=True, title="关于规范物业服务收费的通知",
        body="物业服务收费实行明码标价。", main_recipients="各街道办事处", department_id=office.department("zjj")))
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    office.run("sun", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"), now=at(1))
    # 海南区 21: the 区司法局's legality review comes before the sign-off.
    office.run("sfj", "document.review", lambda uow: issuing.record_review(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), review="legality_review", passed=True), now=at(1))
    # 海南区 21: then the 常务会议 decides it (a reserved matter), and the head signs.
    resolution_id = executive_resolution(office)
    office.run("office", "document.name_resolution", lambda uow: issuing.name_resolution(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), resolution_id=resolution_id), now=at(1))
    office.run("head", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(1))
    for review, extra in (("fair_competition_review", {}),
                          ("public_comment", {"on": at(-30).date(), "period_end": at(-1).date()})):
        office.run("office", "document.review", lambda uow, review=review, extra=extra: issuing.record_review(
            uow, doc_id=doc.id, review=review, passed=True, expected_version=seen_document(uow, doc.id), **extra), now=at(1))
    return office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)), now=at(2))
