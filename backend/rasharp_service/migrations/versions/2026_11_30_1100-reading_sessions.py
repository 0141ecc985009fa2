"""reading sessions

Reader studies: sessions over chosen studies and readers, each reader's reads and grades (kept
apart from the studies' own grades), and the adjudicated grades of disagreements.

Revision ID: 6c1e9a3f7b20
Revises: 2b7d4f9c1e06
Create Date: 2026-11-30 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "6c1e9a3f7b20"
down_revision = "2b7d4f9c1e06"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def upgrade() -> None:
    op.create_table(
        "reading_sessions",
        _id(),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("show_model_grades", sa.Boolean(), nullable=False),
        sa.Column("reading_order", sa.String(13), nullable=False),
        sa.Column("blind_to_each_other", sa.Boolean(), nullable=False),
        sa.CheckConstraint("reading_order IN ('random', 'chronological')", name="order_known"),
    )
    op.create_index("ix_reading_sessions_team_id", "reading_sessions", ["team_id"])

    op.create_table(
        "reading_session_readers",
        _id(),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("reading_sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.UniqueConstraint("session_id", "user_id"),
    )
    for column in ("session_id", "user_id"):
        op.create_index(f"ix_reading_session_readers_{column}", "reading_session_readers", [column])

    op.create_table(
        "reading_session_items",
        _id(),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("reading_sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("study_id", sa.Integer(), sa.ForeignKey("studies.id"), nullable=False),
        sa.Column(
            "analysis_id",
            sa.Integer(),
            sa.ForeignKey("analyses.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.UniqueConstraint("session_id", "study_id"),
    )
    for column in ("session_id", "study_id"):
        op.create_index(f"ix_reading_session_items_{column}", "reading_session_items", [column])

    op.create_table(
        "reading_session_reads",
        _id(),
        sa.Column(
            "item_id",
            sa.Integer(),
            sa.ForeignKey("reading_session_items.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("item_id", "user_id"),
    )
    for column in ("item_id", "user_id"):
        op.create_index(f"ix_reading_session_reads_{column}", "reading_session_reads", [column])

    op.create_table(
        "reading_session_grades",
        _id(),
        sa.Column(
            "read_id",
            sa.Integer(),
            sa.ForeignKey("reading_session_reads.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("erosion", sa.SmallInteger(), nullable=True),
        sa.Column("jsn", sa.SmallInteger(), nullable=True),
        sa.UniqueConstraint("read_id", "side", "code"),
        sa.CheckConstraint("side IN ('left', 'right')", name="side_known"),
        sa.CheckConstraint("erosion BETWEEN 0 AND 5", name="erosion_range"),
        sa.CheckConstraint("jsn BETWEEN 0 AND 4", name="jsn_range"),
    )
    op.create_index("ix_reading_session_grades_read_id", "reading_session_grades", ["read_id"])

    op.create_table(
        "reading_session_adjudications",
        _id(),
        sa.Column(
            "item_id",
            sa.Integer(),
            sa.ForeignKey("reading_session_items.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(7), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        sa.Column("by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("item_id", "side", "code", "kind"),
        sa.CheckConstraint("kind IN ('erosion', 'jsn')", name="kind_known"),
        sa.CheckConstraint("side IN ('left', 'right')", name="side_known"),
    )
    op.create_index(
        "ix_reading_session_adjudications_item_id", "reading_session_adjudications", ["item_id"]
    )


def downgrade() -> None:
    for table in (
        "reading_session_adjudications",
        "reading_session_grades",
        "reading_session_reads",
        "reading_session_items",
        "reading_session_readers",
        "reading_sessions",
    ):
        op.drop_table(table)
