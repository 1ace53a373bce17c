"""The one shape of a deviation, shared by every domain's `deviations()` and read by the
compliance report: kept in core so that no domain imports another's service for it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhengwu.core.verdict import Reason
    from zhengwu.rulebook.profile import Profile


def deviation(object_type: str, object_id: int | str, title: str, on: date, reason: "Reason",
              judged_by: "Profile | None" = None) -> dict:
    """One deviation as the compliance report lists it: the object, the date, the reason, and the
    rules version that judged it (left to the report when it is the version in force on the date)."""
    found = {"object_type": object_type, "object_id": object_id, "title": title,
             "on": on.isoformat(), "code": reason.code, "message": reason.message, "cite": reason.cite}
    if judged_by is not None:
        found["profile_id"] = judged_by.id
    return found
