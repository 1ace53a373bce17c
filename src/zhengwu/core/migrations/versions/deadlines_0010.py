"""deadlines: pending deadlines that fire by themselves; real dates of incoming documents, 批示件 and disclosure requests

Revision ID: 0010
Revises: 0017
Create Date: 2026-12-06 15:18:13.791649
"""

from alembic import op
import sqlalchemy as sa
import zhengwu.core.base


revision = '0010'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pending_deadlines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=100), nullable=False),
    sa.Column('trail_type', sa.String(length=100), nullable=False),
    sa.Column('trail_id', sa.String(length=100), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('unit', sa.String(length=10), nullable=True),
    sa.Column('cite', sa.String(length=200), nullable=True),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('reminders', sa.JSON(), nullable=False),
    sa.Column('reminded', sa.JSON(), nullable=False),
    sa.Column('next_fire_on', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('moves', sa.JSON(), nullable=False),
    sa.Column('fired_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pending_deadlines_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_deadlines')),
    sa.UniqueConstraint('tenant_id', 'kind', 'object_id', name='uq_pending_deadlines_object')
    )
    with op.batch_alter_table('pending_deadlines', schema=None) as batch_op:
        batch_op.create_index('ix_pending_deadlines_queue', ['state', 'next_fire_on'], unique=False)
        batch_op.create_index('ix_pending_deadlines_trail', ['tenant_id', 'trail_type', 'trail_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_deadlines_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('disclosure_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=20), server_default='online', nullable=False))
        batch_op.add_column(sa.Column('registered_by', sa.String(length=200), nullable=True))

    with op.batch_alter_table('doc_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_on', sa.Date(), nullable=True))

    with op.batch_alter_table('doc_instructions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_on', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('doc_instructions', schema=None) as batch_op:
        batch_op.drop_column('received_on')

    with op.batch_alter_table('doc_documents', schema=None) as batch_op:
        batch_op.drop_column('received_on')

    with op.batch_alter_table('disclosure_requests', schema=None) as batch_op:
        batch_op.drop_column('registered_by')
        batch_op.drop_column('channel')

    with op.batch_alter_table('pending_deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_deadlines_tenant_id'))
        batch_op.drop_index('ix_pending_deadlines_queue')
        batch_op.drop_index('ix_pending_deadlines_trail')

    op.drop_table('pending_deadlines')
