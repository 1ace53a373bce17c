"""Emergency reports (重大突发事件报告): the clock starts at the event, not at the filing.

Article family: 大洼 50 「重大应急突发事件必须于10分钟内报告区政府」. A profile whose text sets
no limit (`emergency.report_minutes` null) has no deadline: reports are recorded, never late.
Pure: the event time and the report time come in as arguments (timezone-aware).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from zhengwu.core.verdict import Verdict
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import Rule, leaf_at, refusal, rule, rule_cite

KEY = "emergency.report_minutes"
MAJOR_KEY = "emergency.major_situations_reported"
KINDS = {"emergency": "重大突发事件", "major_situation": "重大情况"}


@dataclass(frozen=True)
class ReportLimit:
    minutes: int
    rule: Rule

    @property
    def cite(self) -> str | None:
        return self.rule.cite


def report_limit(profile: Profile) -> ReportLimit | None:
    """The profile's limit for reporting a major emergency, or None where the text sets none."""
    found = rule(profile, KEY)
    return None if found.value is None else ReportLimit(found.value, found)


def report_deadline(profile: Profile, event_at: datetime) -> datetime | None:
    limit = report_limit(profile)
    return None if limit is None else event_at + timedelta(minutes=limit.minutes)


def check_times(event_at: datetime, reported_at: datetime) -> Verdict:
    if event_at.tzinfo is None or reported_at.tzinfo is None:
        raise ValueError("emergency times must be timezone-aware")
    if event_at > reported_at:
        return Verdict.refused("event_in_future", "事件发生时间晚于报告时间，请核对发生时间。")
    return Verdict.passed()


def check_report(profile: Profile, event_at: datetime, reported_at: datetime) -> Verdict:
    """Refused (late) when reported after the profile's limit counted from the event."""
    limit = report_limit(profile)
    if limit is None:
        return Verdict.passed()
    deadline = event_at + timedelta(minutes=limit.minutes)
    if reported_at <= deadline:
        return Verdict.passed()
    late = reported_at - deadline
    late_text = _duration(late)
    return refusal("report_late",
                   f"重大突发事件须于事发后 {limit.minutes} 分钟内报告，本次报告迟报 {late_text}",
                   limit.rule)


def _duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} 小时" if hours else "", f"{minutes} 分钟" if minutes else "", f"{seconds} 秒" if seconds else ""]
    return " ".join(p for p in parts if p) or "不足 1 秒"


def check_kind(profile: Profile, kind: str) -> Verdict:
    """A 重大情况 is reported to the government where the text asks it (「重大情况要及时向区政府报告」)."""
    if kind not in KINDS:
        return Verdict.refused("unknown_kind", "报告类别应为重大突发事件或重大情况。")
    leaf = leaf_at(profile, MAJOR_KEY)
    if kind == "major_situation" and (leaf is None or not leaf.value):
        return Verdict.refused("no_major_situation_rule", "本规则未规定部门报告重大情况。")
    return Verdict.passed()


def kind_limit(profile: Profile, kind: str) -> tuple[ReportLimit | None, str | None]:
    """The limit and the article a report of this kind rests on: 「及时」 sets no limit, so a
    重大情况 is never late — the time it took is computed and shown beside the article."""
    if kind == "major_situation":
        return None, rule_cite(profile, MAJOR_KEY)
    limit = report_limit(profile)
    return limit, limit.cite if limit else None


def elapsed(event_at: datetime, reported_at: datetime) -> str:
    """How long after the event (or its becoming known) the government was told."""
    return _duration(reported_at - event_at)
