"""A document's rows that several use cases of one transaction ask for, read once a transaction.

签发+印发 runs 结束会签, 送签, 签发 and 印发 in one unit of work, and each asks again for the
steps taken on the chain (送签 for the awaited posts and the notice, 签发 for its check), the
reviews recorded (签发, 印发 and the legislative hook), the countersign round (结束会签, 送签) and
the text's last version number. A batch (documents/batch.py) asks the same of every one of its
documents: `prime` reads them for all of them in one statement each, where one document at a time
was a statement per document. Each answer is kept in the session for the rest of its transaction,
and a document's is dropped as soon as the session is given a new row of its kind for that
document (or deletes one), so a later question reads the database again; nothing here outlives the
transaction."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Callable, TypeVar

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from zhengwu.documents.models import ChainStep, CountersignRequest, DocumentVersion, ReviewRecord

T = TypeVar("T")

# Reads the answers of many documents at once: document ids → each one's answer (every id given).
ReadMany = Callable[[Session, list[int]], dict[int, T]]

_HELD = "zhengwu.documents.held"


def prime(session: Session, model: type, doc_ids: Collection[int], read: ReadMany) -> None:
    """Read `read`'s answers about `model`'s rows for those of `doc_ids` not held yet, at once."""
    held: dict[tuple[type, int], Any] = session.info.setdefault(_HELD, {})
    wanted = sorted({doc_id for doc_id in doc_ids if (model, doc_id) not in held})
    if wanted:
        for doc_id, answer in read(session, wanted).items():
            held[(model, doc_id)] = answer


def once(session: Session, model: type, doc_id: int, read: ReadMany[T]) -> T:
    """`read`'s answer about `model`'s rows of document `doc_id`, read once a transaction."""
    prime(session, model, (doc_id,), read)
    return session.info[_HELD][(model, doc_id)]


def _forgetting(*kinds: type) -> Callable[[Session, Any], None]:
    """A listener dropping what was held about a row's document when a row of `kinds` comes or goes."""
    def forget(session: Session, instance: Any) -> None:
        held = session.info.get(_HELD)
        if held and isinstance(instance, kinds):
            doc_id = getattr(instance, "document_id")  # noqa: B009 — each of `kinds` has one; mypy knows only `type`
            for key in [k for k in held if k[0] is type(instance) and (doc_id is None or k[1] == doc_id)]:
                del held[key]

    return forget


# A new review, request or version is part of the answer at once; a new step is counted by
# chain.done_steps from the session itself until it is written, and once written it is no longer
# the session's own to add to an answer read before it: the answer is read again.
sa_event.listen(Session, "transient_to_pending", _forgetting(ReviewRecord, CountersignRequest, DocumentVersion))
sa_event.listen(Session, "pending_to_persistent", _forgetting(ChainStep))
sa_event.listen(Session, "persistent_to_deleted", _forgetting(ChainStep, ReviewRecord, CountersignRequest, DocumentVersion))
sa_event.listen(Session, "pending_to_transient", _forgetting(ChainStep, ReviewRecord, CountersignRequest, DocumentVersion))


@sa_event.listens_for(Session, "after_transaction_end")
def _end(session: Session, transaction) -> None:
    # The transaction, or a savepoint (what it added may be gone); not a flush's own subtransaction.
    if transaction.parent is None or transaction.nested:
        session.info.pop(_HELD, None)
