"""Every org and leave API route, called by a user whose posts do not allow it: 403 with a
Chinese message, the refusal on the tenant's audit chain, and nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from zhengwu.core import audit
from zhengwu.org.models import CoverPair, Department, LeaveRequest, Portfolio, Post

from support import TEST_NOW, api_token

START, END = TEST_NOW + timedelta(days=30), TEST_NOW + timedelta(days=32)


def _snapshot(db, tenant_id):
    with db.read() as session:
        rows = {model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one()
                for model in (Department, Post, Portfolio, CoverPair, LeaveRequest)}
        rows["post_versions"] = sorted(session.execute(select(Post.id, Post.version, Post.holder_id)).all())
        rows["leaves"] = sorted(session.execute(select(LeaveRequest.id, LeaveRequest.state,
                                                       LeaveRequest.version)).all())
        rows["done"] = sum(1 for e in audit.recent(session, audit.chain_of(tenant_id), limit=10_000)
                           if e.outcome == audit.DONE)
    return rows


# (name, method, path, body(org, leave), who, audited action). `outsider` belongs to another tenant.
CASES = [
    ("org", "GET", "/org", None, "outsider", "tenant.view"),
    ("acting", "GET", "/acting", None, "outsider", "tenant.view"),
    ("leave-list", "GET", "/leave", None, "outsider", "tenant.view"),
    ("leave-pending", "GET", "/leave/pending", None, "outsider", "tenant.view"),
    ("leave-get", "GET", "/leave/{leave}", None, "outsider", "tenant.view"),
    ("department", "POST", "/org/departments", lambda o, lv: {"name": "区统计局"}, "czj", "org.create_department"),
    ("post", "POST", "/org/posts", lambda o, lv: {"kind": "deputy", "title": "副区长"}, "czj", "org.create_post"),
    ("holder", "PUT", "/org/posts/{dep2_post}/holder",
     lambda o, lv: {"holder_id": o.user("czj").id, "version": 1}, "czj", "org.assign_holder"),
    ("portfolio", "PUT", "/org/portfolios",
     lambda o, lv: {"department_id": o.post("czj").department_id, "post_id": o.post("dep2").id, "version": None},
     "dep1",
     "org.set_portfolio"),
    ("pair", "POST", "/org/pairs",
     lambda o, lv: {"kind": "ab_partner", "first_post_id": o.post("dep1").id, "second_post_id": o.post("dep2").id},
     "office_less", "org.pair_posts"),
    ("leave-request", "POST", "/leave",
     lambda o, lv: {"post_id": o.post("dep2").id, "occasion": "out_of_area", "starts_at": START.isoformat(),
                    "ends_at": END.isoformat()}, "czj", "leave.request"),
    ("approve-no-post", "POST", "/leave/{leave}/approve", lambda o, lv: {"version": lv["version"]}, "czj",
     "leave.approve"),
    ("approve-wrong-leader", "POST", "/leave/{leave}/approve", lambda o, lv: {"version": lv["version"]}, "dep2",
     "leave.approve"),
    ("reject-wrong-leader", "POST", "/leave/{leave}/reject", lambda o, lv: {"version": lv["version"]}, "exec",
     "leave.reject"),
    ("approve-own", "POST", "/leave/{leave}/approve", lambda o, lv: {"version": lv["version"]}, "dep1",
     "leave.approve"),
    ("cancel-others", "POST", "/leave/{leave}/cancel", lambda o, lv: {"version": lv["version"]}, "czj",
     "leave.cancel"),
]


@pytest.mark.parametrize("name,method,path,body,who,action", CASES, ids=[c[0] for c in CASES])
def test_route_refuses_a_user_without_the_right_post(client, db, make_org, make_tenant, make_user,
                                                     name, method, path, body, who, action):
    org = make_org("dawa-2017")
    head_headers = api_token(client, "dawa.head", "zhengwu-demo")
    dep1 = api_token(client, "dawa.dep1", "zhengwu-demo")
    leave = client.post("/api/tenants/dawa/leave", headers=dep1, json={
        "post_id": org.post("dep1").id, "occasion": "out_of_area", "starts_at": START.isoformat(),
        "ends_at": END.isoformat()})
    assert leave.status_code == 201, leave.text
    leave = leave.json()
    assert head_headers  # the head could approve it; the callers below may not
    if who == "outsider":
        other = make_tenant("dalian", "dalian-2014")
        user = make_user("outsider", tenants=[other])
        headers, user_id = api_token(client, "outsider"), user.id
    elif who == "office_less":
        user = make_user("visitor", tenants=[org.tenant])  # a member holding no post
        headers, user_id = api_token(client, "visitor"), user.id
    else:
        headers, user_id = api_token(client, f"dawa.{who}", "zhengwu-demo"), org.user(who).id
    url = "/api/tenants/dawa" + path.format(leave=leave["id"], dep2_post=org.post("dep2").id)
    before = _snapshot(db, org.tenant.id)
    response = client.request(method, url, headers=headers, json=body(org, leave) if body else None)
    assert response.status_code == 403, response.text
    error = response.json()
    assert error["code"] in ("forbidden", "not_holder", "wrong_approver", "own_leave", "not_requester")
    assert "无权" in error["message"] or "审批" in error["message"] or "请假" in error["message"]
    if error["code"] in ("wrong_approver", "own_leave"):
        assert error["cite"] == "dawa-2017:49" and "依据《盘锦市大洼区人民政府工作规则》第四十九条" in error["message"]
    assert _snapshot(db, org.tenant.id) == before
    with db.read() as session:
        event = audit.recent(session, audit.chain_of(org.tenant.id), limit=1)[0]
    assert (event.action, event.outcome, event.actor_user_id) == (action, audit.REFUSED, user_id)
