"""batches: the insert-order column on documents and chain steps too (issue 18)

A batch of drafts inserts its documents, and a batch of sign-offs its chain steps, in one statement
each (migration 0033 says why the column does it). Both tables are covered by the audit's data
hash, which leaves the column out (core.covered.BOOKKEEPING): every row keeps the hash it was
audited with. Nullable: rows written before have none, and nothing reads it.

Revision ID: 0034
Revises: 0033
"""

import sqlalchemy as sa
from alembic import op

revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None

TABLES = ("doc_documents", "doc_chain_steps")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("insert_order", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("insert_order")
