"""The signing chain fixed on a document at 送签: its steps, the steps taken, and the posts it
still awaits (kept in `AwaitedPost`, which the sign-off queue reads)."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session
from zhengwu.core.db import unwritten, written_at_commit
from zhengwu.documents import held, signoff
from zhengwu.documents.models import AwaitedPost, ChainStep, Document
from zhengwu.rulebook.signing import Step


# Built once: a statement's construction and cache key cost more than its execution here. Run
# on the connection (Core): no use case loads these rows, so there is nothing of
# them in the session to flush first or to bring in step afterwards.
_FORGET_AWAITED = delete(AwaitedPost).where(AwaitedPost.document_id == bindparam("doc_id"))
_AWAIT = insert(AwaitedPost)
_DONE = select(ChainStep.document_id, ChainStep.kind, ChainStep.post).where(
    ChainStep.document_id.in_(bindparam("ids", expanding=True)))

def _refresh_awaited(session: Session, doc: Document, *, was_signing: bool) -> None:
    """Keep the document's awaited posts in step with its chain (none once it leaves signing; a
    document only has them while at signing, so one coming to it has none to forget). Written when
    the transaction commits, for all its documents in two statements: only the sign-off queue
    reads them, never a use case. In Core, as they are deleted: no use case loads them either."""
    posts = signoff.awaited_posts(chain_steps(doc), done_steps(session, doc)) if doc.state == "signing" else set()
    # Document id → (its stored awaited posts to forget?, the rows it awaits now).
    waiting: dict[int, tuple[bool, list[dict]]] = written_at_commit(session, "awaited_posts", dict, _write_awaited)
    # Stored rows exist only where the document was at signing when the transaction began: its first refresh says.
    forget = waiting[doc.id][0] if doc.id in waiting else was_signing
    waiting[doc.id] = (forget, [{"tenant_id": doc.tenant_id, "document_id": doc.id, "post": p} for p in sorted(posts)])


def _write_awaited(session: Session, waiting: dict[int, tuple[bool, list[dict]]]) -> None:
    connection = session.connection()
    forgotten = [{"doc_id": doc_id} for doc_id, (forget, _) in waiting.items() if forget]
    if forgotten:
        connection.execute(_FORGET_AWAITED, forgotten)
    rows = [row for _, doc_rows in waiting.values() for row in doc_rows]
    if rows:
        connection.execute(_AWAIT, rows)


def chain_steps(doc: Document) -> list[Step]:
    return [Step(kind=s["kind"], post=s["post"], cite=s["cite"], alternatives=tuple(s["alternatives"]),
                 condition=s["condition"], inherited_from=s["inherited_from"]) for s in doc.chain]


def steps_taken(session: Session, doc_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each document's steps written on its chain ((kind, post)), as documents/held.py reads them."""
    found: dict[int, list[tuple[str, str]]] = {doc_id: [] for doc_id in doc_ids}
    with session.no_autoflush:  # the unwritten ones are counted by done_steps
        for doc_id, kind, post in session.execute(_DONE, {"ids": doc_ids}):
            found[doc_id].append((kind, post))
    return found


def done_steps(session: Session, doc: Document) -> set[str]:
    """The steps taken on the chain ("kind:post"): those written (read once a transaction,
    documents/held.py) and those the session holds not yet written — a step just taken is counted
    without a flush of its own, so a batch's steps all go out at its one flush."""
    rows = held.once(session, ChainStep, doc.id, steps_taken)
    taken = [(step.kind, step.post) for step in unwritten(session, (ChainStep,), changed=False)
             if step.document_id == doc.id and step in session.new]
    return done_texts((*rows, *taken))


def done_texts(steps) -> set[str]:
    """Steps taken ((kind, post)) as the signing rules name them ("kind:post")."""
    return {f"{kind}:{post}" for kind, post in steps}
