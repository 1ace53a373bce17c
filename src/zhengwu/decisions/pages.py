"""Pages of major decisions (catalogue, a decision's step checklist with evidence) and contracts."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from zhengwu.calendar import CHINA_TZ
from zhengwu.core import paging
from zhengwu.core.tenants import pinned_profile, profile_on
from zhengwu.decisions import contracts as contract_rules
from zhengwu.decisions import rules, service
from zhengwu.rulebook.cite import describe
from zhengwu.rulebook.labels import titles, word
from zhengwu.rulebook.provenance import rule_cite
from zhengwu.versions import service as versions
from zhengwu.web import forms
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_nav

router = APIRouter(include_in_schema=False)

add_nav("重大决策", "decisions", action="decision.view", order=40)
add_nav("合同协议", "contracts", action="decision.view", order=45)


def _meeting_kinds(profile) -> list[tuple[str, str]]:
    names = titles(profile)
    kinds = profile.meetings.types.value if profile.meetings and profile.meetings.types else []
    return [(k, word(k, names)) for k in kinds]


@router.get("/t/{tenant}/decisions")
def catalogue(ctx: TenantPageContext = TenantPageCtx, year: int | None = None):
    ctx.authorize("decision.view", ctx.current_tenant)
    year = year or ctx.now.astimezone(CHINA_TZ).year
    with ctx.db.read() as session:
        profile = profile_on(session, ctx.current_tenant.id, ctx.today)
        entries = [(d, service.checklist(pinned_profile(session, d), d))
                   for d in service.catalog(session, ctx.current_tenant.id, year)]
    return ctx.render("decisions/catalogue.html", year=year, entries=entries,
                      step_labels=[r.label for r in rules.required_steps(profile, False)],
                      public_interest_labels=[r.label for r in rules.required_steps(profile, True)
                                              if r not in rules.required_steps(profile, False)],
                      steps_cite=rule_cite(profile, "decisions.required_steps"), can_manage=ctx.can("decision.manage"))


@router.post("/t/{tenant}/decisions")
def register(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("decision.register", ctx.current_tenant) as uow:
        decision = service.register_decision(
            uow, year=forms.integer(form, "year", "年度"), title=forms.text(form, "title"),
            lead_department=forms.text(form, "lead_department"),
            touches_public_interest=forms.text(form, "touches_public_interest") == "1",
            description=forms.text(form, "description"))
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/decisions/{decision.id}", status_code=303)


@router.get("/t/{tenant}/decisions/{decision_id}")
def decision_page(decision_id: int, ctx: TenantPageContext = TenantPageCtx):
    ctx.authorize("decision.view", ctx.current_tenant)
    with ctx.db.read() as session:
        decision = service.get_decision(session, ctx.current_tenant.id, decision_id)
        profile = pinned_profile(session, decision)
        pin = versions.pinned_view(session, decision, ctx.today)
        checklist = service.checklist(profile, decision)
        ready = service.readiness(profile, decision)
    return ctx.render("decisions/decision.html", decision=decision, checklist=checklist, ready=ready,
                      kinds=_meeting_kinds(profile), decided_by_cite=rule_cite(profile, "decisions.decided_by"),
                      min_days=rules.comment_min_days(profile),
                      can_manage=ctx.can("decision.manage"), can_record=ctx.can("decision.record_step"),
                      pin=pin, can_move=ctx.can("versions.move"),
                      move_url=f"/t/{ctx.current_tenant.slug}/versions/move/major_decision/{decision.id}")


def _back(ctx: TenantPageContext, decision_id: int) -> RedirectResponse:
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/decisions/{decision_id}", status_code=303)


@router.post("/t/{tenant}/decisions/{decision_id}/catalog")
def list_in_catalog(decision_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("decision.catalog", ctx.current_tenant) as uow:
        service.list_in_catalog(uow, decision_id, forms.integer(form, "version", "版本"),
                                forms.day(form, "listed_on", "列入目录日期"))
    return _back(ctx, decision_id)


@router.post("/t/{tenant}/decisions/{decision_id}/steps")
def record_step(decision_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("decision.record_step", ctx.current_tenant) as uow:
        service.record_step(
            uow, decision_id, forms.integer(form, "version", "版本"), step=forms.text(form, "step"),
            done_on=forms.day(form, "done_on", "完成日期"), evidence=forms.text(form, "evidence"),
            opened_on=forms.day(form, "opened_on", "征求意见开始日", required=False),
            closed_on=forms.day(form, "closed_on", "征求意见截止日", required=False),
            shortened_reason=forms.text(form, "shortened_reason"))
    return _back(ctx, decision_id)


def _people(value: str) -> list[tuple[str, str]]:
    """「姓名，职责」 one per line (full- or half-width comma)."""
    people = []
    for line in value.splitlines():
        name, _, role = line.replace(",", "，").partition("，")
        if name.strip():
            people.append((name.strip(), role.strip()))
    return people


@router.post("/t/{tenant}/decisions/{decision_id}/decide")
def decide(decision_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("decision.decide", ctx.current_tenant) as uow:
        service.decide(uow, decision_id, forms.integer(form, "version", "版本"),
                       meeting_kind=forms.text(form, "meeting_kind"),
                       meeting_on=forms.day(form, "meeting_on", "会议日期"),
                       meeting_ref=forms.text(form, "meeting_ref"), responsible=_people(forms.text(form, "responsible")),
                       dissent=forms.text(form, "dissent"))
    return _back(ctx, decision_id)


@router.post("/t/{tenant}/decisions/{decision_id}/reports")
def add_report(decision_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("decision.report", ctx.current_tenant) as uow:
        service.add_report(uow, decision_id, forms.integer(form, "version", "版本"), kind=forms.text(form, "kind"),
                           reported_on=forms.day(form, "reported_on", "报告日期"), text=forms.text(form, "text"))
    return _back(ctx, decision_id)


# --- contracts -----------------------------------------------------------------------------


@router.get("/t/{tenant}/contracts")
def contracts_page(ctx: TenantPageContext = TenantPageCtx, after: str = ""):
    ctx.authorize("decision.view", ctx.current_tenant)
    with ctx.db.read() as session:
        profile = profile_on(session, ctx.current_tenant.id, ctx.today)
        found = service.list_contracts(session, ctx.current_tenant.id, after=paging.cursor(after))
    return ctx.render(
        "decisions/contracts.html", contracts=found, kinds=_meeting_kinds(profile), clauses=_contract_rules(profile),
        review_labels=contract_rules.REVIEW_LABELS, required=contract_rules.required_reviews(profile),
        can_manage=ctx.can("contract.manage"), can_record=ctx.can("decision.record_step"),
        can_sign=ctx.can("contract.sign"))


def _contract_rules(profile) -> list[str]:
    """What the profile requires of a contract, one clause per rule, each with its article."""
    names = titles(profile)
    clauses = []
    reviews = contract_rules.required_reviews(profile)
    if reviews:
        clauses.append("须经" + "".join(f"「{contract_rules.REVIEW_LABELS[r]}」" for r in reviews))
    meetings = contract_rules.approving_meetings(profile)
    if meetings:
        clauses.append(f"须经{'或'.join(word(k, names) for k in meetings)}研究通过")
    signers = contract_rules.signers(profile)
    if signers:
        clauses.append(f"签订人须为{'、'.join(word(s, names) for s in signers)}")
    keys = ("required_reviews", "approved_by", "signers")
    present = [bool(reviews), bool(meetings), bool(signers)]
    cites = [rule_cite(profile, f"contracts.{k}") for k, p in zip(keys, present, strict=True) if p]
    return [f"{text}（{describe(cite)}）" if cite else text for text, cite in zip(clauses, cites, strict=True)]


def _to_contracts(ctx: TenantPageContext) -> RedirectResponse:
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/contracts", status_code=303)


@router.post("/t/{tenant}/contracts")
def register_contract(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("contract.register", ctx.current_tenant) as uow:
        service.register_contract(uow, title=forms.text(form, "title"), counterparty=forms.text(form, "counterparty"),
                                  lead_department=forms.text(form, "lead_department"))
    return _to_contracts(ctx)


@router.post("/t/{tenant}/contracts/{contract_id}/reviews")
def record_review(contract_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("contract.review", ctx.current_tenant) as uow:
        service.record_review(uow, contract_id, forms.integer(form, "version", "版本"), review=forms.text(form, "review"),
                              done_on=forms.day(form, "done_on", "审查日期"), evidence=forms.text(form, "evidence"))
    return _to_contracts(ctx)


@router.post("/t/{tenant}/contracts/{contract_id}/approve")
def approve_contract(contract_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("contract.approve", ctx.current_tenant) as uow:
        service.approve_contract(uow, contract_id, forms.integer(form, "version", "版本"),
                                 meeting_kind=forms.text(form, "meeting_kind"),
                                 meeting_on=forms.day(form, "meeting_on", "会议日期"),
                                 meeting_ref=forms.text(form, "meeting_ref"))
    return _to_contracts(ctx)


@router.post("/t/{tenant}/contracts/{contract_id}/sign")
def sign_contract(contract_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("contract.sign", ctx.current_tenant) as uow:
        service.sign_contract(uow, contract_id, forms.integer(form, "version", "版本"))
    return _to_contracts(ctx)
