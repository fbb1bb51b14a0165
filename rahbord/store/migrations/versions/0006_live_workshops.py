"""live workshops: sessions, participants, votes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workshop_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('voting_open', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('upload_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['study_id'], ['studies.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('workshop_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_sessions_study_id'), ['study_id'], unique=False)

    op.create_table('workshop_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expert_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['workshop_sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('workshop_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_participants_session_id'), ['session_id'], unique=False)

    op.create_table('workshop_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=400), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['workshop_participants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['workshop_sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('participant_id', 'item', name='uq_workshop_votes_participant_item')
    )
    with op.batch_alter_table('workshop_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_votes_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshop_votes_participant_id'), ['participant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('workshop_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_votes_participant_id'))
        batch_op.drop_index(batch_op.f('ix_workshop_votes_session_id'))
    op.drop_table('workshop_votes')
    with op.batch_alter_table('workshop_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_participants_session_id'))
    op.drop_table('workshop_participants')
    with op.batch_alter_table('workshop_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_sessions_study_id'))
    op.drop_table('workshop_sessions')
