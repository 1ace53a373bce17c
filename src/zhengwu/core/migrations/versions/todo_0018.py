"""todo: indexes the 待办 providers and the 已办 list read (issue 15)

Revision ID: 0018
Revises: 0012
"""

from alembic import op

revision = '0018'
down_revision = '0020'
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_audit_events_tenant_actor_outcome_id", "audit_events", ["tenant_id", "actor_user_id", "outcome", "id"]),
    ("ix_org_leave_requests_tenant_state", "org_leave_requests", ["tenant_id", "state"]),
    ("ix_disclosure_requests_tenant_state_id", "disclosure_requests", ["tenant_id", "state", "id"]),
    ("ix_meeting_minutes_tenant_state", "meeting_minutes", ["tenant_id", "state"]),
    ("ix_meeting_topics_tenant_state_id", "meeting_topics", ["tenant_id", "state", "id"]),
    ("ix_major_decisions_tenant_state_id", "major_decisions", ["tenant_id", "state", "id"]),
    ("ix_meeting_conference_requests_tenant_state", "meeting_conference_requests", ["tenant_id", "state"]),
    ("ix_doc_instructions_tenant_handler_reported", "doc_instructions",
     ["tenant_id", "handler_department_id", "reported_on"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
