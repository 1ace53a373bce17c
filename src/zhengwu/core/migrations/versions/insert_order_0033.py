"""batches: an insert-order column on the rows a step adds many of at once (issue 18)

SQLite numbers new rows itself and cannot say in which order a many-row INSERT … RETURNING gave
the ids back; SQLAlchemy then inserts one row a statement. With a column it fills in as it
inserts (its "insert sentinel"), a batch's notices, versions and countersign requests go out in
one statement each. Nullable: rows written before have none, and nothing reads it.

Revision ID: 0033
Revises: 0032
"""

import sqlalchemy as sa
from alembic import op

revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None

TABLES = ("notices", "doc_versions", "doc_countersigns")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("insert_order", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("insert_order")
