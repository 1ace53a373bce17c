"""The meetings REST API over a seeded 海南区: the 常务会议 walked through HTTP, with the
platform's conventions — refusals as {code, message, cite}, 403 for the wrong signer (audited),
409 on a stale version, Idempotency-Key replays, and the .ics feed."""

from __future__ import annotations

from datetime import datetime

import pytest
from icalendar import Calendar

from meeting_support import seed_gov
from support import api_token, assert_refused_and_audited
from zhengwu.demo import DEMO_PASSWORD
from zhengwu.meetings.models import Meeting, Minutes


def version_of(db, model, row_id: int) -> int:
    """The version a client would have read last (every change takes it: 409 when stale)."""
    with db.read() as session:
        return session.get(model, row_id).version


@pytest.mark.parametrize("profile_id", ["wuhai-hainan-2023"])
def test_executive_meeting_over_the_api(client, clock, db, make_tenant, profile_id):
    gov = seed_gov(db, make_tenant, profile_id)
    t = f"/api/tenants/{gov.tenant.slug}"
    clerk, head = api_token(client, "sun", DEMO_PASSWORD), api_token(client, "hainan.head", DEMO_PASSWORD)
    finance, exec_ = api_token(client, "hainan.czj", DEMO_PASSWORD), api_token(client, "hainan.exec", DEMO_PASSWORD)
    finance_id = gov.department("财政局").id

    body = {"kind": "executive", "title": "区政府第5次常务会议", "starts_at": "2024-03-21T09:00:00+08:00",
            "ends_at": "2024-03-21T11:00:00+08:00", "chair_id": gov.user("head").id, "location": "三楼会议室"}
    created = client.post(f"{t}/meetings", json=body, headers={**clerk, "Idempotency-Key": "m-1"})
    assert created.status_code == 201, created.text
    replay = client.post(f"{t}/meetings", json=body, headers={**clerk, "Idempotency-Key": "m-1"})
    assert replay.headers.get("Idempotent-Replayed") == "true" and replay.json()["id"] == created.json()["id"]
    meeting = created.json()

    # the executive deputy chairs only by delegation (海南区 47)
    refused = client.post(f"{t}/meetings", json={**body, "chair_id": gov.user("exec").id}, headers=clerk)
    assert refused.status_code == 422
    assert refused.json()["code"] == "meetings.delegation_required" and refused.json()["cite"] == "wuhai-hainan-2023:47"

    topic = client.post(f"{t}/topics", json={"meeting_kind": "executive", "title": "关于老旧小区改造资金的议题",
                                             "lead_department_id": finance_id}, headers=finance).json()
    stale = client.post(f"{t}/topics/{topic['id']}/materials",
                        json={"meeting_id": meeting["id"], "materials": "方案", "version": topic["version"] + 5},
                        headers=finance)
    assert stale.status_code == 409 and stale.json()["current"]["id"] == topic["id"]
    submitted = client.post(f"{t}/topics/{topic['id']}/materials",
                            json={"meeting_id": meeting["id"], "materials": "方案", "version": topic["version"]},
                            headers=finance)
    assert submitted.status_code == 200, submitted.text
    stepped = client.post(f"{t}/topics/{topic['id']}/steps", json={"version": submitted.json()["version"]}, headers=clerk)
    assert stepped.json()["state"] == "approved"
    assert client.post(f"{t}/topics/{topic['id']}/agenda", json={"version": stepped.json()["version"]},
                       headers=clerk).json()["state"] == "scheduled"

    present = [gov.user(w).id for w in ("head", "exec", "dep1", "dep2", "office")]
    held = {"present_ids": present, "version": version_of(db, Meeting, meeting["id"])}
    early = client.post(f"{t}/meetings/{meeting['id']}/attendance", json=held, headers=clerk)
    assert early.status_code == 422 and early.json()["code"] == "meetings.before_meeting_day"
    clock.set(datetime(2024, 3, 21, 11, 30))  # the meeting's day: now it can be held
    assert client.post(f"{t}/meetings/{meeting['id']}/attendance", json=held, headers=clerk).status_code == 200
    # drafting the minutes takes the meeting's version as the clerk saw it: required, named in Chinese
    unversioned = client.post(f"{t}/meetings/{meeting['id']}/minutes", json={"body": "会议议定"}, headers=clerk)
    assert unversioned.status_code == 422 and unversioned.json()["fields"][0]["field"] == "version"
    assert "「所见版本」（version）缺少必填项" in unversioned.json()["message"]
    minutes = client.post(f"{t}/meetings/{meeting['id']}/minutes",
                          json={"body": "会议议定", "version": version_of(db, Meeting, meeting["id"])}, headers=clerk).json()
    resolution = client.post(f"{t}/minutes/{minutes['id']}/resolutions",
                             json={"text": "同意改造资金方案", "department_id": finance_id, "deadline": "2024-05-31",
                                   "document_title": "关于印发老旧小区改造资金方案的通知", "version": minutes["version"]},
                             headers=clerk)
    assert resolution.status_code == 201 and resolution.json()["issue_by"] == "2024-03-28"

    seen = {"version": version_of(db, Minutes, minutes["id"])}
    wrong = client.post(f"{t}/minutes/{minutes['id']}/sign-off", json=seen, headers=exec_)
    assert wrong.status_code == 403
    assert wrong.json()["code"] == "meetings.wrong_signer" and wrong.json()["cite"] == "wuhai-hainan-2023:53"
    assert "依据《乌海市海南区人民政府工作规则》第五十三条" in wrong.json()["message"]
    assert_refused_and_audited(db, gov.tenant, "meetings.sign_minutes")
    signed = client.post(f"{t}/minutes/{minutes['id']}/sign-off", json=seen, headers=head)
    assert signed.status_code == 200 and signed.json()["state"] == "signed"

    detail = client.get(f"{t}/meetings/{meeting['id']}", headers=clerk).json()
    assert [a["title"] for a in detail["agenda"]] == ["关于老旧小区改造资金的议题"]
    assert detail["resolutions"][0]["task_id"] is not None and detail["resolutions"][0]["disclose"] is True
    docx = client.get(f"{t}/minutes/{minutes['id']}.docx", headers=clerk)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"

    feed = client.get(f"{t}/my-meetings.ics", headers=head)
    assert feed.headers["content-type"].startswith("text/calendar")
    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["summary"]) == "区政府常务会议：区政府第5次常务会议"
    # Beijing time with its VTIMEZONE; the UID comes from the configured base address.
    assert event.decoded("dtstart").isoformat() == "2024-03-21T09:00:00+08:00"
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert "BEGIN:VTIMEZONE" in feed.text and "TZID:Asia/Shanghai" in feed.text
    assert str(event["uid"]) == f"meeting-{meeting['id']}.hainan@127.0.0.1"
