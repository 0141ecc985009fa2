"""dataset snapshots

A team's reviewed studies frozen as training data: one ZIP in storage per version.

Revision ID: 8b3f6d2e9a71
Revises: 1a7c3e9d5b48
Create Date: 2026-11-30 11:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "8b3f6d2e9a71"
down_revision = "1a7c3e9d5b48"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dataset_snapshots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("films", sa.Integer(), nullable=False),
        sa.Column("readers", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("storage_key", sa.String(300), nullable=False),
        sa.UniqueConstraint("team_id", "version"),
    )


def downgrade() -> None:
    op.drop_table("dataset_snapshots")
