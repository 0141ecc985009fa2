"""pacs

The hospital's PACS over DICOMweb: endpoints (credentials encrypted), retrieval jobs, the
site's mapping of retrieved films to their original identifiers, and the log of sends.

Revision ID: 4a8e2c6d9f31
Revises: 8b3f6d2e9a71
Create Date: 2026-11-30 12:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "4a8e2c6d9f31"
down_revision = "8b3f6d2e9a71"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pacs_endpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column("qido_prefix", sa.String(length=100), nullable=True),
        sa.Column("wado_prefix", sa.String(length=100), nullable=True),
        sa.Column("stow_prefix", sa.String(length=100), nullable=True),
        sa.Column("auth", sa.String(length=6), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=True),
        sa.Column("secret_encrypted", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("auth IN ('none', 'basic', 'bearer')", name="auth_known"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "pacs_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("study_uids", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("instances_total", sa.Integer(), nullable=False),
        sa.Column("results", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name="import_status_known"
        ),
        sa.ForeignKeyConstraint(["endpoint_id"], ["pacs_endpoints.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pacs_imports_team_id", "pacs_imports", ["team_id"])
    op.create_table(
        "pacs_origins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("study_instance_uid", sa.String(length=64), nullable=False),
        sa.Column("series_instance_uid", sa.String(length=64), nullable=False),
        sa.Column("sop_instance_uid", sa.String(length=64), nullable=False),
        sa.Column("patient_id", sa.String(length=64), nullable=False),
        sa.Column("patient_name", sa.String(length=330), nullable=False),
        sa.ForeignKeyConstraint(["endpoint_id"], ["pacs_endpoints.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["study_id"], ["studies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("study_id"),
    )
    op.create_table(
        "pacs_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=True),
        sa.Column("endpoint_name", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("documents", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reidentified", sa.Boolean(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["endpoint_id"], ["pacs_endpoints.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["study_id"], ["studies.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pacs_sends_study_id", "pacs_sends", ["study_id"])


def downgrade() -> None:
    op.drop_index("ix_pacs_sends_study_id", table_name="pacs_sends")
    op.drop_table("pacs_sends")
    op.drop_table("pacs_origins")
    op.drop_index("ix_pacs_imports_team_id", table_name="pacs_imports")
    op.drop_table("pacs_imports")
    op.drop_table("pacs_endpoints")
