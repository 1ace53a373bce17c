"""versions: a tenant's history of profile versions; in-flight objects pinned to theirs

Revision ID: 0016
Revises: 0010
Create Date: 2026-12-06 15:40:00
"""

from alembic import op
import sqlalchemy as sa
import zhengwu.core.base


revision = '0016'
down_revision = '0010'
branch_labels = None
depends_on = None

PINNED = ('meeting_topics', 'meeting_conference_requests', 'doc_documents', 'major_decisions')


def upgrade() -> None:
    op.create_table('tenant_profile_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.String(length=100), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('repeals', sa.Text(), nullable=True),
    sa.Column('repeals_cite', sa.String(length=100), nullable=True),
    sa.Column('adopted_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('adopted_by', sa.String(length=200), nullable=False),
    sa.Column('confirmed', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_tenant_profile_versions_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenant_profile_versions'))
    )
    with op.batch_alter_table('tenant_profile_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tenant_profile_versions_tenant_id'), ['tenant_id'], unique=False)
    # Each existing tenant's one profile becomes its first version, in force from its start.
    op.execute("INSERT INTO tenant_profile_versions (tenant_id, profile_id, effective_from, adopted_at, adopted_by) "
               "SELECT id, profile_id, NULL, created_at, '系统（迁移）' FROM tenants")
    for table in PINNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('profile_id', sa.String(length=100), nullable=True))


def downgrade() -> None:
    for table in PINNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('profile_id')
    with op.batch_alter_table('tenant_profile_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tenant_profile_versions_tenant_id'))
    op.drop_table('tenant_profile_versions')
