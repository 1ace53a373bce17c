"""org: departments, posts, portfolios, cover pairs, leave requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:25:09.024209
"""

from alembic import op
import sqlalchemy as sa
import zhengwu.core.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('org_departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_org_departments_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_departments')),
    sa.UniqueConstraint('tenant_id', 'name', name='uq_org_departments_tenant_name')
    )
    with op.batch_alter_table('org_departments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_departments_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('org_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('holder_id', sa.Integer(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['org_departments.id'], name=op.f('fk_org_posts_department_id_org_departments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['holder_id'], ['users.id'], name=op.f('fk_org_posts_holder_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_org_posts_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_posts'))
    )
    with op.batch_alter_table('org_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_posts_holder_id'), ['holder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_org_posts_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('org_cover_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('first_post_id', sa.Integer(), nullable=False),
    sa.Column('second_post_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['first_post_id'], ['org_posts.id'], name=op.f('fk_org_cover_pairs_first_post_id_org_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['second_post_id'], ['org_posts.id'], name=op.f('fk_org_cover_pairs_second_post_id_org_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_org_cover_pairs_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_cover_pairs'))
    )
    with op.batch_alter_table('org_cover_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_cover_pairs_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('org_leave_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('filed_by_id', sa.Integer(), nullable=True),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('occasion', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('starts_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('approver', sa.String(length=40), nullable=True),
    sa.Column('office_report', sa.String(length=30), nullable=True),
    sa.Column('cite', sa.String(length=200), nullable=True),
    sa.Column('designated_post_id', sa.Integer(), nullable=True),
    sa.Column('mandate', sa.Boolean(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('cancelled_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_org_leave_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['filed_by_id'], ['users.id'], name=op.f('fk_org_leave_requests_filed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['designated_post_id'], ['org_posts.id'], name=op.f('fk_org_leave_requests_designated_post_id_org_posts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['org_posts.id'], name=op.f('fk_org_leave_requests_post_id_org_posts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['requester_id'], ['users.id'], name=op.f('fk_org_leave_requests_requester_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_org_leave_requests_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_leave_requests'))
    )
    with op.batch_alter_table('org_leave_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_leave_requests_requester_id'), ['requester_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_org_leave_requests_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('org_portfolios',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['org_departments.id'], name=op.f('fk_org_portfolios_department_id_org_departments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['org_posts.id'], name=op.f('fk_org_portfolios_post_id_org_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_org_portfolios_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_portfolios')),
    sa.UniqueConstraint('tenant_id', 'department_id', name='uq_org_portfolios_tenant_department')
    )
    with op.batch_alter_table('org_portfolios', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_portfolios_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('org_portfolios', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_portfolios_tenant_id'))

    op.drop_table('org_portfolios')
    with op.batch_alter_table('org_leave_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_leave_requests_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_org_leave_requests_requester_id'))

    op.drop_table('org_leave_requests')
    with op.batch_alter_table('org_cover_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_cover_pairs_tenant_id'))

    op.drop_table('org_cover_pairs')
    with op.batch_alter_table('org_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_posts_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_org_posts_holder_id'))

    op.drop_table('org_posts')
    with op.batch_alter_table('org_departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_departments_tenant_id'))

    op.drop_table('org_departments')
