"""Helpers of the rules-version tests (importable: tests/ is on sys.path): the revised profile
written for the tests, adopting it, and a 常务会议 topic carried some steps down its pipeline."""

from __future__ import annotations

from datetime import date, datetime

from meeting_support import china, seen
from zhengwu.core import audit
from zhengwu.core.tenants import Tenant, profile_versions
from zhengwu.meetings import scheduling, topic_flow
from zhengwu.versions import service as versions

REVISION = "dawa-test-revision"
OLD_LABEL = "《盘锦市大洼区人民政府工作规则》（2017年5月9日起施行）"
NEW_LABEL = "《盘锦市大洼区人民政府工作规则》（2024年7月1日起施行）"
EFFECTIVE = date(2024, 7, 1)


def adopt(gov, profile_id=REVISION, day=EFFECTIVE, *, now=None, confirmed=False):
    def use_case(uow):
        tenant = uow.session.get(Tenant, gov.tenant.id)
        return versions.adopt_profile(uow, tenant, profile_id, day, confirmed=confirmed, expected_version=tenant.version)

    return gov.run(None, "tenant.adopt_profile", use_case, now=now or china(2024, 6, 5))


def history(gov):
    with gov.db.read() as session:
        return [(v.profile_id, v.effective_from) for v in profile_versions(session, gov.tenant.id)]


def last_event(gov):
    with gov.db.read() as session:
        return audit.recent(session, audit.chain_of(gov.tenant.id), limit=1)[0]


def propose(gov, title: str, now: datetime, steps: int = 0):
    """A 常务会议 topic of the 财政局, its materials in, `steps` pipeline steps taken (dawa 37)."""
    finance = gov.department("财政局")
    topic = gov.run("czj", "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind="executive", title=title, lead_department_id=finance.id), now=now)
    if steps:
        head = gov.user("head")
        meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
            uow, kind="executive", title="常务会议", starts_at=china(2024, 7, 25), ends_at=china(2024, 7, 25, 11),
            chair_id=head.id), now=now)
        gov.run("czj", "meetings.submit_materials", lambda uow: topic_flow.submit_materials(
            uow, topic_id=topic.id, meeting_id=meeting.id, materials="方案", expected_version=seen(uow, topic_id=topic.id)), now=now)
        for who in ("exec", "sun", "sun")[:steps]:  # 分管副区长, 列席单位 (the office asks), 办公室汇总
            topic = step(gov, topic, who, now)
    return topic


def step(gov, topic, who: str, now: datetime):
    return gov.run(who, "meetings.topic_step", lambda uow: topic_flow.take_step(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)), now=now)


def move(gov, kind: str, object_id: int, now: datetime, version: int | None = None):
    """The office moves the object as its page shows it now (or as it showed it at `version`)."""
    def run(uow):
        model = versions.KINDS[kind][0]
        seen = version if version is not None else uow.session.get(model, object_id).version
        return versions.move_to_current(uow, kind, object_id, seen)
    return gov.run("sun", "versions.move", run, now=now)
