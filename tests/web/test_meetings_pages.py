"""The meeting pages over a seeded 大洼: the calendar flags a month short of 第三十七条's two
常务会议, a meeting page shows agenda, attendance, minutes and resolutions, the topic queue and
the conference page render the profile's rules, and a forbidden form is refused and audited."""

from __future__ import annotations

import pytest
from datetime import date, datetime

from meeting_support import china, seed_gov, seen
from support import assert_refused_and_audited, csrf_of, log_in
from zhengwu.demo import DEMO_PASSWORD
from zhengwu.meetings import conference_approval, minutes_flow, queries, scheduling, topic_flow


def _held_meeting(gov, day):
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title=f"{day.month}月常务会议", starts_at=china(day.year, day.month, day.day),
        ends_at=china(day.year, day.month, day.day, 11), chair_id=head.id, location="三楼会议室"))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id, gov.user("dep1").id], expected_version=seen(uow, meeting_id=meeting.id)), now=china(day.year, day.month, day.day, 12))
    return meeting


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_calendar_flags_short_month_and_meeting_page(client, clock, db, make_tenant, profile_id):
    gov = seed_gov(db, make_tenant, profile_id)
    for day in (date(2024, 4, 9), date(2024, 4, 23), date(2024, 5, 14)):
        meeting = _held_meeting(gov, day)
    clock.set(datetime(2024, 6, 3, 9, tzinfo=china(2024, 6, 3).tzinfo))
    log_in(client, "sun", DEMO_PASSWORD)

    page = client.get("/t/dawa/meetings?month=2024-05")
    assert page.status_code == 200
    assert "5月常务会议" in page.text
    assert "2024-05-01 至 2024-05-31：召开 1 次，应 2 次" in page.text  # May is short
    assert "2024-04-01 至 2024-04-30" not in page.text  # April had its two
    assert "依据《盘锦市大洼区人民政府工作规则》第三十七条" in page.text

    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting.id, body="会议研究了防汛工作。", expected_version=seen(uow, meeting_id=meeting.id)))
    gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text="做好汛前检查", department_id=gov.department("住房").id,
        deadline=date(2024, 6, 30), expected_version=seen(uow, minutes_id=minutes.id)))
    page = client.get(f"/t/dawa/meetings/{meeting.id}")
    assert "会议研究了防汛工作。" in page.text and "做好汛前检查" in page.text and "签发：区长" in page.text
    assert f"/minutes/{minutes.id}/countersign" not in page.text  # 常务会议 minutes take no countersign in 大洼

    feed = client.get("/t/dawa/meetings.ics")
    assert feed.headers["content-type"].startswith("text/calendar")

    topics = client.get("/t/dawa/topics")
    assert topics.status_code == 200 and "提出议题" in topics.text
    conferences = client.get("/t/dawa/conferences")
    assert "会议用时不超过60分钟" in conferences.text and "领导讲话不超过10分钟" in conferences.text
    assert "第四十二条" in conferences.text


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_deputy_cannot_schedule_meetings(client, db, make_tenant, profile_id):
    gov = seed_gov(db, make_tenant, profile_id)
    log_in(client, "dawa.dep1", DEMO_PASSWORD)
    page = client.get("/t/dawa/meetings")
    assert "<h2>安排会议</h2>" not in page.text
    refused = client.post("/t/dawa/meetings", data={
        "csrf_token": csrf_of(client.get("/t/dawa/topics").text), "kind": "executive", "title": "越权安排",
        "day": "2024-03-21", "start": "09:00", "end": "11:00", "chair_id": str(gov.user("head").id)})
    assert refused.status_code == 403 and "政府办公室工作人员" in refused.text
    assert_refused_and_audited(db, gov.tenant, "meetings.schedule")
    with db.read() as session:
        assert queries.meetings_of_user(session, gov.tenant, gov.user("head").id) == []


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_office_schedules_a_meeting_with_observers_for_the_minutes(client, db, make_tenant, profile_id):
    """列席 people chosen on the form sit in as observers: the 纪要 prints them apart (GB/T 9704 10.3)."""
    gov = seed_gov(db, make_tenant, profile_id)
    log_in(client, "sun", DEMO_PASSWORD)
    page = client.get("/t/dawa/meetings")
    assert 'name="observer_ids"' in page.text and "区财政局局长" in page.text
    finance_head = gov.user("czj").id
    made = client.post("/t/dawa/meetings", data={
        "csrf_token": csrf_of(page.text), "kind": "executive", "title": "第5次常务会议", "day": "2024-03-21",
        "start": "09:00", "end": "11:00", "chair_id": str(gov.user("head").id), "observer_ids": [str(finance_head)]})
    assert made.status_code == 200
    with db.read() as session:
        [meeting] = queries.meetings_of_user(session, gov.tenant, finance_head)
        roles = {row.user_id: row.role for row in queries.attendance(session, meeting.id)}
    assert roles[finance_head] == "observer" and roles[gov.user("head").id] == "member"


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_topic_page_consultation_and_coordination_article_50(client, db, make_tenant, profile_id):
    """海南区 50 on the topic page: consult in writing, a department disagrees, submitting is
    refused with the article, the 分管副区长 coordinates, then the materials go in."""
    gov = seed_gov(db, make_tenant, profile_id)
    finance, land = gov.department("财政局"), gov.department("自然资源局")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 3, 21), ends_at=china(2024, 3, 21, 11),
        chair_id=gov.user("head").id))
    topic = gov.run("czj", "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind="executive", title="关于老旧小区改造的议题", lead_department_id=finance.id))

    def post(who, step, **data):
        log_in(client, who, DEMO_PASSWORD)
        page = client.get(f"/t/hainan/topics/{topic.id}")
        assert page.status_code == 200
        with db.read() as session:
            version = queries.get_topic(session, gov.tenant, topic.id).version
        return client.post(f"/t/hainan/topics/{topic.id}/{step}",
                           data={"csrf_token": csrf_of(page.text), "version": str(version), **data})

    assert post("hainan.czj", "consult", department_ids=[str(land.id)]).status_code == 200
    assert post("hainan.zrj", "answer", department_id=str(land.id), agrees="0", note="用地未落实").status_code == 200
    refused = post("hainan.czj", "materials", meeting_id=str(meeting.id), materials="方案")
    assert refused.status_code == 422 and "第五十条" in refused.text
    assert post("hainan.czj", "escalate", note="双方理据见附件").status_code == 200
    page = post("hainan.exec", "coordinate", resolved="1", note="用地二季度落实")
    assert "已协调一致" in page.text
    page = post("hainan.czj", "materials", meeting_id=str(meeting.id), materials="方案")
    assert page.status_code == 200 and "审核审批中" in page.text


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_dalian_43_conference_page_takes_the_executive_meeting_step(client, clock, db, make_tenant, profile_id):
    """大连 43 through the page: the last step offers the 常务会议's signed resolutions, and
    posting one approves the request; no English or codes on the page."""
    gov = seed_gov(db, make_tenant, profile_id)
    clock.set(datetime(2024, 3, 4, 9, tzinfo=china(2024, 3, 4).tzinfo))
    finance = gov.department("财政局")
    request = gov.run("czj", "meetings.request_conference", lambda uow: conference_approval.request_conference(
        uow, department_id=finance.id, title="全市财政工作会议", held_on=date(2024, 5, 20), duration_minutes=60,
        planned_on=date(2023, 11, 20)), now=china(2024, 3, 4))
    for _ in range(2):
        request = gov.run("sun", "meetings.approve_conference", lambda uow, request=request: conference_approval.approve_conference(
            uow, request_id=request.id, expected_version=seen(uow, request_id=request.id)), now=china(2024, 3, 4))
    head = gov.user("head")
    meeting = _held_meeting(gov, date(2024, 3, 1))
    minutes = gov.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
    resolution = gov.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes.id, text="同意召开全市财政工作会议", department_id=finance.id, deadline=date(2024, 5, 31), expected_version=seen(uow, minutes_id=minutes.id)))
    gov.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
    assert head.id
    log_in(client, "sun", DEMO_PASSWORD)
    page = client.get("/t/dalian/conferences")
    assert "市政府常务会议核批" in page.text and "同意召开全市财政工作会议" in page.text
    assert "请示召开" in page.text and "市长办公会议" in page.text
    assert "executive" not in page.text and "head_office" not in page.text.replace('value="head_office"', "")
    done = client.post(f"/t/dalian/conferences/{request.id}/approve", data={
        "csrf_token": csrf_of(page.text), "version": str(request.version), "resolution_id": str(resolution.id)})
    assert done.status_code in (200, 303)
    page = client.get("/t/dalian/conferences")
    assert "已批准" in page.text


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_dawa_42_conference_page_asks_whether_the_head_is_needed(client, clock, db, make_tenant, profile_id):
    """「必要时报区长批准」 on the page: the 分管副区长's form offers to send it on to the 区长; left
    unticked, his approval concludes the request."""
    gov = seed_gov(db, make_tenant, profile_id)
    clock.set(datetime(2024, 3, 4, 9, tzinfo=china(2024, 3, 4).tzinfo))
    request = gov.run("czj", "meetings.request_conference", lambda uow: conference_approval.request_conference(
        uow, department_id=gov.department("财政局").id, title="全区财政工作会议", held_on=date(2024, 4, 10),
        duration_minutes=60), now=china(2024, 3, 4))
    request = gov.run("sun", "meetings.approve_conference", lambda uow: conference_approval.approve_conference(
        uow, request_id=request.id, expected_version=seen(uow, request_id=request.id)), now=china(2024, 3, 4))
    log_in(client, "dawa.exec", DEMO_PASSWORD)
    page = client.get("/t/dawa/conferences")
    assert "需要再报区长（必要时报区长批准）" in page.text and "例外：确需超过1小时的会议" in page.text
    client.post(f"/t/dawa/conferences/{request.id}/approve", data={
        "csrf_token": csrf_of(page.text), "version": str(request.version)})
    assert "已批准" in client.get("/t/dawa/conferences").text


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_topic_page_offers_review_and_printing_only_to_who_may_article_21(client, db, make_tenant, profile_id):
    """西市 21 on the topic page and over the API: the office reviews the meeting documents, then
    the 区长 批印; each sees the button only when the step is theirs; another is refused (403)
    with the article and who may; the meeting page holds 列入议程 back until then."""
    from support import api_token
    from zhengwu.meetings import rules
    from zhengwu.rulebook.profile import load_profile

    gov = seed_gov(db, make_tenant, profile_id)
    finance = gov.department("财政局")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 3, 21), ends_at=china(2024, 3, 21, 11),
        chair_id=gov.user("head").id))
    topic = gov.run("exec", "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind="executive", title="关于老旧小区改造的议题", lead_department_id=finance.id))
    gov.run("exec", "meetings.submit_materials", lambda uow: topic_flow.submit_materials(
        uow, topic_id=topic.id, meeting_id=meeting.id, materials="方案", expected_version=seen(uow, topic_id=topic.id)))
    for step in rules.pipeline_steps(load_profile(profile_id), "executive"):
        gov.run({"office": "sun", "head": "head"}[step.by], "meetings.topic_step",
                lambda uow: topic_flow.take_step(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))

    def page(who):
        log_in(client, who, DEMO_PASSWORD)
        found = client.get(f"/t/xishi/topics/{topic.id}")
        assert found.status_code == 200
        return found

    assert "审核通过会议文件" in page("sun").text
    head_page = page("xishi.head").text
    assert "审核通过会议文件" not in head_page and "审定会议文件" not in head_page
    assert "会议文件由区政府办公室审核把关后报区长审定" in head_page
    log_in(client, "sun", DEMO_PASSWORD)
    meeting_page = client.get(f"/t/xishi/meetings/{meeting.id}").text
    assert "尚未经区政府办公室审核把关" in meeting_page and "第二十一条" in meeting_page

    t = f"/api/tenants/{gov.tenant.slug}"
    with db.read() as session:
        version = queries.get_topic(session, gov.tenant, topic.id).version
    wrong = client.post(f"{t}/topics/{topic.id}/documents-review", json={"version": version},
                        headers=api_token(client, "xishi.czj", DEMO_PASSWORD))
    assert wrong.status_code == 403 and wrong.json()["code"] == "meetings.wrong_documents_reviewer"
    assert wrong.json()["cite"] == "xishi-2024:21" and "第二十一条" in wrong.json()["message"]
    assert_refused_and_audited(db, gov.tenant, "meetings.review_documents")
    reviewed = client.post(f"{t}/topics/{topic.id}/documents-review", json={"version": version, "note": "已核"},
                           headers=api_token(client, "sun", DEMO_PASSWORD))
    assert reviewed.status_code == 200 and reviewed.json()["documents_reviewed_by_id"] == gov.user("sun").id

    head_page = page("xishi.head")
    assert "审定会议文件" in head_page.text
    printed = client.post(f"/t/xishi/topics/{topic.id}/documents-finalize",
                          data={"csrf_token": csrf_of(head_page.text), "version": str(reviewed.json()["version"])})
    assert printed.status_code == 200 and "已审定" in printed.text
    log_in(client, "sun", DEMO_PASSWORD)
    assert "列入议程" in client.get(f"/t/xishi/meetings/{meeting.id}").text
@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_drafting_minutes_takes_the_meeting_as_the_page_showed_it(client, clock, db, make_tenant, profile_id):
    """The 起草纪要 form carries the meeting's version: without it the form is refused (422) in
    Chinese; from a page read before the attendance was recorded, it is stale (409); nothing is
    drafted either way, and the page's own form drafts."""
    gov = seed_gov(db, make_tenant, profile_id)
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="4月常务会议", starts_at=china(2024, 4, 9), ends_at=china(2024, 4, 9, 11),
        chair_id=head.id))
    clock.set(datetime(2024, 4, 9, 14, tzinfo=china(2024, 4, 9).tzinfo))
    log_in(client, "sun", DEMO_PASSWORD)
    page = client.get(f"/t/dawa/meetings/{meeting.id}")
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)),
        now=china(2024, 4, 9, 12))
    url = f"/t/dawa/meetings/{meeting.id}/minutes"
    missing = client.post(url, data={"csrf_token": csrf_of(page.text), "body": "会议研究了防汛工作。"})
    assert missing.status_code == 422 and "表单缺少「所见版本」" in missing.text
    stale = client.post(url, data={"csrf_token": csrf_of(page.text), "body": "会议研究了防汛工作。",
                                   "version": str(meeting.version)})
    assert stale.status_code == 409
    with db.read() as session:
        assert queries.minutes_of(session, meeting.id) is None
    page = client.get(f"/t/dawa/meetings/{meeting.id}")
    version = page.text.split(f'action="/t/dawa/meetings/{meeting.id}/minutes"')[1].split('name="version" value="')[1].split('"')[0]
    done = client.post(url, data={"csrf_token": csrf_of(page.text), "body": "会议研究了防汛工作。", "version": version})
    assert done.status_code in (200, 303)
    with db.read() as session:
        assert queries.minutes_of(session, meeting.id) is not None
