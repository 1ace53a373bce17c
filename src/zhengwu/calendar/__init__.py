"""Working days on the Chinese statutory calendar, and the injected clock."""

from zhengwu.calendar.clock import CHINA_TZ, Clock, DemoClock, FixedClock, SystemClock, add_months, china_date
from zhengwu.calendar.errors import CalendarError
from zhengwu.calendar.schedule import YearSchedule
from zhengwu.calendar.workdays import (WorkCalendar, calendar_from, deadline_fields, default_calendar,
                                       use_entered_years)

__all__ = [
    "add_months",
    "china_date",
    "CHINA_TZ",
    "CalendarError",
    "Clock",
    "DemoClock",
    "FixedClock",
    "SystemClock",
    "WorkCalendar",
    "YearSchedule",
    "calendar_from",
    "deadline_fields",
    "default_calendar",
    "use_entered_years",
]
