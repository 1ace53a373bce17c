"""meetings: conference requests of two kinds (全区性会议 / 请示召开会议), the deciding resolution of
a step taken by a meeting, the consents to the exceptions invoked; the day a document the meeting
approved reached the office (西市 22)

Revision ID: 0015
Revises: 0016
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting_conference_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='conference', nullable=False))
        batch_op.add_column(sa.Column('meeting_kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('resolution_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('exception_consents', sa.JSON(), server_default='[]', nullable=False))
        batch_op.create_foreign_key(
            batch_op.f('fk_meeting_conference_requests_resolution_id_meeting_resolutions'),
            'meeting_resolutions', ['resolution_id'], ['id'], ondelete='RESTRICT')
    with op.batch_alter_table('meeting_resolutions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('to_office_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('meeting_resolutions', schema=None) as batch_op:
        batch_op.drop_column('to_office_on')
    with op.batch_alter_table('meeting_conference_requests', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meeting_conference_requests_resolution_id_meeting_resolutions'),
                                 type_='foreignkey')
        batch_op.drop_column('exception_consents')
        batch_op.drop_column('resolution_id')
        batch_op.drop_column('meeting_kind')
        batch_op.drop_column('kind')
