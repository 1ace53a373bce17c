"""The operator's page for a tenant's rules versions (history, preview with the comparison and
the open objects touched, dated adoption), and the office's move of an in-flight object."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from zhengwu.core import permissions, tenants
from zhengwu.core.errors import ZhengwuError
from zhengwu.org.reference import key_label, fact_value
from zhengwu.rulebook import labels
from zhengwu.rulebook.profile import known_profiles, load_profile, registered_profiles
from zhengwu.versions import service
from zhengwu.web import forms
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_nav

router = APIRouter(include_in_schema=False)
add_nav("单位设置", "settings", action="tenant.adopt_profile", order=950)


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        raise ZhengwuError("施行日期应为日期（如 2027-01-01）。", code="validation_error") from None


def _history(session, tenant) -> list[dict]:
    return [{"label": labels.version_label(v.profile), "from": v.effective_from, "repeals": v.repeals,
             "repeals_cite": v.repeals_cite, "by": v.adopted_by, "at": v.adopted_at, "confirmed": v.confirmed or []}
            for v in tenants.profile_versions(session, tenant.id)]


def _choices() -> list[tuple[str, str]]:
    # Shipped profiles, then those adopted from reviewed drafts (loaded with the tenant's page).
    return [(pid, labels.version_label(load_profile(pid))) for pid in known_profiles() + registered_profiles()]


@router.get("/t/{tenant}/settings")
def tenant_settings(ctx: TenantPageContext = TenantPageCtx, saved: bool = False):
    ctx.authorize("tenant.adopt_profile", ctx.current_tenant)
    with ctx.db.read() as session:
        history = _history(session, ctx.current_tenant)
        current = tenants.profile_on(session, ctx.current_tenant.id, ctx.today)
    return ctx.render("versions/settings.html", history=history, current=labels.version_label(current),
                      current_id=current.id, choices=_choices(), saved=saved, today=ctx.today)


@router.get("/t/{tenant}/settings/preview")
def preview(ctx: TenantPageContext = TenantPageCtx, profile_id: str = "", effective_from: str = ""):
    ctx.authorize("tenant.adopt_profile", ctx.current_tenant)
    day = _day(effective_from)
    with ctx.db.read() as session:
        tenant = tenants.get_tenant(session, ctx.current_tenant.slug)
        plan = service.plan_adoption(session, tenant, profile_id, day, ctx.today)
    rows = []
    if plan.new is not None and plan.replaced is not None and plan.verdict.ok:
        old, new = plan.replaced.profile, plan.new
        holders = {**dict(old.leaves()), **dict(new.leaves())}
        titles = labels.titles(new)
        rows = [{"label": key_label(new, c["key"], holders), "old": fact_value(c["old"]["value"], titles),
                 "old_cite": c["old"]["cite"], "old_inherited": c["old"]["inherited_from"],
                 "new": fact_value(c["new"]["value"], titles), "new_cite": c["new"]["cite"],
                 "new_inherited": c["new"]["inherited_from"]} for c in plan.changes]
    return ctx.render("versions/preview.html", plan=plan, rows=rows, tenant_row=tenant,
                      new_label=labels.version_label(plan.new) if plan.new else "",
                      old_label=labels.version_label(plan.replaced.profile) if plan.replaced else "")


@router.post("/t/{tenant}/settings/profile")
def adopt(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    version = str(form.get("version", ""))
    if not version.isdigit():
        raise ZhengwuError("表单缺少版本号，请刷新页面后重试。", code="validation_error")
    effective_from = form.get("effective_from")
    day = _day(effective_from if isinstance(effective_from, str) else None)
    with ctx.unit_of_work("tenant.adopt_profile", ctx.current_tenant) as uow:
        permissions.require(uow, "tenant.adopt_profile")
        tenant = tenants.get_tenant(uow.session, ctx.current_tenant.slug)
        service.adopt_profile(uow, tenant, str(form.get("profile_id", "")), day,
                              confirmed=form.get("confirm") == "1", expected_version=int(version))
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/settings?saved=1", status_code=303)


@router.post("/t/{tenant}/versions/move/{kind}/{object_id}")
def move(kind: str, object_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    if kind not in service.KINDS:
        raise ZhengwuError("没有这类在办事项。", code="not_found")
    with ctx.unit_of_work("versions.move", ctx.current_tenant, object_type=kind, object_id=object_id) as uow:
        permissions.require(uow, "versions.move")  # who may, before what the form sent
        row = service.move_to_current(uow, kind, object_id, forms.integer(form, "version", "版本"))
        path = service.KINDS[kind][3].format(id=row.id)
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/{path}", status_code=303)
