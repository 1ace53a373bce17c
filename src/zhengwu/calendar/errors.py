"""The one error the calendar raises: a date it cannot answer for, or override data it refuses."""

from __future__ import annotations


class CalendarError(ValueError):
    """A Chinese message naming the date or file at fault and how to fix it.

    Raised instead of guessing: a deadline computed over an unknown holiday schedule would be
    silently wrong, which is worse than no deadline.
    """
