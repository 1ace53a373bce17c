"""The documents' words index (`doc_words`): kept beside the documents on every write of a
title, body or number, and joined by search so that a rare word is found by index lookups
instead of a LIKE over every document (issue 18). Its terms are `grams.grams`; it is derived data,
outside the audited state (core.covered hashes `doc_documents` only) and outside the models
(SQLite's is an FTS5 virtual table: the schema comparison leaves it out, core.base.DERIVED).

SQLite: `CREATE VIRTUAL TABLE doc_words USING fts5(words, detail=none, columnsize=0)`, rowid the
document's id, the terms space-separated. PostgreSQL: `doc_words(document_id PRIMARY KEY →
doc_documents ON DELETE CASCADE, grams text[])` with a GIN index. A query asks for rows holding
all of its words' terms (FTS5: each term a quoted string, ANDed; GIN: `@>`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Select, Text, bindparam, column, event, inspect, table, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from zhengwu.core.base import DERIVED
from zhengwu.documents.grams import grams, word_grams
from zhengwu.documents.models import Document

TABLE = "doc_words"
DERIVED.add(TABLE)
FIELDS = ("title", "body", "doc_number")

# FTS5 with detail=none matches the whole row only: through the column named as the table.
_fts = table(TABLE, column("rowid"), column(TABLE))
_gin = table(TABLE, column("document_id"), column("grams", ARRAY(Text)))


def write(connection: Connection, rows: Sequence[tuple[int, str | None, str | None, str | None]], *,
          new: bool = False) -> None:
    """Index these documents (id, title, body, number) afresh: the one way rows get in. `new`:
    none of them is indexed yet (just inserted), so there is no old row to remove."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        # FTS5 has no upsert: a changed document's old row goes first.
        if not new:
            connection.execute(text(f"DELETE FROM {TABLE} WHERE rowid IN :ids").bindparams(bindparam("ids", expanding=True)),
                               {"ids": [row[0] for row in rows]})
        connection.execute(text(f"INSERT INTO {TABLE} (rowid, words) VALUES (:id, :words)"),
                           [{"id": id_, "words": " ".join(grams(*fields))} for id_, *fields in rows])
    else:
        connection.execute(text(f"INSERT INTO {TABLE} (document_id, grams) VALUES (:id, :grams) "
                                "ON CONFLICT (document_id) DO UPDATE SET grams = excluded.grams")
                           .bindparams(bindparam("grams", type_=ARRAY(Text))),
                           [{"id": id_, "grams": grams(*fields)} for id_, *fields in rows])


def backfill(connection: Connection, batch: int = 10_000) -> int:
    """Index every document, a batch of ids at a time (the migration that adds the index)."""
    done, last = 0, 0
    while True:
        rows = connection.execute(text("SELECT id, title, body, doc_number FROM doc_documents WHERE id > :last "
                                       "ORDER BY id LIMIT :batch"), {"last": last, "batch": batch}).all()
        if not rows:
            return done
        write(connection, [tuple(row) for row in rows], new=True)
        done, last = done + len(rows), rows[-1][0]


def _changed(session: Session) -> list[Document]:
    return [doc for doc in session.dirty if isinstance(doc, Document)
            and any(inspect(doc).get_history(f, PASSIVE_NO_INITIALIZE).has_changes() for f in FIELDS)]


@event.listens_for(Session, "after_flush")
def _index_flushed(session: Session, flush_context) -> None:
    # Every write of a document through the ORM passes here, whichever service made it.
    def rows(docs):
        return [(doc.id, doc.title, doc.body, doc.doc_number) for doc in docs]

    write(session.connection(), rows(doc for doc in session.new if isinstance(doc, Document)), new=True)
    write(session.connection(), rows(_changed(session)))
    gone = [doc.id for doc in session.deleted if isinstance(doc, Document)]
    if gone and session.get_bind().dialect.name == "sqlite":  # PostgreSQL's rows go by the foreign key
        session.connection().execute(text(f"DELETE FROM {TABLE} WHERE rowid IN :ids")
                                     .bindparams(bindparam("ids", expanding=True)), {"ids": gone})


def matching(dialect: str, query: Select, words: Iterable[str]):
    """`query` (documents, filtered by every word's LIKE) joined to the index rows holding every
    word's terms, and the key to page it by; `query` itself and the documents' id if no word has
    terms (punctuation only). On SQLite the key is the index's rowid, so that FTS5 yields the
    newest matches first and a page stops reading after its last row."""
    needed = sorted({g for w in words for g in word_grams(w)})
    if not needed:
        return query, Document.id
    if dialect == "sqlite":
        terms = " AND ".join(f'"{g}"' for g in needed)  # quoted: a term "or" is no operator
        return query.join(_fts, _fts.c.rowid == Document.id).where(_fts.c[TABLE].op("MATCH")(terms)), _fts.c.rowid
    return query.join(_gin, _gin.c.document_id == Document.id).where(_gin.c.grams.contains(needed)), Document.id
