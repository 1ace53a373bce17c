"""The one tenant-scoped fetch: another tenant's id is as absent as a missing one (404)."""

from __future__ import annotations

import pytest
from support import TEST_NOW

from zhengwu.core.errors import NotFound
from zhengwu.core.fetch import get_in_tenant
from zhengwu.org.models import Department


def test_another_tenants_row_reads_as_not_found(db, make_tenant, unaudited_writes):
    dawa, dalian = make_tenant("dawa", "dawa-2017"), make_tenant("dalian", "dalian-2014", "大连市人民政府")
    with db.write() as session:
        row = Department(tenant_id=dawa.id, name="区财政局", kind="department", created_at=TEST_NOW)
        session.add(row)
        session.flush()
        assert get_in_tenant(session, Department, row.id, dawa.id, "部门") is row
        for object_id, tenant_id in ((row.id, dalian.id), (row.id + 1000, dawa.id), (None, dawa.id), (row.id, None)):
            with pytest.raises(NotFound) as missing:
                get_in_tenant(session, Department, object_id, tenant_id, "部门")
            assert missing.value.status == 404 and "部门" in str(missing.value)
