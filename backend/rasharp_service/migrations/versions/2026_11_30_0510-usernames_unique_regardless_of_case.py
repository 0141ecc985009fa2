"""usernames unique regardless of case

"ADMIN" and "admin" may no longer both exist: a unique index on lower(username). The upgrade
stops, naming them, when such pairs already exist; rename one first.

Revision ID: 5e3b8a61c2d4
Revises: 5b7e0c41d2a9
Create Date: 2026-11-30 05:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5e3b8a61c2d4"
down_revision = "5b7e0c41d2a9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    clashes = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT string_agg(username, ' / ' ORDER BY username) FROM users "
                "GROUP BY lower(username) HAVING count(*) > 1"
            )
        )
        .scalars()
        .all()
    )
    if clashes:
        raise RuntimeError(
            "Usernames must now be unique regardless of case, and these differ only in case: "
            + "; ".join(clashes)
            + ". Rename one of each, e.g. UPDATE users SET username = 'admin-2' WHERE "
            "username = 'ADMIN'; then run the upgrade again."
        )
    op.create_index("ux_users_username_lower", "users", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    op.drop_index("ux_users_username_lower", table_name="users")
