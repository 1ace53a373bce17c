"""The government's channels are set by the office's leads or the operator, checked field by
field in Chinese; the SMTP password is kept but never shown; a person's own address is checked."""

from __future__ import annotations

import re

from support import TEST_PASSWORD, api_token, csrf_of, log_in

PASSWORD = "zhengwu-demo"
GOOD = {"inapp": True, "email": True, "webhook": True, "smtp_host": "127.0.0.1", "smtp_port": 2525,
        "smtp_sender": "notice@dawa.gov.cn", "smtp_starttls": True, "smtp_username": "notice",
        "smtp_password": "s3cret-pass", "robot_urls": ["https://oapi.dingtalk.com/robot/send?access_token=abc"],
        "version": None}


def test_the_office_director_sets_the_channels_and_the_password_is_never_shown(make_office, client):
    make_office("dawa-2017")
    headers = api_token(client, "dawa.office", PASSWORD)
    saved = client.put("/api/tenants/dawa/notice-settings", json=GOOD, headers=headers)
    assert saved.status_code == 200, saved.text
    assert "smtp_password" not in saved.json() and saved.json()["smtp_password_set"] is True
    # Saved again without a password: the stored one stays.
    again = client.put("/api/tenants/dawa/notice-settings", json={**GOOD, "smtp_password": None,
                                                                  "version": saved.json()["version"]}, headers=headers)
    assert again.json()["smtp_password_set"] is True
    assert "s3cret-pass" not in client.get("/api/tenants/dawa/notice-settings", headers=headers).text


def test_the_operator_may_set_them_a_department_may_not(make_office, make_user, client):
    make_office("dawa-2017")
    make_user("ops", platform_admin=True)
    assert client.put("/api/tenants/dawa/notice-settings", json=GOOD,
                      headers=api_token(client, "ops", TEST_PASSWORD)).status_code == 200
    refused = client.put("/api/tenants/dawa/notice-settings", json={**GOOD, "version": 1},
                         headers=api_token(client, "dawa.czj", PASSWORD))
    assert refused.status_code == 403 and "办公室主任" in refused.json()["message"]
    # The clerk may chase, not configure.
    assert client.put("/api/tenants/dawa/notice-settings", json={**GOOD, "version": 1},
                      headers=api_token(client, "sun", PASSWORD)).status_code == 403


def test_bad_settings_are_refused_naming_the_field(make_office, client):
    make_office("dawa-2017")
    headers = api_token(client, "dawa.office", PASSWORD)
    bad = client.put("/api/tenants/dawa/notice-settings", headers=headers, json={
        **GOOD, "smtp_host": "", "smtp_port": 70000, "smtp_sender": "not-an-address", "robot_urls": ["ftp://robot"]})
    assert bad.status_code == 422
    messages = [r["message"] for r in bad.json()["reasons"]]
    assert messages == ["邮件服务器端口应为 1 至 65535 之间的整数。", "启用电子邮件通知须填写邮件服务器地址。",
                        "发件人地址「not-an-address」不是有效的电子邮件地址。",
                        "群机器人地址「ftp://robot」不是有效的网址（应以 http:// 或 https:// 开头，不含空格）。"]
    assert client.get("/api/tenants/dawa/notice-settings", headers=headers).json()["email"] is False  # nothing saved


def test_a_person_chooses_their_channels_and_gives_a_valid_address(make_office, client):
    make_office("dawa-2017")
    headers = api_token(client, "dawa.czj", PASSWORD)
    bad = client.put("/api/tenants/dawa/notices/preferences", headers=headers,
                     json={"inapp": True, "email": True, "email_address": "czj at dawa", "version": None})
    assert bad.status_code == 422
    assert bad.json()["reasons"][0]["message"] == "电子邮件地址「czj at dawa」不是有效的电子邮件地址。"
    good = client.put("/api/tenants/dawa/notices/preferences", headers=headers,
                      json={"inapp": False, "email": True, "email_address": "czj@dawa.gov.cn", "version": None})
    assert good.status_code == 200
    assert client.get("/api/tenants/dawa/notices/preferences", headers=headers).json() == {
        "inapp": False, "email": True, "webhook": False, "email_address": "czj@dawa.gov.cn", "webhook_url": "",
        "version": 1}


def test_settings_saved_on_a_stale_read_are_refused_and_a_missing_version_is_named(make_office, client):
    """Issue 11 point 5: the settings the office saw are saved, not whatever is there now: the
    defaults seen (version null) while someone saved meanwhile, or an older version, is 409 with
    nothing changed; a body without 「所见版本」 is 422 naming it."""
    make_office("dawa-2017")
    headers = api_token(client, "dawa.office", PASSWORD)
    missing = client.put("/api/tenants/dawa/notice-settings", json={k: v for k, v in GOOD.items() if k != "version"},
                         headers=headers)
    assert missing.status_code == 422 and "所见版本" in missing.text
    first = client.put("/api/tenants/dawa/notice-settings", json=GOOD, headers=headers)
    assert first.status_code == 200 and first.json()["version"] == 1
    changed = {**GOOD, "smtp_host": "mail.dawa.gov.cn", "smtp_password": None}
    for seen in (None, 0):  # saw the defaults / an older read
        stale = client.put("/api/tenants/dawa/notice-settings", json={**changed, "version": seen}, headers=headers)
        assert stale.status_code == 409, stale.text
        assert stale.json()["message"].startswith("本单位的通知渠道设置已被他人")
    now = client.get("/api/tenants/dawa/notice-settings", headers=headers).json()
    assert now["smtp_host"] == "127.0.0.1" and now["version"] == 1  # nothing changed
    assert client.put("/api/tenants/dawa/notice-settings", json={**changed, "version": 1},
                      headers=headers).json()["version"] == 2


def test_preferences_saved_on_a_stale_read_are_refused(make_office, client):
    make_office("dawa-2017")
    headers = api_token(client, "dawa.czj", PASSWORD)
    mine = {"inapp": True, "email": True, "email_address": "czj@dawa.gov.cn"}
    missing = client.put("/api/tenants/dawa/notices/preferences", headers=headers, json=mine)
    assert missing.status_code == 422 and "所见版本" in missing.text
    assert client.put("/api/tenants/dawa/notices/preferences", headers=headers,
                      json={**mine, "version": None}).json()["version"] == 1
    for seen in (None, 2):  # another window that saw the defaults / a version that is not the current one
        stale = client.put("/api/tenants/dawa/notices/preferences", headers=headers,
                           json={**mine, "email_address": "other@dawa.gov.cn", "version": seen})
        assert stale.status_code == 409, stale.text
    assert client.get("/api/tenants/dawa/notices/preferences", headers=headers).json()["email_address"] == "czj@dawa.gov.cn"


def _shown_version(html: str) -> str:
    return re.search(r'name="version" value="(\d*)"', html).group(1)


def test_the_pages_send_back_the_version_they_showed(make_office, client):
    """Both forms carry the version of what they show (empty: the defaults); a form sent after a
    save in another window is refused (409) with nothing changed, one without the field is 422."""
    make_office("dawa-2017")
    log_in(client, "dawa.office", PASSWORD)
    for path, form in (("/t/dawa/notices/settings", {"inapp": "1", "smtp_host": "127.0.0.1", "smtp_port": "25",
                                                      "smtp_sender": "", "smtp_username": "", "robot_urls": ""}),
                       ("/t/dawa/notices/preferences", {"inapp": "1", "email_address": "", "webhook_url": ""})):
        page = client.get(path)
        old = {**form, "csrf_token": csrf_of(page.text), "version": _shown_version(page.text)}
        assert old["version"] == ""  # nothing saved yet
        missing = client.post(path, data={k: v for k, v in old.items() if k != "version"})
        assert missing.status_code == 422 and "所见版本" in missing.text
        assert client.post(path, data=old, follow_redirects=False).status_code == 303
        assert _shown_version(client.get(path).text) == "1"
        stale = client.post(path, data={**old, "inapp": ""}, follow_redirects=False)  # the page read before the save
        assert stale.status_code == 409 and "已被他人" in stale.text
        assert 'name="inapp" value="1" checked' in client.get(path).text  # nothing changed
