"""search: the documents' words index, so that full-text search finds a rare word by index lookups (issue 18)

Revision ID: 0032
Revises: 0031
"""

import sqlalchemy as sa
from alembic import op

from zhengwu.documents import words

revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # detail=none: which rows hold a term, not where (a word is asked as its terms, not a
        # phrase); columnsize=0: no row lengths (they serve ranking, which search does not do).
        op.execute(sa.text("CREATE VIRTUAL TABLE doc_words USING fts5(words, detail=none, columnsize=0)"))
    else:
        op.execute(sa.text("CREATE TABLE doc_words (document_id INTEGER NOT NULL PRIMARY KEY "
                           "REFERENCES doc_documents (id) ON DELETE CASCADE, grams TEXT[] NOT NULL)"))
    # Every document there is, in batches (at 1M documents this is the migration's time).
    words.backfill(op.get_bind())
    if op.get_bind().dialect.name != "sqlite":
        # After the load: a GIN index is built faster at once than row by row.
        op.execute(sa.text("CREATE INDEX ix_doc_words_grams ON doc_words USING gin (grams)"))
        op.execute(sa.text("ANALYZE doc_words"))


def downgrade() -> None:
    op.execute(sa.text("DROP TABLE doc_words"))
