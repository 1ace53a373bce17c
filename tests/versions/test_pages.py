"""The pages of rules versions: the operator's preview (changes cite by cite, the open objects
touched, the confirmation a retroactive date needs) and an in-flight topic's page (its version,
the current one, the office's move)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from meeting_support import china
from support import csrf_of, log_in
from versions_support import NEW_LABEL, OLD_LABEL, REVISION, adopt, history, propose
from zhengwu.calendar.clock import FixedClock
from zhengwu.core.settings import Settings
from zhengwu.demo import DEMO_PASSWORD
from zhengwu.web.app import create_app

ENGLISH = re.compile(r"dawa-|[a-z]+_[a-z]+|[a-z]+\.[a-z]+_")


@pytest.fixture
def browse(gov, database_url, tmp_path):
    """A logged-in browser on the app at a given moment."""
    def at(moment, username, password=DEMO_PASSWORD):
        app = create_app(Settings(data_dir=tmp_path, database_url=database_url), gov.db, FixedClock(moment))
        client = TestClient(app)
        log_in(client, username, password)
        return client
    return at


def visible(html: str) -> str:
    """The text a person reads: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_operator_previews_changes_and_confirms_a_retroactive_adoption(gov, browse, make_user, artifacts_dir):
    propose(gov, "关于农村公路养护的议题", china(2024, 6, 3))
    make_user("root", platform_admin=True)
    client = browse(china(2024, 8, 1), "root", "correct-horse-9")
    settings = client.get("/t/dawa/settings")
    assert settings.status_code == 200 and OLD_LABEL in settings.text and NEW_LABEL in settings.text
    preview = client.get("/t/dawa/settings/preview", params={"profile_id": REVISION, "effective_from": "2024-07-01"})
    text = visible(preview.text)
    assert preview.status_code == 200
    assert "突发事件 · 报告时限（分钟）" in text and "依据《盘锦市大洼区人民政府工作规则》第五十条" in text
    assert "会议 · 常务会议 · 频次" in text and "每月两次" in text and "每月一次" in text
    assert "关于农村公路养护的议题" in text and "追溯适用" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    (artifacts_dir / "versions-preview.html").write_text(preview.text, encoding="utf-8")
    form = {"csrf_token": csrf_of(preview.text), "version": "1", "profile_id": REVISION, "effective_from": "2024-07-01"}
    refused = client.post("/t/dawa/settings/profile", data=form)
    assert refused.status_code == 422 and "须经确认方可采用" in refused.text and "追溯适用" in refused.text
    assert history(gov) == [("dawa-2017", None)]
    done = client.post("/t/dawa/settings/profile", data={**form, "confirm": "1"})
    assert done.status_code == 200 and "已采用新版本的工作规则" in done.text
    assert history(gov)[-1] == (REVISION, date(2024, 7, 1))
    assert "已确认：追溯适用" in done.text
    (artifacts_dir / "versions-settings.html").write_text(done.text, encoding="utf-8")


def test_a_topic_page_shows_its_version_and_the_office_moves_it(gov, browse, artifacts_dir):
    topic = propose(gov, "关于老旧小区改造的议题", china(2024, 6, 3), steps=3)
    adopt(gov)
    client = browse(china(2024, 7, 2), "sun")
    page = client.get(f"/t/dawa/topics/{topic.id}")
    text = visible(page.text)
    assert f"本事项按{OLD_LABEL}办理" in text and f"现行规则为{NEW_LABEL}" in text and "转用现行规则" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    (artifacts_dir / "versions-topic.html").write_text(page.text, encoding="utf-8")
    moved = client.post(f"/t/dawa/versions/move/topic/{topic.id}",
                        data={"csrf_token": csrf_of(page.text), "version": str(topic.version)})
    assert moved.status_code == 200 and f"本事项按{NEW_LABEL}办理" in visible(moved.text)
    assert "转用现行规则" not in moved.text
    stale = client.post(f"/t/dawa/versions/move/topic/{topic.id}",
                        data={"csrf_token": csrf_of(page.text), "version": str(topic.version)})
    assert stale.status_code == 409


def test_a_department_head_may_not_move_an_object(gov, browse):
    topic = propose(gov, "关于老旧小区改造的议题", china(2024, 6, 3), steps=3)
    adopt(gov)
    client = browse(china(2024, 7, 2), "dawa.czj")
    page = client.get(f"/t/dawa/topics/{topic.id}")
    assert "转用现行规则" not in page.text and f"现行规则为{NEW_LABEL}" in visible(page.text)
    refused = client.post(f"/t/dawa/versions/move/topic/{topic.id}", data={"csrf_token": csrf_of(page.text)})
    assert refused.status_code == 403 and "政府办公室工作人员" in refused.text


def test_the_api_previews_then_adopts_with_the_confirmation(gov, database_url, tmp_path, make_user):
    make_user("root", platform_admin=True)
    app = create_app(Settings(data_dir=tmp_path, database_url=database_url), gov.db, FixedClock(china(2024, 8, 1)))
    client = TestClient(app)
    token = client.post("/api/session", json={"username": "root", "password": "correct-horse-9"}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    preview = client.get("/api/tenants/dawa/profile-versions/preview", headers=headers,
                         params={"profile_id": REVISION, "effective_from": "2024-07-01"}).json()
    assert preview["ok"] and preview["replaces"] == "dawa-2017" and preview["confirmations"][0].startswith("追溯适用")
    assert {c["key"] for c in preview["changes"]} >= {"emergency.report_minutes", "meetings.executive.cadence"}
    body = {"profile_id": REVISION, "effective_from": "2024-07-01", "version": 1}
    refused = client.post("/api/tenants/dawa/profile-versions", headers=headers, json=body)
    assert refused.status_code == 422 and refused.json()["code"] == "versions.confirmation_required"
    done = client.post("/api/tenants/dawa/profile-versions", headers=headers, json={**body, "confirm": True})
    assert done.status_code == 201 and done.json()["profile_id"] == REVISION
    listed = client.get("/api/tenants/dawa/profile-versions", headers=headers).json()
    assert [(v["profile_id"], v["effective_from"]) for v in listed] == [("dawa-2017", None), (REVISION, "2024-07-01")]
