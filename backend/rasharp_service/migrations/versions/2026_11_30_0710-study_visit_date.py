"""study visit date

The date the film was taken (the patient's visit), as the reader gives it at upload or later.

Revision ID: 8d2b5e7f1a93
Revises: 3f6a1c8e2d47
Create Date: 2026-11-30 07:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "8d2b5e7f1a93"
down_revision = "3f6a1c8e2d47"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("studies", sa.Column("visit_date", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("studies", "visit_date")
