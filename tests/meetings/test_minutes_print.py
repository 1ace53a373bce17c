"""纪要 as GB/T 9704-2012 10.3 prints them, and the two facts of time and content they rest on:
the clerk's text is kept and edited until signing; 出席 / 请假 / 缺席 / 列席 name unit and post,
absence without leave apart from leave; the office and the signing date in the 版记; a blank
纪要 is refused (条例第八条（十五）); a meeting is neither held nor its minutes signed before
its day."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import unquote

import pytest
from docx import Document

from meeting_support import china, seen
from zhengwu.core.verdict import RuleViolation
from zhengwu.meetings import absences, minutes_flow, minutes_print, queries, rules, scheduling

MEETING = china(2024, 3, 21, 9)  # Thursday


# --- the rules ----------------------------------------------------------------------------------


def test_nothing_is_recorded_before_the_meeting_day():
    early = rules.check_on_or_after_meeting_day(date(2026, 12, 16), date(2026, 12, 2), "签发纪要")
    assert not early.ok
    reason = early.reasons[0]
    assert reason.code == "meetings.before_meeting_day"
    assert "2026年12月16日" in reason.message and "不能签发纪要" in reason.message
    assert rules.check_on_or_after_meeting_day(date(2026, 12, 16), date(2026, 12, 16), "签发纪要").ok
    assert rules.check_on_or_after_meeting_day(date(2026, 12, 16), date(2026, 12, 17), "签发纪要").ok


@pytest.mark.parametrize("text", ["", "   ", "\u3000\u3000\u3000", "\n\t \n"])
def test_a_blank_minutes_text_is_refused_article_8_15(text):
    verdict = rules.check_minutes_text(text)
    assert not verdict.ok
    assert verdict.reasons[0].code == "meetings.minutes_blank"
    assert verdict.reasons[0].cite == "law-gongwen-2012:8.15"
    assert "第八条" in verdict.reasons[0].message


def test_a_minutes_text_with_content_passes():
    assert rules.check_minutes_text("会议研究了农村公路养护工作。").ok


# --- through the services -------------------------------------------------------------------------


def _refused(exc_info, code):
    assert exc_info.value.verdict.reasons[0].code == code


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_minutes_follow_10_3_from_draft_to_print(make_gov, profile_id):
    gov = make_gov(profile_id)
    head, dep1, dep2, dep3 = (gov.user(w) for w in ("head", "dep1", "dep2", "dep3"))
    finance_head, finance = gov.user("czj"), gov.department("财政局")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=MEETING, ends_at=china(2024, 3, 21, 11),
        chair_id=head.id, location="区政府第一会议室", attendee_ids=[dep1.id, dep2.id, dep3.id],
        observer_ids=[finance_head.id]))
    leave = gov.run("dep3", "meetings.request_absence", lambda uow: absences.request_absence(
        uow, meeting_id=meeting.id, reason="赴省参加防汛会议", ground="special", expected_version=seen(uow, own_attendance=meeting.id)))
    gov.run("head", "meetings.approve_absence", lambda uow: absences.decide_absence(uow, attendance_id=leave.id, approve=True, expected_version=seen(uow, attendance_id=leave.id)))

    # Held on 12-02 for a meeting of 12-16: refused, nothing recorded.
    with pytest.raises(RuleViolation) as early:
        gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
            uow, meeting_id=meeting.id, present_ids=[head.id, dep1.id, finance_head.id], expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 3, 20, 16))
    _refused(early, "meetings.before_meeting_day")
    with gov.db.read() as session:
        assert queries.get_meeting(session, gov.tenant, meeting.id).state == "planned"
    # dep2 stays away without leave: 缺席, not 请假.
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id, dep1.id, finance_head.id], expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 3, 21, 12))

    with pytest.raises(RuleViolation) as blank:
        gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
            uow, meeting_id=meeting.id, body="\u3000 \u3000", expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 3, 21, 15))
    _refused(blank, "meetings.minutes_blank")
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting.id, body="一、关于农村公路养护资金\n会议听取了区财政局的汇报。", number="〔2024〕3号", expected_version=seen(uow, meeting_id=meeting.id)),
        now=china(2024, 3, 21, 15))
    gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text="原则同意农村公路养护资金安排方案", department_id=finance.id,
        deadline=date(2024, 4, 30), expected_version=seen(uow, minutes_id=minutes.id)), now=china(2024, 3, 21, 15))
    # The clerk edits the text before signing; a blank edit is refused like a blank draft.
    with pytest.raises(RuleViolation) as blank_edit:
        gov.run("sun", "meetings.edit_minutes", lambda uow: minutes_flow.edit_minutes(
            uow, minutes_id=minutes.id, body="   ", expected_version=seen(uow, minutes_id=minutes.id)), now=china(2024, 3, 21, 16))
    _refused(blank_edit, "meetings.minutes_blank")
    edited = gov.run("sun", "meetings.edit_minutes", lambda uow: minutes_flow.edit_minutes(
        uow, minutes_id=minutes.id, body="一、关于农村公路养护资金\n会议听取了区财政局关于农村公路养护资金安排的汇报。", expected_version=seen(uow, minutes_id=minutes.id)),
        now=china(2024, 3, 21, 16))
    assert edited.body.endswith("安排的汇报。")

    # Signed before the meeting's day (a clock set back): refused.
    with pytest.raises(RuleViolation) as early_sign:
        gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)),
                now=china(2024, 3, 20, 10))
    _refused(early_sign, "meetings.before_meeting_day")
    gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)),
            now=china(2024, 3, 22, 10))
    with pytest.raises(RuleViolation):  # signed minutes are no longer edited
        gov.run("sun", "meetings.edit_minutes", lambda uow: minutes_flow.edit_minutes(
            uow, minutes_id=minutes.id, body="改", expected_version=seen(uow, minutes_id=minutes.id)), now=china(2024, 3, 22, 11))

    with gov.db.read() as session:
        layout = minutes_print.minutes_document(session, gov.tenant, minutes.id)
        docx = minutes_print.minutes_docx(session, gov.tenant, minutes.id)
        disposition = minutes_print.minutes_disposition(session, gov.tenant, minutes.id)
    name = gov.tenant.name
    assert layout.issuer_mark == f"{name}常务会议纪要"  # the mark names the government
    # The clerk's text is kept whole, the resolution it does not state follows it.
    assert layout.body[:2] == ("一、关于农村公路养护资金", "会议听取了区财政局关于农村公路养护资金安排的汇报。")
    assert layout.body[2].startswith("1.原则同意农村公路养护资金安排方案，由") and "2024年4月30日前完成" in layout.body[2]
    assert not any(b.startswith("关于原则同意") for b in layout.body)
    assert [a.split("（")[0] for a in layout.attendees] == [head.display_name, dep1.display_name]
    assert layout.absent == (f"{dep3.display_name}（赴省参加防汛会议）",) or layout.absent[0].startswith(dep3.display_name)
    assert "赴省参加防汛会议" in layout.absent[0]
    assert [u.split("（")[0] for u in layout.unexcused] == [dep2.display_name]
    assert len(layout.observers) == 1 and layout.observers[0].startswith(finance_head.display_name)
    assert "财政局" in layout.observers[0]  # 单位 and post
    assert layout.printing_office == f"{name}办公室" and layout.printing_date == date(2024, 3, 22)

    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    xml = Document(io.BytesIO(docx)).element.xml
    for label in ("出席：", "请假：", "缺席：", "列席："):
        assert label in text
    assert text.index("请假：") < text.index("缺席：") < text.index("列席：")
    assert "2024年3月22日印发" in xml and f"{name}办公室" in xml  # 版记
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"{name}常务会议纪要〔2024〕3号.docx"
