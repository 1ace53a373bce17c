"""calendar: the State Council holiday notices the operator entered

Revision ID: 0017
Revises: 0009
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa
import zhengwu.core.base


revision = '0017'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('holiday_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('holidays', sa.JSON(), nullable=False),
    sa.Column('workdays', sa.JSON(), nullable=False),
    sa.Column('entered_by_user_id', sa.Integer(), nullable=True),
    sa.Column('entered_by', sa.String(length=200), nullable=False),
    sa.Column('entered_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_user_id'], ['users.id'], name=op.f('fk_holiday_notices_entered_by_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday_notices')),
    sa.UniqueConstraint('year', name=op.f('uq_holiday_notices_year'))
    )


def downgrade() -> None:
    op.drop_table('holiday_notices')
