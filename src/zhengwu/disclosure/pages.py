"""Pages of disclosure: the office's queue with the confidentiality check and its request desk
with clocks; and each government's public portal (/public/<tenant>), open without login."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from zhengwu.calendar import china_date, default_calendar
from zhengwu.core import paging
from zhengwu.core.errors import CsrfRejected, InvalidInput
from zhengwu.core.tenants import get_tenant, profile_on
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation
from zhengwu.disclosure import rules, service
from zhengwu.rulebook.labels import titles, word
from zhengwu.rulebook.provenance import rule, rule_cite
from zhengwu.web import forms
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx, db_of, now_of, settings_of
from zhengwu.web.shell import add_nav
from zhengwu.web.templating import templates

router = APIRouter(include_in_schema=False)
add_nav("政务公开", "disclosure", action="disclosure.view", order=50)

# The public form has no session to hold a CSRF token: a double-submit cookie, as on the login page.
PUBLIC_CSRF_COOKIE = "zhengwu_public_csrf"


@router.get("/t/{tenant}/disclosure")
def desk(ctx: TenantPageContext = TenantPageCtx, queued_after: str = "", published_after: str = "",
         withheld_after: str = "", requests_after: str = ""):
    ctx.authorize("disclosure.view", ctx.current_tenant)
    today = ctx.today
    calendar = default_calendar()
    tenant_id = ctx.current_tenant.id
    with ctx.db.read() as session:
        profile = profile_on(session, tenant_id, today)
        queued = service.item_page(session, tenant_id, "queued", after=paging.cursor(queued_after))
        published = service.item_page(session, tenant_id, "published", after=paging.cursor(published_after))
        withheld = service.item_page(session, tenant_id, "withheld", after=paging.cursor(withheld_after))
        asked = service.request_page(session, tenant_id, after=paging.cursor(requests_after))
        asked_clocks = [(r, service.clock(session, r, today)) for r in asked]
        # Each item is judged by the rules in force on the day it was formed.
        formed = {i.id: profile_on(session, tenant_id, i.formed_on) for i in queued}
    queue = [(i, rules.publication_due(formed[i.id], calendar, i.formed_on), rules.check_publish(formed[i.id], i.state_for_rules()))
             for i in queued]
    names = titles(profile)
    return ctx.render(
        "disclosure/desk.html", queue=queue, published=published, withheld=withheld,
        requests=asked_clocks, today=today,
        pages={"queued": queued, "published": published, "withheld": withheld, "requests": asked},
        kinds=rules.KIND_LABELS, classifications=rules.CLASSIFICATION_LABELS, reply_kinds=service.REPLY_KINDS,
        identity_types=rules.IDENTITY_TYPES, media=rules.MEDIA, deliveries=rules.DELIVERIES,
        meeting_kinds=[(k, word(k, names)) for k in (profile.meetings.types.value if profile.meetings and profile.meetings.types else [])],
        interpretation_policy=rules.interpretation_required(profile, "policy"),
        interpretation_cite=rule_cite(profile, "disclosure.interpretation_with_policy"),
        check_cite=rule_cite(profile, "disclosure.confidentiality_review"),
        reply_cite=rule_cite(profile, rules.REPLY_KEY),
        can_manage=ctx.can("disclosure.manage"), can_extend=ctx.can("disclosure.extend"),
        can_submit=ctx.can("disclosure.submit"), channels=rules.RECEIPT_CHANNELS)


def _back(ctx: TenantPageContext) -> RedirectResponse:
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/disclosure", status_code=303)


@router.post("/t/{tenant}/disclosure/items")
def submit(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("disclosure.submit", ctx.current_tenant) as uow:
        service.submit(uow, kind=forms.text(form, "kind"), title=forms.text(form, "title"),
                       formed_on=forms.day(form, "formed_on", "形成日期"), body=forms.text(form, "body"),
                       meeting_kind=forms.text(form, "meeting_kind") or None,
                       classification=forms.text(form, "classification") or None,
                       source_ref=forms.text(form, "source_ref"), interpretation=forms.text(form, "interpretation"))
    return _back(ctx)


@router.post("/t/{tenant}/disclosure/items/{item_id}/check")
def check(item_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    cleared = forms.text(form, "cleared") == "1"
    with ctx.unit_of_work("disclosure.check" if cleared else "disclosure.withhold", ctx.current_tenant) as uow:
        service.check_confidentiality(uow, item_id, forms.integer(form, "version", "版本"), cleared=cleared,
                                      note=forms.text(form, "note"))
    return _back(ctx)


@router.post("/t/{tenant}/disclosure/items/{item_id}/interpretation")
def interpretation(item_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("disclosure.interpretation", ctx.current_tenant) as uow:
        service.set_interpretation(uow, item_id, forms.integer(form, "version", "版本"), forms.text(form, "text"))
    return _back(ctx)


@router.post("/t/{tenant}/disclosure/items/{item_id}/publish")
def publish(item_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("disclosure.publish", ctx.current_tenant) as uow:
        service.publish(uow, item_id, forms.integer(form, "version", "版本"))
    return _back(ctx)


@router.post("/t/{tenant}/disclosure/requests")
def register_request(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    """The office registers a request received in person, by post or by fax (条例第三十一条)."""
    with ctx.unit_of_work("disclosure.register_request", ctx.current_tenant) as uow:
        service.register_request(uow, _application(form), channel=forms.text(form, "channel"),
                                 on=forms.day(form, "on", "收到申请之日"))
    return _back(ctx)


@router.post("/t/{tenant}/disclosure/requests/{request_id}/extend")
def extend(request_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("disclosure.extend", ctx.current_tenant) as uow:
        service.extend_request(uow, request_id, forms.integer(form, "version", "版本"),
                               workdays=forms.integer(form, "workdays", "延长工作日"), reason=forms.text(form, "reason"))
    return _back(ctx)


@router.post("/t/{tenant}/disclosure/requests/{request_id}/reply")
def reply(request_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("disclosure.reply", ctx.current_tenant) as uow:
        service.reply_request(uow, request_id, forms.integer(form, "version", "版本"),
                              reply_kind=forms.text(form, "reply_kind"), text=forms.text(form, "text"))
    return _back(ctx)


# --- the public portal ---------------------------------------------------------------------

APPLICATION_FIELDS = ("applicant", "identity_type", "identity_number", "contact", "description", "medium", "delivery")


def _application(form: FormData) -> rules.Application:
    """条例第二十九条's items as typed into the portal's or the office's form."""
    return rules.Application(**{name: forms.text(form, name) for name in APPLICATION_FIELDS})


def _portal(request: Request, slug: str, *, filed_id: int | None = None, error: str | None = None,
            values: dict | None = None, status_code: int = 200):
    db = db_of(request)
    today = china_date(now_of(request))
    with db.read() as session:
        tenant = get_tenant(session, slug)
        profile = profile_on(session, tenant.id, today)
        items = service.published_page(session, tenant.id, after=paging.cursor(request.query_params.get("after")))
        # Only the number and the dates are shown back: nothing the applicant wrote.
        filed = None
        if filed_id is not None:
            found = service.get_request(session, tenant.id, filed_id)
            filed = {"id": found.id, "number": found.number or found.id, "received_on": found.received_on,
                     "due_on": service.clock(session, found, today).due_on}
    token = secrets.token_urlsafe(32)
    response = templates.TemplateResponse(request, "disclosure/portal.html", {
        "tenant": tenant, "user": None, "nav": [], "items": items, "kinds": rules.KIND_LABELS, "filed": filed,
        "identity_types": rules.IDENTITY_TYPES, "media": rules.MEDIA, "deliveries": rules.DELIVERIES,
        "application_cite": rules.APPLICATION_CITE,
        "error": error, "values": values or {}, "public_csrf": token, "today": today,
        "reply_days": rule(profile, rules.REPLY_KEY).value,
        "extension_days": rule(profile, rules.EXTENSION_KEY).value,
        "reply_cite": rule_cite(profile, rules.REPLY_KEY)}, status_code=status_code)
    response.set_cookie(PUBLIC_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=settings_of(request).secure_cookies, path="/public")
    return response


@router.get("/public/{tenant}")
def portal(tenant: str, request: Request, filed: int | None = None):
    return _portal(request, tenant, filed_id=filed)


@router.post("/public/{tenant}/requests")
async def public_request(tenant: str, request: Request):
    form = await request.form()
    cookie = request.cookies.get(PUBLIC_CSRF_COOKIE)
    if not cookie or not secrets.compare_digest(cookie, forms.text(form, "csrf_token")):
        raise CsrfRejected()
    # What was typed goes back into the form on a refusal (never into a log or another page).
    values = {name: value for name in APPLICATION_FIELDS if isinstance(value := form.get(name, ""), str)}
    db, now = db_of(request), now_of(request)
    with db.read() as session:
        found = get_tenant(session, tenant)
    try:
        application = _application(form)
        with unit_of_work(db, Actor(None, f"公众（{application.applicant.strip()[:40] or '未署名'}）"),
                          "disclosure.request", tenant_id=found.id, now=now) as uow:
            filed = service.file_request(uow, application)
    except RuleViolation as refusal:
        return _portal(request, tenant, error="；".join(r.message for r in refusal.verdict.reasons), values=values,
                       status_code=422)
    except InvalidInput as refusal:
        return _portal(request, tenant, error=refusal.message, values=values, status_code=422)
    return RedirectResponse(f"/public/{found.slug}?filed={filed.id}#request", status_code=303)
