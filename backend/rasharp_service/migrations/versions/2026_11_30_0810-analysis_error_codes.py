"""analysis error codes

Why an analysis failed, as a code of errors.MESSAGES and its values, beside the English sentence,
so that the UI says it in the reader's language. Earlier failures keep their sentence only.

Revision ID: 2b7d4f9c1e06
Revises: 9e4c2a7b5d10
Create Date: 2026-11-30 08:10:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "2b7d4f9c1e06"
down_revision = "9e4c2a7b5d10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("analyses", sa.Column("error_code", sa.String(length=40), nullable=True))
    op.add_column(
        "analyses",
        sa.Column(
            "error_params",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
    )


def downgrade() -> None:
    op.drop_column("analyses", "error_params")
    op.drop_column("analyses", "error_code")
