"""Idempotency-Key: a retry is answered from the first response and applied once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from zhengwu.core import audit, idempotency, tenants
from zhengwu.core.errors import IdempotencyKeyReused
from zhengwu.core.verdict import RuleViolation

from support import TEST_NOW


def _create(slug):
    def use_case(uow):
        return tenants.create_tenant(uow, slug=slug, name="某区人民政府", profile_id="dawa-2017").summary()

    return use_case


def _run(db, actor, slug, key, body=b'{"slug": "x"}'):
    return idempotency.run_once(db, actor, "tenant.create", _create(slug), key=key,
                                request_fingerprint=idempotency.fingerprint("POST", "/api/tenants", body),
                                status_code=201, now=TEST_NOW)


def test_a_retry_gets_the_stored_response_and_changes_nothing(db, make_user):
    admin = make_user("root", platform_admin=True)
    first = _run(db, admin.actor, "dawa", "key-1")
    again = _run(db, admin.actor, "dawa", "key-1")
    assert (first.status_code, first.replayed) == (201, False)
    assert (again.status_code, again.body, again.replayed) == (201, first.body, True)
    with db.read() as session:
        assert len(tenants.list_tenants(session)) == 1
        assert sum(e.action == "tenant.create" for e in audit.recent(session, audit.PLATFORM_CHAIN)) == 1


def test_the_same_key_for_a_different_request_is_an_error(db, make_user):
    admin = make_user("root", platform_admin=True)
    _run(db, admin.actor, "dawa", "key-1")
    with pytest.raises(IdempotencyKeyReused) as reused:
        _run(db, admin.actor, "dalian", "key-1", body=b'{"slug": "y"}')
    assert reused.value.status == 422 and "Idempotency-Key" in reused.value.message


def test_keys_belong_to_their_user(db, make_user):
    one, two = make_user("one", platform_admin=True), make_user("two", platform_admin=True)
    _run(db, one.actor, "dawa", "same")
    assert not _run(db, two.actor, "dalian", "same", body=b"other").replayed


def test_concurrent_requests_with_one_key_apply_once(db, make_user):
    admin = make_user("root", platform_admin=True)
    barrier = threading.Barrier(4)
    outcomes, failures = [], []

    def work():
        try:
            barrier.wait()
            outcomes.append(_run(db, admin.actor, "dawa", "key-1"))
        except Exception as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sum(not o.replayed for o in outcomes) == 1
    assert len({o.body["slug"] for o in outcomes}) == 1
    with db.read() as session:
        assert len(tenants.list_tenants(session)) == 1


def test_keys_are_forgotten_after_the_retention(db, make_user):
    admin = make_user("root", platform_admin=True)
    _run(db, admin.actor, "dawa", "key-1")
    later = TEST_NOW + idempotency.RETENTION + timedelta(minutes=1)
    idempotency.run_once(db, admin.actor, "tenant.create", _create("dalian"), key="key-2",
                         request_fingerprint="other", now=later)
    with pytest.raises(RuleViolation):  # key-1 is gone: the old request runs again and is refused
        idempotency.run_once(db, admin.actor, "tenant.create", _create("dawa"), key="key-1",
                             request_fingerprint=idempotency.fingerprint("POST", "/api/tenants", b'{"slug": "x"}'),
                             now=later)
