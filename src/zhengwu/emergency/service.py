"""Use cases of emergency reports: a report is always accepted — the clock runs from the event,
and a report past the profile's limit is recorded as late, with the article."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.calendar import CHINA_TZ, china_date
from zhengwu.core import audit, permissions
from zhengwu.core.paging import Page, keyset
from zhengwu.core.tenants import profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.core.deviations import deviation
from zhengwu.emergency import rules
from zhengwu.emergency.models import EmergencyReport

permissions.define("emergency.view", "查看突发事件报告", "本单位成员", permissions.member)
# Anyone of the government may have to report: a report must never wait for the right post.
# The texts have the towns and departments report (e.g. 「各镇、各部门…向区政府报告」): a post, not membership.
permissions.define("emergency.report", "报告重大突发事件", "本单位各部门、镇街及政府办公室在职人员", permissions.holds_a_post)

audit.label(actions={"emergency.report": "报告重大突发事件"}, objects={"emergency_report": "突发事件报告"})


def reports(session: Session, tenant_id: int, *, after: int | None = None,
            limit: int | None = None) -> Page[EmergencyReport]:
    """A page of the reports, newest first (keyset on the id: reports are filed as they come)."""
    return keyset(session, select(EmergencyReport).where(EmergencyReport.tenant_id == tenant_id), EmergencyReport.id,
                  after=after, limit=limit)


def file_report(uow: TenantWork, *, title: str, location: str, description: str,
                event_at: datetime, kind: str = "emergency") -> EmergencyReport:
    """Record the report at this unit of work's "now"; late against the profile's limit is flagged."""
    permissions.require(uow, "emergency.report")
    verdict = Verdict.passed()
    for value, label in ((title, "事件名称"), (location, "发生地点"), (description, "基本情况")):
        if not value.strip():
            verdict &= Verdict.refused("field_missing", f"请填写{label}。")
    if event_at.tzinfo is None:
        event_at = event_at.replace(tzinfo=CHINA_TZ)  # a time typed into the form is Beijing time
    verdict &= rules.check_times(event_at, uow.now)
    verdict.raise_if_refused()
    # The limit is the one in force on the day of the event: the clock started then.
    profile = profile_on(uow.session, uow.tenant_id, china_date(event_at))
    rules.check_kind(profile, kind).raise_if_refused()
    limit, cite = rules.kind_limit(profile, kind)
    timing = rules.check_report(profile, event_at, uow.now) if limit else Verdict.passed()
    report = EmergencyReport(
        tenant_id=uow.tenant_id, kind=kind, title=title.strip(), location=location.strip(), description=description.strip(),
        event_at=event_at, reported_at=uow.now, reporter=uow.actor.label,
        limit_minutes=limit.minutes if limit else None,
        deadline_at=rules.report_deadline(profile, event_at) if limit else None,
        late=not timing.ok, late_message=timing.reasons[0].message if not timing.ok else None,
        cite=cite)
    uow.session.add(report)
    uow.session.flush()
    uow.record("emergency.report", object_type="emergency_report", object_id=report.id, subject=report,
               cite=report.cite, detail={"reasons": [r.as_dict() for r in timing.reasons]} if report.late
               else {"kind": rules.KINDS[kind], "elapsed": rules.elapsed(event_at, uow.now)})
    return report


def deviations(session: Session, tenant_id: int, start: date, end: date) -> list[dict]:
    """Reports of events in [start, end] (Beijing days) that, replayed against the rules in force
    on the event's day, came late."""
    found = []
    for report in reports(session, tenant_id):
        on = china_date(report.event_at)
        if report.kind == "emergency" and start <= on <= end:
            profile = profile_on(session, tenant_id, on)
            reason = rules.check_report(profile, report.event_at, report.reported_at).reasons
            found += [deviation("emergency_report", report.id, report.title, on, r, profile) for r in reason]
    return found
