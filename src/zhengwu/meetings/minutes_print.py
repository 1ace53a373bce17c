"""The signed minutes in the official layout (GB/T 9704 纪要格式 10.3) and their .docx file."""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy.orm import Session

from zhengwu.calendar import china_date
from zhengwu.core.tenants import Tenant, profile_on
from zhengwu.core.verdict import Verdict
from zhengwu.printing.docx_render import render_minutes_docx
from zhengwu.printing.layout import Minutes as MinutesLayout
from zhengwu.printing.layout import chinese_date
from zhengwu.org import rules as org_rules
from zhengwu.org import service as org_service
from zhengwu.org.models import Department
from zhengwu.rulebook import labels
from zhengwu.meetings.queries import attendance, get_meeting, get_minutes, resolutions_of


def _government_part(name: str) -> str:
    """「区政府常务会议」 → 「常务会议」, 「市政府办公厅」 → 「办公厅」: the words after 「政府」, for
    joining to the government's full name."""
    return name.split("政府", 1)[1] if "政府" in name else name


def minutes_document(session: Session, tenant: Tenant, minutes_id: int):
    """The signed minutes in the official layout (GB/T 9704 纪要格式 10.3), ready to render.

    The clerk's text is the 纪要 as drafted and edited; resolutions it does not already state
    follow it as numbered paragraphs with their department and deadline. 出席 and 列席 name each
    person with their post (单位、职务), 请假 those whose absence was approved with the reason,
    缺席 those absent without approved leave; the 版记 carries the office as 印发机关 and the
    signing date."""
    minutes = get_minutes(session, tenant, minutes_id)
    meeting = get_meeting(session, tenant, minutes.meeting_id)
    profile = profile_on(session, tenant.id, meeting.day)
    who = org_service.people(session, tenant.id)
    seats = org_service.load_state(session, tenant.id).seats
    posts: dict[int, str] = {}
    for seat in seats:
        if seat.holder_id is not None:
            posts.setdefault(seat.holder_id, seat.title)

    def person(user_id: int) -> str:
        name, post = who(user_id), posts.get(user_id, "")
        return f"{name}（{post}）" if post and post not in name else name

    rows = attendance(session, meeting.id)
    name = labels.word(meeting.kind, labels.titles(profile))
    chair_title = posts.get(meeting.chair_id, "")
    body = [p.strip() for p in minutes.body.splitlines() if p.strip()]
    text = "".join(body)
    for n, resolution in enumerate((r for r in resolutions_of(session, meeting.id) if r.text.strip() not in text), 1):
        department = session.get_one(Department, resolution.department_id).name
        body.append(f"{n}.{resolution.text.rstrip('。')}，由{department}负责落实，{chinese_date(resolution.deadline)}前完成。")
    day = meeting.day
    office = f"{tenant.name}{_government_part(org_rules.title(profile, 'office'))}"
    signed_on = china_date(minutes.signed_at or minutes.created_at)
    present = [r for r in rows if r.status == "present"]
    absent = [r for r in rows if r.status == "absent" and r.role != "observer"]
    return MinutesLayout(
        issuer_mark=f"{tenant.name}{_government_part(name)}纪要", number=minutes.number or f"〔{day.year}〕{minutes.id}号",
        meeting_title=name, date=day, place=meeting.location or "政府常务会议室",
        chair=f"{chair_title}{who(meeting.chair_id)}" if chair_title not in who(meeting.chair_id) else who(meeting.chair_id),
        attendees=tuple(person(r.user_id) for r in present if r.role != "observer"),
        observers=tuple(person(r.user_id) for r in present if r.role == "observer"),
        absent=tuple(person(r.user_id) + (f"（{r.absence_reason.strip()}）" if r.absence_reason.strip() else "")
                     for r in absent if r.absence_state == "approved"),
        unexcused=tuple(person(r.user_id) for r in absent if r.absence_state != "approved"),
        body=tuple(body), items=(), issuing_office=office, printing_office=office, printing_date=signed_on)


def minutes_disposition(session: Session, tenant: Tenant, minutes_id: int) -> str:
    """Content-Disposition of the minutes' file: named as the office files it, 「…纪要〔2026〕3号.docx」
    (RFC 6266 filename*, with an ASCII name for clients that lack it)."""
    layout = minutes_document(session, tenant, minutes_id)
    name = f"{layout.issuer_mark}{layout.number}.docx".replace("/", "-")
    return f"attachment; filename=\"minutes-{minutes_id}.docx\"; filename*=UTF-8''{quote(name)}"


def minutes_docx(session: Session, tenant: Tenant, minutes_id: int) -> bytes:
    minutes = get_minutes(session, tenant, minutes_id)
    if minutes.state != "signed":
        Verdict.refused("meetings.minutes_not_signed", "纪要签发后方可生成正式文本。").raise_if_refused()
    return render_minutes_docx(minutes_document(session, tenant, minutes_id))
