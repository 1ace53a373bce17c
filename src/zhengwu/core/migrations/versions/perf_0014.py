"""perf: indexes for paged lists, queues and a document's trail; awaited posts (issue 18)

Revision ID: 0014
Revises: 0015
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0015'
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_audit_events_tenant_object", "audit_events", ["tenant_id", "object_type", "object_id", "seq"]),
    ("ix_doc_documents_tenant_id_id", "doc_documents", ["tenant_id", "id"]),
    ("ix_doc_documents_tenant_state_id", "doc_documents", ["tenant_id", "state", "id"]),
    ("ix_doc_documents_reply_to_id", "doc_documents", ["reply_to_id"]),
    ("ix_doc_documents_tenant_classification", "doc_documents", ["tenant_id", "classification"]),
    ("ix_doc_countersigns_tenant_outcome_id", "doc_countersigns", ["tenant_id", "outcome", "id"]),
    ("ix_doc_countersigns_tenant_id_id", "doc_countersigns", ["tenant_id", "id"]),
    ("ix_supervision_tasks_tenant_state_deadline", "supervision_tasks", ["tenant_id", "state", "deadline"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    op.create_table(
        'doc_awaited_posts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('post', sa.String(length=40), nullable=False),
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['doc_documents.id'],
                                name=op.f('fk_doc_awaited_posts_document_id_doc_documents'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_doc_awaited_posts_tenant_id_tenants'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_doc_awaited_posts')),
    )
    op.create_index(op.f('ix_doc_awaited_posts_document_id'), 'doc_awaited_posts', ['document_id'], unique=False)
    op.create_index(op.f('ix_doc_awaited_posts_tenant_id'), 'doc_awaited_posts', ['tenant_id'], unique=False)
    op.create_index('ix_doc_awaited_posts_tenant_post_document', 'doc_awaited_posts',
                    ['tenant_id', 'post', 'document_id'], unique=False)
    _fill_awaited_posts()


def _fill_awaited_posts() -> None:
    """Documents already at signing: the posts of their pending reviews and countersigns, or
    of the sign-off once none is left (as signoff.awaited_posts, frozen here as of 0014)."""
    bind = op.get_bind()
    done: dict[int, set[str]] = {}
    for document_id, kind, post in bind.execute(sa.text(
            "SELECT s.document_id, s.kind, s.post FROM doc_chain_steps s "
            "JOIN doc_documents d ON d.id = s.document_id WHERE d.state = 'signing'")):
        done.setdefault(document_id, set()).add(f"{kind}:{post}")
    rows = []
    for document_id, tenant_id, chain in bind.execute(sa.text(
            "SELECT id, tenant_id, chain FROM doc_documents WHERE state = 'signing'")):
        steps = json.loads(chain) if isinstance(chain, str) else (chain or [])
        pending = [s for s in steps if f"{s['kind']}:{s['post']}" not in done.get(document_id, set())]
        first = [s for s in pending if s["kind"] != "sign_off"] or pending
        posts = {p for s in first for p in (s["post"], *s.get("alternatives", []))}
        rows += [{"tenant_id": tenant_id, "document_id": document_id, "post": p} for p in sorted(posts)]
    if rows:
        bind.execute(sa.text("INSERT INTO doc_awaited_posts (tenant_id, document_id, post) "
                             "VALUES (:tenant_id, :document_id, :post)"), rows)


def downgrade() -> None:
    op.drop_table('doc_awaited_posts')
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
