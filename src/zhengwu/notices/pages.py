"""Pages of notices: my notice centre (with the unread count in the navigation), my channels,
the government's channels, and the 催办 form the office finds on a notice and on an item's page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.datastructures import FormData

from zhengwu.core import paging
from zhengwu.core.errors import InvalidInput, PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.notices import service
from zhengwu.notices.models import CHANNEL_LABELS
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_home_panel, add_nav
from zhengwu.web.templating import env, templates

router = APIRouter(include_in_schema=False)


def _unread(ctx: TenantPageContext) -> str | None:
    with ctx.db.read() as session:
        count = service.unread_count(session, ctx.current_tenant.id, ctx.user.id)
    return (str(count) if count < 100 else "99+") if count else None


add_nav("通知", "notices", action="notice.view", order=5, count=_unread)


def _operator_panel(ctx: TenantPageContext) -> Markup | None:
    """The operator is no member (no notice centre): its way to a government's channel settings.
    The office's leads find them on their notice centre."""
    if not ctx.user.is_platform_admin or not ctx.can("notice.settings"):
        return None
    return Markup(templates.env.get_template("notices/panel_operator.html").render(tenant=ctx.current_tenant))


add_home_panel(_operator_panel, order=980)


def _lines(body: str) -> list[str]:
    """A notice's body as shown on the page: without the subject line and the link line (the
    notice itself links to the item)."""
    return [line for line in body.splitlines()[1:] if not line.startswith("办理链接：")]


def _remind_form(ctx: TenantPageContext, object_type: str, object_id, *, notice_id: int | None = None,
                 targets=None) -> Markup:
    """The office's 催办 form for one item; nothing for anyone else, or for a finished item.
    `targets`: the units and people to choose from, when a list already read them once."""
    tenant = ctx.current_tenant
    if tenant is None or not ctx.can("notice.remind"):
        return Markup("")
    with ctx.db.read() as session:
        found = service.item(session, tenant.id, object_type, str(object_id))
        if found is None or not found.pending:
            return Markup("")
        units, people = targets or service.remind_targets(session, tenant.id)
    return Markup(templates.env.get_template("notices/_remind.html").render(
        tenant=tenant, csrf_token=ctx.csrf_token, object_type=object_type, object_id=object_id, units=units,
        people=people, back=ctx.request.url.path, notice_id=notice_id, found=found))


env.globals["remind_form"] = _remind_form


@router.get("/t/{tenant}/notices")
def notices_page(ctx: TenantPageContext = TenantPageCtx, after: str = "", unread: str = "", reminded: str = ""):
    ctx.authorize("notice.view", ctx.current_tenant)
    with ctx.db.read() as session:
        rows = service.inbox(session, ctx.current_tenant.id, ctx.user.id, unread_only=unread == "1",
                             after=paging.cursor(after))
        count = service.unread_count(session, ctx.current_tenant.id, ctx.user.id)
        targets = service.remind_targets(session, ctx.current_tenant.id) if ctx.can("notice.remind") else None
    return ctx.render("notices/list.html", rows=rows, unread=count, only_unread=unread == "1", lines=_lines,
                      kind_labels=service.KIND_LABELS, reminded=reminded.isdigit() and int(reminded),
                      remind_form=lambda *a, **k: _remind_form(*a, targets=targets, **k))


@router.post("/t/{tenant}/notices/{notice_id}/read")
def read_one(notice_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    ctx.authorize("notice.view", ctx.current_tenant)
    with ctx.db.write() as session:
        service.mark_read(session, ctx.current_tenant.id, ctx.user.id, notice_id, ctx.now)
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/notices", status_code=303)


@router.post("/t/{tenant}/notices/read-all")
def read_all(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    ctx.authorize("notice.view", ctx.current_tenant)
    with ctx.db.write() as session:
        service.mark_all_read(session, ctx.current_tenant.id, ctx.user.id, ctx.now)
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/notices", status_code=303)


def _id(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


@router.post("/t/{tenant}/remind")
def remind(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    """催办 from an item's page or from a notice: the target is 「部门」 or 「人员」 chosen in one list."""
    kind, _, target = str(form.get("target", "")).partition(":")
    with ctx.unit_of_work("notice.remind", ctx.current_tenant) as uow:
        people = service.remind(uow, object_type=str(form.get("object_type", "")),
                                object_id=str(form.get("object_id", "")),
                                unit_id=_id(target) if kind == "unit" else None,
                                user_id=_id(target) if kind == "user" else None,
                                message=str(form.get("message", "")))
    back = str(form.get("back", ""))
    slug = ctx.current_tenant.slug
    # Only back to a page of this government (never an address from elsewhere).
    if not back.startswith(f"/t/{slug}/") or "//" in back[1:]:
        back = f"/t/{slug}/notices"
    return RedirectResponse(f"{back}?reminded={len(people)}", status_code=303)


def _seen_version(form: FormData) -> int | None:
    """The version of the settings the page showed, empty when it showed the defaults (none saved
    yet); a form without the field is from no page of ours (or an outdated one)."""
    if "version" not in form:
        raise InvalidInput("表单缺少「所见版本」，无法确认您看到的是最新内容：请刷新页面后重试。")
    value = str(form.get("version", "")).strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        raise InvalidInput("表单中的「所见版本」无效：请刷新页面后重试。")
    return int(value)


# --- my channels ------------------------------------------------------------------------------


def _preferences_page(ctx: TenantPageContext, *, values=None, error: RuleViolation | None = None, saved: bool = False,
                      status_code: int = 200):
    with ctx.db.read() as session:
        mine = service.preference(session, ctx.current_tenant.id, ctx.user.id)
        enabled = service.channel_settings(session, ctx.current_tenant.id)
    return ctx.render("notices/preferences.html", values=values or mine.summary(), enabled=enabled, error=error,
                      saved=saved, labels=CHANNEL_LABELS, status_code=status_code)


@router.get("/t/{tenant}/notices/preferences")
def preferences_page(ctx: TenantPageContext = TenantPageCtx, saved: str = ""):
    ctx.authorize("notice.view", ctx.current_tenant)
    return _preferences_page(ctx, saved=saved == "1")


@router.post("/t/{tenant}/notices/preferences")
def save_preferences(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    values: dict[str, Any] = {"inapp": form.get("inapp") == "1", "email": form.get("email") == "1",
              "webhook": form.get("webhook") == "1", "email_address": str(form.get("email_address", ""))[:300],
              "webhook_url": str(form.get("webhook_url", ""))[:600], "expected_version": _seen_version(form)}
    try:
        with ctx.unit_of_work("notice.preferences", ctx.current_tenant) as uow:
            service.save_preferences(uow, **values)
    except PermissionDenied:
        raise
    except RuleViolation as refusal:
        return _preferences_page(ctx, values={**values, "version": values["expected_version"]}, error=refusal,
                                 status_code=422)
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/notices/preferences?saved=1", status_code=303)


# --- the government's channels ------------------------------------------------------------------


def _settings_page(ctx: TenantPageContext, *, values=None, error: RuleViolation | None = None, saved: bool = False,
                   status_code: int = 200):
    with ctx.db.read() as session:
        found = service.channel_settings(session, ctx.current_tenant.id).summary()
    return ctx.render("notices/settings.html", values=values or found, error=error, saved=saved,
                      status_code=status_code)


@router.get("/t/{tenant}/notices/settings")
def settings_page(ctx: TenantPageContext = TenantPageCtx, saved: str = ""):
    ctx.authorize("notice.settings", ctx.current_tenant)
    return _settings_page(ctx, saved=saved == "1")


@router.post("/t/{tenant}/notices/settings")
def save_settings(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    port = str(form.get("smtp_port", "")).strip()
    password = str(form.get("smtp_password", ""))
    values: dict[str, Any] = {"inapp": form.get("inapp") == "1", "email": form.get("email") == "1",
              "webhook": form.get("webhook") == "1", "smtp_host": str(form.get("smtp_host", ""))[:300],
              "smtp_port": int(port) if port.isdigit() and len(port) < 6 else 0,
              "smtp_sender": str(form.get("smtp_sender", ""))[:300], "smtp_starttls": form.get("smtp_starttls") == "1",
              "smtp_username": str(form.get("smtp_username", ""))[:300],
              "robot_urls": [u for u in str(form.get("robot_urls", "")).splitlines() if u.strip()],
              "expected_version": _seen_version(form)}
    try:
        with ctx.unit_of_work("notice.settings", ctx.current_tenant) as uow:
            # An empty password field keeps the stored password: the page never shows it.
            service.save_settings(uow, smtp_password=password or None, **values)
    except PermissionDenied:
        raise
    except RuleViolation as refusal:
        return _settings_page(ctx, values={**values, "smtp_port": port, "version": values["expected_version"]},
                              error=refusal, status_code=422)
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/notices/settings?saved=1", status_code=303)


@router.post("/t/{tenant}/notices/{notice_id}/open")
def open_notice(notice_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    """Following a notice marks it read and goes to the item's page (a form: reading changes it)."""
    ctx.authorize("notice.view", ctx.current_tenant)
    with ctx.db.write() as session:
        row = service.mark_read(session, ctx.current_tenant.id, ctx.user.id, notice_id, ctx.now)
        link = row.link
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/{link}", status_code=303)
