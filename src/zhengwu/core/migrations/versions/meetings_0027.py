"""meetings: the meeting documents reviewed and finalized before the agenda (大洼 35/36/39,
大连 36–39, 西市 21); documents: requests handed to a department to answer directly (海南区 58)

Revision ID: 0027
Revises: 0025
Create Date: 2026-12-06 21:20:00
"""

from alembic import op
import sqlalchemy as sa
import zhengwu.core.base


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting_topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('documents_reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('documents_reviewed_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('documents_finalized_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('documents_finalized_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('documents_finalized_as', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('documents_note', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_meeting_topics_documents_reviewed_by_id_users'), 'users',
                                    ['documents_reviewed_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_meeting_topics_documents_finalized_by_id_users'), 'users',
                                    ['documents_finalized_by_id'], ['id'], ondelete='SET NULL')

    op.create_table('doc_referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('cite', sa.String(length=200), nullable=True),
    sa.Column('referred_by_id', sa.Integer(), nullable=True),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('fed_back_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', zhengwu.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['doc_documents.id'], name=op.f('fk_doc_referrals_document_id_doc_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['department_id'], ['org_departments.id'], name=op.f('fk_doc_referrals_department_id_org_departments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['referred_by_id'], ['users.id'], name=op.f('fk_doc_referrals_referred_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_doc_referrals_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_doc_referrals_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_doc_referrals'))
    )
    with op.batch_alter_table('doc_referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_doc_referrals_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_doc_referrals_document_id'), ['document_id'], unique=False)
        batch_op.create_index('ix_doc_referrals_tenant_state_id', ['tenant_id', 'state', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('doc_referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_doc_referrals_tenant_state_id')
        batch_op.drop_index(batch_op.f('ix_doc_referrals_document_id'))
        batch_op.drop_index(batch_op.f('ix_doc_referrals_tenant_id'))
    op.drop_table('doc_referrals')
    with op.batch_alter_table('meeting_topics', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meeting_topics_documents_finalized_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_meeting_topics_documents_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('documents_note')
        batch_op.drop_column('documents_finalized_as')
        batch_op.drop_column('documents_finalized_at')
        batch_op.drop_column('documents_finalized_by_id')
        batch_op.drop_column('documents_reviewed_at')
        batch_op.drop_column('documents_reviewed_by_id')
