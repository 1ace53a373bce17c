"""A person's meetings as an iCalendar (RFC 5545) feed, for their calendar program.

Times are given in Asia/Shanghai with its VTIMEZONE (the meetings' own time, which a calendar
shows unchanged wherever it is), and each event's UID is built from the platform's configured
base address, so a subscriber sees the same event under the same UID whichever host name or
proxy it reached the platform through.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from zhengwu.meetings.models import Meeting

SHANGHAI = ZoneInfo("Asia/Shanghai")


def event_uid(meeting_id: int, tenant_slug: str, base_url: str) -> str:
    return f"meeting-{meeting_id}.{tenant_slug}@{urlsplit(base_url).hostname or 'zhengwu'}"


def feed(meetings: list[Meeting], *, tenant_slug: str, tenant_name: str, base_url: str, kind_names: dict[str, str],
         stamp: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//zhengwu//政务工作平台//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{tenant_name}会议")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for meeting in meetings:
        event = Event()
        event.add("uid", event_uid(meeting.id, tenant_slug, base_url))
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(SHANGHAI))
        event.add("dtend", meeting.ends_at.astimezone(SHANGHAI))
        event.add("summary", f"{kind_names.get(meeting.kind, meeting.kind)}：{meeting.title}")
        if meeting.location:
            event.add("location", meeting.location)
        event.add("url", f"{base_url}/t/{tenant_slug}/meetings/{meeting.id}")
        event.add("status", "CANCELLED" if meeting.state == "cancelled" else "CONFIRMED")
        event.add("sequence", meeting.version)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
