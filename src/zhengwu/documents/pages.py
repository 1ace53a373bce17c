"""The documents' pages: the office's inbox and every document with full-text search, a
document's full trail (every step, who, when, under which article) with the actions the user
may take on it, the leader's sign-off queue, and the countersign requests with their clocks."""

from __future__ import annotations

from typing import Any

from datetime import date

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from zhengwu.core import objects, paging
from zhengwu.core import text as edge
from zhengwu.core.errors import NotFound, ZhengwuError
from zhengwu.core.tenants import pinned_profile
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.deadlines import service as deadlines
from zhengwu.deadlines.api import STATE_LABELS, kind_label
from zhengwu.documents import circulation_service as circulations
from zhengwu.documents import countersign as cs
from zhengwu.documents import (
    batch,
    chain,
    countersigning,
    drafting,
    intake,
    issuing,
    legislation,
    legislation_service,
    printed,
    reading,
    referral_service,
    reviews,
    routing,
    rules,
    signing,
    signoff,
    standing,
    superior,
)
from zhengwu.printing.pdf import PdfUnavailable, to_pdf
from zhengwu.rulebook import labels, provenance
from zhengwu.versions import service as versions
from zhengwu.web import forms
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_nav

router = APIRouter(include_in_schema=False)

add_nav("公文", "documents", action="document.view", order=200)
add_nav("待我签批", "documents/queue", action="document.sign", order=210)
add_nav("会签时限", "documents/countersigns", action="document.view", order=220)

STATUS = {"pending": "办理中", "replied": "已回复", "overdue": "已逾期", "deemed_consent": "逾期视为无不同意见",
          "waiting": "待前序会签"}
# The steps of the sign-off chain a person takes (documents/signoff.py).
STEP_KINDS = ("review", "countersign", "sign_off")


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _ids(form: FormData, key: str) -> tuple[int, ...]:
    return tuple(i for v in form.getlist(key) if (i := _int(v)) is not None)


@router.get("/t/{tenant}/documents")
def documents_page(ctx: TenantPageContext = TenantPageCtx, q: str = "", state: str = "", doc_type: str = "",
                   direction: str = "", after: str = "", inbox_after: str = "", implementation_after: str = ""):
    filters = {"state": state if state in rules.STATES else None, "doc_type": doc_type if doc_type in rules.DOC_TYPES else None,
               "direction": direction if direction in ("incoming", "outgoing") else None}
    return _index(ctx, q, filters=filters, after=paging.cursor(after), inbox_after=paging.cursor(inbox_after),
                  implementation_after=paging.cursor(implementation_after))


# How an implementation draft's due day was set (海南区 60).
IMPLEMENTATION_BASES = {"text": "按本规则时限", "superior": "按上级文件明确的时限", "special": "特殊情况延长时限",
                        "none": "本规则未规定时限"}


def _said(form: FormData) -> dict[str, Any]:
    """What the drafter said of the document, only when said (facts keep no empty answers): what
    only a department's own normative document says (reviews.DEPARTMENT_FLAGS), a reserved matter."""
    said: dict[str, Any] = {k: True for k in ("public_interest", "joint") if form.get(k) == "1"}
    if form.get("reserved_matter"):
        said["reserved_matter"] = str(form.get("reserved_matter"))
    return said


def _index(ctx: TenantPageContext, q: str = "", error: RuleViolation | None = None, status_code: int = 200, *,
           filters: dict | None = None, after: int | None = None, inbox_after: int | None = None,
           implementation_after: int | None = None):
    tenant = ctx.current_tenant
    ctx.authorize("document.view", tenant)
    filters = filters or {}
    with ctx.db.read() as session:
        reminders = issuing.after_issue_reminders(session, tenant, ctx.today)
        inbox = reading.inbox(session, tenant, ctx.user.id, ctx.now, after=inbox_after)
        found = reading.search(session, tenant, q, ctx.user.id, ctx.now, after=after) if q.strip() else None
        everything = reading.documents(session, tenant, ctx.user.id, ctx.now, after=None if found else after, **filters)
        departments = reading.departments(session, tenant.id)
        me = standing.standing(session, tenant, None, ctx.user.id, ctx.now)
        assigned = superior.implementation_drafts(session, tenant.id, after=paging.cursor(implementation_after))
    own = [s.department_id for s in me.seats if s.kind == "department_head"]
    return ctx.render("documents/index.html", inbox=inbox, found=found, q=q, everything=everything,
                      departments=departments, own_departments=own, doc_types=rules.DOC_TYPES,
                      states=rules.STATES, error=error, status_code=status_code, reminders=reminders,
                      cadence_note=reviews.CADENCE_NOTE, issuers=rules.ISSUERS, filters=filters,
                      scan_limit=f"{ctx.settings.limits.upload_scan // (1024 * 1024)} MB",
                      assigned=assigned, office="office" in me.capacities, bases=IMPLEMENTATION_BASES,
                      reserved=rules.RESERVED_MATTERS)


def _act(ctx: TenantPageContext, action: str, use_case, *, back: str):
    try:
        with ctx.unit_of_work(action, ctx.current_tenant) as uow:
            result = use_case(uow)
    except RuleViolation as refusal:
        return None, refusal
    target = back.format(id=getattr(result, "id", ""))
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/{target}", status_code=303), None


@router.post("/t/{tenant}/documents/incoming")
def submit_page(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    scans = [f for f in form.getlist("scan") if isinstance(f, UploadFile) and f.filename]

    def register(uow):
        doc = intake.submit_incoming(
            uow, department_id=_int(form.get("department_id")) or 0, doc_type=str(form.get("doc_type", "request")),
            title=str(form.get("title", "")), body=str(form.get("body", "")),
            decision_needed_by=_date(form.get("decision_needed_by")), urgency=str(form.get("urgency") or "") or None,
            touches_department_ids=_ids(form, "touches"), countersigned_by_ids=_ids(form, "countersigned"),
            major=form.get("major") == "1", received_on=_date(form.get("received_on")))
        # The paper's scans go with the registration: a refused scan refuses the whole (nothing half-registered).
        for scan in scans:
            objects.attach(uow, ctx.settings, "document", doc.id, "scan", scan.filename, scan.file.read())
        return doc

    done, refusal = _act(ctx, "document.submit", register, back="documents/{id}")
    return done or _index(ctx, error=refusal, status_code=getattr(refusal, "status", 422))


@router.post("/t/{tenant}/documents/drafts")
def proxy_draft_page(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    """代拟稿: a department drafts a document for the government or its office to issue."""
    done, refusal = _act(ctx, "document.draft", lambda uow: drafting.create_draft(
        uow, issuer=str(form.get("issuer", "government")), doc_type=str(form.get("doc_type", "notice")),
        # The drafter's own line breaks in a long title are kept: they say where it turns (7.3.1).
        title=str(form.get("title", "")).replace("\r\n", "\n"), body=str(form.get("body", "")),
        main_recipients=str(form.get("main_recipients", "")), department_id=_int(form.get("department_id")),
        touches_department_ids=_ids(form, "touches"), normative=form.get("normative") == "1",
        policy=form.get("policy") == "1", important=form.get("important") == "1",
        implementation_id=_int(form.get("implementation_id")),
        **_said(form)),
        back="documents/{id}")
    return done or _index(ctx, error=refusal, status_code=getattr(refusal, "status", 422))


@router.post("/t/{tenant}/documents/implementation")
def assign_implementation_page(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    """转办: the office passes a superior document to the lead department (海南区 60)."""
    done, refusal = _act(ctx, "document.assign_implementation", lambda uow: superior.assign_implementation_draft(
        uow, title=str(form.get("title", "")), issued_by=str(form.get("issued_by", "")),
        department_id=_int(form.get("department_id")) or 0, superior_due=_date(form.get("superior_due")),
        assigned_on=_date(form.get("assigned_on"))), back="documents#implementation")
    return done or _index(ctx, error=refusal, status_code=getattr(refusal, "status", 422))


@router.post("/t/{tenant}/documents/implementation/{row_id}/special")
def implementation_special_page(row_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    done, refusal = _act(ctx, "document.implementation_special", lambda uow: superior.claim_special_circumstance(
        uow, implementation_id=row_id, reason=str(form.get("reason", "")), expected_version=_version(form)),
        back="documents#implementation")
    return done or _index(ctx, error=refusal, status_code=getattr(refusal, "status", 422))


@router.post("/t/{tenant}/documents/prefix")
def department_prefix_page(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    """A department sets its own 机关代字, by which its own documents are numbered."""
    done, refusal = _act(ctx, "document.set_prefix", lambda uow: issuing.set_number_prefix(
        uow, issuer="department", department_id=_int(form.get("department_id")), prefix=str(form.get("prefix", "")),
        issuer_mark=str(form.get("issuer_mark", "")), authority=str(form.get("authority", ""))), back="documents")
    return done or _index(ctx, error=refusal, status_code=getattr(refusal, "status", 422))


@router.get("/t/{tenant}/documents/queue")
def queue_page(ctx: TenantPageContext = TenantPageCtx, after: str = "", routed_after: str = "", done: str = ""):
    tenant = ctx.current_tenant
    ctx.authorize("document.view", tenant)
    with ctx.db.read() as session:
        queue = reading.sign_off_queue(session, tenant, ctx.user.id, ctx.now, after=paging.cursor(after))
        rows = [(d, s, _posts(pinned_profile(session, d), s)) for d, s in queue]
        routed = reading.routed_to(session, tenant, ctx.user.id, after=paging.cursor(routed_after))
        me = standing.standing(session, tenant, None, ctx.user.id, ctx.now)
    return ctx.render("documents/queue.html", rows=rows, queue=queue, routed=routed, me=me, done=_int(done))


def _ticked(form: FormData, *, kinds: tuple[str, ...] = ()) -> list[dict]:
    """The rows ticked on a batch form. Each checkbox carries its row, the version the page showed
    (a row changed since is refused as a single-step form refuses it, naming the item) and, where
    the page names one (`kinds`), the step the user owes on it: 「id:version」 or 「id:version:kind」."""
    items = []
    for value in form.getlist("item"):
        parts = str(value).split(":")
        numbers = [int(p) for p in parts[:2] if p.isdigit() and not edge.integer_problem(int(p))]
        if len(numbers) != 2 or len(parts) != 2 + bool(kinds) or (kinds and parts[2] not in kinds):
            raise ZhengwuError("所勾选的事项无法识别，请刷新页面后重新勾选。", code="validation_error")
        items.append({"id": numbers[0], "version": numbers[1], **({"kind": parts[2]} if kinds else {})})
    return items


def _batch(ctx: TenantPageContext, action: str, items: list[dict], *, back: str) -> RedirectResponse:
    """批量办理 from a page: the service's one unit of work, all or none (documents/batch.py). A
    refusal is left to the error pages: the page comes back with the refusal naming the item, the
    ticks and the opinion put back (web/errors.py)."""
    with ctx.unit_of_work("document.batch", ctx.current_tenant) as uow:
        done = batch.run(uow, action, items)
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/{back}?done={len(done)}", status_code=303)


@router.post("/t/{tenant}/documents/queue/batch")
def queue_batch(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    """批量签批: on each ticked document the step the user owes on it (审核, 会签 or 签发), one opinion for all."""
    opinion = forms.text(form, "opinion")
    return _batch(ctx, "step", [{**item, "opinion": opinion} for item in _ticked(form, kinds=STEP_KINDS)],
                  back="documents/queue")


def _posts(profile, step) -> str:
    return f"{labels.word(step.kind)}（{signoff.posts_text(profile, step)}）"


@router.get("/t/{tenant}/documents/countersigns")
def countersigns_page(ctx: TenantPageContext = TenantPageCtx, open: str = "", department: str = "", after: str = "",
                      done: str = ""):
    tenant = ctx.current_tenant
    ctx.authorize("document.view", tenant)
    with ctx.db.read() as session:
        clocks = reading.countersign_page(session, tenant, ctx.user.id, ctx.now, open_only=open == "1",
                                          department_id=paging.cursor(department), after=paging.cursor(after))
        departments = reading.departments(session, tenant.id)
        me = standing.standing(session, tenant, None, ctx.user.id, ctx.now)
    # The requests this user may answer: asked of a department they head (held or acting), not yet answered.
    own = {s.department_id for s in me.seats if s.kind == "department_head"} if ctx.can("document.countersign") else set()
    answerable = {c.request.id for c in clocks if c.request.department_id in own and c.request.sent_on is not None
                  and c.request.outcome is None}
    return ctx.render("documents/countersigns.html", clocks=clocks, status=STATUS, modes=cs.MODES, today=ctx.today,
                      departments=departments, open_only=open == "1", department=paging.cursor(department),
                      answerable=answerable, done=_int(done))


@router.post("/t/{tenant}/documents/countersigns/batch")
def countersigns_batch(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    """批量同意: the department's answer to each ticked countersign request, one opinion for all."""
    opinion = forms.text(form, "opinion")
    return _batch(ctx, "countersign_answer", [{**item, "outcome": "agree", "opinion": opinion} for item in _ticked(form)],
                  back="documents/countersigns")


def _detail(ctx: TenantPageContext, doc_id: int, *, error: RuleViolation | None = None, status_code: int = 200):
    tenant = ctx.current_tenant
    ctx.authorize("document.view", tenant)
    with ctx.db.read() as session:
        doc = reading.get_document(session, tenant, doc_id, ctx.user.id, ctx.now)
        profile = pinned_profile(session, doc)
        pin = versions.pinned_view(session, doc, ctx.today)
        me = standing.standing(session, tenant, doc, ctx.user.id, ctx.now)
        steps = chain.chain_steps(doc)
        done = chain.done_steps(session, doc)
        values: dict[str, Any] = dict(
            doc=doc, me=me, trail=reading.trail(session, tenant, doc), versions=reading.versions(session, doc),
            taken=reading.steps_of(session, doc), reviews=reading.reviews_of(session, doc),
            instructions=reading.instructions_of(session, doc), filings=reading.filings_of(session, doc),
            clocks=reading.countersign_clocks(session, tenant, ctx.now, doc_id=doc.id),
            people=reading.members(session, tenant.id), departments={d.id: d.name for d in reading.departments(session, tenant.id)},
            chain=[(s, signoff.step_key(s) in done, signoff.posts_text(profile, s)) for s in steps],
            replies=reading.replies(session, tenant, doc, ctx.user.id, ctx.now),
            required=reviews.required_reviews(profile, issuer=doc.issuer, normative=bool(doc.facts.get("normative")),
                                              policy=bool(doc.facts.get("policy")), flags=standing.review_flags(doc)),
            filing=reviews.filing_rule(profile, doc.issuer, bool(doc.facts.get("normative"))),
            after_issue=reviews.after_issue_kinds_for(profile, normative=bool(doc.facts.get("normative")),
                                                      regulation=reviews.REGULATION in standing.review_flags(doc)),
            no_filing_body=reviews.NO_FILING_BODY, pin=pin, can_move=ctx.can("versions.move"),
            move_url=f"/t/{tenant.slug}/versions/move/document/{doc.id}",
            deadline_rows=deadlines.for_trail(session, tenant.id, "document", doc.id),
            rounds=circulations.rounds(session, doc), history=intake.submission_history(session, tenant, doc),
            may_read_circulated=circulations.may_mark_read(session, tenant, doc, ctx.user.id, ctx.now),
            referral=referral_service.actions(session, tenant, doc, ctx.user.id, ctx.now),
        )
        if "office" in me.capacities:
            values["reader_posts"], values["reader_units"] = circulations.reader_choices(session, tenant.id)
    values["my_departments"] = [s.department_id for s in me.seats if s.kind == "department_head"]
    values["reserved"] = rules.reserved_matter(profile, issuer=doc.issuer, normative=bool(doc.facts.get("normative")),
                                               declared=doc.facts.get("reserved_matter"))
    values["reserved_label"] = rules.RESERVED_MATTERS[values["reserved"]][0] if values["reserved"] else ""
    # Only the reviews this user may record: those of a body they hold, or the drafter's own
    # (the government's answer to a department's 请示 is the head's, not the department's).
    drafts_it = "office" in me.capacities or doc.department_id in values["my_departments"]
    # 大连 18: the legal office lists a legislative disagreement on a 法规/规章 draft before it is signed.
    lister = provenance.rule(profile, legislation.DISAGREEMENT_KEY)
    values["may_list_disagreement"] = (lister.value in me.capacities and doc.state in ("draft", "countersigning", "signing")
                                       and bool(standing.review_flags(doc) & set(reviews.LEGISLATION)))
    values["disagreement_cite"] = lister.cite
    values["my_reviews"] = [r for r in values["required"]
                            if r.by in me.capacities or (r.by in ("department", "lead_department") and drafts_it)]
    mine = [k for k in STEP_KINDS
            if doc.state == "signing" and signoff.check_step(profile, steps, done, k, set(me.capacities)).ok]
    return ctx.render("documents/document.html", status_code=status_code, error=error, states=rules.STATES,
                      doc_types=rules.DOC_TYPES, opinions=routing.OPINIONS, instruction_text=routing.instruction_text, status=STATUS, my_steps=mine,
                      word=labels.word, classifications=rules.CLASSIFICATIONS, urgencies=rules.URGENCIES,
                      kind_label=kind_label, move_notes=deadlines.move_notes, deadline_states=STATE_LABELS, **values)


@router.get("/t/{tenant}/documents/{doc_id}")
def document_page(doc_id: int, ctx: TenantPageContext = TenantPageCtx):
    return _detail(ctx, doc_id)


def _docx(ctx: TenantPageContext, doc_id: int, copy: int | None = None) -> tuple[bytes, str]:
    tenant = ctx.current_tenant
    ctx.authorize("document.view", tenant)
    with ctx.db.read() as session:
        doc = reading.get_document(session, tenant, doc_id, ctx.user.id, ctx.now)
        return printed.render_docx(session, tenant, doc, _copy_no(copy)), doc.doc_number or str(doc.id)


def _copy_no(copy: int | None) -> int | None:
    """份号 is six digits: the number of the printed copy, 1 to 999999."""
    if copy is not None and not 1 <= copy <= 999999:
        raise ZhengwuError("份号应为 1 至 999999 之间的整数。", code="validation_error")
    return copy


@router.get("/t/{tenant}/documents/{doc_id}/download.docx")
def download_docx(doc_id: int, ctx: TenantPageContext = TenantPageCtx, copy: int | None = None):
    from urllib.parse import quote

    data, name = _docx(ctx, doc_id, copy)
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}.docx"})


@router.get("/t/{tenant}/documents/{doc_id}/download.pdf")
def download_pdf(doc_id: int, ctx: TenantPageContext = TenantPageCtx, copy: int | None = None):
    from urllib.parse import quote

    data, name = _docx(ctx, doc_id, copy)
    try:
        pdf = to_pdf(data)
    except PdfUnavailable as exc:
        return _detail(ctx, doc_id, error=RuleViolation(Verdict.refused("pdf_unavailable", str(exc))), status_code=503)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}.pdf"})


def _form(ctx: TenantPageContext, doc_id: int) -> tuple[bytes, str]:
    """The 发文稿纸 / 收文处理笺 of a document, as .docx, and its file name."""
    from zhengwu.printing.docx_render import render_form_docx
    from zhengwu.documents.forms import form_of

    tenant = ctx.current_tenant
    ctx.authorize("document.view", tenant)
    with ctx.db.read() as session:
        doc = reading.get_document(session, tenant, doc_id, ctx.user.id, ctx.now)
        form = form_of(session, tenant, doc)
        return render_form_docx(form), f"{form.heading}-{doc.doc_number or doc.title}"


@router.get("/t/{tenant}/documents/{doc_id}/form.docx")
def download_form_docx(doc_id: int, ctx: TenantPageContext = TenantPageCtx):
    from urllib.parse import quote

    data, name = _form(ctx, doc_id)
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}.docx"})


@router.get("/t/{tenant}/documents/{doc_id}/form.pdf")
def download_form_pdf(doc_id: int, ctx: TenantPageContext = TenantPageCtx):
    from urllib.parse import quote

    data, name = _form(ctx, doc_id)
    try:
        pdf = to_pdf(data)
    except PdfUnavailable as exc:
        return _detail(ctx, doc_id, error=RuleViolation(Verdict.refused("pdf_unavailable", str(exc))), status_code=503)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}.pdf"})


def _version(form: FormData) -> int:
    """The version the page showed: every change of a versioned object is checked against it."""
    return forms.integer(form, "version", "版本")


# Each action of the document page: (audit action, the use case from the form, where to go after).
ACTIONS = {
    "return": ("document.return", lambda uow, d, f: intake.return_document(
        uow, doc_id=d, reasons=[r for r in [str(f.get("reason", ""))] if r.strip()], expected_version=_version(f))),
    "resubmit": ("document.resubmit", lambda uow, d, f: intake.resubmit(
        uow, doc_id=d, title=str(f.get("title", "")), body=str(f.get("body", "")),
        decision_needed_by=_date(f.get("decision_needed_by")), urgency=str(f.get("urgency") or "") or None,
        touches_department_ids=_ids(f, "touches"), countersigned_by_ids=_ids(f, "countersigned"),
        major=f.get("major") == "1", expected_version=_version(f))),
    "circulate": ("document.circulate", lambda uow, d, f: circulations.start(
        uow, doc_id=d, post_ids=list(_ids(f, "posts")), department_ids=list(_ids(f, "units")),
        note=str(f.get("note", "")), expected_version=_version(f))),
    "read": ("document.read_circulated", lambda uow, d, f: circulations.mark_read(
        uow, doc_id=d, comment=str(f.get("comment", "")), expected_version=_version(f))),
    "urge_read": ("document.urge_read", lambda uow, d, f: circulations.urge(
        uow, doc_id=d, expected_version=_version(f))),
    "refer": ("document.refer", lambda uow, d, f: referral_service.refer(
        uow, doc_id=d, department_id=_int(f.get("department_id")) or 0, mode=str(f.get("mode", "answer")),
        note=str(f.get("note", "")), expected_version=_version(f))),
    "referral": ("document.referral_feedback", lambda uow, d, f: referral_service.answer(
        uow, referral_id=_int(f.get("referral_id")) or 0, answer=str(f.get("answer", "")),
        feedback=str(f.get("feedback", "")), expected_version=forms.integer(f, "referral_version", "交办记录版本"))),
    "route": ("document.route", lambda uow, d, f: intake.route(
        uow, doc_id=d, leader_id=_int(f.get("leader_id")), expected_version=_version(f))),
    "forward": ("document.forward", lambda uow, d, f: intake.forward(
        uow, doc_id=d, to_user_id=_int(f.get("to_user_id")) or 0, expected_version=_version(f))),
    "instruct": ("document.instruct", lambda uow, d, f: intake.instruct(
        uow, doc_id=d, opinion=str(f.get("opinion", "")), text=str(f.get("text", "")),
        asks_report=f.get("asks_report") == "1", handler_department_id=_int(f.get("handler_department_id")),
        handler=str(f.get("handler") or "").strip() or None, received_on=_date(f.get("received_on")),
        expected_version=_version(f))),
    "reply": ("document.draft", lambda uow, d, f: drafting.create_draft(
        uow, issuer="government", doc_type="reply", title=str(f.get("title", "")), body=str(f.get("body", "")),
        main_recipients=str(f.get("main_recipients", "")), reply_to_id=d)),
    "revise": ("document.revise", lambda uow, d, f: drafting.revise(
        uow, doc_id=d, title=str(f.get("title", "")), body=str(f.get("body", "")), expected_version=_version(f))),
    "countersign": ("document.countersign_open", lambda uow, d, f: countersigning.open_countersign(
        uow, doc_id=d, department_ids=list(_ids(f, "departments")), mode=str(f.get("mode", "parallel")),
        expected_version=_version(f), sent_on=_date(f.get("sent_on")))),
    "silence": ("document.countersign_silence", lambda uow, d, f: countersigning.record_silence(
        uow, doc_id=d, expected_version=_version(f))),
    "close_countersign": ("document.countersign_close", lambda uow, d, f: countersigning.close_countersign(
        uow, doc_id=d, expected_version=_version(f))),
    "send_for_signing": ("document.send_for_signing", lambda uow, d, f: signing.send_for_signing(
        uow, doc_id=d, expected_version=_version(f))),
    "step": ("document.step", lambda uow, d, f: signing.take_step(
        uow, doc_id=d, kind=str(f.get("kind", "")), opinion=str(f.get("opinion", "")), expected_version=_version(f))),
    "review": ("document.review", lambda uow, d, f: issuing.record_review(
        uow, doc_id=d, review=str(f.get("review", "")), passed=f.get("passed") == "1",
        period_end=_date(f.get("period_end")), note=str(f.get("note", "")), expected_version=_version(f))),
    "resolution": ("document.name_resolution", lambda uow, d, f: issuing.name_resolution(
        uow, doc_id=d, resolution_id=_int(f.get("resolution_id")) or 0, expected_version=_version(f))),
    "issue": ("document.issue", lambda uow, d, f: issuing.issue(uow, doc_id=d, expected_version=_version(f))),
    "file": ("document.file", lambda uow, d, f: issuing.file_document(
        uow, doc_id=d, to=[str(t) for t in f.getlist("to")], expected_version=_version(f))),
    "legislative_disagreement": ("document.legislative_disagreement", lambda uow, d, f: legislation_service.record_disagreement(
        uow, doc_id=d, views=str(f.get("views", "")), reasons=str(f.get("reasons", "")), leaning=str(f.get("leaning", "")),
        expected_version=_version(f))),
    "after_issue": ("document.after_issue", lambda uow, d, f: issuing.record_after_issue(
        uow, doc_id=d, kind=str(f.get("kind", "")), on=_date(f.get("on")), note=str(f.get("note", "")),
        expected_version=_version(f))),
}


@router.post("/t/{tenant}/documents/{doc_id}/{action}")
def act(doc_id: int, action: str, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    if action not in ACTIONS:
        raise NotFound("没有这种公文办理操作。")
    audit_action, use_case = ACTIONS[action]
    back = "documents/{id}" if action == "reply" else f"documents/{doc_id}"
    try:
        with ctx.unit_of_work(audit_action, ctx.current_tenant, object_type="document", object_id=doc_id) as uow:
            result = use_case(uow, doc_id, form)
    except RuleViolation as refusal:
        return _detail(ctx, doc_id, error=refusal, status_code=getattr(refusal, "status", 422))
    target = back.format(id=getattr(result, "id", doc_id))
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/{target}", status_code=303)


@router.post("/t/{tenant}/countersigns/{request_id}/answer")
def answer(request_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    doc_id = _int(form.get("document_id")) or 0
    try:
        with ctx.unit_of_work("document.countersign_reply", ctx.current_tenant, object_type="document",
                              object_id=doc_id) as uow:
            countersigning.answer_countersign(uow, request_id=request_id, outcome=str(form.get("outcome", "")),
                                       opinion=str(form.get("opinion", "")), their_reasons=str(form.get("reasons", "")),
                                       expected_version=_version(form))
    except RuleViolation as refusal:
        return _detail(ctx, doc_id, error=refusal, status_code=getattr(refusal, "status", 422))
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/documents/{doc_id}", status_code=303)
