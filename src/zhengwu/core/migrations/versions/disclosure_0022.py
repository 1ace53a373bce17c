"""disclosure: a request's identity document and the form and way of receiving the information
(《政府信息公开条例》第二十九条)

Revision ID: 0022
Revises: 0012
"""

from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: requests filed before these were asked keep what they had.
    with op.batch_alter_table('disclosure_requests') as batch:
        batch.add_column(sa.Column('identity_type', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('identity_number', sa.String(length=50), nullable=True))
        batch.add_column(sa.Column('medium', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('delivery', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('disclosure_requests') as batch:
        batch.drop_column('delivery')
        batch.drop_column('medium')
        batch.drop_column('identity_number')
        batch.drop_column('identity_type')
