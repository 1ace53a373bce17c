"""A document's rows that several use cases of one transaction ask for, read once a transaction.

签发+印发 runs 结束会签, 送签, 签发 and 印发 in one unit of work, and each asks again for the
steps taken on the chain (送签 for the awaited posts and the notice, 签发 for its check), the
reviews recorded (签发, 印发 and the legislative hook) and the countersign round (结束会签, 送签).
Each answer is kept in the session for the rest of its transaction, and dropped as soon as the
session is given a new row of its kind (or deletes one), so a later question reads the database
again; nothing here outlives the transaction."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from zhengwu.documents.models import ChainStep, CountersignRequest, ReviewRecord

T = TypeVar("T")

_HELD = "zhengwu.documents.held"


def once(session: Session, model: type, doc_id: int, read: Callable[[], T]) -> T:
    """`read()`'s answer about `model`'s rows of document `doc_id`, read once a transaction."""
    held: dict[tuple[type, int], Any] = session.info.setdefault(_HELD, {})
    key = (model, doc_id)
    if key not in held:
        held[key] = read()
    return held[key]


def _forgetting(*kinds: type) -> Callable[[Session, Any], None]:
    """A listener dropping what was held about a row's kind when a row of `kinds` comes or goes."""
    def forget(session: Session, instance: Any) -> None:
        held = session.info.get(_HELD)
        if held and isinstance(instance, kinds):
            for key in [k for k in held if k[0] is type(instance)]:
                del held[key]

    return forget


# A new review or request is part of the answer at once; a new step is counted by
# chain.done_steps from the session itself until it is written, and once written it is no longer
# the session's own to add to an answer read before it: the answer is read again.
sa_event.listen(Session, "transient_to_pending", _forgetting(ReviewRecord, CountersignRequest))
sa_event.listen(Session, "pending_to_persistent", _forgetting(ChainStep))
sa_event.listen(Session, "persistent_to_deleted", _forgetting(ChainStep, ReviewRecord, CountersignRequest))
sa_event.listen(Session, "pending_to_transient", _forgetting(ChainStep, ReviewRecord, CountersignRequest))


@sa_event.listens_for(Session, "after_transaction_end")
def _end(session: Session, transaction) -> None:
    # The transaction, or a savepoint (what it added may be gone); not a flush's own subtransaction.
    if transaction.parent is None or transaction.nested:
        session.info.pop(_HELD, None)
