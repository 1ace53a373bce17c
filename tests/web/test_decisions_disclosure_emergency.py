"""The web side of decisions, contracts, disclosure and emergency reports: JSON API, pages, and
the public portal without login (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from grants import grant  # noqa: F401  (fixture)
from support import api_token, csrf_of, log_in
from zhengwu.calendar import CHINA_TZ


@pytest.fixture
def dawa(make_tenant, make_user, grant):  # noqa: F811
    tenant = make_tenant("dawa", "dawa-2017", "盘锦市大洼区人民政府")
    grant(make_user("clerk", tenants=[tenant], display_name="秘书科王科长"), "office_clerk")
    grant(make_user("director", tenants=[tenant], display_name="办公室主任"), "office_director")
    grant(make_user("head", tenants=[tenant], display_name="区长"), "head")
    grant(make_user("staff", tenants=[tenant], display_name="值班员"), "office_clerk")
    return tenant


def test_decision_api_refuses_with_the_article_then_decides(client, dawa, clock):
    clock.set(datetime(2024, 7, 1, 10, 0))
    headers = api_token(client, "clerk")
    created = client.post("/api/tenants/dawa/decisions", headers=headers, json={
        "year": 2024, "title": "城区供热价格调整", "lead_department": "发展和改革局", "touches_public_interest": False})
    assert created.status_code == 201, created.text
    decision = created.json()
    refused = client.post(f"/api/tenants/dawa/decisions/{decision['id']}/decide", headers=headers, json={
        "version": decision["version"], "meeting_kind": "executive", "meeting_on": "2024-06-28"})
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "missing_public_participation" and body["cite"] == "dawa-2017:20"
    assert "（依据《盘锦市大洼区人民政府工作规则》第二十条；依据《重大行政决策程序暂行条例》第十四条）" in body["message"]
    for step in ["public_participation", "expert_review", "risk_assessment", "legality_review", "consultation"]:
        extra = {"opened_on": "2024-04-01", "closed_on": "2024-05-06"} if step == "public_participation" else {}
        decision = client.post(f"/api/tenants/dawa/decisions/{decision['id']}/steps", headers=headers, json={
            "version": decision["version"], "step": step, "done_on": "2024-06-10", "evidence": f"{step} 报告",
            **extra}).json()
    detail = client.get(f"/api/tenants/dawa/decisions/{decision['id']}", headers=headers).json()
    assert detail["ready"] and [row["record"] is not None for row in detail["checklist"]] == [True] * 5
    decided = client.post(f"/api/tenants/dawa/decisions/{decision['id']}/decide", headers=headers, json={
        "version": decision["version"], "meeting_kind": "executive", "meeting_on": "2024-06-28",
        "responsible": [{"name": "赵刚", "role": "局长"}]})
    assert decided.status_code == 200 and decided.json()["state"] == "decided"


def test_dawa_21_wrong_meeting_names_the_national_regulation_in_api_and_page(client, dawa, clock):
    """大洼 21 「由区政府全体会议或区政府常务会议讨论和决定」 rests on 《重大行政决策程序暂行条例》第三十条
    「决策草案应当经决策机关常务会议或者全体会议讨论」: the refusal names both, in the API and on the page."""
    clock.set(datetime(2024, 7, 1, 10, 0))
    headers = api_token(client, "clerk")
    decision = client.post("/api/tenants/dawa/decisions", headers=headers, json={
        "year": 2024, "title": "城区供热价格调整", "lead_department": "发展和改革局", "touches_public_interest": False}).json()
    for step in ["public_participation", "expert_review", "risk_assessment", "legality_review", "consultation"]:
        extra = {"opened_on": "2024-04-01", "closed_on": "2024-05-06"} if step == "public_participation" else {}
        decision = client.post(f"/api/tenants/dawa/decisions/{decision['id']}/steps", headers=headers, json={
            "version": decision["version"], "step": step, "done_on": "2024-06-10", "evidence": f"{step} 报告",
            **extra}).json()
    refused = client.post(f"/api/tenants/dawa/decisions/{decision['id']}/decide", headers=headers, json={
        "version": decision["version"], "meeting_kind": "head_office", "meeting_on": "2024-06-28",
        "responsible": [{"name": "赵刚", "role": "局长"}]})
    assert refused.status_code == 422 and refused.json()["code"] == "wrong_meeting"
    assert refused.json()["cite"] == "dawa-2017:21"
    assert "依据《重大行政决策程序暂行条例》第三十条" in refused.json()["message"]
    log_in(client, "clerk")
    page = client.get(f"/t/dawa/decisions/{decision['id']}")
    on_page = client.post(f"/t/dawa/decisions/{decision['id']}/decide", data={
        "csrf_token": csrf_of(page.text), "version": str(decision["version"]), "meeting_kind": "head_office",
        "meeting_on": "2024-06-28", "responsible": "赵刚，局长"})
    assert on_page.status_code == 422 and "《重大行政决策程序暂行条例》第三十条" in on_page.text


def test_decision_pages_show_the_checklist_and_refusals(client, dawa, clock):
    clock.set(datetime(2024, 7, 1, 10, 0))
    log_in(client, "clerk")
    page = client.get("/t/dawa/decisions")
    assert page.status_code == 200 and "2024 年度重大行政决策事项目录" in page.text
    created = client.post("/t/dawa/decisions", data={
        "csrf_token": csrf_of(page.text), "year": "2024", "title": "垃圾分类实施方案", "lead_department": "城管局",
        "touches_public_interest": "1"}, follow_redirects=True)
    assert created.status_code == 200 and "社会稳定风险评估" in created.text and "未登记" in created.text
    assert "尚不能提交集体讨论" in created.text and "第二十二条" in created.text
    decision_url = str(created.url)
    version = re.search(r'name="version" value="(\d+)"', created.text).group(1)
    refused = client.post(decision_url + "/decide", data={
        "csrf_token": csrf_of(created.text), "version": version, "meeting_kind": "executive",
        "meeting_on": "2024-06-28", "responsible": "赵刚，局长"})
    assert refused.status_code == 422 and "专家论证" in refused.text and "依据" in refused.text
    short = client.post(decision_url + "/steps", data={
        "csrf_token": csrf_of(created.text), "version": version, "step": "public_participation",
        "done_on": "2024-06-01", "evidence": "意见汇总", "opened_on": "2024-05-01", "closed_on": "2024-05-20"})
    assert short.status_code == 422 and "少于 30 日" in short.text and "重大行政决策程序暂行条例" in short.text


def test_contract_page_names_the_rules(client, make_tenant, make_user, grant):  # noqa: F811
    tenant = make_tenant("wolong", "wolong-2018", "卧龙区人民政府")
    grant(make_user("clerk", tenants=[tenant]), "office_clerk")
    log_in(client, "clerk")
    page = client.get("/t/wolong/contracts")
    assert "须经「合法性审查」" in page.text and "签订人须为区长、常务副区长" in page.text
    done = client.post("/t/wolong/contracts", data={"csrf_token": csrf_of(page.text), "title": "景区合作协议",
                                                    "counterparty": "某旅游公司", "lead_department": "文旅局"},
                       follow_redirects=True)
    assert "景区合作协议" in done.text and "审查中" in done.text


def test_public_portal_without_login_and_a_request_across_national_day(client, dawa, clock):
    clock.set(datetime(2025, 9, 30, 16, 0))
    headers = api_token(client, "clerk")
    item = client.post("/api/tenants/dawa/disclosure/items", headers=headers, json={
        "kind": "policy", "title": "稳就业若干措施", "formed_on": "2025-09-29", "body": "六条措施",
        "interpretation": "一图读懂"}).json()
    refused = client.post(f"/api/tenants/dawa/disclosure/items/{item['id']}/publish", headers=headers,
                          json={"version": item["version"]})
    assert refused.status_code == 422 and refused.json()["cite"] == "law-disclosure-2019:17"
    item = client.post(f"/api/tenants/dawa/disclosure/items/{item['id']}/confidentiality", headers=headers,
                       json={"version": item["version"], "cleared": True}).json()
    assert client.post(f"/api/tenants/dawa/disclosure/items/{item['id']}/publish", headers=headers,
                       json={"version": item["version"]}).status_code == 200
    client.cookies.clear()
    portal = client.get("/public/dawa")
    assert portal.status_code == 200 and "稳就业若干措施" in portal.text and "一图读懂" in portal.text
    filed = client.post("/public/dawa/requests", data={
        "csrf_token": csrf_of(portal.text), "identity_type": "resident_id", "identity_number": "210102198001011234", "medium": "electronic", "delivery": "online", "applicant": "张三", "contact": "13800000000",
        "description": "老旧小区改造项目清单"}, follow_redirects=True)
    assert filed.status_code == 200 and "2025-11-04 前答复" in filed.text
    forged = client.post("/public/dawa/requests", data={"csrf_token": "x", "identity_type": "resident_id", "identity_number": "210102198001011234", "medium": "electronic", "delivery": "online", "applicant": "a", "contact": "b",
                                                        "description": "c"})
    assert forged.status_code == 403
    api = client.post("/api/public/dawa/requests", json={"identity_type": "resident_id", "identity_number": "210102198001011234", "medium": "electronic", "delivery": "online", "applicant": "李四", "contact": "li@example.cn",
                                                         "description": "预算"})
    assert api.status_code == 201 and api.json()["due_on"] == "2025-11-04"
    assert client.get("/api/public/dawa/disclosure").json()["items"][0]["interpretation"] == "一图读懂"
    clock.set(datetime(2025, 11, 5, 9, 0))
    log_in(client, "clerk")
    desk = client.get("/t/dawa/disclosure")
    assert "已逾期 1 个工作日" in desk.text and "老旧小区改造项目清单" in desk.text


def test_emergency_page_counts_down_and_flags_late(client, dawa, clock):
    event = datetime(2025, 10, 1, 9, 30, tzinfo=CHINA_TZ)
    clock.set(event + timedelta(minutes=11))
    log_in(client, "staff")
    page = client.get("/t/dawa/emergency")
    assert 'data-limit-minutes="10"' in page.text and "第五十条" in page.text
    done = client.post("/t/dawa/emergency", data={
        "csrf_token": csrf_of(page.text), "event_at": "2025-10-01T09:30", "title": "储罐泄漏", "location": "化工园区",
        "description": "已疏散"}, follow_redirects=True)
    assert "迟报 1 分钟" in done.text and "迟报</span>" in done.text
    headers = api_token(client, "staff")
    listed = client.get("/api/tenants/dawa/emergency-reports", headers=headers).json()
    assert listed["limit_minutes"] == 10 and listed["reports"][0]["late"] is True
