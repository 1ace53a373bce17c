"""发文稿纸 and 收文处理笺: the forms an office files with a document, built from what the
platform recorded — who drafted, reviewed, countersigned and signed an outgoing document; who
routed an incoming one to which leader, what each leader instructed, and how it was handled —
each opinion in the order it was given."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.calendar import china_date
from zhengwu.core.tenants import Tenant, pinned_profile
from zhengwu.documents import rules
from zhengwu.documents.countersign import ANSWERS
from zhengwu.printing.layout import Opinion, ProcessingForm, chinese_date
from zhengwu.documents.models import ChainStep, CountersignRequest, Document, Instruction, Routing
from zhengwu.documents.routing import instruction_text
from zhengwu.org import rules as org_rules
from zhengwu.org import service as org_service
from zhengwu.org.models import Department

STEP_NAMES = {"review": "核稿", "countersign": "会签", "sign_off": "签发"}


def _office(session: Session, tenant: Tenant, doc: Document) -> str:
    office = org_rules.title(pinned_profile(session, doc), "office")
    return tenant.name + (office.split("政府", 1)[1] if "政府" in office else office)


def _departments(session: Session, tenant_id: int) -> dict[int, str]:
    return dict(session.execute(select(Department.id, Department.name).where(Department.tenant_id == tenant_id)).all())


def _labels(doc: Document) -> list[tuple[str, str]]:
    fields = [("标题", doc.title.replace("\n", "")), ("文种", rules.DOC_TYPES.get(doc.doc_type, doc.doc_type))]
    if doc.classification:
        fields.append(("密级", rules.CLASSIFICATIONS.get(doc.classification, doc.classification)
                       + (f"★{doc.classification_term}" if doc.classification_term else "")))
    if doc.urgency:
        fields.append(("紧急程度", rules.URGENCIES.get(doc.urgency, doc.urgency)))
    return fields


def draft_form(session: Session, tenant: Tenant, doc: Document) -> ProcessingForm:
    """发文稿纸: 拟稿, then 核稿, 会签 (departments, then leaders) and 签发 as they happened."""
    who = org_service.people(session, tenant.id)
    units = _departments(session, tenant.id)
    fields = _labels(doc)
    fields += [("发文字号", doc.doc_number or "（印发时编号）"), ("主送", doc.main_recipients or "—"),
               ("抄送", "，".join(doc.copy_to or []) or "—"),
               ("拟稿单位", units.get(doc.department_id, "") if doc.department_id else _office(session, tenant, doc))]
    opinions = [Opinion("拟稿", who(doc.created_by_id) if doc.created_by_id else "", "", china_date(doc.created_at))]
    taken = list(session.execute(select(ChainStep).where(ChainStep.document_id == doc.id).order_by(ChainStep.at, ChainStep.id)).scalars())
    answered = list(session.execute(select(CountersignRequest).where(
        CountersignRequest.document_id == doc.id, CountersignRequest.outcome.is_not(None))
        .order_by(CountersignRequest.round_no, CountersignRequest.position, CountersignRequest.id)).scalars())
    steps: list[tuple] = [(s.at, 1, Opinion(STEP_NAMES.get(s.kind, s.kind), f"{who(s.user_id)}（{s.capacity}）",
                                            s.opinion, china_date(s.at))) for s in taken]
    for request in answered:
        at = request.answered_at
        outcome = request.outcome or ""  # the query keeps the answered ones only
        answer, opinion = ANSWERS.get(outcome, outcome), request.opinion.strip()
        # Said once: an opinion that opens with the answer (「同意。」) is not printed after it again.
        text = opinion if opinion.startswith(answer) else "；".join(t for t in (answer, opinion) if t)
        name = units.get(request.department_id, "")
        signer = f"{name}（{who(request.answered_by_id)}）" if request.answered_by_id else name
        steps.append((at, 0, Opinion("会签", signer, text, china_date(at) if at else None)))
    # Department countersigns precede the leaders' review of the same day; the form keeps the
    # order the steps were taken, grouped 核稿 → 会签 → 签发 as the paper form is ruled.
    order = {"核稿": 0, "会签": 1, "签发": 2}
    steps.sort(key=lambda item: (order.get(item[2].step, 9), item[0] is None, item[0] or 0, item[1]))
    opinions += [opinion for *_, opinion in steps]
    return ProcessingForm(heading="发文稿纸", office=_office(session, tenant, doc), fields=tuple(fields), opinions=tuple(opinions))


def incoming_form(session: Session, tenant: Tenant, doc: Document) -> ProcessingForm:
    """收文处理笺: 批办 (the office's routing), 批示 (each leader's instruction), 办理结果."""
    who = org_service.people(session, tenant.id)
    units = _departments(session, tenant.id)
    fields = [("来文单位", units.get(doc.department_id, "") if doc.department_id else "—"), *_labels(doc),
              ("收文日期", chinese_date(china_date(doc.created_at)))]
    opinions: list[Opinion] = []
    for routing in session.execute(select(Routing).where(Routing.document_id == doc.id).order_by(Routing.at, Routing.id)).scalars():
        by = who(routing.by_user_id) if routing.by_user_id else _office(session, tenant, doc)
        opinions.append(Opinion("批办", by, f"呈{who(routing.to_user_id)}阅示。", china_date(routing.at)))
    instructions = list(session.execute(select(Instruction).where(Instruction.document_id == doc.id)
                                        .order_by(Instruction.at, Instruction.id)).scalars())
    for instruction in instructions:
        opinions.append(Opinion("批示", who(instruction.leader_id), instruction_text(instruction.opinion, instruction.text),
                                china_date(instruction.at)))
    for instruction in instructions:
        if instruction.reported_on:
            handler = units.get(instruction.handler_department_id, "") if instruction.handler_department_id else ""
            opinions.append(Opinion("办理结果", handler or (instruction.handler or ""), instruction.report_text or "",
                                    instruction.reported_on))
    for reply in session.execute(select(Document).where(Document.reply_to_id == doc.id).order_by(Document.id)).scalars():
        state = "已印发" if reply.state in ("issued", "filed") else "办理中"
        text = f"以《{reply.title}》答复（{reply.doc_number or '未编号'}，{state}）。"
        opinions.append(Opinion("办理结果", _office(session, tenant, doc), text, reply.issued_on))
    return ProcessingForm(heading="收文处理笺", office=_office(session, tenant, doc), fields=tuple(fields), opinions=tuple(opinions))


def form_of(session: Session, tenant: Tenant, doc: Document) -> ProcessingForm:
    return incoming_form(session, tenant, doc) if doc.direction == "incoming" else draft_form(session, tenant, doc)
