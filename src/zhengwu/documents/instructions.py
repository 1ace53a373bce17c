"""批示件: a leader's instruction that asks for a report of the result — the profile's report
deadline (calendar days), a named handler, progress reports, the principal head's signature on
the report and a written explanation when it is late.

Implements 大连 51 (「原则上要在收到文件后10天内向市政府报告办理情况……对不能按时限要求反馈
办理情况的，要及时以书面形式向市政府办公厅说明，并定期报告办理进展情况。……办理情况报告
应由主要负责人签发」). Pure: dates are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zhengwu.core.verdict import Verdict
from zhengwu.documents.rules import GONGWEN
from zhengwu.rulebook import labels
from zhengwu.rulebook.provenance import rule


@dataclass(frozen=True)
class ReportDue:
    due: date | None
    cite: str | None


def report_due(profile, received_on: date) -> ReportDue:
    r = rule(profile, "documents.instruction_report_days")
    if r.value is None:
        return ReportDue(None, None)
    return ReportDue(received_on + timedelta(days=r.value), r.cite)


def check_handler(handler: str | None) -> Verdict:
    if handler and handler.strip():
        return Verdict.passed()
    return Verdict.refused("handler_missing", "批示件须指定专人办理。", f"{GONGWEN}:24.4")


def check_report(
    profile,
    *,
    due: date | None,
    reported_on: date,
    signer_capacities: set[str],
    late_explanation: str | None,
) -> Verdict:
    """The report is signed by the post the profile names and, when late, explained in writing."""
    verdicts = []
    signer = rule(profile, "documents.instruction_report_signer")
    if signer.value is not None and signer.value not in signer_capacities:
        titles = {code: leaf.value for code, leaf in (profile.posts or {}).items()}
        verdicts.append(
            Verdict.refused(
                "report_signer",
                f"批示件办理情况报告应由{labels.post(signer.value, titles)}签发。",
                signer.cite,
            )
        )
    days = rule(profile, "documents.instruction_report_days")
    if due is not None and reported_on > due and not (late_explanation or "").strip():
        verdicts.append(
            Verdict.refused(
                "report_late_unexplained",
                f"办理情况应于{due.isoformat()}前报告；逾期的须以书面形式向政府办公室说明理由。",
                days.exception_cite("late_explained", profile) or days.cite,
            )
        )
    return Verdict.all(verdicts)


def is_overdue(due: date | None, today: date, reported: bool) -> bool:
    return due is not None and not reported and today > due
