"""org, notices, onboarding: a version on the rows that still changed without one (issue 11,
point 5): the 分管 portfolio, the notice channel settings and preferences, the profile draft

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-06 22:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None

TABLES = ('org_portfolios', 'notice_settings', 'notice_preferences', 'onboarding_drafts')


def upgrade() -> None:
    # existing rows start at version 1, as a new row does; the default is dropped after (the
    # model sets the version, SQLAlchemy moves it on every update)
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('version', server_default=None)


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
