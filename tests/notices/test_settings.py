"""The government's channels are set by the office's leads or the operator, checked field by
field in Chinese; the SMTP password is kept but never shown; a person's own address is checked."""

from __future__ import annotations

from support import TEST_PASSWORD, api_token

PASSWORD = "zhengwu-demo"
GOOD = {"inapp": True, "email": True, "webhook": True, "smtp_host": "127.0.0.1", "smtp_port": 2525,
        "smtp_sender": "notice@dawa.gov.cn", "smtp_starttls": True, "smtp_username": "notice",
        "smtp_password": "s3cret-pass", "robot_urls": ["https://oapi.dingtalk.com/robot/send?access_token=abc"]}


def test_the_office_director_sets_the_channels_and_the_password_is_never_shown(make_office, client):
    make_office("dawa-2017")
    headers = api_token(client, "dawa.office", PASSWORD)
    saved = client.put("/api/tenants/dawa/notice-settings", json=GOOD, headers=headers)
    assert saved.status_code == 200, saved.text
    assert "smtp_password" not in saved.json() and saved.json()["smtp_password_set"] is True
    # Saved again without a password: the stored one stays.
    again = client.put("/api/tenants/dawa/notice-settings", json={**GOOD, "smtp_password": None}, headers=headers)
    assert again.json()["smtp_password_set"] is True
    assert "s3cret-pass" not in client.get("/api/tenants/dawa/notice-settings", headers=headers).text


def test_the_operator_may_set_them_a_department_may_not(make_office, make_user, client):
    make_office("dawa-2017")
    make_user("ops", platform_admin=True)
    assert client.put("/api/tenants/dawa/notice-settings", json=GOOD,
                      headers=api_token(client, "ops", TEST_PASSWORD)).status_code == 200
    refused = client.put("/api/tenants/dawa/notice-settings", json=GOOD, headers=api_token(client, "dawa.czj", PASSWORD))
    assert refused.status_code == 403 and "办公室主任" in refused.json()["message"]
    # The clerk may chase, not configure.
    assert client.put("/api/tenants/dawa/notice-settings", json=GOOD,
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
                     json={"inapp": True, "email": True, "email_address": "czj at dawa"})
    assert bad.status_code == 422
    assert bad.json()["reasons"][0]["message"] == "电子邮件地址「czj at dawa」不是有效的电子邮件地址。"
    good = client.put("/api/tenants/dawa/notices/preferences", headers=headers,
                      json={"inapp": False, "email": True, "email_address": "czj@dawa.gov.cn"})
    assert good.status_code == 200
    assert client.get("/api/tenants/dawa/notices/preferences", headers=headers).json() == {
        "inapp": False, "email": True, "webhook": False, "email_address": "czj@dawa.gov.cn", "webhook_url": ""}
