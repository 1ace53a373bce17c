"""scale: an index for the compliance report's late countersigns; the ledger's figures from an index (issue 18)

Revision ID: 0031
Revises: 0030
"""

import sqlalchemy as sa
from alembic import op

revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # On SQLite only the unanswered and the late-answered rows (the report's own condition);
    # PostgreSQL refuses the date-to-timestamptz comparison in an index and keeps the range.
    op.create_index('ix_doc_countersigns_tenant_due_unanswered', 'doc_countersigns', ['tenant_id', 'due'],
                    unique=False, sqlite_where=sa.text("answered_at IS NULL OR answered_at >= due"))
    # The department joins the period's index: the figures per department are counted from it.
    op.drop_index('ix_supervision_tasks_tenant_deadline_closed', table_name='supervision_tasks')
    op.create_index('ix_supervision_tasks_tenant_deadline_closed_department', 'supervision_tasks',
                    ['tenant_id', 'deadline', 'closed_on', 'department_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_supervision_tasks_tenant_deadline_closed_department', table_name='supervision_tasks')
    op.create_index('ix_supervision_tasks_tenant_deadline_closed', 'supervision_tasks',
                    ['tenant_id', 'deadline', 'closed_on'], unique=False)
    op.drop_index('ix_doc_countersigns_tenant_due_unanswered', table_name='doc_countersigns')
