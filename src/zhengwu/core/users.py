"""Users, their passwords (argon2) and the tenants they belong to.

A user may belong to several tenants; what they may do in each comes from their posts there
(permissions.py). Repeated wrong passwords lock the account for a while (the threshold and
duration are platform settings); every failure and lock is on the platform audit chain.

Lock-out is counted before the password is checked: each attempt takes a number in the same
transaction that reads the lock, so of forty parallel guesses only the first `threshold` reach the
(slow) argon2 check, and a right password that arrives after the lock is refused like the rest. A
success never lifts a lock in force. A refused login answers the same for an unknown name, a wrong
password and a locked account, so the answer does not tell which names exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhengwu.core import audit, passwords, permissions
from zhengwu.core.base import Base, TenantOwned, UtcDateTime
from zhengwu.core.db import keep_loaded
from zhengwu.core.db import Database
from zhengwu.core.errors import NotFound
from zhengwu.core.settings import Settings
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import Actor, UnitOfWork
from zhengwu.core.verdict import Verdict

_hasher = PasswordHasher()
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(100), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False, info={"secret": True})
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    @property
    def actor(self) -> Actor:
        return Actor(self.id, f"{self.display_name}（{self.username}）")

    def summary(self) -> dict:
        return {"username": self.username, "display_name": self.display_name,
                "is_platform_admin": self.is_platform_admin}


keep_loaded(User)


class Membership(TenantOwned, Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id", name="uq_memberships_tenant_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def find_user(session: Session, username: str) -> User | None:
    return session.execute(select(User).where(User.username == username)).scalar_one_or_none()


def create_user(uow: UnitOfWork, *, username: str, display_name: str, password: str,
                platform_admin: bool = False, password_hash: str | None = None) -> User:
    """`password_hash`, when given, is the argon2 hash of `password` computed by the caller: demo
    seeding creates dozens of people with one shared password and hashes it once (each argon2
    hash costs about a third of a second by design)."""
    permissions.require(uow, "user.create")
    verdict = Verdict.passed()
    if not USERNAME.match(username):
        verdict &= Verdict.refused("invalid_username", f"用户名「{username}」无效：须为 2–64 位字母、数字、下划线、点或连字符。")
    elif find_user(uow.session, username) is not None:
        verdict &= Verdict.refused("duplicate_username", f"用户名「{username}」已被使用。")
    if not display_name.strip():
        verdict &= Verdict.refused("missing_display_name", "姓名不能为空。")
    if password_hash is None:  # a caller passing the hash (the demo) has checked its one password
        verdict &= passwords.check(password, username)
    verdict.raise_if_refused()
    user = User(username=username, display_name=display_name.strip(), password_hash=password_hash or hash_password(password),
                is_platform_admin=platform_admin, failed_logins=0, created_at=uow.now)
    uow.session.add(user)
    uow.session.flush()
    uow.record("user.create", object_type="user", object_id=user.username, after=user.summary(), tenant_id=None)
    return user


def add_membership(uow: UnitOfWork, user: User, tenant: Tenant) -> Membership:
    permissions.require(uow, "user.create")
    existing = uow.session.execute(
        select(Membership).where(Membership.user_id == user.id, Membership.tenant_id == tenant.id)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    membership = Membership(user_id=user.id, tenant_id=tenant.id)
    uow.session.add(membership)
    uow.session.flush()
    uow.record("user.join_tenant", object_type="user", object_id=user.username,
               after={"tenant": tenant.slug}, tenant_id=tenant.id)
    return membership


def _operator(uow: UnitOfWork, username: str) -> User:
    permissions.require(uow, "tenant.grant_operator")  # before saying whether the name exists
    operator = find_user(uow.session, username)
    if operator is None:
        raise NotFound(f"没有用户名为「{username[:64]}」的用户。")
    return operator


def grant_operator(uow: UnitOfWork, tenant: Tenant, username: str) -> Membership:
    """The government lets the platform operator in (to read its work, or to be given a post);
    audited on the tenant's chain, and revocable."""
    operator = _operator(uow, username)
    if not operator.is_platform_admin:
        Verdict.refused("not_operator", "只能准许平台管理员；本单位人员由平台管理员加入。").raise_if_refused()
    existing = uow.session.execute(select(Membership).where(Membership.user_id == operator.id,
                                                            Membership.tenant_id == tenant.id)).scalar_one_or_none()
    if existing is not None:
        return existing
    membership = Membership(user_id=operator.id, tenant_id=tenant.id)
    uow.session.add(membership)
    uow.session.flush()
    uow.record("tenant.grant_operator", object_type="user", object_id=operator.username, after={"tenant": tenant.slug})
    return membership


def revoke_operator(uow: UnitOfWork, tenant: Tenant, username: str) -> None:
    operator = _operator(uow, username)
    if not operator.is_platform_admin:
        Verdict.refused("not_operator", "只能撤销平台管理员的准入。").raise_if_refused()
    uow.session.execute(delete(Membership).where(Membership.user_id == operator.id, Membership.tenant_id == tenant.id))
    uow.record("tenant.revoke_operator", object_type="user", object_id=operator.username, after={"tenant": tenant.slug})


def tenants_of(session: Session, user: User) -> list[Tenant]:
    """The tenants a user may switch to: their memberships, or every tenant for a platform admin."""
    query = select(Tenant).order_by(Tenant.id)
    if not user.is_platform_admin:
        query = query.join(Membership, Membership.tenant_id == Tenant.id).where(Membership.user_id == user.id)
    return list(session.execute(query).scalars())


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    verdict: Verdict


def _refused(settings: Settings) -> Verdict:
    minutes = int(settings.lockout_duration.total_seconds() // 60)
    return Verdict.refused("wrong_credentials", f"用户名或密码不正确（连续输错 {settings.lockout_threshold} 次，"
                                                f"账户将锁定 {minutes} 分钟）。")


def _refuse_login(session: Session, user: User | None, username: str, now: datetime, detail: dict) -> None:
    actor = user.actor if user else Actor(None, f"未知用户（{username[:64]}）")
    audit.append(session, tenant_id=None, actor_user_id=actor.user_id, actor=actor.label, action="login", at=now,
                 object_type="user", object_id=username[:64], outcome=audit.REFUSED, detail=detail)


def _locked(user_locked_until: datetime | None, now: datetime) -> bool:
    return user_locked_until is not None and user_locked_until > now


def authenticate(db: Database, settings: Settings, username: str, password: str, now: datetime) -> LoginResult:
    """Check a password with the lock-out counted first; every refusal audited with its reason."""
    may_check = False
    with db.write() as session:
        user = find_user(session, username)
        if user is None:
            _refuse_login(session, None, username, now, {"reason": "unknown_user"})
        else:
            # Take this attempt's number atomically (the row is write-locked by the UPDATE).
            failures, locked_until = session.execute(
                update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1)
                .returning(User.failed_logins, User.locked_until)
            ).one()
            if locked_until is not None and _locked(locked_until, now):
                # The count starts again when the lock ends; attempts during it do not add up.
                session.execute(update(User).where(User.id == user.id).values(failed_logins=0))
                _refuse_login(session, user, username, now, {"reason": "account_locked",
                                                             "locked_until": locked_until.isoformat()})
            elif failures > settings.lockout_threshold:
                # More attempts at once than the threshold: this one is refused unchecked and takes
                # its count back. Only a wrong password, checked, counts toward the lock (below), so
                # parallel guesses still get at most `threshold` checks before the lock, while desks
                # sharing an account and logging in together with the right one are never locked out.
                session.execute(update(User).where(User.id == user.id).values(failed_logins=User.failed_logins - 1))
                _refuse_login(session, user, username, now, {"reason": "too_many_at_once", "failed_logins": failures - 1})
            else:
                may_check = True
            user_id, stored_hash = user.id, user.password_hash
    if not may_check:
        _hasher.hash(password)  # as slow as a real check, so timing does not tell the cases apart either
        return LoginResult(None, _refused(settings))
    try:
        _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        with db.write() as session:
            user = session.get_one(User, user_id, populate_existing=True)
            if user.failed_logins >= settings.lockout_threshold and not _locked(user.locked_until, now):
                _lock(session, settings, user, username, now, user.failed_logins)
            else:
                _refuse_login(session, user, username, now, {"reason": "wrong_password",
                                                             "failed_logins": user.failed_logins})
        return LoginResult(None, _refused(settings))
    with db.write() as session:
        user = session.get_one(User, user_id, populate_existing=True)
        if _locked(user.locked_until, now):
            # Locked by parallel guesses while this one was being checked: the lock stands.
            _refuse_login(session, user, username, now, {"reason": "account_locked_during_check"})
            return LoginResult(None, _refused(settings))
        if _hasher.check_needs_rehash(user.password_hash):
            # The same password under the hasher's current parameters: still a write of a
            # credential, so it is on the platform chain like every other.
            user.password_hash = hash_password(password)
            audit.append(session, tenant_id=None, actor_user_id=user.id, actor=user.actor.label,
                         action="user.rehash_password", at=now, object_type="user", object_id=user.username,
                         subject=user)
        user.failed_logins = 0
        user.locked_until = None
    return LoginResult(user, Verdict.passed())


def _lock(session: Session, settings: Settings, user: User, username: str, now: datetime, failures: int) -> None:
    locked_until = now + settings.lockout_duration
    session.execute(update(User).where(User.id == user.id).values(failed_logins=0, locked_until=locked_until))
    _refuse_login(session, user, username, now, {"reason": "locked", "failed_logins": failures,
                                                 "locked_until": locked_until.isoformat()})


def change_password(uow: UnitOfWork, settings: Settings, user_id: int, current: str, new: str) -> User:
    """The user changes their own password: the current one first, then the policy; audited on the
    platform chain. The caller ends the user's other sessions (a changed password is often a
    suspected leak)."""
    user = uow.session.get_one(User, user_id)
    try:
        _hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        Verdict.refused("wrong_password", "当前密码不正确。").raise_if_refused()
    verdict = passwords.check(new, user.username)
    if new == current:
        verdict &= Verdict.refused("same_password", "新密码不能与当前密码相同。")
    verdict.raise_if_refused()
    user.password_hash = hash_password(new)
    uow.session.flush()
    uow.record("user.change_password", object_type="user", object_id=user.username, tenant_id=None, subject=user)
    return user
