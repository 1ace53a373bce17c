"""What the documents domain answers about a document's files (registered in wiring.install()):
who may read them (whoever may read the document), who may add or remove them at this step,
and when they are fixed.

- 正文 and 附件: the drafter, the drafting department's head and the office, while the draft is
  drafted or revised (拟稿、审改); once sent for signing the text is what the signer reads, and
  after 签发 it is what was signed (条例第二十二条): fixed from then on, 印发 included.
- 扫描件 of a 收文: whoever registered it, or the office that signs it in (条例第二十四条 签收、登记),
  until the 收文 is 办结.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from zhengwu.core.objects import Access
from zhengwu.core.tenants import Tenant
from zhengwu.core.verdict import Verdict
from zhengwu.documents import reading, rules, standing
from zhengwu.documents.models import Document

GONGWEN = rules.GONGWEN
EDITABLE = ("draft", "submitted", "returned")  # 拟稿、报送待审、退回修改
FIXED = ("signed", "issued", "filed", "closed")
SCAN_OPEN = ("submitted", "returned", "routed")


def file_access(session: Session, tenant_id: int, user_id: int | None, object_id: int, kind: str | None,
                at: datetime) -> Access | None:
    doc = session.get(Document, object_id)
    if doc is None or doc.tenant_id != tenant_id:
        return None
    tenant = session.get_one(Tenant, tenant_id)
    # The state's label as a verb phrase after 「已」 (「已签发」 → 「签发」, 「会签中」 stays).
    state = rules.STATES.get(doc.state, doc.state).removeprefix("已")
    kinds = ("body", "attachment") + (("scan",) if doc.direction == "incoming" else ())
    label = f"公文「{doc.title}」"
    readable = reading.may_read(session, tenant, doc, user_id, at)

    me = standing.standing(session, tenant, doc, user_id, at) if user_id is not None else None
    office = me is not None and "office" in me.capacities
    if kind == "scan":
        # Whoever registered the paper 收文 attaches its scan, or the office that signs it in.
        editor = Verdict.passed() if office or (user_id is not None and doc.created_by_id == user_id) else Verdict.refused(
            "files.not_registrar", "收文扫描件由登记该收文的人员或政府办公室上传。", f"{GONGWEN}:24.2")
    else:
        drafter = me is not None and (doc.created_by_id == user_id or standing._heads_department(me, doc.department_id))
        editor = Verdict.passed() if office or drafter else Verdict.refused(
            "files.not_drafter", "公文的正文和附件由起草单位（拟稿人、主办部门主要负责人）或政府办公室提交。",
            f"{GONGWEN}:21")

    if doc.state in FIXED:
        frozen = Verdict.refused(
            "files.fixed", f"公文已{state}，其文件以签发时为准，不能再更改或删除。",
            f"{GONGWEN}:22" if doc.direction == "outgoing" else f"{GONGWEN}:24.4")
    else:
        frozen = Verdict.passed()
    if kind == "scan":
        open_ = Verdict.passed() if doc.state in SCAN_OPEN else Verdict.refused(
            "files.scan_closed", f"收文已{state}，不能再补登扫描件。", f"{GONGWEN}:24.2")
    elif kind is not None and kind not in kinds:
        open_ = Verdict.refused("files.kind_not_taken", "发文没有收文扫描件；请作为正文或附件上传。")
    elif doc.state in EDITABLE:
        open_ = Verdict.passed()
    else:
        open_ = frozen if not frozen.ok else Verdict.refused(
            "files.not_editable", f"公文{state}，正文和附件只能在拟稿、审改时修改；需修改的请退回起草单位。",
            f"{GONGWEN}:21")
    return Access(label=label, path=f"documents/{doc.id}", kinds=kinds, readable=readable, editor=editor,
                  open=open_, frozen=frozen)
