"""rasharp-admin: manage users from the command line.

    rasharp-admin create-user USERNAME --password P [--team T] [--admin]
    rasharp-admin set-password USERNAME --password P
    rasharp-admin list-users

Uses DATABASE_URL when set, else the embedded database under --data-dir (default var).
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import delete, select

from .auth.models import LoginSession, User
from .auth.passwords import WeakPassword, check_password
from .auth.service import UsernameTaken, create_user, set_password, user_named
from .bootstrap import Environment
from .db import new_session


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rasharp-admin", description="Manage rasharp users.")
    parser.add_argument("--data-dir", default="var", help="folder of the embedded database")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="add a user")
    create.add_argument("username")
    create.add_argument("--password", required=True)
    create.add_argument("--team", default="default")
    create.add_argument("--admin", action="store_true", help="may manage users")
    reset = commands.add_parser("set-password", help="change a user's password")
    reset.add_argument("username")
    reset.add_argument("--password", required=True)
    commands.add_parser("list-users", help="show every user")
    args = parser.parse_args(argv)

    if args.command in ("create-user", "set-password"):
        try:
            check_password(args.password, args.username)
        except WeakPassword as exc:
            print(f"rasharp-admin: {exc}", file=sys.stderr)
            return 2

    environment = Environment(args.data_dir, need_redis=False)
    environment.start()
    try:
        return _run(args)
    finally:
        environment.stop()


def _run(args) -> int:
    with new_session() as db:
        if args.command == "create-user":
            try:
                user = create_user(db, args.username, args.password, args.team, args.admin)
            except UsernameTaken as exc:
                print(f"rasharp-admin: {exc}", file=sys.stderr)
                return 1
            db.commit()
            role = "administrator" if user.is_admin else "user"
            print(f"created {role} {user.username} in team {args.team}")
        elif args.command == "set-password":
            found = user_named(db, args.username)
            if found is None:
                print(f"rasharp-admin: no user named {args.username!r}", file=sys.stderr)
                return 1
            set_password(found, args.password)
            db.execute(delete(LoginSession).where(LoginSession.user_id == found.id))
            db.commit()
            print(f"password of {found.username} changed")
        else:
            for user in db.scalars(select(User).order_by(User.username)):
                flags = " ".join(
                    f
                    for f, on in (("admin", user.is_admin), ("disabled", not user.is_active))
                    if on
                )
                print(f"{user.username}\t{user.team.name}\t{flags}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
