"""joint space width details

Each joint's width also keeps where its millimetres apply (detector or anatomy), the width
relative to the bone at the joint and the z-score against adult reference values.

Revision ID: 200597546be7
Revises: 7c1d2e9a4b10
Create Date: 2026-11-30 01:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "200597546be7"
down_revision = "7c1d2e9a4b10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("joints", sa.Column("jsw_mm_basis", sa.String(length=8), nullable=True))
    op.add_column("joints", sa.Column("jsw_relative", sa.Float(), nullable=True))
    op.add_column("joints", sa.Column("jsw_z", sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column("joints", "jsw_z")
    op.drop_column("joints", "jsw_relative")
    op.drop_column("joints", "jsw_mm_basis")
