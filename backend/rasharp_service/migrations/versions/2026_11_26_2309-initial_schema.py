"""initial schema

Revision ID: 2956ee6ec6dd
Revises:
Create Date: 2026-11-26 23:09:14.091919
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "2956ee6ec6dd"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "radiographs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("pixel_spacing_mm", sa.Float(), nullable=True),
        sa.Column("dicom_metadata", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_radiographs")),
        sa.UniqueConstraint("sha256", name=op.f("uq_radiographs_sha256")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("birth_year", sa.SmallInteger(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("sex IN ('F', 'M', 'X')", name=op.f("ck_patients_sex_known")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_patients_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patients")),
        sa.UniqueConstraint("team_id", "code", name=op.f("uq_patients_team_id_code")),
    )
    op.create_index(op.f("ix_patients_team_id"), "patients", ["team_id"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_users_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_index(op.f("ix_users_team_id"), "users", ["team_id"], unique=False)
    op.create_table(
        "disclaimer_acceptances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_disclaimer_acceptances_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclaimer_acceptances")),
        sa.UniqueConstraint(
            "user_id", "version", name=op.f("uq_disclaimer_acceptances_user_id_version")
        ),
    )
    op.create_index(
        op.f("ix_disclaimer_acceptances_user_id"),
        "disclaimer_acceptances",
        ["user_id"],
        unique=False,
    )
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_login_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_sessions_token_hash")),
    )
    op.create_index(op.f("ix_login_sessions_user_id"), "login_sessions", ["user_id"], unique=False)
    op.create_table(
        "studies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("radiograph_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("requested_side", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "requested_side IN ('auto', 'left', 'right')",
            name=op.f("ck_studies_requested_side_known"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_studies_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["radiograph_id"], ["radiographs.id"], name=op.f("fk_studies_radiograph_id_radiographs")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_studies_team_id_teams")),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_studies_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studies")),
    )
    op.create_index(op.f("ix_studies_created_at"), "studies", ["created_at"], unique=False)
    op.create_index(op.f("ix_studies_patient_id"), "studies", ["patient_id"], unique=False)
    op.create_index(op.f("ix_studies_radiograph_id"), "studies", ["radiograph_id"], unique=False)
    op.create_index(op.f("ix_studies_team_id"), "studies", ["team_id"], unique=False)
    op.create_table(
        "analyses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("model_versions", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("timings_ms", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("hands", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')",
            name=op.f("ck_analyses_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["studies.id"],
            name=op.f("fk_analyses_study_id_studies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analyses")),
    )
    op.create_index(op.f("ix_analyses_study_id"), "analyses", ["study_id"], unique=False)
    op.create_table(
        "grade_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=True),
        sa.Column("joint_code", sa.String(length=8), nullable=True),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("old_value", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("new_value", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["studies.id"],
            name=op.f("fk_grade_edits_study_id_studies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_grade_edits_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade_edits")),
    )
    op.create_index(op.f("ix_grade_edits_study_id"), "grade_edits", ["study_id"], unique=False)
    op.create_table(
        "heatmaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("analysis_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["analysis_id"],
            ["analyses.id"],
            name=op.f("fk_heatmaps_analysis_id_analyses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_heatmaps")),
        sa.UniqueConstraint("analysis_id", "kind", name=op.f("uq_heatmaps_analysis_id_kind")),
    )
    op.create_index(op.f("ix_heatmaps_analysis_id"), "heatmaps", ["analysis_id"], unique=False)
    op.create_table(
        "joints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("analysis_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("x", sa.Float(), nullable=True),
        sa.Column("y", sa.Float(), nullable=True),
        sa.Column("box", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("erosion_model", sa.SmallInteger(), nullable=True),
        sa.Column("erosion_probabilities", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("erosion_uncertain", sa.Boolean(), nullable=False),
        sa.Column("erosion", sa.SmallInteger(), nullable=True),
        sa.Column("jsn_model", sa.SmallInteger(), nullable=True),
        sa.Column("jsn_probabilities", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("jsn_uncertain", sa.Boolean(), nullable=False),
        sa.Column("jsn", sa.SmallInteger(), nullable=True),
        sa.Column("jsw_mm", sa.Float(), nullable=True),
        sa.Column("jsw_px", sa.Float(), nullable=True),
        sa.Column("jsw_reason", sa.Text(), nullable=True),
        sa.Column("moved", sa.Boolean(), nullable=False),
        sa.Column("rescore_pending", sa.Boolean(), nullable=False),
        sa.Column("move_count", sa.Integer(), nullable=False),
        sa.Column("model_output", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.CheckConstraint("side IN ('left', 'right')", name=op.f("ck_joints_side_known")),
        sa.CheckConstraint("erosion BETWEEN 0 AND 5", name=op.f("ck_joints_erosion_range")),
        sa.CheckConstraint("jsn BETWEEN 0 AND 4", name=op.f("ck_joints_jsn_range")),
        sa.ForeignKeyConstraint(
            ["analysis_id"],
            ["analyses.id"],
            name=op.f("fk_joints_analysis_id_analyses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joints")),
        sa.UniqueConstraint(
            "analysis_id", "side", "code", name=op.f("uq_joints_analysis_id_side_code")
        ),
    )
    op.create_index(op.f("ix_joints_analysis_id"), "joints", ["analysis_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_joints_analysis_id"), table_name="joints")
    op.drop_table("joints")
    op.drop_index(op.f("ix_heatmaps_analysis_id"), table_name="heatmaps")
    op.drop_table("heatmaps")
    op.drop_index(op.f("ix_grade_edits_study_id"), table_name="grade_edits")
    op.drop_table("grade_edits")
    op.drop_index(op.f("ix_analyses_study_id"), table_name="analyses")
    op.drop_table("analyses")
    op.drop_index(op.f("ix_studies_team_id"), table_name="studies")
    op.drop_index(op.f("ix_studies_radiograph_id"), table_name="studies")
    op.drop_index(op.f("ix_studies_patient_id"), table_name="studies")
    op.drop_index(op.f("ix_studies_created_at"), table_name="studies")
    op.drop_table("studies")
    op.drop_index(op.f("ix_login_sessions_user_id"), table_name="login_sessions")
    op.drop_table("login_sessions")
    op.drop_index(op.f("ix_disclaimer_acceptances_user_id"), table_name="disclaimer_acceptances")
    op.drop_table("disclaimer_acceptances")
    op.drop_index(op.f("ix_users_team_id"), table_name="users")
    op.drop_table("users")
    op.drop_index(op.f("ix_patients_team_id"), table_name="patients")
    op.drop_table("patients")
    op.drop_table("teams")
    op.drop_table("radiographs")
