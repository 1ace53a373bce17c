"""Versions required (issue 11, point 5): 分管 is set on the portfolio the person saw — its
version, or null when the department had none yet; a portfolio changed or set meanwhile is
refused (409, Chinese) with nothing changed, and a body without the version is 422 naming it."""

from __future__ import annotations

from sqlalchemy import select

from zhengwu.org import service
from zhengwu.org.models import Portfolio

from support import api_token

PASSWORD = "zhengwu-demo"


def _portfolio(org, department_id: int) -> tuple[int, int] | None:
    with org.db.read() as session:
        row = session.execute(select(Portfolio).where(Portfolio.department_id == department_id)).scalar_one_or_none()
        return (row.post_id, row.version) if row else None


def test_a_portfolio_set_on_a_stale_read_is_refused(client, make_org):
    org = make_org("dawa-2017")
    head = api_token(client, "dawa.head", PASSWORD)
    department = org.post("czj").department_id
    overseer, _ = _portfolio(org, department)
    other = next(p.id for p in (org.post("dep1"), org.post("dep2")) if p.id != overseer)
    body = {"department_id": department, "post_id": other}

    missing = client.put("/api/tenants/dawa/org/portfolios", headers=head, json=body)
    assert missing.status_code == 422 and "所见版本" in missing.text
    for seen in (None, 0, 2):  # saw none set / an older read / a version that never was
        stale = client.put("/api/tenants/dawa/org/portfolios", headers=head, json={**body, "version": seen})
        assert stale.status_code == 409, stale.text
        assert stale.json()["message"].startswith("「区财政局」的分管领导已被他人")
    assert _portfolio(org, department) == (overseer, 1)  # nothing changed

    done = client.put("/api/tenants/dawa/org/portfolios", headers=head, json={**body, "version": 1})
    assert done.status_code == 200 and done.json() == {"department_id": department, "post_id": other, "version": 2}


def test_a_department_without_a_portfolio_takes_none_seen(make_org):
    org = make_org("dawa-2017")
    unit = org.run(None, "org.create_department", lambda uow: service.create_department(uow, name="区统计局",
                                                                                       kind="department"))
    deputy = org.post("dep1").id
    row = org.run(None, "org.set_portfolio", lambda uow: service.set_portfolio(
        uow, department_id=unit.id, post_id=deputy, expected_version=None))
    assert row.version == 1 and _portfolio(org, unit.id) == (deputy, 1)
