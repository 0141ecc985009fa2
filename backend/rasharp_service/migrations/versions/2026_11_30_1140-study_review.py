"""study review

A study marked reviewed (final grades and positions, training data), and by whom.

Revision ID: 1a7c3e9d5b48
Revises: 5e8b2d7a4c19
Create Date: 2026-11-30 11:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "1a7c3e9d5b48"
down_revision = "5e8b2d7a4c19"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("studies", sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "studies",
        sa.Column("reviewed_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("studies", "reviewed_by_id")
    op.drop_column("studies", "reviewed_at")
