"""The dashboard shows the compliance report's counts and first rows without building the whole
report (`compliance_overview`: the ledger's overdue tasks counted per day by the database, only
the rows up to the day the shown ones reach built). It must say what the full report says: the
same count per domain and per month, and the same first rows in the report's order — on the
demo, and on grown data where the ledger's tasks have gone overdue, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from support import TEST_NOW
from zhengwu.compliance.report import compliance_overview, compliance_report
from zhengwu.core.tenants import find_tenant
from zhengwu.demo import seed_demo
from zhengwu.scale import grow
from zhengwu.supervision.models import Inspection, Rectification, Task

# (start, end, today): the grown year as of late December, a period starting mid-year, the
# demo's first quarter as of its own day.
PERIODS = ((date(2024, 1, 1), date(2024, 12, 20), date(2024, 12, 20)),
           (date(2024, 6, 15), date(2024, 11, 30), date(2024, 12, 20)),
           (date(2024, 1, 1), date(2024, 3, 31), TEST_NOW.date()))


def _same(session, tenant, start, end, today, shown):
    report = compliance_report(session, tenant, start, end, today)
    overview = compliance_overview(session, tenant, start, end, today, shown)
    assert overview.by_domain == report.by_domain()
    assert overview.by_month == report.by_month()
    assert overview.count == len(report.deviations)
    assert overview.first == report.deviations[:shown]
    return report


def _late_closings_and_rectifications(db) -> None:
    """Every fifth late task closed two days after its deadline, and a rectification item closed
    late and one left open (grown data leaves the late tasks open and has no inspections),
    written behind the application as a year of work would have left them."""
    with db.write() as session:
        tenant_id = find_tenant(session, "dawa").id
        tasks = list(session.execute(select(Task).where(Task.tenant_id == tenant_id, Task.deadline < date(2024, 12, 1))
                                     .order_by(Task.id)).scalars())
        for task in tasks[::5]:
            task.closed_on = task.deadline + timedelta(days=2)
        inspection = Inspection(tenant_id=tenant_id, department_id=tasks[0].department_id, matter="安全生产",
                                on=date(2024, 5, 6), inspector="督查室")
        session.add(inspection)
        session.flush()
        session.add_all([Rectification(tenant_id=tenant_id, inspection_id=inspection.id, problem="台账不全",
                                       due=date(2024, 7, 1), closed_on=date(2024, 7, 9)),
                         Rectification(tenant_id=tenant_id, inspection_id=inspection.id, problem="隐患未除",
                                       due=date(2024, 7, 1))])


@pytest.mark.parametrize("documents", [0, 400])
def test_the_overview_counts_and_lists_what_the_report_does(db, documents, unaudited_writes):
    seed_demo(db, TEST_NOW)
    if documents:
        grow(db, "dawa", documents)
        _late_closings_and_rectifications(db)
    with db.read() as session:
        tenant = find_tenant(session, "dawa")
        for start, end, today in PERIODS:
            # A page of rows, one row, a few: the last shown day cut through the middle of its rows.
            for shown in (200, 1, 7):
                report = _same(session, tenant, start, end, today, shown)
        if documents:  # the grown year has more than a page of late tasks: the cut-off is taken
            year = compliance_report(session, tenant, *PERIODS[0])
            assert {"supervision.overdue", "supervision.closed_late", "supervision.rectification_late"} <= {
                d["code"] for d in year.deviations}
            assert year.by_domain()["supervision"] > 7
            assert len({d["on"] for d in year.deviations}) > 7
        else:
            assert report.deviations  # the demo's quarter has deviations to compare
