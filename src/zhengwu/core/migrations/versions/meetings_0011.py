"""meetings: calendar subscription tokens (per-user .ics feed without a browser session)

Revision ID: 0011
Revises: 0013
Create Date: 2026-12-06 15:40:00
"""

from alembic import op
import sqlalchemy as sa
import zhengwu.core.base


revision = '0011'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meeting_calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_meeting_calendar_feeds_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_meeting_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_meeting_calendar_feeds_token_hash'))
    )
    with op.batch_alter_table('meeting_calendar_feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_calendar_feeds_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_calendar_feeds_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meeting_calendar_feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_calendar_feeds_user_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_calendar_feeds_tenant_id'))
    op.drop_table('meeting_calendar_feeds')
