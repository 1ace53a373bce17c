"""Issue 14, finding 1: a supervision task is reported on and closed only by its responsible unit
or the 督查室/office — not by the head of another unit, a member without a post, or the operator."""

from __future__ import annotations

from sqlalchemy import select

from zhengwu import demo
from zhengwu.core import tenants
from zhengwu.org.models import Department
from zhengwu.supervision.models import Task

from support import TEST_NOW, api_token


def _task_of(db, department_name: str) -> Task:
    with db.read() as session:
        tenant = tenants.find_tenant(session, "dawa")
        department = session.execute(select(Department).where(
            Department.tenant_id == tenant.id, Department.name.like(f"%{department_name}%"))).scalars().first()
        task = session.execute(select(Task).where(Task.tenant_id == tenant.id)).scalars().first()
        # Put the task under the unit the test names, so who is "another unit" is certain.
        with db.write() as write:
            write.get(Task, task.id).department_id = department.id
        return task


def test_another_units_head_cannot_close_or_report(client, db, make_user):
    demo.seed_demo(db, TEST_NOW)
    task = _task_of(db, "人力资源")
    base = f"/api/tenants/dawa/supervision/tasks/{task.id}"
    with db.read() as session:
        make_user("bystander", tenants=[tenants.find_tenant(session, "dawa")])
    for who, password in (("dawa.jd", demo.DEMO_PASSWORD), ("bystander", None), ("admin", demo.DEMO_PASSWORD)):
        headers = api_token(client, who, password) if password else api_token(client, who)
        closed = client.post(f"{base}/close", json={"report": "已办结", "version": task.version}, headers=headers)
        assert closed.status_code in (403,), (who, closed.text)
        reported = client.post(f"{base}/reports", json={"text": "进展", "version": task.version}, headers=headers)
        assert reported.status_code == 403, (who, reported.text)
    with db.read() as session:
        assert session.get(Task, task.id).state == "open"
    # The responsible unit itself, and the office, may.
    rsj = api_token(client, "dawa.rsj", demo.DEMO_PASSWORD)
    reported = client.post(f"{base}/reports", json={"text": "已完成一半", "version": task.version}, headers=rsj)
    assert reported.status_code == 201, reported.text
    office = api_token(client, "dawa.office", demo.DEMO_PASSWORD)
    closed = client.post(f"{base}/close", json={"report": "已全部办结", "version": reported.json()["task_version"]},
                         headers=office)
    assert closed.status_code == 200 and closed.json()["state"] == "done", closed.text
