"""scope warnings

Why a film's grades may not hold (rasharp.scope: joints cut off by the film's edge, too few
joints graded, not a PA view, poor exposure), per analysis; and why a joint is absent, per
joint ("outside_film" or "not_found"). Earlier analyses have no warnings and their absent joints
no reason: they were not assessed.

Revision ID: 9e4c2a7b5d10
Revises: 3d9a61c4e8f2
Create Date: 2026-11-30 08:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "9e4c2a7b5d10"
down_revision = "3d9a61c4e8f2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "analyses",
        sa.Column(
            "scope_warnings",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
    )
    op.add_column("joints", sa.Column("absent", sa.String(length=12), nullable=True))


def downgrade() -> None:
    op.drop_column("joints", "absent")
    op.drop_column("analyses", "scope_warnings")
