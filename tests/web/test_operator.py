"""Issue 14, finding 6: the platform operator holds no post and reads no government's work unless
that government grants it — the grant audited on the government's chain; the demo makes the
operator a member of no government."""

from __future__ import annotations

from sqlalchemy import select

from zhengwu import demo
from zhengwu.core import audit, tenants
from zhengwu.core.users import find_user
from zhengwu.org.models import Post

from support import TEST_NOW, api_token


def _head_post(db) -> tuple[int, int]:
    with db.read() as session:
        tenant = tenants.find_tenant(session, "dawa")
        post = session.execute(select(Post).where(Post.tenant_id == tenant.id, Post.kind == "head")).scalar_one()
        return post.id, post.version


def test_the_operator_cannot_appoint_itself_or_read_documents_until_granted(client, db):
    demo.seed_demo(db, TEST_NOW)
    admin = api_token(client, "admin", demo.DEMO_PASSWORD)
    me = client.get("/api/me", headers=admin).json()
    assert me["is_platform_admin"] and all(not t["posts"] for t in me["tenants"])
    post_id, version = _head_post(db)
    with db.read() as session:
        admin_id = find_user(session, "admin").id
    took = client.put(f"/api/tenants/dawa/org/posts/{post_id}/holder", json={"holder_id": admin_id, "version": version},
                      headers=admin)
    assert took.status_code in (403, 422), took.text
    assert _head_post(db)[1] == version  # nothing changed
    for path in ("/api/tenants/dawa/documents", "/api/tenants/dawa/audit", "/api/tenants/dawa/supervision/tasks"):
        assert client.get(path, headers=admin).status_code == 403, path
    # The operator may still look after the tenant itself.
    assert client.get("/api/tenants/dawa", headers=admin).status_code == 200

    # A deputy may not let the operator in; the head may, and it is on the government's record.
    deputy = api_token(client, "dawa.dep1", demo.DEMO_PASSWORD)
    assert client.post("/api/tenants/dawa/operator-grants", json={"username": "admin"}, headers=deputy).status_code == 403
    head = api_token(client, "dawa.head", demo.DEMO_PASSWORD)
    granted = client.post("/api/tenants/dawa/operator-grants", json={"username": "admin"}, headers=head)
    assert granted.status_code == 201, granted.text
    with db.read() as session:
        tenant = tenants.find_tenant(session, "dawa")
        event = audit.recent(session, audit.chain_of(tenant.id), limit=1)[0]
    assert (event.action, event.object_id, event.outcome) == ("tenant.grant_operator", "admin", audit.DONE)
    assert client.get("/api/tenants/dawa/documents", headers=admin).status_code == 200
    assert client.get("/api/tenants/wolong/documents", headers=admin).status_code == 403  # one government only
    revoked = client.delete("/api/tenants/dawa/operator-grants/admin", headers=head)
    assert revoked.status_code == 204
    assert client.get("/api/tenants/dawa/documents", headers=admin).status_code == 403
