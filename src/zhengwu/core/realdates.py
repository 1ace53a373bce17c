"""Events carry their real dates: the day a document or request actually arrived, not the day
somebody typed it in. A real date is never in the future, and back-dating is limited by the
platform (`Settings.backdate_limit_days`), because a deadline counted from a date weeks ago is
already half spent the moment it is registered. Who registered it and when is the unit of
work's actor and clock, kept beside the real date."""

from __future__ import annotations

from datetime import date

from zhengwu.core.settings import Settings
from zhengwu.core.verdict import Verdict


def check_real_date(on: date, today: date, limit_days: int, what: str) -> Verdict:
    """`what` happened on `on`: not after today, not more than `limit_days` before it."""
    if on > today:
        return Verdict.refused("date_in_future", f"{what}（{on.isoformat()}）不能晚于今天（{today.isoformat()}）。")
    if (today - on).days > limit_days:
        return Verdict.refused(
            "date_too_old",
            f"{what}（{on.isoformat()}）早于今天 {(today - on).days} 天：平台只接受 {limit_days} 天以内的补登，"
            f"更早的请联系平台管理员调整补登期限。")
    return Verdict.passed()


def real_date(on: date | None, today: date, what: str) -> date:
    """The real date of an event, today when none is given; refused (422) when out of bounds."""
    if on is None:
        return today
    check_real_date(on, today, Settings.from_env().backdate_limit_days, what).raise_if_refused()
    return on
