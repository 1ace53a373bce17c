"""Issue 14, findings 2, 7, 8, 9 and 11: what the request edge refuses, in Chinese, before any
use case runs — control characters, NUL bytes, lone surrogates, integers and dates out of range,
other tenants' ids, oversized bodies, floods — and the headers every answer carries."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from zhengwu import demo
from zhengwu.core import tenants
from zhengwu.core.limits import Limits, Rate, RateLimiter
from zhengwu.org.models import Department
from zhengwu.supervision.models import ProgressReport, Task
from zhengwu.web.app import create_app

from support import TEST_NOW, api_token


def _chinese(response) -> str:
    message = response.json()["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    return message


@pytest.fixture
def seeded(client, db):
    demo.seed_demo(db, TEST_NOW)
    return client


def _rsj_task(db) -> int:
    with db.read() as session:
        tenant = tenants.find_tenant(session, "dawa")
        rsj = session.execute(select(Department.id).where(Department.tenant_id == tenant.id,
                                                          Department.name.like("%人力资源%"))).scalar_one()
        task = session.execute(select(Task.id).where(Task.tenant_id == tenant.id)).scalars().first()
    with db.write() as session:
        session.get(Task, task).department_id = rsj
    return task


def _version(db, task_id: int) -> int:
    with db.read() as session:
        return session.get(Task, task_id).version


def _reports(db) -> int:
    with db.read() as session:
        return session.execute(select(func.count()).select_from(ProgressReport)).scalar_one()


def test_control_characters_nul_and_surrogates_are_refused_in_chinese(seeded, db):
    task = _rsj_task(db)
    headers = {**api_token(seeded, "dawa.rsj", demo.DEMO_PASSWORD), "content-type": "application/json"}
    before = _reports(db)
    for text in ("进展\\u000b顺利", "进展\\u0001", "进展\\u0000", "进展\\ud800", "进展\\u009b"):
        # Sent as JSON escapes, as a client would: the characters arrive only once the body is parsed.
        response = seeded.post(f"/api/tenants/dawa/supervision/tasks/{task}/reports",
                               content=('{"text": "%s", "version": 1}' % text).encode(), headers=headers)
        assert response.status_code == 422, (text, response.text)
        _chinese(response)
    raw = seeded.post(f"/api/tenants/dawa/supervision/tasks/{task}/reports",
                      content='{"text": "进展\x00", "version": 1}'.encode(), headers=headers)
    assert raw.status_code == 422 and "NUL" in _chinese(raw)
    assert _reports(db) == before


def test_line_breaks_only_in_multi_line_fields(seeded, db):
    task = _rsj_task(db)
    headers = api_token(seeded, "dawa.office", demo.DEMO_PASSWORD)
    report = seeded.post(f"/api/tenants/dawa/supervision/tasks/{task}/reports",
                         json={"text": "一、已完成\n二、\t正在办理", "version": _version(db, task)}, headers=headers)
    assert report.status_code == 201, report.text
    milestone = seeded.post(f"/api/tenants/dawa/supervision/tasks/{task}/milestones",
                            json={"title": "第一\n阶段", "due": "2024-03-20", "version": report.json()["task_version"]},
                            headers=headers)
    assert milestone.status_code == 422 and "换行" in _chinese(milestone)


def test_a_change_without_the_version_it_was_based_on_is_refused_naming_the_field(seeded, db):
    """Every change says which version of the object the user saw (issue 11): a body without it
    is refused with a Chinese message naming the field, and nothing is recorded."""
    task = _rsj_task(db)
    headers = api_token(seeded, "dawa.office", demo.DEMO_PASSWORD)
    before = _reports(db)
    for path, body in ((f"tasks/{task}/reports", {"text": "进展"}),
                       (f"tasks/{task}/milestones", {"title": "完成方案", "due": "2024-03-20"}),
                       (f"tasks/{task}/close", {"report": "已办结"})):
        response = seeded.post(f"/api/tenants/dawa/supervision/{path}", json=body, headers=headers)
        assert response.status_code == 422, (path, response.text)
        assert "「所见版本」（version）缺少必填项" in _chinese(response), response.text
    assert _reports(db) == before


def test_every_field_is_length_limited(seeded, db):
    task = _rsj_task(db)
    headers = api_token(seeded, "dawa.office", demo.DEMO_PASSWORD)
    long_line = seeded.post(f"/api/tenants/dawa/supervision/tasks/{task}/close",
                            json={"report": "办" * 100_001, "version": 1}, headers=headers)
    assert long_line.status_code == 422 and "过长" in _chinese(long_line)
    person = seeded.post(f"/api/tenants/dawa/supervision/tasks/{task}/reports",
                         json={"text": "x", "milestone_id": 2**31, "version": 1}, headers=headers)
    assert person.status_code == 422


def test_integers_and_dates_out_of_range_in_path_body_and_query(seeded):
    headers = api_token(seeded, "dawa.office", demo.DEMO_PASSWORD)
    for task in ("9223372036854775808", "2147483648", "-9223372036854775809"):
        response = seeded.post(f"/api/tenants/dawa/supervision/tasks/{task}/close", json={"report": "已办结", "version": 1},
                               headers=headers)
        assert response.status_code == 422 and "超出允许范围" in _chinese(response)
        page = seeded.get(f"/t/dawa/documents/{task}")
        assert page.status_code == 422 and "超出允许范围" in page.text
    huge = seeded.get("/api/tenants/dawa/audit?limit=99999999999999999999", headers=headers)
    assert huge.status_code == 422 and "超出允许范围" in _chinese(huge)
    for day in ("0001-01-01", "9999-12-31"):
        body = {"source": "work_report", "reference": "", "title": "事项", "department_id": None,
                "person": "张三", "deadline": day}
        response = seeded.post("/api/tenants/dawa/supervision/tasks", json=body, headers=headers)
        assert response.status_code == 422 and "年份" in _chinese(response), response.text
        query = seeded.get(f"/api/tenants/dawa/supervision/performance?start={day}&end=2024-12-31", headers=headers)
        assert query.status_code == 422, query.text
    month = seeded.get("/api/tenants/dawa/supervision/performance?start=9999-12&end=2024-12-31", headers=headers)
    assert month.status_code == 422


def test_nul_in_the_login_name_and_the_public_request(seeded):
    login = seeded.post("/api/session", json={"username": "dawa.head\x00", "password": "x"})
    assert login.status_code == 422
    _chinese(login)
    public = seeded.post("/api/public/dawa/requests",
                         json={"identity_type": "resident_id", "identity_number": "210102198001011234", "medium": "electronic", "delivery": "online", "applicant": "王\x00五", "contact": "13800000000", "description": "预算"})
    assert public.status_code == 422
    _chinese(public)


def test_an_overlong_idempotency_key(seeded, db):
    task = _rsj_task(db)
    headers = {**api_token(seeded, "dawa.office", demo.DEMO_PASSWORD), "Idempotency-Key": "k" * 201}
    response = seeded.post(f"/api/tenants/dawa/supervision/tasks/{task}/reports", json={"text": "进展", "version": 1},
                           headers=headers)
    assert response.status_code == 422 and "Idempotency-Key" in _chinese(response)


def test_ids_of_another_tenant_or_of_nobody_are_refused(seeded, db):
    with db.read() as session:
        wolong = tenants.find_tenant(session, "wolong")
        foreign = session.execute(select(Department.id).where(Department.tenant_id == wolong.id)).scalars().first()
    headers = api_token(seeded, "dawa.office", demo.DEMO_PASSWORD)
    for department_id in (foreign, 999_999):
        body = {"source": "work_report", "reference": "", "title": "事项", "department_id": department_id,
                "person": "张三", "deadline": "2024-06-30"}
        response = seeded.post("/api/tenants/dawa/supervision/tasks", json=body, headers=headers)
        assert response.status_code == 422 and "不属于本单位" in _chinese(response), response.text
    draft = {"issuer": "office", "doc_type": "notice", "title": "关于做好防汛工作的通知",
             "touches_department_ids": [foreign]}
    response = seeded.post("/api/tenants/dawa/documents", json=draft, headers=headers)
    assert response.status_code == 422 and "不属于本单位" in _chinese(response), response.text
    with db.read() as session:
        sun_elsewhere = session.execute(select(func.max(Department.id))).scalar_one()
    meeting = {"kind": "executive", "title": "常务会议", "starts_at": "2024-03-06T09:00:00+08:00",
               "ends_at": "2024-03-06T11:00:00+08:00", "chair_id": 999_999, "attendee_ids": [sun_elsewhere]}
    response = seeded.post("/api/tenants/dawa/meetings", json=meeting, headers=headers)
    assert response.status_code == 422 and "人员" in _chinese(response), response.text


def test_a_huge_body_is_refused_before_it_is_read(seeded):
    declared = seeded.post("/api/session", content=b"{" + b" " * (50 * 1024 * 1024) + b"}",
                           headers={"content-type": "application/json"})
    assert declared.status_code == 413 and "过大" in _chinese(declared)
    headers = api_token(seeded, "dawa.office", demo.DEMO_PASSWORD)

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(40):
            yield b"x" * (100 * 1024)

    streamed = seeded.post("/api/tenants/dawa/documents", content=chunks(),
                           headers={**headers, "content-type": "application/json"})
    assert streamed.status_code == 413


def test_public_requests_are_limited_per_ip(settings, db, clock):
    demo.seed_demo(db, TEST_NOW)
    from fastapi.testclient import TestClient

    ticks = [0.0]
    app = create_app(settings, db, clock, limiter=RateLimiter(clock=lambda: ticks[0]))
    with TestClient(app) as client:
        body = {"identity_type": "resident_id", "identity_number": "210102198001011234", "medium": "electronic", "delivery": "online", "applicant": "王五", "contact": "13800000000", "description": "2023年预算执行情况"}
        answers = [client.post("/api/public/dawa/requests", json=body).status_code for _ in range(8)]
        assert answers[:5] == [201] * 5 and set(answers[5:]) == {429}
        refused = client.post("/api/public/dawa/requests", json=body)
        assert "请求过于频繁" in _chinese(refused) and int(refused.headers["retry-after"]) > 0
        ticks[0] += 600  # the bucket refills with time
        assert client.post("/api/public/dawa/requests", json=body).status_code == 201


def test_writes_are_limited_per_user(settings, db, clock):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    demo.seed_demo(db, TEST_NOW)
    app = create_app(replace(settings, limits=Limits(user_write=Rate(3, 60))), db, clock,
                     limiter=RateLimiter(clock=lambda: 0.0))
    with TestClient(app) as client:
        other = api_token(client, "dawa.czj", demo.DEMO_PASSWORD)
        answers = [client.delete("/api/session", headers=api_token(client, "dawa.office", demo.DEMO_PASSWORD))
                   .status_code for _ in range(4)]
        assert answers == [204, 204, 204, 429]
        assert client.delete("/api/session", headers=other).status_code == 204  # another user is not held up


def test_security_and_cache_headers(client, make_tenant):
    make_tenant()
    seeded = client
    page = seeded.get("/login")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    api = seeded.get("/api/public/dawa/disclosure")
    assert api.headers["cache-control"] == "no-store"
    static = seeded.get("/static/zhengwu.css")
    assert static.headers["cache-control"].startswith("public")


def test_no_page_carries_an_inline_script():
    """The CSP forbids inline scripts, so none may be left in a template."""
    from pathlib import Path

    import zhengwu

    templates = Path(zhengwu.__file__).parent.rglob("*.html")
    offenders = [str(t) for t in templates if "<script>" in t.read_text() or "<script >" in t.read_text()]
    assert not offenders
