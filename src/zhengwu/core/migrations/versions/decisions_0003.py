"""decisions: major decisions (catalogue, steps, responsibility record, reports) and contracts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa
import zhengwu.core.base


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('major_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('lead_department', sa.String(length=100), nullable=False),
    sa.Column('touches_public_interest', sa.Boolean(), nullable=False),
    sa.Column('catalog_listed_on', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('meeting_kind', sa.String(length=20), nullable=True),
    sa.Column('meeting_on', sa.Date(), nullable=True),
    sa.Column('meeting_ref', sa.String(length=200), nullable=True),
    sa.Column('dissent', sa.Text(), nullable=True),
    sa.Column('decided_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_major_decisions_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_major_decisions'))
    )
    with op.batch_alter_table('major_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_major_decisions_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_major_decisions_year'), ['year'], unique=False)

    op.create_table('decision_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=40), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('shortened_reason', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['major_decisions.id'], name=op.f('fk_decision_steps_decision_id_major_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_decision_steps_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_steps')),
    sa.UniqueConstraint('decision_id', 'step', name=op.f('uq_decision_steps_decision_id'))
    )
    with op.batch_alter_table('decision_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_steps_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_steps_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('decision_responsible',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['major_decisions.id'], name=op.f('fk_decision_responsible_decision_id_major_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_decision_responsible_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_responsible'))
    )
    with op.batch_alter_table('decision_responsible', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_responsible_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_responsible_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('decision_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['major_decisions.id'], name=op.f('fk_decision_reports_decision_id_major_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_decision_reports_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_reports'))
    )
    with op.batch_alter_table('decision_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_reports_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_reports_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('counterparty', sa.String(length=200), nullable=False),
    sa.Column('lead_department', sa.String(length=100), nullable=False),
    sa.Column('oversight_deputy_user_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('approved_by', sa.String(length=20), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('meeting_ref', sa.String(length=200), nullable=True),
    sa.Column('signed_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('signer_user_id', sa.Integer(), nullable=True),
    sa.Column('signer', sa.String(length=200), nullable=True),
    sa.Column('signer_roles', sa.JSON(), nullable=True),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['oversight_deputy_user_id'], ['users.id'], name=op.f('fk_contracts_oversight_deputy_user_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['signer_user_id'], ['users.id'], name=op.f('fk_contracts_signer_user_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_contracts_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracts'))
    )
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contracts_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('contract_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('review', sa.String(length=40), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contract_reviews_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_contract_reviews_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_reviews')),
    sa.UniqueConstraint('contract_id', 'review', name=op.f('uq_contract_reviews_contract_id'))
    )
    with op.batch_alter_table('contract_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_reviews_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_reviews_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    op.drop_table('contract_reviews')
    op.drop_table('contracts')
    op.drop_table('decision_reports')
    op.drop_table('decision_responsible')
    op.drop_table('decision_steps')
    op.drop_table('major_decisions')
