"""documents: implementation drafts of superior documents (海南区 60); supervision: periodic reports
(海南区 29 next year's plans, 54 reports on meeting decisions)

Revision ID: 0025
Revises: 0012
Create Date: 2026-12-06 18:20:00
"""

from alembic import op
import sqlalchemy as sa
import zhengwu.core.base


revision = '0025'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('doc_implementation_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('issued_by', sa.String(length=200), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.Column('superior_due', sa.Date(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('basis', sa.String(length=20), nullable=False),
    sa.Column('cite', sa.String(length=200), nullable=True),
    sa.Column('special_reason', sa.Text(), nullable=True),
    sa.Column('draft_id', sa.Integer(), nullable=True),
    sa.Column('drafted_on', sa.Date(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_doc_implementation_drafts_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['department_id'], ['org_departments.id'], name=op.f('fk_doc_implementation_drafts_department_id_org_departments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['draft_id'], ['doc_documents.id'], name=op.f('fk_doc_implementation_drafts_draft_id_doc_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_doc_implementation_drafts_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_doc_implementation_drafts'))
    )
    with op.batch_alter_table('emergency_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='emergency', nullable=False))
    with op.batch_alter_table('doc_implementation_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_doc_implementation_drafts_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_doc_implementation_drafts_tenant_id_id', ['tenant_id', 'id'], unique=False)

    op.create_table('supervision_periodic_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('cite', sa.String(length=200), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['org_departments.id'], name=op.f('fk_supervision_periodic_reports_department_id_org_departments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_supervision_periodic_reports_submitted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_supervision_periodic_reports_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_periodic_reports'))
    )
    with op.batch_alter_table('supervision_periodic_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_periodic_reports_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_supervision_periodic_reports_tenant_kind_id', ['tenant_id', 'kind', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('supervision_periodic_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_supervision_periodic_reports_tenant_kind_id')
        batch_op.drop_index(batch_op.f('ix_supervision_periodic_reports_tenant_id'))
    op.drop_table('supervision_periodic_reports')
    with op.batch_alter_table('doc_implementation_drafts', schema=None) as batch_op:
        batch_op.drop_index('ix_doc_implementation_drafts_tenant_id_id')
        batch_op.drop_index(batch_op.f('ix_doc_implementation_drafts_tenant_id'))
    op.drop_table('doc_implementation_drafts')
    with op.batch_alter_table('emergency_reports', schema=None) as batch_op:
        batch_op.drop_column('kind')
