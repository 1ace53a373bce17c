"""Who is asking, in which tenant: the request context every page and API route starts from.

Pages authenticate by the session cookie and check the CSRF token on every form POST. The API
accepts a bearer token (`Authorization: Bearer …`) or the browser's session cookie; with the
cookie, a mutating call must carry the session's CSRF token in `X-CSRF-Token`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from contextlib import AbstractContextManager
from typing import Any, Callable, overload

from fastapi import Depends, Request
from zhengwu.web.beijing import BeijingJSONResponse
from starlette.datastructures import FormData

from zhengwu.calendar import default_calendar
from zhengwu.calendar.clock import china_date
from zhengwu.core import body_ids, idempotency, permissions, sessions
from zhengwu.core.db import Database
from zhengwu.core.errors import CsrfRejected, LoginRequired, NotFound, PermissionDenied, RateLimited
from zhengwu.core.settings import Settings
from zhengwu.core.tenants import Tenant, find_tenant, profile_on
from zhengwu.core.uow import Actor, TenantWork, UnitOfWork, record_refusal, unit_of_work
from zhengwu.core.users import User, tenants_of
from zhengwu.holiday_notices import service as holiday_notices
from zhengwu.rulebook.profile import Profile
from zhengwu.web import forms
from zhengwu.web.shell import nav_for
from zhengwu.web.templating import templates

SESSION_COOKIE = "zhengwu_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def db_of(request: Request) -> Database:
    return request.app.state.db


def now_of(request: Request) -> datetime:
    """This request's "now", from the app's clock (a fixed one in tests)."""
    return request.app.state.clock.now()


@dataclass
class Login:
    """An authenticated request: the user and the session (or token) they came with."""

    user: User
    row: sessions.LoginSession
    now: datetime

    @property
    def actor(self) -> Actor:
        return self.user.actor


def _login_from_token(request: Request, token: str | None) -> Login | None:
    db, settings, now = db_of(request), settings_of(request), now_of(request)
    with db.read() as session:
        row = sessions.find_session(session, token, now)
        if row is None:
            return None
        user = session.get_one(User, row.user_id)
    if sessions.needs_touch(row, now):
        with db.write() as session:
            sessions.touch(session, settings, session.merge(row), now)
    return Login(user, row, now)


def _limit_user(request: Request, user_id: int) -> None:
    """Per-user request rate (core/limits.py): counted once the caller is known."""
    from zhengwu.web import edge

    limits = settings_of(request).limits
    write = request.method not in SAFE_METHODS
    wait = request.app.state.limiter.allow(("user_write" if write else "user_read", user_id),
                                           limits.user_write if write else limits.user_read)
    if wait:
        refusal = edge.too_many(wait)
        raise RateLimited(refusal.message, headers=refusal.headers)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class Context:
    """Shared by pages and API: the user's standing in a tenant and the way to change things."""

    def __init__(self, request: Request, login: Login):
        self.request = request
        self.login = login
        self.user = login.user
        self.db = db_of(request)
        self.settings = settings_of(request)
        self.now = login.now

    @property
    def today(self) -> date:
        """The Beijing calendar day of this request."""
        return china_date(self.now)

    @property
    def actor(self) -> Actor:
        return self.login.actor

    def tenant(self, slug: str) -> Tenant:
        """The tenant by its code; a user who does not belong to it is refused (and audited)."""
        with self.db.read() as session:
            tenant = find_tenant(session, slug)
        if tenant is None:
            raise NotFound("没有这个单位，或地址有误。")
        self.authorize("tenant.view", tenant)
        return tenant

    def profile_of(self, tenant: Tenant) -> Profile:
        """The tenant's rules in force on this request's day."""
        with self.db.read() as session:
            return profile_on(session, tenant.id, self.today)

    def subject(self, tenant: Tenant | None) -> permissions.Subject:
        """The user's standing in the tenant, worked out once per request: the tenant check, the
        page's own check and the navigation all ask for it (each asking cost 7 queries)."""
        known = getattr(self.request.state, "zhengwu_subjects", None)
        if known is None:
            known = self.request.state.zhengwu_subjects = {}
        key = tenant.id if tenant else None
        if key not in known:
            with self.db.read() as session:
                known[key] = permissions.subject_for(session, self.user.id, key, self.now)
        return known[key]

    def can(self, action: str, tenant: Tenant | None) -> bool:
        return permissions.check(action, self.subject(tenant)).ok

    def authorize(self, action: str, tenant: Tenant | None) -> permissions.Subject:
        """Refuse (and audit the refusal) unless the user may do `action` in `tenant`."""
        subject = self.subject(tenant)
        verdict = permissions.check(action, subject)
        if not verdict.ok:
            refusal = PermissionDenied(verdict)
            record_refusal(self.db, self.actor, action, refusal, tenant_id=tenant.id if tenant else None,
                           now=self.now)
            raise refusal
        return subject

    @overload
    def unit_of_work(self, action: str, tenant: Tenant, **kwargs: Any) -> AbstractContextManager[TenantWork]: ...
    @overload
    def unit_of_work(self, action: str, tenant: None = None, **kwargs: Any) -> AbstractContextManager[UnitOfWork]: ...
    def unit_of_work(self, action: str, tenant: Tenant | None = None, **kwargs: Any) -> AbstractContextManager[UnitOfWork]:
        return unit_of_work(self.db, self.actor, action, tenant_id=tenant.id if tenant else None,
                            now=self.now, **kwargs)


class ApiContext(Context):
    def __init__(self, request: Request, login: Login, body: bytes):
        super().__init__(request, login)
        self.body = body

    def mutate(self, action: str, use_case: Callable[[Any], Any], *, tenant: Tenant | None = None,
               status_code: int = 200):
        """Run a mutating use case once per Idempotency-Key; returns the JSON response. The ids the
        body names must be the tenant's (core/body_ids.py)."""
        request = self.request
        if tenant is not None and self.body:
            try:
                named = json.loads(self.body)
            except ValueError:
                named = None
            with self.db.read() as session:
                body_ids.check(session, tenant.id, named)
        outcome = idempotency.run_once(
            self.db, self.actor, action, use_case,
            key=request.headers.get("idempotency-key"),
            request_fingerprint=idempotency.fingerprint(request.method, request.url.path, self.body),
            status_code=status_code, tenant_id=tenant.id if tenant else None, now=self.now,
        )
        headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
        return BeijingJSONResponse(outcome.body, status_code=outcome.status_code, headers=headers)


async def api_context(request: Request) -> ApiContext:
    body = await request.body()
    token = _bearer(request)
    via_cookie = token is None
    login = _login_from_token(request, token or request.cookies.get(SESSION_COOKIE))
    if login is None or (token is not None and login.row.kind != sessions.API):
        raise LoginRequired("请先登录，或在请求头 Authorization 中提供有效的令牌（Bearer）。")
    _limit_user(request, login.user.id)
    if via_cookie and request.method not in SAFE_METHODS:
        if not sessions.csrf_matches(login.row, request.headers.get(CSRF_HEADER)):
            raise CsrfRejected()
    return ApiContext(request, login, body)


class PageContext(Context):
    """A logged-in page request, in a tenant when the URL names one."""

    def __init__(self, request: Request, login: Login, tenant: Tenant | None):
        super().__init__(request, login)
        self.current_tenant = tenant
        self.csrf_token = login.row.csrf_token
        with self.db.read() as session:
            self.tenants = tenants_of(session, self.user)
        self.standing = self.subject(tenant) if tenant else None

    @property
    def profile(self) -> Profile:
        """The rules of the current tenant in force on this request's day (tenant pages only)."""
        assert self.current_tenant is not None, "a page outside any tenant has no rules"
        return self.profile_of(self.current_tenant)

    def can(self, action: str, tenant: Tenant | None = None) -> bool:
        if tenant is None and self.standing is not None:
            return permissions.check(action, self.standing).ok
        return super().can(action, tenant)

    def calendar_gap(self) -> int | None:
        """For the operator: the year whose holiday notice should be entered now, if any."""
        if not self.user.is_platform_admin:
            return None
        return holiday_notices.missing_next_year(self.today, default_calendar())

    def render(self, template: str, status_code: int = 200, **values):
        return templates.TemplateResponse(
            self.request, template,
            {"ctx": self, "user": self.user, "tenant": self.current_tenant, "tenants": self.tenants,
             "nav": nav_for(self) if isinstance(self, TenantPageContext) else [], "csrf_token": self.csrf_token,
             "calendar_gap": self.calendar_gap(), **values},
            status_code=status_code,
        )


def _page_login(request: Request) -> Login:
    login = _login_from_token(request, request.cookies.get(SESSION_COOKIE))
    if login is None or login.row.kind != sessions.BROWSER:
        raise LoginRequired()
    if request.scope.get("zhengwu_rate_counted") is None:
        request.scope["zhengwu_rate_counted"] = True  # a form POST asks for the login twice
        _limit_user(request, login.user.id)
    return login


def page_context(request: Request) -> PageContext:
    """A logged-in page outside any tenant (e.g. choosing one)."""
    return PageContext(request, _page_login(request), None)


class TenantPageContext(PageContext):
    """A logged-in page under /t/<tenant>/…: its tenant is always there."""

    current_tenant: Tenant
    standing: permissions.Subject  # the person's standing in that tenant, taken in PageContext.__init__

    def __init__(self, request: Request, login: Login, tenant: Tenant):
        super().__init__(request, login, tenant)


def tenant_page_context(tenant: str, request: Request) -> TenantPageContext:
    """A logged-in page under /t/<tenant>/…; the user must belong to that tenant."""
    login = _page_login(request)
    base = Context(request, login)
    return TenantPageContext(request, login, base.tenant(tenant))


async def csrf_form(request: Request) -> FormData:
    """The submitted form, once its CSRF token matches the session's; for every form POST."""
    form = await request.form()
    login = _page_login(request)
    given = form.get("csrf_token") or request.headers.get(CSRF_HEADER)
    if not sessions.csrf_matches(login.row, given if isinstance(given, str) else None):
        raise CsrfRejected()
    # Kept for a refusal: the page the form came from is shown again with what was typed (web/errors.py).
    request.scope["zhengwu_form"] = form
    forms.check_all(form)
    return form


PageCtx = Depends(page_context)
TenantPageCtx = Depends(tenant_page_context)
ApiCtx = Depends(api_context)
CheckedForm = Depends(csrf_form)
