"""The frame's pages: home shell and the audit log with its verification status."""

from __future__ import annotations

from sqlalchemy import text

from zhengwu.core import audit

from support import log_in


def test_audit_log_shows_events_and_an_intact_chain(client, make_tenant, make_user):
    tenant = make_tenant()
    make_user("zhang", tenants=[tenant])
    log_in(client, "zhang")
    page = client.get("/t/dawa/audit")
    assert page.status_code == 200
    assert "审计链完整" in page.text and "tenant.create" in page.text


def test_audit_log_shows_a_broken_chain(client, db, make_tenant, make_user):
    tenant = make_tenant()
    make_user("zhang", tenants=[tenant])
    with db.write() as session:
        session.execute(text("UPDATE audit_events SET actor = '某人' WHERE chain = :c AND seq = 1"),
                        {"c": audit.chain_of(tenant.id)})
    log_in(client, "zhang")
    page = client.get("/t/dawa/audit")
    assert "审计链已断裂" in page.text and "第 1 号事件" in page.text and "row-broken" in page.text


def test_static_assets_are_served(client):
    assert "htmx" in client.get("/static/htmx.min.js").text[:200]
    assert "Noto Sans CJK SC" in client.get("/static/zhengwu.css").text


def test_unknown_pages_answer_in_chinese(client):
    response = client.get("/nowhere")
    assert response.status_code == 404 and "页面或资源不存在" in response.text
