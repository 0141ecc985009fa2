"""folder imports

Server folders imported by administrators (a job on the cpu queue), and what became of each of
their files; a created film's content hash is unique in its team.

Revision ID: 7c4d1e8b2a65
Revises: 5e2a9c7d1f34
Create Date: 2026-11-30 12:20:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "7c4d1e8b2a65"
down_revision = "5e2a9c7d1f34"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "folder_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(length=1000), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("files_found", sa.Integer(), nullable=True),
        sa.Column("files_done", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("done_at_start", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name="folder_import_status_known"
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_folder_imports_team_id", "folder_imports", ["team_id"])
    op.create_table(
        "folder_import_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=True),
        sa.Column("message", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('created', 'skipped', 'failed')", name="folder_import_outcome_known"
        ),
        sa.ForeignKeyConstraint(["import_id"], ["folder_imports.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["study_id"], ["studies.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_folder_import_files_import_path",
        "folder_import_files",
        ["import_id", "path"],
        unique=True,
    )
    op.create_index(
        "ix_folder_import_files_team_film",
        "folder_import_files",
        ["team_id", "sha256"],
        unique=True,
        postgresql_where=sa.text("outcome = 'created'"),
    )


def downgrade() -> None:
    op.drop_table("folder_import_files")
    op.drop_table("folder_imports")
