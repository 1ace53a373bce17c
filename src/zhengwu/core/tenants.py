"""Tenants: each a government, bound to the profiles of its own rulebook over time.

A tenant keeps a history of profile versions, each in force from its effective date: an event
is judged by the version in force on its date (`profile_on`), and an object that was already
under way keeps the version it started under (`pinned_profile`). Adopting a version is an
audited action on the platform chain and the tenant's own chain (`zhengwu.versions`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sqlalchemy import JSON, Date, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session

from zhengwu.calendar.clock import china_date
from zhengwu.core.base import Base, UtcDateTime, Versioned
from zhengwu.core.db import keep_loaded
from zhengwu.core.errors import NotFound
from zhengwu.core.uow import UnitOfWork
from zhengwu.core.verdict import Verdict
from zhengwu.rulebook.profile import Profile, in_force, known_profiles, load_profile, registered_profiles

SLUG = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


class Tenant(Versioned, Base):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    # The version adopted last (it may take effect later); rules are read with `profile_on`.
    profile_id: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    def summary(self) -> dict:
        return {"slug": self.slug, "name": self.name, "profile_id": self.profile_id, "version": self.version}


class ProfileVersion(Base):
    """One version of a tenant's rules: the profile and the day it takes effect (None: from the
    tenant's start), with the earlier text it repeals where the new text says so."""

    __tablename__ = "tenant_profile_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True, nullable=False)
    profile_id: Mapped[str] = mapped_column(String(100), nullable=False)
    effective_from: Mapped[date | None] = mapped_column(Date)
    repeals: Mapped[str | None] = mapped_column(Text)
    repeals_cite: Mapped[str | None] = mapped_column(String(100))
    adopted_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    adopted_by: Mapped[str] = mapped_column(String(200), nullable=False)
    confirmed: Mapped[list | None] = mapped_column(JSON)  # what the adopter confirmed, line by line

    @property
    def profile(self) -> Profile:
        """The profile (rules) the tenant runs under; profiles are parsed once per process.
        A profile adopted at run time is read from the database the first time it is needed."""
        session = object_session(self)
        if session is not None:
            _know_profile(session, self.profile_id)
        return load_profile(self.profile_id)

    def summary(self) -> dict:
        return {"profile_id": self.profile_id, "effective_from": self.effective_from.isoformat() if self.effective_from else None,
                "repeals": self.repeals, "repeals_cite": self.repeals_cite, "confirmed": self.confirmed}


keep_loaded(Tenant)


def _load_stored(session: Session | None) -> None:
    # Imported here: onboarding builds on the core, not the other way round.
    from zhengwu.onboarding.store import ensure_loaded

    if session is not None:
        ensure_loaded(session)


def check_profile(session: Session, profile_id: str) -> Verdict:
    """A shipped profile, or one adopted from a reviewed draft (stored in the database)."""
    _know_profile(session, profile_id)
    if profile_id in known_profiles() or profile_id in registered_profiles():
        return Verdict.passed()
    return Verdict.refused("unknown_profile", f"没有名为「{profile_id}」的规则配置。")


def create_tenant(uow: UnitOfWork, *, slug: str, name: str, profile_id: str) -> Tenant:
    verdict = check_profile(uow.session, profile_id)
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
    add_version(uow.session, ProfileVersion(tenant_id=tenant.id, profile_id=profile_id, effective_from=None,
                                            adopted_at=uow.now, adopted_by=uow.actor.label))
    uow.record("tenant.create", object_type="tenant", object_id=tenant.slug, after=tenant.summary(), tenant_id=None)
    uow.record("tenant.create", object_type="tenant", object_id=tenant.slug, after=tenant.summary(),
               tenant_id=tenant.id)
    return tenant


def find_tenant(session: Session, slug: str) -> Tenant | None:
    tenant = session.execute(select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()
    if tenant is not None:
        _know_profile(session, tenant.profile_id)
    return tenant


def _know_profile(session: Session, profile_id: str) -> None:
    """A tenant row often outlives its session (pages, commands): make sure this process knows
    its profile while the database is at hand, even when another process adopted it."""
    if profile_id not in registered_profiles() and profile_id not in known_profiles():
        _load_stored(session)


def get_tenant(session: Session, slug: str) -> Tenant:
    tenant = find_tenant(session, slug)
    if tenant is None:
        raise NotFound("没有这个单位，或地址有误。")
    return tenant


def list_tenants(session: Session) -> list[Tenant]:
    rows = list(session.execute(select(Tenant).order_by(Tenant.id)).scalars())
    for profile_id in {tenant.profile_id for tenant in rows}:
        _know_profile(session, profile_id)
    return rows


def profile_versions(session: Session, tenant_id: int) -> list[ProfileVersion]:
    """The tenant's versions, oldest first; read once per transaction (a page that judges each of
    its rows by its own date asks for them once per row)."""
    cache = session.info.setdefault("profile_versions", {})
    if tenant_id not in cache:
        rows = session.execute(select(ProfileVersion).where(ProfileVersion.tenant_id == tenant_id)).scalars()
        cache[tenant_id] = sorted(rows, key=lambda v: (v.effective_from or date.min, v.id))
    return cache[tenant_id]


def add_version(session: Session, version: ProfileVersion) -> None:
    """Record a version (and forget the transaction's cached list of the tenant's versions)."""
    session.add(version)
    session.flush()
    session.info.get("profile_versions", {}).pop(version.tenant_id, None)


def version_on(session: Session, tenant_id: int, day: date) -> ProfileVersion:
    """The tenant's version in force on `day`."""
    return in_force(profile_versions(session, tenant_id), day)


def profile_on(session: Session, tenant_id: int, day: date) -> Profile:
    """The rules that judge an event of `day`: the tenant's version in force on that date."""
    return version_on(session, tenant_id, day).profile


def pinned_profile(session: Session, obj) -> Profile:
    """The rules an in-flight object (topic, document, conference request, decision) runs under:
    the version it was pinned to, or, for one started before versions were recorded, the
    version in force on the day it started."""
    if obj.profile_id:
        return load_profile(obj.profile_id)
    return profile_on(session, obj.tenant_id, china_date(obj.created_at))


def segments(session: Session, tenant_id: int, since: date, until: date) -> list[tuple[date, date, ProfileVersion]]:
    """[since, until] cut where a new version takes effect: each part with the version judging it."""
    parts = []
    versions = profile_versions(session, tenant_id)
    for n, version in enumerate(versions):
        start = max(since, version.effective_from or date.min)
        nxt = versions[n + 1].effective_from if n + 1 < len(versions) else None
        end = min(until, nxt - timedelta(days=1)) if nxt else until
        if start <= end:
            parts.append((start, end, version))
    return parts
