"""发文字号 under concurrent issue: unique and gap-free per issuer and year (both databases;
PostgreSQL with real concurrent transactions)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

from documents_support import at, seen_document
from zhengwu.core.uow import unit_of_work
from zhengwu.documents import drafting, issuing, signing
from zhengwu.documents.models import Document

N = 8


def _signed_office_notice(office, n: int) -> int:
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="office", doc_type="notice", title=f"关于第{n}批项目的通知", body="各街道：……",
        department_id=office.department("zrj")))
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    office.run("dep1", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"))
    office.run("exec", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"))
    return doc.id


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_concurrent_issue_gets_unique_consecutive_numbers(make_office, profile_id):
    office = make_office(profile_id)
    ids = [_signed_office_notice(office, n) for n in range(N)]
    barrier = Barrier(N)

    def issue(doc_id):
        barrier.wait()  # all transactions start together
        return office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc_id, expected_version=seen_document(uow, doc_id))).doc_number

    with ThreadPoolExecutor(N) as pool:
        numbers = list(pool.map(issue, ids))
    assert sorted(numbers, key=lambda s: int(s.split("〕")[1][:-1])) == [f"营西政办发〔2024〕{i}号" for i in range(1, N + 1)]
    with office.db.read() as session:
        stored = [session.get(Document, i).doc_number for i in ids]
    assert sorted(stored) == sorted(numbers)


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_a_rolled_back_issue_gives_its_number_back(make_office, profile_id):
    office = make_office(profile_id)
    first = _signed_office_notice(office, 1)
    with pytest.raises(RuntimeError):
        with unit_of_work(office.db, office.user("office").actor, "document.issue", tenant_id=office.tenant.id, now=at()) as uow:
            assert issuing.issue(uow, doc_id=first, expected_version=seen_document(uow, first)).doc_number == "营西政办发〔2024〕1号"
            raise RuntimeError("printing failed")
    second = _signed_office_notice(office, 2)
    assert office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=second, expected_version=seen_document(uow, second))).doc_number == "营西政办发〔2024〕1号"
    assert office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=first, expected_version=seen_document(uow, first))).doc_number == "营西政办发〔2024〕2号"


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_numbers_taken_together_continue_after_their_transaction_gongwen_25_2(make_office, profile_id):
    """Three documents issued in one transaction (a batch) take 1, 2 and 3, the next transaction
    takes 4; three taken by a transaction that rolls back are all given back."""
    from zhengwu.core import serials

    office = make_office(profile_id)
    tenant = office.tenant.id
    with unit_of_work(office.db, office.user("office").actor, "document.issue", tenant_id=tenant, now=at()) as uow:
        assert [serials.take(uow.session, tenant, "test", 2024) for _ in range(3)] == [1, 2, 3]
        uow.record("test.numbers")
    with pytest.raises(RuntimeError):
        with unit_of_work(office.db, office.user("office").actor, "document.issue", tenant_id=tenant, now=at()) as uow:
            assert [serials.take(uow.session, tenant, "test", 2024) for _ in range(3)] == [4, 5, 6]
            raise RuntimeError("printing failed")
    with unit_of_work(office.db, office.user("office").actor, "document.issue", tenant_id=tenant, now=at()) as uow:
        assert serials.take(uow.session, tenant, "test", 2024) == 4
        assert serials.take(uow.session, tenant, "other", 2024) == 1
        uow.record("test.numbers")
