"""Logging in and out through the pages: sessions, lock-out, CSRF, expiry."""

from __future__ import annotations

from datetime import timedelta

from zhengwu.core import audit

from support import csrf_of, log_in


def test_pages_need_a_login(client, make_tenant):
    make_tenant()
    response = client.get("/t/dawa/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/t/dawa/"


def test_login_home_and_logout(client, make_tenant, make_user):
    tenant = make_tenant()
    make_user("zhang", tenants=[tenant], display_name="张区长")
    home = log_in(client, "zhang")
    assert home.status_code == 200 and home.url.path == "/t/dawa/"
    assert "张区长" in home.text and "测试区人民政府" in home.text and "工作台" in home.text
    cookie = client.cookies.get("zhengwu_session")
    assert cookie
    out = client.post("/logout", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    client.cookies.set("zhengwu_session", cookie)  # an old cookie no longer opens anything
    assert client.get("/t/dawa/", follow_redirects=False).status_code == 303


def test_session_cookie_is_httponly_and_samesite(client, make_tenant, make_user):
    make_user("zhang", tenants=[make_tenant()])
    form = client.get("/login")
    response = client.post("/login", data={"username": "zhang", "password": "correct-horse-9",
                                           "csrf_token": csrf_of(form.text)}, follow_redirects=False)
    header = response.headers["set-cookie"].lower()
    assert "zhengwu_session=" in header and "httponly" in header and "samesite=lax" in header


def test_wrong_password_shows_a_chinese_message(client, make_tenant, make_user):
    make_user("zhang", tenants=[make_tenant()])
    response = log_in(client, "zhang", "wrong-password")
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.text
    assert client.cookies.get("zhengwu_session") is None


def test_lockout_after_repeated_failures(client, settings, make_tenant, make_user):
    make_user("zhang", tenants=[make_tenant()])
    for _ in range(settings.lockout_threshold):
        response = log_in(client, "zhang", "wrong-password")
    assert "用户名或密码不正确" in response.text and "锁定" in response.text
    locked = log_in(client, "zhang")  # the right password waits for the lock too, told no more than a wrong one
    assert locked.status_code == 401 and "用户名或密码不正确" in locked.text


def test_login_form_without_its_csrf_token_is_rejected(client, make_tenant, make_user):
    make_user("zhang", tenants=[make_tenant()])
    client.get("/login")
    response = client.post("/login", data={"username": "zhang", "password": "correct-horse-9",
                                           "csrf_token": "forged"})
    assert response.status_code == 403 and "CSRF" in response.text
    assert client.cookies.get("zhengwu_session") is None


def test_forms_without_the_session_csrf_token_are_rejected(client, db, make_tenant, make_user):
    dawa, dalian = make_tenant(), make_tenant("dalian", "dalian-2014")
    make_user("zhang", tenants=[dawa, dalian])
    log_in(client, "zhang")
    forged = client.post("/switch-tenant", data={"tenant": "dalian", "csrf_token": "forged"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    missing = client.post("/logout", data={})
    assert missing.status_code == 403
    assert client.get("/t/dawa/").status_code == 200  # still logged in: the forged logout did nothing


def test_idle_sessions_expire_and_activity_keeps_them(client, clock, settings, make_tenant, make_user):
    make_user("zhang", tenants=[make_tenant()])
    log_in(client, "zhang")
    clock.advance(settings.session_idle - timedelta(minutes=5))
    assert client.get("/t/dawa/", follow_redirects=False).status_code == 200  # activity slides the deadline
    clock.advance(settings.session_idle - timedelta(minutes=5))
    assert client.get("/t/dawa/", follow_redirects=False).status_code == 200
    clock.advance(settings.session_idle + timedelta(seconds=1))
    response = client.get("/t/dawa/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_switching_tenant_and_returning_to_it(client, make_tenant, make_user):
    dawa, dalian = make_tenant(), make_tenant("dalian", "dalian-2014", "某市人民政府")
    make_user("zhang", tenants=[dawa, dalian])
    chooser = log_in(client, "zhang")
    assert chooser.url.path == "/" and "选择单位" in chooser.text
    switched = client.post("/switch-tenant", data={"tenant": "dalian", "csrf_token": csrf_of(chooser.text)})
    assert switched.url.path == "/t/dalian/" and "某市人民政府" in switched.text
    assert client.get("/").url.path == "/t/dalian/"


def test_a_tenant_the_user_does_not_belong_to_is_refused_and_audited(client, db, make_tenant, make_user):
    dawa, dalian = make_tenant(), make_tenant("dalian", "dalian-2014")
    make_user("zhang", tenants=[dawa])
    log_in(client, "zhang")
    response = client.get("/t/dalian/")
    assert response.status_code == 403 and "本单位工作人员" in response.text
    with db.read() as session:
        event = audit.recent(session, audit.chain_of(dalian.id), limit=1)[0]
    assert (event.action, event.outcome) == ("tenant.view", "refused")


def test_next_only_goes_to_local_pages(client, make_tenant, make_user):
    make_user("zhang", tenants=[make_tenant()])
    form = client.get("/login?next=//evil.example/")
    assert 'value="/"' in form.text and "evil" not in form.text
