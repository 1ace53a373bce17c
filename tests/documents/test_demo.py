"""The demo's documents in flight: in each government with 机关代字, a 请示 from the 财政局
waiting for the office to route it, a normative notice drafted by the 住房和城乡建设局 at
its countersign with the 财政局, two reports at signing in a leader's 待我签批 (to take one by one
or together), and in 大连 a 批示件 awaiting its report — made through the real use cases, under
the department heads' and the office's names, with the profile's reply deadline."""

from __future__ import annotations

from support import TEST_NOW

from zhengwu import demo
from zhengwu.core.tenants import list_tenants
from zhengwu.documents import reading
from zhengwu.documents.demo import PREFIXES

# The countersign reply deadline each profile sets (大洼, 大连 and 卧龙 name none); sent Monday 2024-03-04.
DUE = {"dawa-2017": None, "dalian-2014": None, "wuhai-hainan-2023": "2024-03-13", "xishi-2024": "2024-03-13",
       "wolong-2018": None}  # 卧龙: no reply deadline in its text or in the default


def test_each_government_has_a_request_to_route_and_a_draft_at_countersign(db):
    demo.seed_demo(db, TEST_NOW)
    with db.read() as session:
        for tenant in list_tenants(session):
            found = [d for d in reading.documents(session, tenant, None, TEST_NOW)]
            if tenant.profile_id not in PREFIXES:
                assert found == [], tenant.profile_id
                continue
            request = next(d for d in found if d.doc_type == "request" and "农村公路" in d.title)
            assert (request.state, request.check_reasons) == ("submitted", [])
            # Where the text sets a 批示件 report deadline (大连 51), one is waiting for its report.
            instructed = [i for d in found if "加装电梯" in d.title for i in reading.instructions_of(session, d)]
            assert [(i.report_due.isoformat(), i.due_cite) for i in instructed] == (
                [("2024-03-14", "dalian-2014:51")] if tenant.profile_id == "dalian-2014" else [])
            assert request in reading.inbox(session, tenant, None, TEST_NOW)
            draft = next(d for d in found if "老旧小区改造管理办法" in d.title)
            assert draft.state == "countersigning" and draft.facts["normative"] and draft.facts["proxy_draft"]
            clocks = reading.countersign_clocks(session, tenant, TEST_NOW, doc_id=draft.id)
            assert [(c.department.endswith("财政局"), c.status) for c in clocks] == [(True, "pending")]
            assert [c.request.due.isoformat() if c.request.due else None for c in clocks] == [DUE[tenant.profile_id]]
            actors = {e.action: e.actor for e in reading.trail(session, tenant, draft)}
            assert actors["document.draft"].startswith("钱局长") and actors["document.open_countersign"].startswith("钱局长")


def test_each_government_has_two_reports_waiting_in_a_leaders_sign_queue(db):
    from zhengwu.core.users import Membership
    from sqlalchemy import select

    demo.seed_demo(db, TEST_NOW)
    with db.read() as session:
        for tenant in list_tenants(session):
            if tenant.profile_id not in PREFIXES:
                continue
            reports = [d for d in reading.documents(session, tenant, None, TEST_NOW) if d.doc_type == "report"]
            assert sorted(d.state for d in reports) == ["signing", "signing"], tenant.profile_id
            people = session.execute(select(Membership.user_id).where(Membership.tenant_id == tenant.id)).scalars()
            waiting = {user: {d.id for d, _ in reading.sign_off_queue(session, tenant, user, TEST_NOW).rows} for user in people}
            assert any(ids == {d.id for d in reports} for ids in waiting.values()), \
                f"{tenant.profile_id}: nobody has both reports to sign"
