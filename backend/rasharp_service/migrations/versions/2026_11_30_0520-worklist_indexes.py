"""worklist indexes

A team's studies newest first, and a study's latest analysis, each read from one index; the
composite indexes replace the single-column ones they start with.

Revision ID: 5b8e2f0c7d31
Revises: 5e3b8a61c2d4
Create Date: 2026-11-30 05:20:00
"""

from alembic import op

revision = "5b8e2f0c7d31"
down_revision = "5e3b8a61c2d4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_studies_team_id_created_at_id", "studies", ["team_id", "created_at", "id"])
    op.drop_index("ix_studies_team_id", table_name="studies")
    op.create_index("ix_analyses_study_id_id", "analyses", ["study_id", "id"])
    op.drop_index("ix_analyses_study_id", table_name="analyses")


def downgrade() -> None:
    op.create_index("ix_analyses_study_id", "analyses", ["study_id"])
    op.drop_index("ix_analyses_study_id_id", table_name="analyses")
    op.create_index("ix_studies_team_id", "studies", ["team_id"])
    op.drop_index("ix_studies_team_id_created_at_id", table_name="studies")
