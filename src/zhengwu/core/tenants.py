"""Tenants: each a government, bound to the profile of its own rulebook.

Binding a tenant to another profile changes every rule that governs it, so it is an audited,
versioned action on the platform chain and the tenant's own chain.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session

from zhengwu.core.base import Base, UtcDateTime, Versioned
from zhengwu.core.errors import NotFound
from zhengwu.core.uow import UnitOfWork
from zhengwu.core.verdict import Verdict
from zhengwu.rulebook.profile import Profile, known_profiles, load_profile, registered_profiles

SLUG = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


class Tenant(Versioned, Base):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    profile_id: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    @property
    def profile(self) -> Profile:
        """The profile (rules) the tenant runs under; profiles are parsed once per process.
        A profile adopted at run time is read from the database the first time it is needed."""
        session = object_session(self)
        if session is not None:
            _know_profile(session, self.profile_id)
        return load_profile(self.profile_id)

    def summary(self) -> dict:
        return {"slug": self.slug, "name": self.name, "profile_id": self.profile_id, "version": self.version}


def _load_stored(session: Session | None) -> None:
    # Imported here: onboarding builds on the core, not the other way round.
    from zhengwu.onboarding.store import ensure_loaded

    if session is not None:
        ensure_loaded(session)


def _check_profile(session: Session, profile_id: str) -> Verdict:
    """A shipped profile, or one adopted from a reviewed draft (stored in the database)."""
    _know_profile(session, profile_id)
    if profile_id in known_profiles() or profile_id in registered_profiles():
        return Verdict.passed()
    return Verdict.refused("unknown_profile", f"没有名为「{profile_id}」的规则配置。")


def create_tenant(uow: UnitOfWork, *, slug: str, name: str, profile_id: str) -> Tenant:
    verdict = _check_profile(uow.session, profile_id)
    if not SLUG.match(slug):
        verdict &= Verdict.refused("invalid_slug", f"租户代码「{slug}」无效：须为 2–40 位小写字母、数字或连字符，以字母开头。")
    elif find_tenant(uow.session, slug) is not None:
        verdict &= Verdict.refused("duplicate_tenant", f"租户代码「{slug}」已被使用。")
    if not name.strip():
        verdict &= Verdict.refused("missing_name", "租户名称不能为空。")
    verdict.raise_if_refused()
    tenant = Tenant(slug=slug, name=name.strip(), profile_id=profile_id, created_at=uow.now)
    uow.session.add(tenant)
    uow.session.flush()
    uow.record("tenant.create", object_type="tenant", object_id=tenant.slug, after=tenant.summary(), tenant_id=None)
    uow.record("tenant.create", object_type="tenant", object_id=tenant.slug, after=tenant.summary(),
               tenant_id=tenant.id)
    return tenant


def switch_profile(uow: UnitOfWork, tenant: Tenant, profile_id: str, expected_version: int) -> Tenant:
    tenant.expect_version(expected_version, f"租户「{tenant.name}」")
    _check_profile(uow.session, profile_id).raise_if_refused()
    before = tenant.summary()
    tenant.profile_id = profile_id
    uow.session.flush()
    for chain_tenant in (None, tenant.id):
        uow.record("tenant.switch_profile", object_type="tenant", object_id=tenant.slug, before=before,
                   after=tenant.summary(), tenant_id=chain_tenant)
    return tenant


def find_tenant(session: Session, slug: str) -> Tenant | None:
    tenant = session.execute(select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()
    if tenant is not None:
        _know_profile(session, tenant.profile_id)
    return tenant


def _know_profile(session: Session, profile_id: str) -> None:
    """A tenant row often outlives its session (pages, commands): make sure this process knows
    its profile while the database is at hand, even when another process adopted it."""
    if profile_id not in known_profiles() and profile_id not in registered_profiles():
        _load_stored(session)


def get_tenant(session: Session, slug: str) -> Tenant:
    tenant = find_tenant(session, slug)
    if tenant is None:
        raise NotFound(f"没有代码为「{slug}」的租户。")
    return tenant


def list_tenants(session: Session) -> list[Tenant]:
    rows = list(session.execute(select(Tenant).order_by(Tenant.id)).scalars())
    for profile_id in {tenant.profile_id for tenant in rows}:
        _know_profile(session, profile_id)
    return rows


def profile_of(session: Session, tenant_id: int) -> Profile:
    """The profile of the tenant with that id (the row comes from the session's identity map
    when the use case has loaded it already)."""
    return session.get(Tenant, tenant_id).profile
