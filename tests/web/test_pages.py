"""The frame's pages: home shell and the audit log with its verification status."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from zhengwu.core import audit
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation, Verdict

from support import assert_refused_and_audited, csrf_of, log_in


def test_audit_log_shows_events_and_an_intact_chain(client, make_tenant, make_user):
    tenant = make_tenant()
    make_user("zhang", tenants=[tenant])
    log_in(client, "zhang")
    page = client.get("/t/dawa/audit")
    # Each event by its Chinese label; the action code and the login name stay in the chain, off the page.
    assert page.status_code == 200 and "新建单位" in page.text and "tenant.create" not in page.text
    # Walking the whole chain is asked for, not done on every view (issue 18).
    assert "审计链完整" not in page.text and "校验整条审计链" in page.text
    assert "审计链完整" in client.get("/t/dawa/audit?verify=1").text


def test_audit_log_pages_by_sequence_and_filters_by_object(client, db, make_tenant, make_user):
    tenant = make_tenant()
    make_user("zhang", tenants=[tenant])
    with unit_of_work(db, Actor.system("测试"), "tenant.view", tenant_id=tenant.id) as uow:
        for i in range(60):
            uow.record(object_type="tenant", object_id=str(i % 3))
    log_in(client, "zhang")
    with db.read() as session:
        total = session.get(audit.AuditChainHead, audit.chain_of(tenant.id)).last_seq
    first = client.get("/t/dawa/audit")
    assert f"共 {total} 件" in first.text and f"?before={total - 49}" in first.text
    second = client.get("/t/dawa/audit?before=12")
    assert ">11<" in second.text and ">12<" not in second.text and "下一页" not in second.text
    one = client.get("/t/dawa/audit?object_type=tenant&object_id=1")
    assert "共 20 件" in one.text


def test_audit_log_shows_a_broken_chain(client, db, make_tenant, make_user):
    tenant = make_tenant()
    make_user("zhang", tenants=[tenant])
    with db.write() as session:
        session.execute(text("UPDATE audit_events SET actor = '某人' WHERE chain = :c AND seq = 1"),
                        {"c": audit.chain_of(tenant.id)})
    log_in(client, "zhang")
    page = client.get("/t/dawa/audit?verify=1")
    assert "审计链已断裂" in page.text and "第 1 号事件" in page.text and "row-broken" in page.text


def test_static_assets_are_served(client):
    assert "htmx" in client.get("/static/htmx.min.js").text[:200]
    assert "Noto Sans CJK SC" in client.get("/static/zhengwu.css").text


def test_unknown_pages_answer_in_chinese(client):
    response = client.get("/nowhere")
    assert response.status_code == 404 and "页面或资源不存在" in response.text


def test_pages_are_not_framed_or_sniffed(client):
    headers = client.get("/login").headers
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"


def test_a_platform_admin_adopts_a_version_from_the_settings_page(client, db, make_tenant, make_user):
    tenant = make_tenant()
    make_user("root", platform_admin=True)
    log_in(client, "root")
    page = client.get("/t/dawa/settings")
    assert page.status_code == 200 and "《盘锦市大洼区人民政府工作规则》（2017年5月9日起施行）" in page.text
    preview = client.get("/t/dawa/settings/preview", params={"profile_id": "dalian-2014", "effective_from": "2024-03-04"})
    assert preview.status_code == 200 and "另一政府的规则" in preview.text and 'value="1"' in preview.text
    form = {"csrf_token": csrf_of(preview.text), "version": "1", "profile_id": "dalian-2014",
            "effective_from": "2024-03-04", "confirm": "1"}
    done = client.post("/t/dawa/settings/profile", data=form)
    assert done.url.path == "/t/dawa/settings" and "已采用新版本的工作规则" in done.text
    stale = client.post("/t/dawa/settings/profile", data={**form, "profile_id": "wolong-2018"})
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    with db.read() as session:
        assert audit.recent(session, audit.chain_of(tenant.id), limit=1)[0].action == "tenant.adopt_profile"


def test_members_do_not_see_or_use_the_settings(client, db, make_tenant, make_user):
    tenant = make_tenant()
    make_user("zhang", tenants=[tenant])
    home = log_in(client, "zhang")
    assert "单位设置" not in home.text and "审计日志" in home.text
    assert client.get("/t/dawa/settings").status_code == 403
    refused = client.post("/t/dawa/settings/profile", data={"csrf_token": csrf_of(home.text), "version": "1",
                                                           "profile_id": "dalian-2014", "effective_from": "2024-03-04"})
    assert refused.status_code == 403 and "仅限平台管理员" in refused.text
    assert_refused_and_audited(db, tenant, "tenant.adopt_profile")


def test_audit_log_shows_refusals_with_their_article(client, db, make_tenant, make_user):
    tenant = make_tenant()
    make_user("zhang", tenants=[tenant])
    with pytest.raises(RuleViolation):
        with unit_of_work(db, Actor.system("测试"), "test.refused", tenant_id=tenant.id):
            Verdict.refused("late", "材料提交已逾期。", "dawa-2017:39").raise_if_refused()
    log_in(client, "zhang")
    page = client.get("/t/dawa/audit").text
    assert "已拒绝" in page and "材料提交已逾期。" in page
    assert "《盘锦市大洼区人民政府工作规则》第三十九条" in page


def test_a_refusal_page_leads_back_to_the_page_the_form_came_from(client):
    """A refused form shows the reason and a way back to the work, not only to the home page."""
    page = client.get("/nowhere", headers={"referer": "http://testserver/t/dawa/meetings"})
    assert page.status_code == 404
    assert 'href="/t/dawa/meetings"' in page.text
    foreign = client.get("/nowhere", headers={"referer": "http://evil.example/x"})
    assert "evil.example" not in foreign.text
