"""disclosure: publication queue and disclosure requests

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa
import zhengwu.core.base


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('disclosure_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('meeting_kind', sa.String(length=20), nullable=True),
    sa.Column('source_ref', sa.String(length=200), nullable=True),
    sa.Column('formed_on', sa.Date(), nullable=False),
    sa.Column('classification', sa.String(length=20), nullable=True),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('withheld_reason', sa.Text(), nullable=True),
    sa.Column('confidentiality_checked_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('confidentiality_checked_by', sa.String(length=200), nullable=True),
    sa.Column('interpretation', sa.Text(), nullable=True),
    sa.Column('published_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_disclosure_items_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure_items'))
    )
    with op.batch_alter_table('disclosure_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_items_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('disclosure_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('applicant', sa.String(length=100), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('extension_workdays', sa.Integer(), nullable=False),
    sa.Column('extension_approver', sa.String(length=200), nullable=True),
    sa.Column('extension_reason', sa.Text(), nullable=True),
    sa.Column('extended_on', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('replied_on', sa.Date(), nullable=True),
    sa.Column('reply_kind', sa.String(length=30), nullable=True),
    sa.Column('reply_text', sa.Text(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_disclosure_requests_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure_requests'))
    )
    with op.batch_alter_table('disclosure_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_requests_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    op.drop_table('disclosure_requests')
    op.drop_table('disclosure_items')
