"""The calendar subscription link: made on the page, fetched by a calendar program with no
session at all, revoked (or replaced) at will; events in Beijing time with the Asia/Shanghai
VTIMEZONE and UIDs from the configured base address, whatever Host the request came in by."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from meeting_support import china, seed_gov
from support import csrf_of, log_in
from zhengwu.demo import DEMO_PASSWORD
from zhengwu.meetings import scheduling


@pytest.fixture
def settings(database_url, tmp_path):
    from zhengwu.core.settings import Settings

    return Settings(data_dir=tmp_path, database_url=database_url, base_url="https://zw.example.gov.cn")


@pytest.mark.parametrize("profile_id", ["dawa-2017"])
def test_subscription_link_works_without_a_session_and_is_revocable(app, client, db, make_tenant, profile_id):
    gov = seed_gov(db, make_tenant, profile_id)
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="区政府第5次常务会议", starts_at=china(2024, 3, 21, 9),
        ends_at=china(2024, 3, 21, 11), chair_id=head.id, location="三楼会议室"))

    log_in(client, f"{gov.tenant.slug}.head", DEMO_PASSWORD)
    page = client.get("/t/dawa/meetings/subscription")
    assert page.status_code == 200 and "生成订阅链接" in page.text
    made = client.post("/t/dawa/meetings/subscription", data={"csrf_token": csrf_of(page.text)})
    assert made.status_code == 200
    url = re.search(r'value="(https://zw\.example\.gov\.cn/calendar/[^"]+\.ics)"', made.text).group(1)
    path = url.removeprefix("https://zw.example.gov.cn")

    # A calendar program: no cookies, another Host header.
    with TestClient(app, base_url="http://10.0.0.7:8080") as calendar_app:
        fetched = calendar_app.get(path)
        assert fetched.status_code == 200 and fetched.headers["content-type"].startswith("text/calendar")
        [event] = Calendar.from_ical(fetched.content).walk("VEVENT")
        assert str(event["uid"]) == f"meeting-{meeting.id}.dawa@zw.example.gov.cn"
        assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
        assert event.decoded("dtstart").isoformat() == "2024-03-21T09:00:00+08:00"
        assert "BEGIN:VTIMEZONE" in fetched.text and "TZID:Asia/Shanghai" in fetched.text
        assert str(event["url"]) == f"https://zw.example.gov.cn/t/dawa/meetings/{meeting.id}"
        assert calendar_app.get("/calendar/not-a-token.ics").status_code == 404

        # A new link replaces the old one; revoking ends the new one too.
        page = client.get("/t/dawa/meetings/subscription")
        assert "撤销订阅链接" in page.text
        again = client.post("/t/dawa/meetings/subscription", data={"csrf_token": csrf_of(page.text)})
        new_path = re.search(r'value="https://zw\.example\.gov\.cn(/calendar/[^"]+\.ics)"', again.text).group(1)
        gone = calendar_app.get(path)
        assert gone.status_code == 404 and "订阅链接无效或已撤销" in gone.text
        assert calendar_app.get(new_path).status_code == 200
        revoked = client.post("/t/dawa/meetings/subscription/revoke", data={"csrf_token": csrf_of(again.text)})
        assert revoked.status_code == 200 and "目前没有有效的订阅链接" in revoked.text
        assert calendar_app.get(new_path).status_code == 404
