"""reader pixel spacing

Millimetres per pixel set by a reader on a study (a known distance drawn on the film, or typed),
so that joint space widths have millimetres for films without a DICOM pixel spacing.

Revision ID: 3f9a6c1e8b52
Revises: 7c41e9d2a6b3
Create Date: 2026-11-30 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "3f9a6c1e8b52"
down_revision = "7c41e9d2a6b3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("studies", sa.Column("reader_pixel_spacing_mm", sa.Float(), nullable=True))
    op.create_check_constraint(
        op.f("ck_studies_reader_pixel_spacing_plausible"),
        "studies",
        "reader_pixel_spacing_mm > 0 AND reader_pixel_spacing_mm <= 2",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_studies_reader_pixel_spacing_plausible"), "studies", type_="check")
    op.drop_column("studies", "reader_pixel_spacing_mm")
