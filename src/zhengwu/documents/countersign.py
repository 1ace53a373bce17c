"""Countersign rounds (会签): who is asked when, the reply deadline in working days, silence
counted as consent only where the profile says so, and agreed extensions.

Implements 海南区 57 and 西市 29 (「除主办部门另有时限要求外，一般应在7个工作日内回复；特殊
情况不能按期回复的，应主动与主办部门沟通并商定回复时限及方式，逾期不回复视为无不同意见」)
and the countersign duty of 大洼 43 / 大连 44 where the text sets no deadline. Pure: the
calendar and today are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from zhengwu.calendar import WorkCalendar
from zhengwu.core.verdict import Verdict
from zhengwu.documents.rules import GONGWEN
from zhengwu.rulebook.provenance import rule

BASE = "documents.countersign"

Party = TypeVar("Party")  # a department id in the service, a code in the rule tests

MODES = {"parallel": "同时会签", "sequential": "依次会签"}
ANSWERS = {"agree": "同意", "disagree": "有不同意见", "deemed_consent": "逾期未复，视为无不同意见"}


@dataclass(frozen=True)
class Deadline:
    due: date | None
    basis: str  # profile | lead_department | agreed_extension | none
    cite: str | None
    workdays: int | None = None  # the profile's count when `due` was computed from it


def reply_deadline(
    profile,
    sent_on: date,
    calendar: WorkCalendar,
    *,
    lead_department_due: date | None = None,
    agreed_extension_due: date | None = None,
) -> Deadline:
    """When a countersign reply is due: an agreed extension, else the lead department's own
    deadline, else the profile's working days after the request was sent."""
    r = rule(profile, f"{BASE}.reply_workdays")
    if agreed_extension_due is not None:
        return Deadline(agreed_extension_due, "agreed_extension", r.exception_cite("agreed_extension", profile) or r.cite)
    if lead_department_due is not None:
        return Deadline(lead_department_due, "lead_department", r.exception_cite("lead_department_deadline", profile) or r.cite)
    if r.value is None:
        return Deadline(None, "none", None)
    return Deadline(calendar.add_workdays(sent_on, r.value), "profile", r.cite, r.value)


def check_extension(profile, agreed_by_lead: bool, current_due: date | None, new_due: date) -> Verdict:
    """An extension is agreed with the lead department and moves the deadline later."""
    r = rule(profile, f"{BASE}.reply_workdays")
    cite = r.exception_cite("agreed_extension", profile) or f"{GONGWEN}:24.3"
    if not agreed_by_lead:
        return Verdict.refused("extension_not_agreed", "延长会签回复时限须与主办部门商定。", cite)
    if current_due is not None and new_due <= current_due:
        return Verdict.refused("extension_not_later", "商定的回复时限应晚于原定时限。", cite)
    return Verdict.passed()


@dataclass(frozen=True)
class SilenceOutcome:
    status: str  # pending | replied | deemed_consent | overdue
    cite: str | None


def silence(profile, *, due: date | None, today: date, replied: bool) -> SilenceOutcome:
    """What an unanswered request means today: still pending, overdue (the lead must chase it)
    or, past the deadline where the profile says so, consent recorded as such."""
    if replied:
        return SilenceOutcome("replied", None)
    if due is None or today <= due:
        return SilenceOutcome("pending", None)
    consent = rule(profile, f"{BASE}.silence_means_consent")
    if consent.value and consent.cites:  # the locality's own text, never an inherited value
        return SilenceOutcome("deemed_consent", consent.cite)
    return SilenceOutcome("overdue", None)


def parties_to_ask(mode: str, parties: list[Party], answered: set[Party]) -> list[Party]:
    """Who should hold an open request now: all at once (parallel), or the first not yet
    answered, in order (sequential)."""
    pending = [p for p in parties if p not in answered]
    if mode == "parallel":
        return pending
    if mode == "sequential":
        return pending[:1]
    raise ValueError(f"unknown countersign mode {mode!r}")


def check_round_complete(profile, outcomes: dict[str, str | None], disagreements_recorded: set[str]) -> Verdict:
    """A round closes when every party agreed, was deemed to consent, or disagreed with the
    disagreement recorded (each side's reasons and a proposal); None is a party not yet answered."""
    reasons_rule = rule(profile, "documents.incoming.disagreement_lists_reasons")
    duty = rule(profile, "documents.incoming.countersign_when_touching_other_departments")
    verdicts = []
    for party, outcome in outcomes.items():
        if outcome in ("agree", "deemed_consent"):
            continue
        if outcome == "disagree":
            if party not in disagreements_recorded:
                verdicts.append(
                    Verdict.refused(
                        "disagreement_unrecorded",
                        f"{party}有不同意见：主办部门须列明各方理据、提出办理建议后方可报送决定。",
                        reasons_rule.cite or f"{GONGWEN}:24.3",
                    )
                )
            continue
        verdicts.append(
            Verdict.refused(
                "countersign_pending",
                f"{party}尚未回复会签意见，会签未完成。",
                duty.cite or f"{GONGWEN}:24.3",
            )
        )
    return Verdict.all(verdicts)
