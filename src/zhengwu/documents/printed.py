"""The printed document: an issued document element by element for the GB/T 9704 renderer,
and its docx."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from zhengwu.core.tenants import Tenant
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.documents import rules
from zhengwu.printing.layout import OfficialDocument
from zhengwu.documents.models import Document, NumberPrefix
from zhengwu.documents.issuing import _number_key, _prefix


def official_document(session: Session, tenant: Tenant, doc: Document, copy_no: int | None = None) -> OfficialDocument:
    """The issued document element by element for the GB/T 9704 renderer. A classified document
    prints its 份号 (条例第九条（一）, GB/T 9704 7.2.1): the number of this printed copy."""
    if doc.state not in ("issued", "filed") or doc.doc_number is None or doc.issued_on is None:
        raise RuleViolation(Verdict.refused("not_issued", "只有已印发的公文可以输出版式文件。", f"{rules.GONGWEN}:25"))
    prefix = _prefix(session, tenant.id, _number_key(doc.issuer, doc.department_id))
    office = session.execute(select(NumberPrefix).where(NumberPrefix.tenant_id == tenant.id,
                                                        NumberPrefix.issuer == "office")).scalar_one_or_none()
    return OfficialDocument(
        issuer_mark=prefix.issuer_mark, doc_number=doc.doc_number, title=doc.title, main_recipients=doc.main_recipients,
        body=tuple(p.strip() for p in doc.body.splitlines() if p.strip()), issuing_authority=prefix.authority,
        date=doc.signed_on or doc.issued_on, doc_type=doc.doc_type,
        signer=doc.signer_name if doc.doc_type in ("request", "report") else None,
        classification=rules.CLASSIFICATIONS.get(doc.classification) if doc.classification else None,
        classification_term=doc.classification_term, urgency=rules.URGENCIES.get(doc.urgency) if doc.urgency else None,
        attachments=tuple(doc.attachments or ()), annotation=doc.annotation, copy_to=tuple(doc.copy_to or ()),
        printing_office=office.authority if office else prefix.authority, printing_date=doc.issued_on,
        copy_no=(copy_no or 1) if doc.classification else None,
    )


def render_docx(session: Session, tenant: Tenant, doc: Document, copy_no: int | None = None) -> bytes:
    from zhengwu.printing.docx_render import render_document_docx

    return render_document_docx(official_document(session, tenant, doc, copy_no))

