"""Pages of departments' own meetings (部门工作会议), the standing observer units (常设列席单位) and
the office's attendance bulletins (会议出席通报). Each form is offered only to those who may use it
and posts to a use case of `meetings.department_meetings`; a refusal shows the Chinese message
with its article."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.datastructures import FormData

from zhengwu.core import audit, paging
from zhengwu.meetings import department_meetings as service
from zhengwu.meetings import department_rules as drules
from zhengwu.meetings import rules
from zhengwu.meetings.pages import _back, _date, _int, _run
from zhengwu.meetings.queries import departments, leaders
from zhengwu.meetings.scene import roles_of
from zhengwu.org import rules as org_rules
from zhengwu.org import service as org_service
from zhengwu.rulebook import labels
from zhengwu.rulebook.provenance import rule_of
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_nav

router = APIRouter(include_in_schema=False)

add_nav("部门会议", "department-meetings", action="meetings.view", order=225)
add_nav("出席通报", "attendance-bulletins", action="meetings.view", order=226)

audit.label(
    actions={"meetings.request_department_meeting": "登记部门工作会议", "meetings.consent_department_meeting": "同意部门会议邀请",
             "meetings.set_standing_observers": "确定常设列席单位", "meetings.issue_attendance_bulletin": "通报会议出席情况"},
    objects={"department_meeting": "部门工作会议", "standing_observers": "常设列席单位", "attendance_bulletin": "会议出席通报"},
)


def _ids(form: FormData, name: str) -> list[int]:
    return [int(str(v)) for v in form.getlist(name) if str(v).isdigit()]


def _approver(profile, consent: drules.Consent, who) -> str:
    if consent.approver == drules.INVITED_LEADER:
        return f"{who(int(consent.leader))}本人" if consent.leader else "受邀领导本人"
    if consent.approver is None:
        return "（无须审批）"
    return labels.post(consent.approver, labels.titles(profile))


@router.get("/t/{tenant}/department-meetings")
def department_meeting_list(ctx: TenantPageContext = TenantPageCtx, after: str = ""):
    ctx.authorize("meetings.view", ctx.current_tenant)
    tenant, profile = ctx.current_tenant, ctx.profile
    with ctx.db.read() as session:
        scene = service.scene_now(session, tenant, ctx.now)
        page = service.department_meetings(session, tenant, after=paging.cursor(after))
        mine = service.pending_of(session, scene, page.rows, ctx.user.id)
        who = org_service.people(session, tenant.id)
        units = departments(session, tenant)
        government = [p for p in leaders(session, tenant) if p.kind in org_rules.LEADER_KINDS and p.holder_id]
    names = {d.id: d.name for d in units}
    # The departments this person may file for: those they head, or all of them for the office.
    roles = roles_of(scene, ctx.user.id)
    filing = [d for d in units if d.kind == "department"
              and ("office" in roles or "lead_department" in roles_of(scene, ctx.user.id, department_id=d.id))]
    rules_shown = []
    c = profile.conference
    for leaf, text in ((c.leaders_attend_department_meetings if c else None, "政府领导同志一般不出席部门的工作会议"),
                       (c.local_heads_invited if c else None, "部门的工作会议不邀请镇、园区（地区）负责人出席")):
        if leaf is not None and leaf.value is False:
            exceptions = [f"{e.label}" for e in leaf.exceptions]
            rules_shown.append((text, exceptions, rule_of(profile, leaf).basis))
    rows = []
    for r in page.rows:
        required = [drules.Consent.of(x) for x in r.required]
        given = {x["key"] for x in r.consents}
        rows.append({"request": r, "department": names.get(r.department_id, ""),
                     "leaders": "、".join(who(i) for i in r.leader_ids) or "无",
                     "locals": "、".join(names.get(i, "") for i in r.local_department_ids) or "无",
                     "consents": [(c.label, _approver(profile, c, who), c.key in given or c.approver is None)
                                  for c in required],
                     "mine": [c.label for c in mine.get(r.id, [])]})
    return ctx.render("meetings/department_meetings.html", rows=rows, page=page, filing=filing, rules_shown=rules_shown,
                      leaders=[(p.holder_id, f"{who(p.holder_id)}（{p.title}）") for p in government],
                      locals=[(d.id, d.name) for d in units if d.kind == "township"])


@router.post("/t/{tenant}/department-meetings")
def request_department_meeting(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    _run(ctx, "meetings.request_department_meeting", lambda uow: service.request_department_meeting(
        uow, department_id=_int(form, "department_id"), title=str(form.get("title", "")), held_on=_date(form, "held_on"),
        leader_ids=_ids(form, "leader_ids"), local_department_ids=_ids(form, "local_department_ids")))
    return _back(ctx, "department-meetings")


@router.post("/t/{tenant}/department-meetings/{request_id}/consent")
def consent_department_meeting(request_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    _run(ctx, "meetings.consent_department_meeting", lambda uow: service.consent_department_meeting(
        uow, request_id=request_id, expected_version=_int(form, "version")))
    return _back(ctx, "department-meetings")


# --- 常设列席单位 -----------------------------------------------------------------------------


@router.get("/t/{tenant}/standing-observers")
def standing_observers_page(ctx: TenantPageContext = TenantPageCtx):
    ctx.authorize("meetings.view", ctx.current_tenant)
    tenant, profile = ctx.current_tenant, ctx.profile
    with ctx.db.read() as session:
        scene = service.scene_now(session, tenant, ctx.now)
        current = service.standing_observers(session, tenant)
        units = departments(session, tenant)
    kinds = []
    for kind in rules.meeting_types(profile):
        leaf = drules.standing_observers_setter(profile, kind)
        if leaf is None:
            continue
        row, names = current.get(kind, (None, []))
        kinds.append({"kind": kind, "name": labels.word(kind, labels.titles(profile)), "names": names, "row": row,
                      "setter": labels.post(leaf.value, labels.titles(profile)), "basis": rule_of(profile, leaf).basis,
                      "may_set": service.may_set_standing_observers(scene, kind, ctx.user.id)})
    return ctx.render("meetings/standing_observers.html", kinds=kinds, units=[(d.id, d.name) for d in units])


@router.post("/t/{tenant}/standing-observers/{kind}")
def set_standing_observers(kind: str, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    _run(ctx, "meetings.set_standing_observers", lambda uow: service.set_standing_observers(
        uow, meeting_kind=kind, department_ids=_ids(form, "department_ids"),
        expected_version=_int(form, "version", required=False)))
    return _back(ctx, "standing-observers")


# --- 会议出席通报 -----------------------------------------------------------------------------


@router.get("/t/{tenant}/attendance-bulletins")
def bulletin_list(ctx: TenantPageContext = TenantPageCtx, after: str = ""):
    ctx.authorize("meetings.view", ctx.current_tenant)
    tenant, profile = ctx.current_tenant, ctx.profile
    with ctx.db.read() as session:
        scene = service.scene_now(session, tenant, ctx.now)
        page = service.bulletins(session, tenant, after=paging.cursor(after))
        who = org_service.people(session, tenant.id)
    absence = profile.meetings.absence if profile.meetings else None
    leaf = absence.attendance_reported_by_office if absence else None
    basis = rule_of(profile, leaf).basis if leaf is not None and leaf.value else ""
    return ctx.render("meetings/attendance_bulletins.html", page=page, basis=basis, who=who,
                      may_issue=bool(basis) and service.may_issue_bulletin(scene, ctx.user.id, ctx.today))


@router.post("/t/{tenant}/attendance-bulletins")
def issue_bulletin(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    _run(ctx, "meetings.issue_attendance_bulletin", lambda uow: service.issue_attendance_bulletin(
        uow, since=_date(form, "since"), until=_date(form, "until"), note=str(form.get("note", ""))))
    return _back(ctx, "attendance-bulletins")
