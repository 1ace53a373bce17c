"""perf: indexes for paged lists, queues and a document's trail (issue 18)

Revision ID: 0014
Revises: 0009
"""

from alembic import op

revision = '0014'
down_revision = '0009'
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_audit_events_tenant_object", "audit_events", ["tenant_id", "object_type", "object_id", "seq"]),
    ("ix_doc_documents_tenant_id_id", "doc_documents", ["tenant_id", "id"]),
    ("ix_doc_documents_tenant_state_id", "doc_documents", ["tenant_id", "state", "id"]),
    ("ix_doc_documents_reply_to_id", "doc_documents", ["reply_to_id"]),
    ("ix_doc_countersigns_tenant_id_id", "doc_countersigns", ["tenant_id", "id"]),
    ("ix_supervision_tasks_tenant_state_deadline", "supervision_tasks", ["tenant_id", "state", "deadline"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
