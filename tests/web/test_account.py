"""Issue 14, finding 11: a user changes their own password under the policy and ends their other
sessions; both audited on the platform chain."""

from __future__ import annotations

from zhengwu.core import audit

from support import TEST_PASSWORD, api_token, csrf_of, log_in


def test_change_password_through_the_api_ends_the_other_sessions(client, db, make_tenant, make_user):
    make_user("zhangwei", tenants=[make_tenant()])
    other = api_token(client, "zhangwei")
    mine = api_token(client, "zhangwei")
    wrong = client.put("/api/me/password", json={"current_password": "not-it-at-all", "new_password": "长江黄河-2024"},
                       headers=mine)
    assert wrong.status_code == 422 and "当前密码不正确" in wrong.json()["message"]
    for weak in ("12345678", "zhangwei", "zhangwei-1"):
        refused = client.put("/api/me/password", json={"current_password": TEST_PASSWORD, "new_password": weak},
                             headers=mine)
        assert refused.status_code == 422, weak
    changed = client.put("/api/me/password", json={"current_password": TEST_PASSWORD, "new_password": "长江黄河-2024"},
                         headers=mine)
    assert changed.status_code == 200 and changed.json()["ended"] == 1
    assert client.get("/api/me", headers=other).status_code == 401
    assert client.get("/api/me", headers=mine).status_code == 200
    assert client.post("/api/session", json={"username": "zhangwei", "password": TEST_PASSWORD}).status_code == 401
    assert api_token(client, "zhangwei", "长江黄河-2024")
    with db.read() as session:
        actions = [e.action for e in audit.recent(session, audit.PLATFORM_CHAIN, limit=10)]
    assert "user.change_password" in actions and "session.end_others" in actions


def test_end_my_other_sessions_from_the_account_page(client, make_tenant, make_user):
    make_user("zhangwei", tenants=[make_tenant()])
    token = api_token(client, "zhangwei")
    log_in(client, "zhangwei")
    page = client.get("/account")
    assert page.status_code == 200 and "结束其他登录" in page.text and "修改密码" in page.text
    ended = client.post("/account/sessions", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert ended.status_code == 303
    assert client.get("/api/me", headers=token).status_code == 401
    assert client.get("/account?done=sessions").status_code == 200  # this session goes on

    page = client.get("/account")
    weak = client.post("/account/password", data={"csrf_token": csrf_of(page.text), "current_password": TEST_PASSWORD,
                                                  "new_password": "12345678"})
    assert weak.status_code == 422 and "过于常见" in weak.text
