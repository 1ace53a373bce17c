"""Keyset paging and the capped count (issue 18): pages follow one another without gaps or
repeats whatever rows come before, and the count stops at its cap."""

from __future__ import annotations

from sqlalchemy import select

from support import TEST_NOW
from zhengwu.core import audit, paging
from zhengwu.core.uow import Actor, unit_of_work


def _events(db, tenant, n):
    with unit_of_work(db, Actor.system("测试"), "tenant.view", tenant_id=tenant.id, now=TEST_NOW) as uow:
        for i in range(n):
            uow.record(object_type="tenant", object_id=str(i))


def test_pages_follow_one_another_by_key_and_the_count_is_capped(db, make_tenant):
    tenant = make_tenant()
    _events(db, tenant, 30)
    query = select(audit.AuditEvent).where(audit.AuditEvent.chain == audit.chain_of(tenant.id))
    seen, after = [], None
    with db.read() as session:
        everything = [e.seq for e in session.execute(query.order_by(audit.AuditEvent.seq.desc())).scalars()]
        while True:
            page = paging.keyset(session, query, audit.AuditEvent.seq, after=after, limit=7)
            assert len(page) <= 7 and page.total == len(everything) and not page.capped
            seen += [e.seq for e in page]
            if page.next_after is None:
                break
            assert page.next_after == page[-1].seq
            after = page.next_after
        assert seen == everything  # newest first, each once
        assert paging.capped_count(session, query, cap=10) == (10, True)
        assert paging.capped_count(session, query, cap=len(everything)) == (len(everything), False)
        oldest_first = paging.keyset(session, query, audit.AuditEvent.seq, limit=3, descending=False, count=False)
        assert [e.seq for e in oldest_first] == [1, 2, 3] and oldest_first.total is None


def test_page_sizes_and_cursors_from_requests_are_kept_in_bounds():
    assert paging.page_size(None) == paging.PAGE_SIZE
    assert paging.page_size(0) == 1 and paging.page_size(10_000) == paging.MAX_PAGE_SIZE
    assert paging.cursor("42") == 42
    assert paging.cursor("-1") is None and paging.cursor("x") is None and paging.cursor(None) is None


def test_api_headers_say_where_the_next_page_starts_and_how_many_match():
    page = paging.Page([1, 2], next_after=7, total=paging.COUNT_CAP, capped=True)
    assert paging.headers(page) == {"X-Next-After": "7", "X-Total-Count": f"{paging.COUNT_CAP}+"}
    assert paging.headers(paging.Page([], None, None)) == {}
    assert page.total_text == f"{paging.COUNT_CAP} 件以上"
