"""grade edits append-only

The history of corrections is an audit trail: the database itself refuses to change or
delete a row of it.

Revision ID: 7c1d2e9a4b10
Revises: 2956ee6ec6dd
Create Date: 2026-11-27 00:25:00
"""

from alembic import op

revision = "7c1d2e9a4b10"
down_revision = "2956ee6ec6dd"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE FUNCTION grade_edits_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'grade_edits is append-only: rows cannot be changed or deleted';
        END $$
    """)
    op.execute("""
        CREATE TRIGGER grade_edits_append_only BEFORE UPDATE OR DELETE ON grade_edits
        FOR EACH ROW EXECUTE FUNCTION grade_edits_refuse_change()
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER grade_edits_append_only ON grade_edits")
    op.execute("DROP FUNCTION grade_edits_refuse_change()")
