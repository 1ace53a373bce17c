"""A document's steps taken, reviews and countersign round are read once a transaction
(documents/held.py) — and read again as soon as the transaction adds (or takes back) a row of the kind."""

from __future__ import annotations

from sqlalchemy import event

from documents_support import at
from zhengwu.documents import countersigning, drafting
from zhengwu.documents.chain import done_steps
from zhengwu.documents.models import ChainStep, ReviewRecord
from zhengwu.documents.standing import _reviews_of


def test_read_once_a_transaction_and_again_after_a_new_row(db, make_office):
    office = make_office("dalian-2014")
    statements = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    def reads(table: str) -> int:
        return sum(1 for s in statements if s.lstrip().startswith("SELECT") and f"FROM {table}" in s)

    def flow(uow):
        doc = drafting.create_draft(uow, issuer="office", doc_type="notice", title="关于项目的通知", body="",
                                    main_recipients="各区市县政府", department_id=office.department("zjj"))
        statements.clear()
        assert done_steps(uow.session, doc) == set() and done_steps(uow.session, doc) == set()
        assert _reviews_of(uow.session, doc) == {} and _reviews_of(uow.session, doc) == {}
        assert countersigning.current_round(uow.session, doc.id) == countersigning.current_round(uow.session, doc.id) == []
        assert (reads("doc_chain_steps"), reads("doc_reviews"), reads("doc_countersigns")) == (1, 1, 1)

        savepoint = uow.session.begin_nested()
        uow.session.add(ChainStep(tenant_id=uow.tenant_id, document_id=doc.id, kind="review", post="office_director",
                                  user_id=uow.actor.user_id, capacity="", opinion="", cite=None, at=uow.now))
        assert done_steps(uow.session, doc) == {"review:office_director"}
        savepoint.rollback()  # the step is taken back: the next question reads the database again
        assert done_steps(uow.session, doc) == set()

        uow.session.add(ChainStep(tenant_id=uow.tenant_id, document_id=doc.id, kind="review", post="office_director",
                                  user_id=uow.actor.user_id, capacity="", opinion="", cite=None, at=uow.now))
        uow.session.add(ReviewRecord(tenant_id=uow.tenant_id, document_id=doc.id, review="legality_review",
                                     passed=True, on=uow.today))
        assert done_steps(uow.session, doc) == {"review:office_director"}
        assert set(_reviews_of(uow.session, doc)) == {"legality_review"}
        countersigning.open_countersign(uow, doc_id=doc.id, expected_version=doc.version, mode="parallel",
                                        department_ids=[office.department("czj"), office.department("rsj")])
        assert [r.department_id for r in countersigning.current_round(uow.session, doc.id)] == [
            office.department("czj"), office.department("rsj")]

    office.run("office", "document.draft", flow, now=at())
