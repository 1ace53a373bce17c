"""The operator's onboarding pages over HTTP: upload, text with its repairs, draft, review with
who decided, adoption; Chinese only; refusals in Chinese; other users refused."""

from __future__ import annotations

import re

import pytest
from onboarding_texts import TOWNSHIP
from support import csrf_of, log_in

from zhengwu.rulebook import profile, sources


@pytest.fixture(autouse=True)
def fresh_registries(monkeypatch):
    monkeypatch.setattr(sources, "_REGISTERED", {})
    monkeypatch.setattr(profile, "_REGISTERED", {})


def _visible(html: str) -> str:
    html = re.sub(r"<style.*?</style>|<script.*?</script>", "", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


def _upload(client, name="某镇工作规则.txt", data=TOWNSHIP.encode("utf-8")):
    token = csrf_of(client.get("/platform/onboarding").text)
    return client.post("/platform/onboarding/texts", data={"csrf_token": token}, files={"file": (name, data)},
                       follow_redirects=False)


def _version(html: str) -> int:
    """The draft's version the review page shows (every form of it sends it back)."""
    found = set(re.findall(r'name="version" value="(\d+)"', html))
    assert len(found) == 1, found
    return int(found.pop())


def test_upload_draft_review_and_adopt_through_the_pages(client, make_user):
    make_user("ops", platform_admin=True, display_name="王运维")
    log_in(client, "ops")
    response = _upload(client)
    assert response.status_code == 303
    text_page = client.get(response.headers["location"])
    assert "《某镇人民政府工作规则》" in text_page.text and "共 7 条" in text_page.text
    drafted = client.post(response.headers["location"] + "/draft", data={"csrf_token": csrf_of(text_page.text)},
                          follow_redirects=False)
    review_url = drafted.headers["location"]
    review = client.get(review_url)
    assert review.status_code == 200
    visible = _visible(review.text)
    assert "镇政府常务会议每月召开1次" in visible and "每月一次" in visible
    assert not re.search(r"[a-z]+_[a-z_]+|meetings\.|\bhead\b", visible), re.findall(r"[A-Za-z_.]{4,}", visible)
    keys = re.findall(r'name="key" value="([^"]+)"', review.text)
    token, version = csrf_of(review.text), _version(review.text)
    for key in keys:  # each decision moves the draft's version, as the page reloaded after it shows
        assert client.post(review_url + "/decide", data={"csrf_token": token, "key": key, "decision": "accept",
                                                         "version": str(version)}, follow_redirects=False).status_code == 303
        version += 1
    review = client.get(review_url)
    assert "王运维" in review.text and "全部取值已审核，与条文一致" in review.text and _version(review.text) == version
    assert client.post(review_url + "/adopt", data={"csrf_token": token, "version": str(version)},
                       follow_redirects=False).status_code == 303
    assert "规则配置已采用" in client.get(review_url + "?adopted=1").text


def test_a_correction_the_text_does_not_show_is_flagged_and_a_bad_one_refused(client, make_user):
    make_user("ops", platform_admin=True)
    log_in(client, "ops")
    location = _upload(client).headers["location"]
    page = client.get(location)
    review_url = client.post(location + "/draft", data={"csrf_token": csrf_of(page.text)},
                             follow_redirects=False).headers["location"]
    page = client.get(review_url).text
    token, version = csrf_of(page), str(_version(page))
    bad = client.post(review_url + "/decide", data={"csrf_token": token, "key": "emergency.report_minutes",
                                                    "decision": "correct", "value": "半小时", "version": version})
    assert bad.status_code == 422 and "更正的取值无效：请填写整数" in bad.text
    client.post(review_url + "/decide", data={"csrf_token": token, "key": "emergency.report_minutes",
                                              "decision": "correct", "value": "30", "version": version})
    review = client.get(review_url).text
    assert "条文中没有数字 30" in review and "条文中看不到此取值" in review
    refused = client.post(review_url + "/adopt", data={"csrf_token": token, "version": str(_version(review))})
    assert refused.status_code == 422 and "未审核" in refused.text


def test_a_decision_or_adoption_on_a_stale_page_is_refused(client, make_user):
    """Issue 11 point 5: a decision is taken on the draft as the page showed it; another decision
    made since refuses it (409, Chinese) with nothing recorded; a form without the version is 422."""
    make_user("ops", platform_admin=True)
    log_in(client, "ops")
    location = _upload(client).headers["location"]
    page = client.get(location)
    review_url = client.post(location + "/draft", data={"csrf_token": csrf_of(page.text)},
                             follow_redirects=False).headers["location"]
    page = client.get(review_url).text
    token, seen = csrf_of(page), str(_version(page))
    missing = client.post(review_url + "/decide", data={"csrf_token": token, "key": "emergency.report_minutes",
                                                        "decision": "accept"})
    assert missing.status_code == 422 and "所见版本" in missing.text
    assert "已采纳" not in client.get(review_url).text
    client.post(review_url + "/decide", data={"csrf_token": token, "key": "emergency.report_minutes",
                                              "decision": "reject", "version": seen})  # another window
    stale = client.post(review_url + "/decide", data={"csrf_token": token, "key": "emergency.report_minutes",
                                                      "decision": "accept", "version": seen})
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    assert "已采纳" not in client.get(review_url).text  # the rejection stands
    adopt = client.post(review_url + "/adopt", data={"csrf_token": token, "version": seen})
    assert adopt.status_code == 409 and "规则配置草稿" in adopt.text
    assert "规则配置已采用" not in client.get(review_url).text


@pytest.mark.parametrize("name, data, message", [
    ("规则.pdf", b"%PDF-1.4", "不是 .txt 或 .docx"),
    ("规则.txt", b"\x00\x01binary", "二进制"),
])
def test_bad_files_are_refused_in_chinese(client, make_user, name, data, message):
    make_user("ops", platform_admin=True)
    log_in(client, "ops")
    response = _upload(client, name, data)
    assert response.status_code == 422 and message in response.text


def test_only_the_platform_operator_sees_onboarding(client, make_tenant, make_user):
    tenant = make_tenant()
    make_user("clerk", tenants=[tenant])
    log_in(client, "clerk")
    response = client.get("/platform/onboarding")
    assert response.status_code == 403 and "仅限平台管理员" in response.text
    assert client.get("/platform/onboarding/drafts/1").status_code == 403
