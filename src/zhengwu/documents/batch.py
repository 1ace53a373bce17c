"""批量办理: one step on many documents at once — a leader signing the morning's queue from a
phone, a department head agreeing to the countersigns waiting on the department, the office
sending a day's drafts for signing or issuing what was signed.

Each item runs the very use case its single request runs, with the same checks and the same
article on its own trail, and all of them in one unit of work: every item is done, or none is.
The first item refused stops the batch and the refusal names it (「第 3 件《…》：…」), so the
user can leave it out and send the rest again. The documents are read in one statement first,
and their writes go out together when the batch commits — the batch is what makes many
documents cheap, where one request a document pays a transaction each.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

from zhengwu.core.errors import ZhengwuError
from zhengwu.core.tenants import Tenant
from zhengwu.core.fetch import load_in_tenant
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.documents import chain, countersigning, drafting, held, issuing, reading, signing, standing
from zhengwu.documents.models import ChainStep, CountersignRequest, Document, DocumentVersion, ReviewRecord

# A batch is one transaction holding the write lock: bounded like a page of a list.
MAX_ITEMS = 100


# What a step asks of each of its documents (documents/held.py), read for the whole batch at once.
VERSIONS = (DocumentVersion, standing.last_versions)
ROUNDS = (CountersignRequest, countersigning.last_rounds)
TAKEN = (ChainStep, chain.steps_taken)
REVIEWS = (ReviewRecord, standing.reviews_of)


@dataclass(frozen=True)
class Step:
    label: str  # what the user asked for, in their words
    run: Callable[[TenantWork, dict], Any]
    reads: type | None  # what an item's "id" names (None: the item creates the document)
    asks: tuple[tuple[type, held.ReadMany], ...] = ()  # what its use case asks of each document


def _document_of(row: Document | CountersignRequest, session) -> Document:
    return row if isinstance(row, Document) else session.get_one(Document, row.document_id)


STEPS: dict[str, Step] = {
    "draft": Step("拟稿", lambda uow, item: drafting.create_draft(uow, keyed=False, **item), None),
    "revise": Step("审改", lambda uow, item: drafting.revise(
        uow, doc_id=item["id"], title=item["title"], body=item["body"], note=item.get("note", "办公室审改"),
        expected_version=item["version"]), Document, (VERSIONS,)),
    "countersign": Step("发起会签", lambda uow, item: countersigning.open_countersign(
        uow, doc_id=item["id"], department_ids=item["department_ids"], mode=item.get("mode", "parallel"),
        lead_department_due=item.get("lead_department_due"), sent_on=item.get("sent_on"),
        expected_version=item["version"])[0], Document, (ROUNDS,)),
    "countersign_answer": Step("会签回复", lambda uow, item: countersigning.answer_countersign(
        uow, request_id=item["id"], outcome=item["outcome"], opinion=item.get("opinion", ""),
        their_reasons=item.get("their_reasons", ""), expected_version=item["version"]), CountersignRequest, (ROUNDS,)),
    "countersign_close": Step("结束会签", lambda uow, item: countersigning.close_countersign(
        uow, doc_id=item["id"], expected_version=item["version"]), Document, (ROUNDS,)),
    "send_for_signing": Step("送签", lambda uow, item: signing.send_for_signing(
        uow, doc_id=item["id"], expected_version=item["version"]), Document, (ROUNDS, TAKEN)),
    "step": Step("审核、会签或签发", lambda uow, item: signing.take_step(
        uow, doc_id=item["id"], kind=item["kind"], opinion=item.get("opinion", ""),
        expected_version=item["version"]), Document, (TAKEN, REVIEWS)),
    "issue": Step("印发", lambda uow, item: issuing.issue(uow, doc_id=item["id"], expected_version=item["version"]),
                  Document, (REVIEWS,)),
}

_WHAT: dict[type, str] = {Document: "公文", CountersignRequest: "会签请求"}


def run(uow: TenantWork, action: str, items: list[dict]) -> list[Document]:
    """Take `action` (a key of STEPS) on every item, in order; returns each item's document."""
    step = STEPS[action]
    if not items or len(items) > MAX_ITEMS:
        raise RuleViolation(Verdict.refused("batch_size", f"批量办理一次应为 1 至 {MAX_ITEMS} 件，收到 {len(items)} 件。"))
    rows: dict[int, Any] = {}
    if step.reads is not None:
        rows = load_in_tenant(uow.session, step.reads, [item["id"] for item in items], uow.tenant_id, _WHAT[step.reads])
        if step.reads is CountersignRequest:  # their documents too, in one more statement
            load_in_tenant(uow.session, Document, [row.document_id for row in rows.values()], uow.tenant_id, "公文")
        doc_ids = [row.document_id if isinstance(row, CountersignRequest) else row.id for row in rows.values()]
        for model, read in step.asks:
            held.prime(uow.session, model, doc_ids, read)
    done = []
    for number, item in enumerate(items, start=1):
        try:
            done.append(_document_of(step.run(uow, item), uow.session))
        except (RuleViolation, ZhengwuError) as refused:
            _name_item(uow, refused, number, rows.get(item.get("id")))  # type: ignore[arg-type]
            raise
    return done


def _name_item(uow: TenantWork, refused: RuleViolation | ZhengwuError, number: int, row) -> None:
    """The refusal, naming the item: 「第 N 件《title》：…（整批均未办理）」. The unit of work then rolls
    the batch back and records it. A classified title is named only to whoever may read it."""
    where = f"第 {number} 件"
    if row is not None:
        doc = _document_of(row, uow.session)
        with uow.session.no_autoflush:  # asked while refusing: nothing of the batch is to be written
            readable = reading.may_read(uow.session, uow.session.get_one(Tenant, uow.tenant_id), doc,
                                        uow.actor.user_id, uow.now)
        if readable:
            where += f"《{doc.title}》"
    if isinstance(refused, RuleViolation):
        reasons = refused.verdict.reasons
        # The item named once, before its first reason, and the batch's fate after the last.
        refused.verdict = Verdict(False, tuple(
            replace(r, message=(f"{where}：" if i == 0 else "") + r.message + (_UNDONE if i == len(reasons) - 1 else ""))
            for i, r in enumerate(reasons)))
        refused.args = ("；".join(r.message for r in refused.verdict.reasons),)
    else:
        refused.message = f"{where}：{refused.message}{_UNDONE}"
        refused.args = (refused.message,)


_UNDONE = "（整批均未办理）"
