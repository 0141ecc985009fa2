"""joint rescore worker

When a joint's pending re-score was sent and which worker process runs it, so that the re-score
of a worker that died, or one the queue lost, is sent again like an analysis.

Revision ID: 7c41e9d2a6b3
Revises: 5b8e2f0c7d31
Create Date: 2026-11-30 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7c41e9d2a6b3"
down_revision = "5b8e2f0c7d31"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "joints", sa.Column("rescore_queued_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("joints", sa.Column("rescore_worker", sa.String(length=200), nullable=True))
    # re-scores pending before this: the recovery sends them again if the queue has none
    op.execute("UPDATE joints SET rescore_queued_at = now() WHERE rescore_pending")
    op.create_index(
        "ix_joints_rescore_pending",
        "joints",
        ["id"],
        postgresql_where=sa.text("rescore_pending"),
    )


def downgrade() -> None:
    op.drop_index("ix_joints_rescore_pending", table_name="joints")
    op.drop_column("joints", "rescore_worker")
    op.drop_column("joints", "rescore_queued_at")
