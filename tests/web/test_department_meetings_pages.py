"""Departments' own meetings, standing observer units and attendance bulletins through the pages
and the API: each form offered only to those who may use it, Chinese only, the steps audited."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from meeting_support import china, seed_gov
from support import api_token, assert_refused_and_audited, csrf_of, log_in
from zhengwu.demo import DEMO_PASSWORD
from zhengwu.meetings import department_meetings as dm
from zhengwu.meetings import queries, scheduling


def _no_codes(html: str) -> None:
    """No English words (codes, snake_case) in the page's visible text."""
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S))
    words = [w for w in re.findall(r"[A-Za-z_]{4,}", text) if w not in {"csrf"}]
    assert not [w for w in words if "_" in w or w in {"invited", "leader", "approver", "oversight", "deputy", "head"}], words


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_dawa_42_department_meeting_page_files_and_the_deputy_approves(client, clock, db, make_tenant, profile_id):
    """大洼 42 on the page: the 财政局局长 files a meeting inviting the 街道's head; the 分管副区长 sees it
    in his 待办 and approves it from the page; a bystander deputy gets no button and is refused."""
    gov = seed_gov(db, make_tenant, profile_id)
    clock.set(datetime(2024, 3, 4, 9, tzinfo=china(2024, 3, 4).tzinfo))
    log_in(client, "dawa.czj", DEMO_PASSWORD)
    page = client.get("/t/dawa/department-meetings")
    assert page.status_code == 200 and "登记部门工作会议" in page.text and "须报区政府批准" in page.text
    assert "第四十二条" in page.text
    _no_codes(page.text)
    street = gov.department("街道")
    client.post("/t/dawa/department-meetings", data={
        "csrf_token": csrf_of(page.text), "department_id": str(gov.department("财政局").id), "title": "全区财政系统工作会议",
        "held_on": "2024-03-20", "local_department_ids": [str(street.id)]})
    with db.read() as session:
        row = list(dm.department_meetings(session, gov.tenant))[0]
    assert row.state == "requested"

    log_in(client, "dawa.dep1", DEMO_PASSWORD)
    page = client.get("/t/dawa/department-meetings")
    assert f"/department-meetings/{row.id}/consent" not in page.text and "登记部门工作会议" not in page.text
    refused = client.post(f"/t/dawa/department-meetings/{row.id}/consent", data={
        "csrf_token": csrf_of(page.text), "version": str(row.version)})
    assert refused.status_code == 403 and "分管副区长" in refused.text
    assert_refused_and_audited(db, gov.tenant, "meetings.consent_department_meeting")

    log_in(client, "dawa.exec", DEMO_PASSWORD)
    assert "同意部门会议邀请" in client.get("/t/dawa/todo").text
    page = client.get("/t/dawa/department-meetings")
    assert f"/department-meetings/{row.id}/consent" in page.text
    client.post(f"/t/dawa/department-meetings/{row.id}/consent", data={
        "csrf_token": csrf_of(page.text), "version": str(row.version)})
    page = client.get("/t/dawa/department-meetings")
    assert "已同意" in page.text
    _no_codes(page.text)


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_wuhai_hainan_55_api_refuses_inviting_the_head(client, db, make_tenant, profile_id):
    """海南区 55 through the API: inviting the 区长 is a 422 naming the article; a 副区长 is filed
    and waits for his approval."""
    gov = seed_gov(db, make_tenant, profile_id)
    headers = api_token(client, "hainan.czj", DEMO_PASSWORD)
    body = {"department_id": gov.department("财政局").id, "title": "全区财政系统工作会议", "held_on": "2024-03-20",
            "leader_ids": [gov.user("head").id]}
    refused = client.post("/api/tenants/hainan/department-meetings", json=body, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["code"] == "department_meeting.leader_not_invited" and refused.json()["cite"] == "wuhai-hainan-2023:55"
    made = client.post("/api/tenants/hainan/department-meetings", json={**body, "leader_ids": [gov.user("dep1").id]},
                       headers=headers)
    assert made.status_code == 201 and made.json()["state"] == "requested"
    done = client.post(f"/api/tenants/hainan/department-meetings/{made.json()['id']}/consent",
                       json={"version": made.json()["version"]}, headers=api_token(client, "hainan.dep1", DEMO_PASSWORD))
    assert done.status_code == 200 and done.json()["state"] == "approved"


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_xishi_25_api_leader_invited_waits_for_consent(client, db, make_tenant, profile_id):
    gov = seed_gov(db, make_tenant, profile_id)
    made = client.post("/api/tenants/xishi/department-meetings", json={
        "department_id": gov.department("财政局").id, "title": "财政工作会议", "held_on": "2024-03-20",
        "leader_ids": [gov.user("dep2").id]}, headers=api_token(client, "xishi.czj", DEMO_PASSWORD))
    assert made.status_code == 201 and made.json()["required"][0]["cite"] == "xishi-2024:25"
    assert made.json()["state"] == "requested"


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_dawa_37_standing_observers_page_offers_the_form_to_the_head_only(client, db, make_tenant, profile_id):
    gov = seed_gov(db, make_tenant, profile_id)
    log_in(client, "sun", DEMO_PASSWORD)
    calendar = client.get("/t/dawa/meetings")
    assert 'href="/t/dawa/standing-observers"' in calendar.text and "尚未确定" in calendar.text
    page = client.get("/t/dawa/standing-observers")
    assert page.status_code == 200 and "由区长确定" in page.text and 'name="department_ids"' not in page.text
    log_in(client, "dawa.head", DEMO_PASSWORD)
    page = client.get("/t/dawa/standing-observers")
    assert 'name="department_ids"' in page.text
    client.post("/t/dawa/standing-observers/executive", data={
        "csrf_token": csrf_of(page.text), "department_ids": [str(gov.department("财政局").id)]})
    page = client.get("/t/dawa/standing-observers")
    assert "区财政局" in page.text
    _no_codes(page.text)
    calendar = client.get("/t/dawa/meetings")
    assert "常设列席单位" in calendar.text and "区财政局" in calendar.text
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="第5次常务会议", starts_at=china(2024, 3, 21), ends_at=china(2024, 3, 21, 11),
        chair_id=gov.user("head").id))
    assert "常设列席单位：区财政局" in client.get(f"/t/dawa/meetings/{meeting.id}").text
    with db.read() as session:  # 「一般安排常设列席单位负责人列席会议」: the 财政局局长 sits in
        rows = queries.attendance(session, meeting.id)
    assert [(r.user_id, r.role) for r in rows if r.user_id == gov.user("czj").id] == [(gov.user("czj").id, "observer")]


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_dalian_42_bulletin_page_issued_by_the_office_seen_by_members(client, db, make_tenant, profile_id):
    gov = seed_gov(db, make_tenant, profile_id)
    log_in(client, "dalian.dep1", DEMO_PASSWORD)
    page = client.get("/t/dalian/attendance-bulletins")
    assert page.status_code == 200 and "发布通报" not in page.text and "第四十二条" in page.text
    log_in(client, "sun", DEMO_PASSWORD)
    page = client.get("/t/dalian/attendance-bulletins")
    assert "发布通报" in page.text and "规则未规定通报周期" in page.text
    client.post("/t/dalian/attendance-bulletins", data={
        "csrf_token": csrf_of(page.text), "since": "2024-02-01", "until": "2024-02-29", "note": "二月份通报"})
    log_in(client, "dalian.dep1", DEMO_PASSWORD)
    page = client.get("/t/dalian/attendance-bulletins")
    assert "2024-02-01 至 2024-02-29" in page.text and "二月份通报" in page.text
    _no_codes(page.text)
    with db.read() as session:
        assert len(list(dm.bulletins(session, gov.tenant))) == 1
