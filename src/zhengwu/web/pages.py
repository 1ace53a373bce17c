"""The frame's own pages: login and logout, one's account (password, other sessions), choosing a
tenant, the home page, the audit log."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData


from zhengwu.core import audit, paging, sessions, users
from zhengwu.core.errors import CsrfRejected
from zhengwu.core.verdict import RuleViolation
from zhengwu.core.uow import unit_of_work
from zhengwu.core.users import authenticate
from zhengwu.org.rules import OFFICE_KINDS
from zhengwu.rulebook import labels
from zhengwu.web import forms
from zhengwu.web.context import (SESSION_COOKIE, CheckedForm, PageContext, PageCtx, TenantPageContext, TenantPageCtx, db_of,
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


@router.get("/account")
def account(ctx: PageContext = PageCtx, done: str | None = None):
    return ctx.render("account.html", done=done, error=None)


@router.post("/account/password")
def change_password(ctx: PageContext = PageCtx, form: FormData = CheckedForm):
    try:
        with ctx.unit_of_work("user.change_password") as uow:
            user = users.change_password(uow, ctx.settings, ctx.user.id, forms.text(form, "current_password"),
                                         forms.text(form, "new_password"))
            sessions.end_other_sessions(uow, user, ctx.login.row)
    except RuleViolation as refusal:
        message = "；".join(reason.message for reason in refusal.verdict.reasons)
        return ctx.render("account.html", done=None, error=message, status_code=422)
    return RedirectResponse("/account?done=password", status_code=303)


@router.post("/account/sessions")
def end_other_sessions(ctx: PageContext = PageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("session.end_others") as uow:
        sessions.end_other_sessions(uow, uow.session.get_one(users.User, ctx.user.id), ctx.login.row)
    return RedirectResponse("/account?done=sessions", status_code=303)


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
def home(ctx: TenantPageContext = TenantPageCtx):
    recent = None
    # The office keeps the government's business moving and reads its latest steps here; everyone
    # else starts from their own work (the audit log stays one click away for every member).
    if ctx.can("audit.view") and ctx.standing.posts & set(OFFICE_KINDS):
        with ctx.db.read() as session:
            recent = audit.recent_for(session, audit.chain_of(ctx.current_tenant.id), ctx.current_tenant.id,
                                      ctx.user.id, ctx.now, limit=5)
    return ctx.render("home.html", panels=panels_for(ctx), recent=recent, rules_label=labels.version_label(ctx.profile))


@router.get("/t/{tenant}/audit")
def audit_log(ctx: TenantPageContext = TenantPageCtx, before: str = "", object_type: str = "", object_id: str = "",
              verify: str = ""):
    """A page of the tenant's chain, newest first (keyset on the sequence number), optionally one
    object's events. Walking the whole chain takes seconds on a year's events, so it runs only
    when asked for (校验整条链), not on every view."""
    ctx.authorize("audit.view", ctx.current_tenant)
    with ctx.db.read() as session:
        verification = audit.verify(session, audit.chain_of(ctx.current_tenant.id)) if verify == "1" else None
        # Events about what this member may not read (a classified document) are left out.
        events = audit.log_page(session, ctx.current_tenant.id, ctx.user.id, ctx.now, object_type=object_type.strip(),
                                object_id=object_id.strip(), before=paging.cursor(before), limit=AUDIT_PAGE)
    return ctx.render("audit.html", verification=verification, events=events, older=events.next_after,
                      objects=audit.object_labels(),
                      object_type=object_type.strip(), object_id=object_id.strip())

