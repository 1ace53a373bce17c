"""The leave API end to end: request, approve (409 when stale), acting, 销假; retries applied once."""

from __future__ import annotations

from datetime import timedelta

from zhengwu.org.models import LeaveRequest

from support import TEST_NOW, api_token

PASSWORD = "zhengwu-demo"


def test_leave_through_the_api(client, db, make_org):
    org = make_org("xishi-2024")
    start = TEST_NOW + timedelta(days=10)
    body = {"post_id": org.post("dep1").id, "occasion": "out_of_area", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(days=2)).isoformat(), "reason": "赴省里汇报"}
    sun = {**api_token(client, "sun", PASSWORD), "Idempotency-Key": "leave-wang-1"}
    first = client.post("/api/tenants/xishi/leave", headers=sun, json=body)
    retry = client.post("/api/tenants/xishi/leave", headers=sun, json=body)
    assert first.status_code == retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
    leave = first.json()
    assert (leave["requester"], leave["filed_by"], leave["state_label"]) == ("王副区长", "孙秘书", "待审批")
    assert leave["approver_label"] == "区长（张区长）" and leave["cite"] == "xishi-2024:41"
    with db.read() as session:
        assert session.query(LeaveRequest).count() == 1

    head = api_token(client, "xishi.head", PASSWORD)
    assert [row["id"] for row in client.get("/api/tenants/xishi/leave/pending", headers=head).json()] == [leave["id"]]
    approved = client.post(f"/api/tenants/xishi/leave/{leave['id']}/approve", headers=head,
                           json={"version": leave["version"], "note": "同意"})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    stale = client.post(f"/api/tenants/xishi/leave/{leave['id']}/reject", headers=head,
                        json={"version": leave["version"]})
    assert stale.status_code == 409 and stale.json()["current"]["state"] == "approved"

    during = (start + timedelta(days=1)).isoformat()
    acting = client.get("/api/tenants/xishi/acting", headers=head, params={"at": during}).json()
    assert [(a["holder"], a["acting"], a["via"], a["cite"]) for a in acting] == [
        ("王副区长", "刘副区长", "ab_partner", "xishi-2024:5")]

    wang = api_token(client, "xishi.dep1", PASSWORD)
    cancelled = client.post(f"/api/tenants/xishi/leave/{leave['id']}/cancel", headers=wang,
                            json={"version": approved.json()["version"]})
    assert cancelled.status_code == 200 and cancelled.json()["state_label"] == "已销假"
    assert client.get("/api/tenants/xishi/acting", headers=head, params={"at": during}).json() == []


def test_rule_refusal_is_422_with_the_article(client, make_org):
    org = make_org("dawa-2017")
    headers = api_token(client, "dawa.dep1", PASSWORD)
    past = TEST_NOW - timedelta(days=1)
    response = client.post("/api/tenants/dawa/leave", headers=headers, json={
        "post_id": org.post("dep1").id, "occasion": "leave", "starts_at": past.isoformat(),
        "ends_at": (past + timedelta(days=3)).isoformat()})
    body = response.json()
    assert response.status_code == 422 and body["code"] == "not_in_advance" and body["cite"] == "dawa-2017:49"
    assert "事先" in body["message"] and "第四十九条" in body["message"]


def test_openapi_describes_the_org_routes(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/tenants/{tenant}/org", "/api/tenants/{tenant}/leave", "/api/tenants/{tenant}/acting",
                 "/api/tenants/{tenant}/leave/{leave_id}/approve", "/api/tenants/{tenant}/org/pairs"):
        assert path in paths
    approve = paths["/api/tenants/{tenant}/leave/{leave_id}/approve"]["post"]
    assert approve["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/LeaveOut")
    assert "403" in approve["responses"] and "409" in approve["responses"]
