"""The org as the rules see it, carried across transactions under a stamp.

Every use case asks who the actor is (posts held, acting for whom), which needs the tenant's whole
org: posts and holders, leaves, portfolios, cover pairs, and the profile version in force. Reading
it anew in every transaction cost five statements and the building of the state each time. Here a
process keeps the org it read together with the tenant's *org stamp* (table `org_stamps`): a random
number drawn anew, in the same transaction, by every write that can change what the org says —
a post, leave, portfolio, cover pair, membership, department or profile version written through the session
(a flush, or an ORM bulk UPDATE/DELETE/INSERT). A transaction reads the stamp (one statement) and
reuses the kept org only when the stamp is the one it was read under; otherwise it reads the org
again. So a change committed by any process, or made earlier in the same transaction, is seen as
before: the checks stay exactly as strict. A rolled-back write leaves the old stamp, which no
longer matches what this process may have kept from inside that transaction.

The stamp is read before the org rows, so a copy is never filed under a stamp newer than its rows.
A tenant without a stamp row (none of its org written since the table came) is read every time.

Other domains keep values with the org the same way (`with_org`: a government's notice channels,
each person's choices), naming the tables they come from (`watch`): a write to those redraws the
stamp as well.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Hashable, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import bindparam, event, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session

from zhengwu.core import permissions
from zhengwu.core.db import unwritten
from zhengwu.core.tenants import ProfileVersion, profile_on
from zhengwu.core.users import Membership
from zhengwu.org import rules
from zhengwu.org.models import CoverPair, Department, LeaveRequest, OrgStamp, Portfolio, Post
from zhengwu.rulebook.profile import Profile

# What the org state, the post lookup and the departments' names are built from, and what other
# domains keep with the org (`watch`): a write to any of them redraws the stamp.
WATCHED: tuple[type, ...] = (Post, LeaveRequest, Portfolio, CoverPair, Membership, ProfileVersion, Department)


def watch(*models: type) -> None:
    """Another domain's rows whose values it keeps with the org (`with_org`): their writes redraw
    the stamp as the org's own do."""
    global WATCHED
    WATCHED = (*WATCHED, *(model for model in models if model not in WATCHED))


_IN_TRANSACTION = "zhengwu.org_state"
T = TypeVar("T")


@dataclass
class Kept:
    stamp: int | None
    state: rules.OrgState
    profiles: dict[date, Profile] = field(default_factory=dict)
    members: frozenset[int] | None = None  # the tenant's members' user ids, read when first asked
    departments: dict[int, str] | None = None  # the departments' names by id (org chart order), read when first asked
    others: dict = field(default_factory=dict)  # other domains' values kept with the org (`with_org`)


# Per database (engine), per tenant: the org last read and the stamp it was read under.
_KEPT: WeakKeyDictionary[Engine, dict[int, Kept]] = WeakKeyDictionary()


def _pending(session: Session) -> list:
    return unwritten(session, WATCHED)


def restamp(session: Session, tenant_ids) -> None:
    """Draw new stamps for these tenants, in the session's transaction."""
    dialect = session.get_bind().dialect.name
    make_insert = sqlite_insert if dialect == "sqlite" else pg_insert
    connection = session.connection()
    session.info.pop(_READ, None)
    for tenant_id in sorted(set(tenant_ids)):
        stamp = secrets.randbits(62)
        statement = make_insert(OrgStamp).values(tenant_id=tenant_id, stamp=stamp)
        connection.execute(statement.on_conflict_do_update(index_elements=["tenant_id"], set_={"stamp": stamp}))


_READ = "zhengwu.org_stamp_read"  # tenant id → the stamp this transaction read with the actor's flag


def note_stamp(session: Session, tenant_id: int, stamp: int | None) -> None:
    """The tenant's stamp as this transaction read it (core.permissions reads it with the admin
    flag, first thing): `kept` takes it instead of reading it again, unless the org was written since."""
    session.info.setdefault(_READ, {})[tenant_id] = stamp


@event.listens_for(Session, "before_flush")
def _stamp_org_writes(session: Session, flush_context, instances) -> None:
    tenants = {row.tenant_id for row in _pending(session) if row.tenant_id is not None}
    if tenants:
        restamp(session, tenants)


@event.listens_for(Session, "do_orm_execute")
def _stamp_bulk_org_writes(state: ORMExecuteState) -> None:
    # An ORM bulk UPDATE/DELETE/INSERT on an org table names no rows: every tenant is redrawn.
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, WATCHED):
        state.session.connection().execute(update(OrgStamp).values(stamp=secrets.randbits(62)))
        state.session.info.pop(_IN_TRANSACTION, None)
        state.session.info.pop(_READ, None)


@event.listens_for(Session, "after_flush")
def _org_flushed(session: Session, flush_context) -> None:
    if _pending(session):
        session.info.pop(_IN_TRANSACTION, None)
        session.info.pop(_READ, None)


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session: Session, transaction) -> None:
    # The transaction's own copy is only good inside it (a rollback may undo what it saw).
    if transaction.parent is None:
        session.info.pop(_IN_TRANSACTION, None)
        session.info.pop(_READ, None)


_STAMP = select(OrgStamp.stamp).where(OrgStamp.tenant_id == bindparam("tenant_id"))  # read in Core: a plain value
permissions.read_with_flag(permissions.TenantRead((_STAMP.scalar_subquery().label("org_stamp"),), lambda _: {},
                                                  lambda session, tenant_id, values: note_stamp(session, tenant_id, values[0])))


def kept(session: Session, tenant_id: int, read: Callable[[Session, int], rules.OrgState]) -> Kept:
    """The tenant's org for this transaction: once per transaction, the stamp is read and the org
    kept under it reused, or read with `read` when the stamp moved (or there is none)."""
    in_transaction = session.info.setdefault(_IN_TRANSACTION, {})
    if _pending(session):
        in_transaction.clear()  # an org change not yet flushed: the stamp read below flushes it
    entry = in_transaction.get(tenant_id)
    if entry is not None:
        return entry
    if session.autoflush:
        session.flush()  # what the session's own read would flush first (an org change among it)
    taken = session.info.get(_READ, {})  # read with the actor's flag, and the org not written since
    stamp = taken.pop(tenant_id) if tenant_id in taken else session.connection().execute(
        _STAMP, {"tenant_id": tenant_id}).scalar()
    if stamp is None:
        entry = Kept(None, read(session, tenant_id))
    else:
        per_tenant = _KEPT.setdefault(session.get_bind().engine, {})
        entry = per_tenant.get(tenant_id)
        if entry is None or entry.stamp != stamp:
            entry = per_tenant[tenant_id] = Kept(stamp, read(session, tenant_id))
    # The autoflush of the stamp read may have dropped the transaction's dict: set it again.
    session.info.setdefault(_IN_TRANSACTION, {})[tenant_id] = entry
    return entry


def profile_for(session: Session, tenant_id: int, day: date, entry: Kept) -> Profile:
    """The profile in force on `day`, remembered with the org it goes with (profile versions are
    under the same stamp)."""
    if entry.stamp is None:
        return profile_on(session, tenant_id, day)
    profile = entry.profiles.get(day)
    if profile is None:
        profile = entry.profiles[day] = profile_on(session, tenant_id, day)
    return profile


def is_member(session: Session, tenant_id: int, user_id: int, read: Callable[[Session, int], rules.OrgState]) -> bool:
    """Whether the user is a member of the tenant, from the members kept with the org."""
    entry = kept(session, tenant_id, read)
    if entry.members is None:
        entry.members = frozenset(session.execute(
            select(Membership.user_id).where(Membership.tenant_id == tenant_id)).scalars())
    return user_id in entry.members


_DEPARTMENTS = (select(Department.id, Department.name).where(Department.tenant_id == bindparam("tenant_id"))
                .order_by(Department.kind, Department.id))


def department_names(session: Session, tenant_id: int, read: Callable[[Session, int], rules.OrgState]) -> dict[int, str]:
    """The tenant's departments' names by id in the org chart's order, kept with the org: every
    step about a countersign names the department, and a document's round names them all."""
    entry = kept(session, tenant_id, read)
    if entry.departments is None:
        entry.departments = dict(session.connection().execute(_DEPARTMENTS, {"tenant_id": tenant_id}).all())
    return entry.departments


def with_org(session: Session, tenant_id: int, key: Hashable, read: Callable[[], T],
             read_org: Callable[[Session, int], rules.OrgState]) -> T:
    """`read()`'s answer, kept with the tenant's org under its stamp: read once, then reused by
    every transaction while the stamp holds. Only for values made of rows `watch` names (or that
    never change), and only plain values: the answer outlives the session that read it."""
    entry = kept(session, tenant_id, read_org)
    if key not in entry.others:
        # `kept` has just flushed any unwritten watched row, so the read has nothing to flush: the
        # step's other changes wait for its one flush (a flush here moved a batch's versions).
        with session.no_autoflush:
            entry.others[key] = read()
    return entry.others[key]


def forget() -> None:
    """Drop every kept org (for tests that compare with and without the copy)."""
    _KEPT.clear()
