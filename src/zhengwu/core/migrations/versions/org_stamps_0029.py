"""org: the org stamp per tenant, redrawn by every org write, so a process may keep the org it read
across transactions; supervision: an index for a period's late tasks (issue 18)

Revision ID: 0029
Revises: 0025
Create Date: 2026-12-06 21:10:00
"""

import secrets

from alembic import op
import sqlalchemy as sa


revision = '0029'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # supervision: the compliance report reads a period's late tasks by deadline (issue 18)
    op.create_index('ix_supervision_tasks_tenant_deadline_closed', 'supervision_tasks',
                    ['tenant_id', 'deadline', 'closed_on'], unique=False)
    stamps = op.create_table('org_stamps',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_org_stamps_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_org_stamps'))
    )
    tenants = [row[0] for row in op.get_bind().execute(sa.text("SELECT id FROM tenants"))]
    if tenants:
        op.bulk_insert(stamps, [{"tenant_id": t, "stamp": secrets.randbits(62)} for t in tenants])


def downgrade() -> None:
    op.drop_table('org_stamps')
    op.drop_index('ix_supervision_tasks_tenant_deadline_closed', table_name='supervision_tasks')
