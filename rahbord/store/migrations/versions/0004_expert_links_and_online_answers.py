"""experts' personal links, answers given online, a study's round closed

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('expert_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['study_id'], ['studies.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('expert_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_links_study_id'), ['study_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expert_links_expert_id'), ['expert_id'], unique=False)

    op.create_table('online_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=400), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('expert_id', 'item', name='uq_online_answers_expert_item')
    )
    with op.batch_alter_table('online_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_online_answers_expert_id'), ['expert_id'], unique=False)

    with op.batch_alter_table('studies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_closed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('studies', schema=None) as batch_op:
        batch_op.drop_column('round_closed_at')
    with op.batch_alter_table('online_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_online_answers_expert_id'))
    op.drop_table('online_answers')
    with op.batch_alter_table('expert_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_links_expert_id'))
        batch_op.drop_index(batch_op.f('ix_expert_links_study_id'))
    op.drop_table('expert_links')
