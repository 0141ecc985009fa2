"""training runs

Fine-tuning runs of the trainer process: their dataset snapshot, base model version, settings,
state, progress, evaluation report and the candidate version they registered.

Revision ID: 7b3f1e9a2c58
Revises: 7c4d1e8b2a65
Create Date: 2026-11-30 12:20:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "7b3f1e9a2c58"
down_revision = "7c4d1e8b2a65"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "snapshot_id", sa.Integer(), sa.ForeignKey("dataset_snapshots.id"), nullable=False
        ),
        sa.Column(
            "base_version_id", sa.Integer(), sa.ForeignKey("model_versions.id"), nullable=False
        ),
        sa.Column("config", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("progress", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("report", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "candidate_version_id",
            sa.Integer(),
            sa.ForeignKey("model_versions.id"),
            nullable=True,
        ),
        sa.Column("error", sa.String(2000), nullable=True),
        sa.Column("started_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("trainer", sa.String(200), nullable=True),
    )
    op.create_index("ix_training_runs_state", "training_runs", ["state"])


def downgrade() -> None:
    op.drop_index("ix_training_runs_state", table_name="training_runs")
    op.drop_table("training_runs")
