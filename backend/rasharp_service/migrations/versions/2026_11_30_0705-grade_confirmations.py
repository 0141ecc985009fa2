"""grade confirmations

A reader may confirm a grade as the model gave it; the confirmation is kept per grade (and in
the history like an edit).

Revision ID: 3f6a1c8e2d47
Revises: 3f9a6c1e8b52
Create Date: 2026-11-30 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "3f6a1c8e2d47"
down_revision = "3f9a6c1e8b52"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for kind in ("erosion", "jsn"):
        op.add_column(
            "joints",
            sa.Column(f"{kind}_confirmed", sa.Boolean(), nullable=False, server_default="false"),
        )


def downgrade() -> None:
    for kind in ("erosion", "jsn"):
        op.drop_column("joints", f"{kind}_confirmed")
