"""emergency: emergency reports

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa
import zhengwu.core.base


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('emergency_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('event_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('reported_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('reporter', sa.String(length=200), nullable=False),
    sa.Column('limit_minutes', sa.Integer(), nullable=True),
    sa.Column('deadline_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('late_message', sa.Text(), nullable=True),
    sa.Column('cite', sa.String(length=200), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_emergency_reports_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emergency_reports'))
    )
    with op.batch_alter_table('emergency_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emergency_reports_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    op.drop_table('emergency_reports')
