"""The frame's own pages: login and logout, choosing a tenant, the home page, the audit log."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from zhengwu.core import audit, permissions, sessions, tenants
from zhengwu.core.errors import CsrfRejected, ZhengwuError
from zhengwu.core.uow import unit_of_work
from zhengwu.onboarding.store import ensure_loaded
from zhengwu.core.users import authenticate
from zhengwu.rulebook.profile import known_profiles, load_profile, registered_profiles
from zhengwu.web.context import (SESSION_COOKIE, CheckedForm, PageContext, PageCtx, TenantPageCtx, db_of,
                                 now_of, settings_of)
from zhengwu.web.shell import add_nav, panels_for
from zhengwu.web.templating import templates

router = APIRouter(include_in_schema=False)

# Before login there is no session to hold a CSRF token, so the login form uses a
# double-submit cookie: the token in the form must equal the one in this cookie.
LOGIN_CSRF_COOKIE = "zhengwu_login_csrf"
AUDIT_PAGE = 50

add_nav("首页", "", order=0)
add_nav("审计日志", "audit", action="audit.view", order=900)
add_nav("单位设置", "settings", action="tenant.switch_profile", order=950)


def _safe_next(target: str | None) -> str:
    # Only local paths: never redirect a user to another site after login.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _login_form(request: Request, *, error: str | None = None, username: str = "", next_: str = "/",
                status_code: int = 200):
    token = secrets.token_urlsafe(32)
    response = templates.TemplateResponse(
        request, "login.html",
        {"error": error, "username": username, "next": next_, "login_csrf": token, "user": None, "tenant": None,
         "nav": []},
        status_code=status_code,
    )
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=settings_of(request).secure_cookies, path="/login")
    return response


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    return _login_form(request, next_=_safe_next(next))


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/")):
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not cookie or not secrets.compare_digest(cookie, csrf_token):
        raise CsrfRejected()
    db, settings, now = db_of(request), settings_of(request), now_of(request)
    result = authenticate(db, settings, username.strip(), password, now)
    if result.user is None:
        message = "；".join(reason.message for reason in result.verdict.reasons)
        return _login_form(request, error=message, username=username, next_=_safe_next(next), status_code=401)
    with unit_of_work(db, result.user.actor, "login", now=now) as uow:
        token, _row = sessions.start_session(uow, settings, result.user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=settings.secure_cookies,
                        max_age=int(settings.session_idle.total_seconds()), path="/")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(ctx: PageContext = PageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("logout") as uow:
        sessions.end_session(uow, ctx.login.row, ctx.user)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def start(ctx: PageContext = PageCtx):
    """Go to the tenant last worked in, or the only one; otherwise let the user choose."""
    remembered = [t for t in ctx.tenants if t.id == ctx.login.row.tenant_id]
    if remembered or len(ctx.tenants) == 1:
        return RedirectResponse(f"/t/{(remembered or ctx.tenants)[0].slug}/", status_code=303)
    return ctx.render("choose_tenant.html")


@router.post("/switch-tenant")
def switch_tenant(ctx: PageContext = PageCtx, form: FormData = CheckedForm):
    tenant = ctx.tenant(str(form.get("tenant", "")))
    with ctx.db.write() as session:
        sessions.select_tenant(session, ctx.login.row, tenant.id)
    return RedirectResponse(f"/t/{tenant.slug}/", status_code=303)


@router.get("/t/{tenant}/")
def home(ctx: PageContext = TenantPageCtx):
    recent = None
    if ctx.can("audit.view"):
        with ctx.db.read() as session:
            recent = audit.recent(session, audit.chain_of(ctx.current_tenant.id), limit=5)
    return ctx.render("home.html", panels=panels_for(ctx), recent=recent)


@router.get("/t/{tenant}/audit")
def audit_log(ctx: PageContext = TenantPageCtx, before: int | None = None):
    ctx.authorize("audit.view", ctx.current_tenant)
    chain = audit.chain_of(ctx.current_tenant.id)
    with ctx.db.read() as session:
        verification = audit.verify(session, chain)
        events = audit.recent(session, chain, limit=AUDIT_PAGE, before_seq=before)
    older = events[-1].seq if events and events[-1].seq > 1 else None
    return ctx.render("audit.html", verification=verification, events=events, older=older)


@router.get("/t/{tenant}/settings")
def tenant_settings(ctx: PageContext = TenantPageCtx, saved: bool = False):
    ctx.authorize("tenant.switch_profile", ctx.current_tenant)
    with ctx.db.read() as session:
        ensure_loaded(session)
    profiles = [(profile_id, load_profile(profile_id).name)
                for profile_id in known_profiles() + registered_profiles()]
    return ctx.render("settings.html", profiles=profiles, saved=saved)


@router.post("/t/{tenant}/settings/profile")
def switch_profile(ctx: PageContext = TenantPageCtx, form: FormData = CheckedForm):
    version = str(form.get("version", ""))
    if not version.isdigit():
        raise ZhengwuError("表单缺少版本号，请刷新页面后重试。", code="validation_error")
    with ctx.unit_of_work("tenant.switch_profile", ctx.current_tenant) as uow:
        permissions.require(uow, "tenant.switch_profile")
        tenant = tenants.get_tenant(uow.session, ctx.current_tenant.slug)
        tenants.switch_profile(uow, tenant, str(form.get("profile_id", "")), int(version))
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/settings?saved=1", status_code=303)
