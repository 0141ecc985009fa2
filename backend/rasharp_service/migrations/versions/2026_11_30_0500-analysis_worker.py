"""analysis worker

Which worker process holds a running analysis, so that the analysis of a worker that died is
queued again as soon as the worker's heartbeat is gone.

Revision ID: 5b7e0c41d2a9
Revises: 200597546be7
Create Date: 2026-11-30 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5b7e0c41d2a9"
down_revision = "200597546be7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("analyses", sa.Column("worker", sa.String(length=200), nullable=True))
    op.create_index(
        "ix_analyses_status_active",
        "analyses",
        ["status"],
        postgresql_where=sa.text("status IN ('queued', 'running')"),
    )


def downgrade() -> None:
    op.drop_index("ix_analyses_status_active", table_name="analyses")
    op.drop_column("analyses", "worker")
