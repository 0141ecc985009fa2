"""disclaimer language

The language of the disclaimer text a user accepted; earlier acceptances were of the English text.

Revision ID: 3d9a61c4e8f2
Revises: 4a9c3e1b7f26
Create Date: 2026-11-30 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "3d9a61c4e8f2"
down_revision = "4a9c3e1b7f26"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "disclaimer_acceptances",
        sa.Column("language", sa.String(length=8), server_default="en", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("disclaimer_acceptances", "language")
