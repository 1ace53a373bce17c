"""A person's meetings as an iCalendar (RFC 5545) feed, for their calendar program."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from zhengwu.meetings.models import Meeting


def feed(meetings: list[Meeting], *, tenant_slug: str, tenant_name: str, host: str, kind_names: dict[str, str],
         stamp: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//zhengwu//政务工作平台//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{tenant_name}会议")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.id}@{tenant_slug}.{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("summary", f"{kind_names.get(meeting.kind, meeting.kind)}：{meeting.title}")
        if meeting.location:
            event.add("location", meeting.location)
        event.add("status", "CANCELLED" if meeting.state == "cancelled" else "CONFIRMED")
        event.add("sequence", meeting.version)
        calendar.add_component(event)
    return calendar.to_ical()
