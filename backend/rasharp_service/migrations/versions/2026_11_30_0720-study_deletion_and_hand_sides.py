"""study deletion and hand sides

A deleted study stays as a row (who deleted it and when, with its history) while its results,
files and radiograph go; a hand's side can be changed afterwards, so the joints of two hands may
swap sides in one transaction (the unique constraint is checked at commit when asked).

Revision ID: 4a9c3e1b7f26
Revises: 8d2b5e7f1a93
Create Date: 2026-11-30 07:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "4a9c3e1b7f26"
down_revision = "8d2b5e7f1a93"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("studies", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("studies", sa.Column("deleted_by_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_studies_deleted_by_id_users"), "studies", "users", ["deleted_by_id"], ["id"]
    )
    op.alter_column("studies", "radiograph_id", existing_type=sa.Integer(), nullable=True)
    op.drop_constraint("uq_joints_analysis_id_side_code", "joints", type_="unique")
    op.create_unique_constraint(
        "uq_joints_analysis_id_side_code",
        "joints",
        ["analysis_id", "side", "code"],
        deferrable=True,
        initially="IMMEDIATE",
    )


def downgrade() -> None:
    op.drop_constraint("uq_joints_analysis_id_side_code", "joints", type_="unique")
    op.create_unique_constraint(
        "uq_joints_analysis_id_side_code", "joints", ["analysis_id", "side", "code"]
    )
    op.execute("DELETE FROM studies WHERE radiograph_id IS NULL")
    op.alter_column("studies", "radiograph_id", existing_type=sa.Integer(), nullable=False)
    op.drop_constraint(op.f("fk_studies_deleted_by_id_users"), "studies", type_="foreignkey")
    op.drop_column("studies", "deleted_by_id")
    op.drop_column("studies", "deleted_at")
