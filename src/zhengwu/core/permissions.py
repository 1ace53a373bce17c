"""Who may do what: named actions, each allowed by a predicate over the user's standing.

A user's standing in a tenant (a `Subject`) is their membership and the posts they hold or act
in there today. The posts come from the org domain, which plugs its lookup in with
`use_post_lookup`; the platform itself knows no posts. A refusal is a Verdict in Chinese that
says what was asked and who may do it; `require` raises it as PermissionDenied, which the unit
of work audits after rolling everything back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Collection, NoReturn

from sqlalchemy import event as sa_event
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import Verdict


@dataclass(frozen=True)
class Subject:
    user_id: int | None
    tenant_id: int | None
    is_platform_admin: bool = False
    is_member: bool = False
    posts: frozenset[str] = frozenset()

    @classmethod
    def system(cls, tenant_id: int | None = None) -> "Subject":
        """The operator at the command line: already holds the database, so holds the platform."""
        return cls(None, tenant_id, is_platform_admin=True, is_member=True)


Predicate = Callable[[Subject], bool]


@dataclass(frozen=True)
class Action:
    code: str
    label: str  # what is being done, in Chinese: "切换规则配置"
    who: str  # who may do it, in Chinese: "平台管理员"
    allows: Predicate
    cite: str | None = None


_ACTIONS: dict[str, Action] = {}


def define(code: str, label: str, who: str, allows: Predicate, cite: str | None = None) -> Action:
    if code in _ACTIONS:
        raise ValueError(f"action {code} defined twice")
    _ACTIONS[code] = action = Action(code, label, who, allows, cite)
    return action


def action(code: str) -> Action:
    return _ACTIONS[code]


def known(code: str) -> Action | None:
    return _ACTIONS.get(code)


def all_actions() -> list[Action]:
    return list(_ACTIONS.values())


def platform_admin(subject: Subject) -> bool:
    return subject.is_platform_admin


def member(subject: Subject) -> bool:
    """A member of the tenant. The platform operator is not one by being the operator: it reads a
    government's work only once that government grants it (users.grant_operator)."""
    return subject.is_member


def operator(subject: Subject) -> bool:
    """The operator at the command line or the demo seeder (no user): already holds the database."""
    return subject.user_id is None


def office_or_operator(*posts: str) -> Predicate:
    """Holds one of `posts` (the office posts of a domain), or is the operator: the usual "who
    manages this register" of every office-run domain."""
    return any_of(holds(*posts), operator)


def holds_a_post(subject: Subject) -> bool:
    """Holds (or acts in) some post of the tenant: membership alone does not let a user act for a unit."""
    return bool(subject.posts)


def holds(*posts: str) -> Predicate:
    wanted = frozenset(posts)
    return lambda subject: bool(subject.posts & wanted)


def any_of(*predicates: Predicate) -> Predicate:
    return lambda subject: any(p(subject) for p in predicates)


PostLookup = Callable[[Session, int, int, datetime], frozenset[str]]


def _no_posts(session: Session, tenant_id: int, user_id: int, now: datetime) -> frozenset[str]:
    return frozenset()


_post_lookup: list[PostLookup] = [_no_posts]


def use_post_lookup(lookup: PostLookup) -> None:
    """The org domain tells the platform which posts a user holds or acts in on a date."""
    _post_lookup[0] = lookup


_member_lookup: list[Callable[[Session, int, int], bool] | None] = [None]


def use_member_lookup(lookup: Callable[[Session, int, int], bool]) -> None:
    """The org domain answers membership from the org it keeps (read under the same stamp as the
    posts, so a membership granted or revoked is seen in the next transaction)."""
    _member_lookup[0] = lookup


@dataclass(frozen=True)
class TenantRead:
    """Values about a tenant that every unit of work asks for first thing, read in the same
    statement as the actor's admin flag (one statement, not one each): `columns`, scalar subqueries
    on the bound parameters "tenant_id" and those `params(tenant_id)` gives, are handed to `note`."""

    columns: tuple
    params: Callable[[int], dict]
    note: Callable[[Session, int, tuple], None]


_tenant_reads: list[TenantRead] = []


def read_with_flag(read: TenantRead) -> None:
    """Have `read` done with the admin flag of every actor of a tenant (core.audit: the chain head;
    the org domain: its stamp)."""
    _tenant_reads.append(read)
    _ADMIN_FLAG.clear()  # built again with it


_MEMBERS = "zhengwu_members"
_ADMIN_FLAGS = "zhengwu_admin_flags"
_ADMIN_FLAG: list = []  # the statement, built at first use (core.users imports this module)


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_members(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_MEMBERS, None)
        session.info.pop(_ADMIN_FLAGS, None)


def subject_for(session: Session, user_id: int | None, tenant_id: int | None, now: datetime) -> Subject:
    from zhengwu.core.users import Membership, User

    if user_id is None:
        return Subject.system(tenant_id)
    # Only the flag is needed: from the user the session holds (as this transaction may have changed
    # it), else one column read once a transaction — not the whole row, password hash and all,
    # loaded into the session by every use case.
    user = session.identity_map.get(session.identity_key(User, user_id))
    if user is not None:
        is_platform_admin: bool | None = user.is_platform_admin
    else:
        flags = session.info.setdefault(_ADMIN_FLAGS, {})
        if user_id not in flags:
            if not _ADMIN_FLAG:
                flag = select(User.is_platform_admin).where(User.id == bindparam("user_id"))
                _ADMIN_FLAG[:] = [flag, flag.add_columns(*[column for read in _tenant_reads for column in read.columns])]
            # On the connection: the session holds no such user (above), so it has nothing of it to flush.
            connection = session.connection()
            if tenant_id is not None and _tenant_reads:
                params = {"user_id": user_id, "tenant_id": tenant_id}
                for read in _tenant_reads:
                    params.update(read.params(tenant_id))
                found = connection.execute(_ADMIN_FLAG[1], params).first()
                if found is not None:
                    at = 1
                    for read in _tenant_reads:
                        read.note(session, tenant_id, tuple(found[at:at + len(read.columns)]))
                        at += len(read.columns)
            else:
                found = connection.execute(_ADMIN_FLAG[0], {"user_id": user_id}).first()
            flags[user_id] = None if found is None else found[0]
        is_platform_admin = flags[user_id]
    if is_platform_admin is None:  # no such user
        return Subject(user_id, tenant_id)
    if tenant_id is None:
        return Subject(user_id, None, is_platform_admin=is_platform_admin)
    # Asked by every use case of a unit of work: a membership found is remembered for the rest of
    # the transaction (one granted later in it is still looked up).
    known = session.info.setdefault(_MEMBERS, set())
    lookup = _member_lookup[0]
    is_member = (user_id, tenant_id) in known or (lookup(session, tenant_id, user_id) if lookup else session.execute(
        select(Membership.id).where(Membership.user_id == user_id, Membership.tenant_id == tenant_id)
    ).first() is not None)
    if is_member:
        known.add((user_id, tenant_id))
    posts = _post_lookup[0](session, tenant_id, user_id, now) if is_member else frozenset()
    return Subject(user_id, tenant_id, is_platform_admin, is_member, posts)


def check(code: str, subject: Subject) -> Verdict:
    act = action(code)
    if act.allows(subject):
        return Verdict.passed()
    return Verdict.refused("forbidden", f"您无权{act.label}：此操作仅限{act.who}。", act.cite, who=act.who)


def refuse(code: str, message: str, cite: str | None = None) -> NoReturn:
    """Refuse an actor whose post does not reach this object (another unit's task, a document
    not drafted by their department): a permission refusal (403), not a rule of the object's state."""
    raise PermissionDenied(Verdict.refused(code, message, cite))


def raise_refused(verdict: Verdict, actor_codes: Collection[str]) -> None:
    """Raise a refused verdict as one status per kind of refusal: when every reason is about who
    acts (`actor_codes`: not the signer the matrix names, not routed to you) it is a permission
    refusal (403); otherwise a rule or state refusal (422)."""
    if verdict.ok:
        return
    if all(r.code in actor_codes for r in verdict.reasons):
        raise PermissionDenied(verdict)
    verdict.raise_if_refused()


def require(uow, code: str) -> Subject:
    """Refuse the unit of work unless its actor may do `code` in its tenant."""
    subject = subject_for(uow.session, uow.actor.user_id, uow.tenant_id, uow.now)
    verdict = check(code, subject)
    if not verdict.ok:
        raise PermissionDenied(verdict)
    return subject


define("tenant.create", "新建单位", "平台管理员", platform_admin)
define("tenant.adopt_profile", "采用新版工作规则（规则配置）", "平台管理员", platform_admin)
define("user.create", "新建用户", "平台管理员", platform_admin)
# The operator may open a tenant's record (to set it up, switch its profile), not its work.
define("tenant.view", "进入本单位", "本单位工作人员", any_of(member, platform_admin))
# Who in a government may let the platform operator in: its head or the office director.
OPERATOR_GRANTORS = ("head", "office_director", "secretary_general")
define("tenant.grant_operator", "准许平台管理员进入本单位", "政府首长或办公室主任（秘书长）", holds(*OPERATOR_GRANTORS))
define("audit.view", "查看审计日志", "本单位工作人员", member)
define("platform.audit", "查看平台审计链", "平台管理员", platform_admin)
