"""Values worked out from a government's data and kept between requests while nothing in it has
changed: every write to a government appends to its audit chain in the write's own transaction,
so the heads of the tenant's and the platform's chains (one indexed read of two rows) name the
state the value was worked out from. A write anywhere gives a new key; nothing is ever stale.
(The tests hold every use case to it: `audit.REQUIRE_AUDIT` fails a transaction that writes a
table without an event; the tables exempt — login sessions, idempotency keys, a worker's claims,
notices marked read — are bookkeeping the kept values do not read.) What only the clock changes
belongs in the caller's part of the key (the day, a time slot)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.core.audit import PLATFORM_CHAIN, AuditChainHead, chain_of

T = TypeVar("T")
KEPT = 512  # values kept per kind and process (a few hundred people's lists at once)
_lock = threading.Lock()  # pages are served from a pool of threads


def heads(session: Session, tenant_id: int) -> tuple:
    """Where the tenant's and the platform's chains stand: the state of everything a page reads."""
    return tuple(session.execute(select(AuditChainHead.chain, AuditChainHead.last_seq, AuditChainHead.last_hash)
                                 .where(AuditChainHead.chain.in_((chain_of(tenant_id), PLATFORM_CHAIN)))
                                 .order_by(AuditChainHead.chain)).all())


def kept(state: Any, session: Session, kind: str, tenant_id: int, parts: Hashable, compute: Callable[[], T]) -> T:
    """The value of `compute()` for these chain heads and `parts`, worked out once (`state`: the
    application's state, where the values of one process live; `session`: the read transaction
    the heads are read in and `compute` runs in, so both see the same data)."""
    key = (tenant_id, heads(session, tenant_id), parts)
    with _lock:
        if getattr(state, "zhengwu_kept", None) is None:
            state.zhengwu_kept = {}
        values: OrderedDict = state.zhengwu_kept.setdefault(kind, OrderedDict())
        if key in values:
            values.move_to_end(key)
            return values[key]
    value = compute()
    with _lock:
        values[key] = value
        while len(values) > KEPT:
            values.popitem(last=False)
    return value
