"""The REST API: tokens, JSON errors, 409 on stale versions, Idempotency-Key, Chinese validation."""

from __future__ import annotations

from zhengwu.core import audit, permissions, tenants

from support import api_token, csrf_of, log_in


def test_openapi_is_published(client):
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "政务平台 API"
    assert "/api/tenants/{tenant}/profile-versions" in spec["paths"]
    assert not any(path.startswith("/t/") or path == "/login" for path in spec["paths"])


def test_no_token_no_answer(client):
    response = client.get("/api/tenants")
    assert response.status_code == 401
    assert response.json()["code"] == "login_required" and "登录" in response.json()["message"]


def test_wrong_password_for_a_token(client, make_user):
    make_user("zhang")
    response = client.post("/api/session", json={"username": "zhang", "password": "wrong-password"})
    assert response.status_code == 401 and response.json()["code"] == "wrong_credentials"


def test_validation_errors_are_chinese_and_name_the_field(client, make_user, make_tenant):
    make_user("root", platform_admin=True)
    make_tenant()
    headers = api_token(client, "root")
    response = client.post("/api/tenants/dawa/profile-versions", headers=headers,
                           json={"profile_id": "dalian-2014", "effective_from": "2024-03-04", "version": "一"})
    body = response.json()
    assert response.status_code == 422 and body["code"] == "validation_error"
    assert body["message"] == "请求体字段「所见版本」（version）应为整数"
    missing = client.post("/api/session", json={}).json()
    assert {f["field"] for f in missing["fields"]} == {"username", "password"}
    assert "缺少必填项" in missing["message"]


def test_stale_version_is_409_with_the_current_state(client, make_user, make_tenant):
    make_user("root", platform_admin=True)
    make_tenant()
    headers = api_token(client, "root")
    adopt = {"effective_from": "2024-03-04", "confirm": True}  # another government's rules: confirmed
    first = client.post("/api/tenants/dawa/profile-versions", headers=headers,
                        json={"profile_id": "dalian-2014", "version": 1, **adopt})
    assert first.status_code == 201 and first.json()["version"] == 2
    stale = client.post("/api/tenants/dawa/profile-versions", headers=headers,
                        json={"profile_id": "wolong-2018", "version": 1, **adopt})
    body = stale.json()
    assert stale.status_code == 409 and body["code"] == "stale_version"
    assert body["current"]["profile_id"] == "dalian-2014" and body["current"]["version"] == 2
    assert "已被他人修改" in body["message"]


def test_idempotent_retry_is_applied_once(client, db, make_user):
    make_user("root", platform_admin=True)
    headers = {**api_token(client, "root"), "Idempotency-Key": "create-dawa-1"}
    payload = {"slug": "dawa", "name": "某区人民政府", "profile_id": "dawa-2017"}
    first = client.post("/api/tenants", headers=headers, json=payload)
    retry = client.post("/api/tenants", headers=headers, json=payload)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json() and retry.headers["Idempotent-Replayed"] == "true"
    with db.read() as session:
        assert len(tenants.list_tenants(session)) == 1
        assert sum(e.action == "tenant.create" for e in audit.recent(session, audit.PLATFORM_CHAIN)) == 1
    other = client.post("/api/tenants", headers=headers, json={**payload, "slug": "dalian"})
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


def test_rule_refusals_are_422_with_reasons(client, make_user):
    make_user("root", platform_admin=True)
    response = client.post("/api/tenants", headers=api_token(client, "root"),
                           json={"slug": "dawa", "name": "某区", "profile_id": "no-such-1999"})
    body = response.json()
    assert response.status_code == 422 and body["code"] == "unknown_profile"
    assert body["reasons"][0]["message"] == "没有名为「no-such-1999」的规则配置。" and "cite" in body


def test_forbidden_calls_are_403_audited_and_change_nothing(client, db, make_user, make_tenant):
    tenant = make_tenant()
    make_user("zhang", tenants=[tenant])
    headers = api_token(client, "zhang")
    response = client.post("/api/tenants/dawa/profile-versions", headers=headers,
                           json={"profile_id": "wolong-2018", "effective_from": "2024-03-04", "version": 1})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert "仅限平台管理员" in response.json()["message"]
    created = client.post("/api/tenants", headers=headers, json={"slug": "other", "name": "某区",
                                                                 "profile_id": "dawa-2017"})
    assert created.status_code == 403
    with db.read() as session:
        assert [t.slug for t in tenants.list_tenants(session)] == ["dawa"]
        assert tenants.get_tenant(session, "dawa").profile_id == "dawa-2017"
        tenant_event = audit.recent(session, audit.chain_of(tenant.id), limit=1)[0]
        platform_event = audit.recent(session, audit.PLATFORM_CHAIN, limit=1)[0]
    assert (tenant_event.action, tenant_event.outcome) == ("tenant.adopt_profile", "refused")
    assert (platform_event.action, platform_event.outcome) == ("tenant.create", "refused")


def test_other_tenants_are_refused(client, db, make_user, make_tenant):
    dawa, _dalian = make_tenant(), make_tenant("dalian", "dalian-2014")
    make_user("zhang", tenants=[dawa])
    headers = api_token(client, "zhang")
    assert client.get("/api/tenants", headers=headers).json()[0]["slug"] == "dawa"
    assert client.get("/api/tenants/dawa/audit/verify", headers=headers).json()["ok"] is True
    assert client.get("/api/tenants/dalian/audit", headers=headers).status_code == 403
    assert client.get("/api/tenants/nowhere", headers=headers).status_code == 404
    assert client.get("/api/audit/platform/verify", headers=headers).status_code == 403


def test_audit_events_through_the_api(client, make_user, make_tenant):
    dawa = make_tenant()
    make_user("root", platform_admin=True)
    make_user("zhang", tenants=[dawa])
    headers = api_token(client, "root")
    # The operator reads a government's audit log only once that government grants it.
    assert client.get("/api/tenants/dawa/audit", headers=headers).status_code == 403
    events = client.get("/api/tenants/dawa/audit", headers=api_token(client, "zhang")).json()
    assert events[-1]["action"] == "tenant.create" and events[-1]["algorithm"] == "sm3"
    platform = client.get("/api/audit/platform/verify", headers=headers).json()
    assert platform["ok"] and "平台链" in platform["message"]


def test_the_browser_session_can_call_the_api_with_its_csrf_token(client, make_user, make_tenant):
    make_tenant()
    make_user("root", platform_admin=True)
    home = log_in(client, "root")
    token = csrf_of(home.text)
    payload = {"profile_id": "wolong-2018", "effective_from": "2024-03-04", "confirm": True, "version": 1}
    assert client.post("/api/tenants/dawa/profile-versions", json=payload).status_code == 403
    done = client.post("/api/tenants/dawa/profile-versions", json=payload, headers={"X-CSRF-Token": token})
    assert done.status_code == 201 and done.json()["profile_id"] == "wolong-2018"


def test_logout_ends_the_token(client, make_user):
    make_user("zhang")
    headers = api_token(client, "zhang")
    assert client.delete("/api/session", headers=headers).status_code == 204
    assert client.get("/api/tenants", headers=headers).status_code == 401


def test_me_lists_tenants_with_todays_posts(client, make_user, make_tenant, monkeypatch):
    dawa = make_tenant()
    make_user("zhang", tenants=[dawa], display_name="张区长")
    monkeypatch.setattr(permissions, "_post_lookup", [lambda session, tenant_id, user_id, now: frozenset({"head"})])
    me = client.get("/api/me", headers=api_token(client, "zhang")).json()
    assert (me["username"], me["display_name"], me["is_platform_admin"]) == ("zhang", "张区长", False)
    assert me["tenants"] == [{"slug": "dawa", "name": "测试区人民政府", "profile_id": "dawa-2017", "version": 1,
                              "posts": ["head"]}]
