"""model registry

Versions of the scoring models (files in storage, checksums, metrics, their dataset snapshot and
parent), exactly one promoted at a time, and the history of promotions and roll-backs; what a
re-analysis changed of a study's model grades.

Revision ID: 5e2a9c7d1f34
Revises: 4a8e2c6d9f31
Create Date: 2026-11-30 12:10:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "5e2a9c7d1f34"
down_revision = "4a8e2c6d9f31"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.String(40), nullable=False, unique=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("files", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("components", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("metrics", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "snapshot_id", sa.Integer(), sa.ForeignKey("dataset_snapshots.id"), nullable=True
        ),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("model_versions.id"), nullable=True),
        sa.Column("registered_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("promoted_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("promoted_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        "ix_model_versions_one_promoted",
        "model_versions",
        ["state"],
        unique=True,
        postgresql_where=sa.text("state = 'promoted'"),
    )
    op.create_table(
        "model_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("model_versions.id"), nullable=False),
        sa.Column("previous_id", sa.Integer(), sa.ForeignKey("model_versions.id"), nullable=True),
        sa.Column("by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )

    op.add_column(
        "analyses",
        sa.Column(
            "model_changes",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="[]",
            nullable=False,
        ),
    )


def downgrade() -> None:
    op.drop_column("analyses", "model_changes")
    op.drop_table("model_changes")
    op.drop_index("ix_model_versions_one_promoted", table_name="model_versions")
    op.drop_table("model_versions")
