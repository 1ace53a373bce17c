"""The signing chain fixed on a document at 送签: its steps, the steps taken, and the posts it
still awaits (kept in `AwaitedPost`, which the sign-off queue reads)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from zhengwu.documents import signoff
from zhengwu.documents.models import AwaitedPost, ChainStep, Document
from zhengwu.rulebook.signing import Step


def _refresh_awaited(session: Session, doc: Document) -> None:
    """Keep the document's awaited posts in step with its chain (none once it leaves signing)."""
    session.execute(delete(AwaitedPost).where(AwaitedPost.document_id == doc.id))
    if doc.state == "signing":
        posts = signoff.awaited_posts(chain_steps(doc), done_steps(session, doc))
        session.add_all([AwaitedPost(tenant_id=doc.tenant_id, document_id=doc.id, post=p) for p in sorted(posts)])
        session.flush()


def chain_steps(doc: Document) -> list[Step]:
    return [Step(kind=s["kind"], post=s["post"], cite=s["cite"], alternatives=tuple(s["alternatives"]),
                 condition=s["condition"], inherited_from=s["inherited_from"]) for s in doc.chain]


def done_steps(session: Session, doc: Document) -> set[str]:
    rows = session.execute(select(ChainStep.kind, ChainStep.post).where(ChainStep.document_id == doc.id)).all()
    return {f"{k}:{p}" for k, p in rows}

