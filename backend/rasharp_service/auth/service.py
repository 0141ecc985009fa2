"""Signing in and out, and finding the user behind a session cookie."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..db import utcnow
from .models import LoginSession, Team, User
from .passwords import check_password
from .security import hash_password, new_session_token, token_hash, verify_password

SESSION_COOKIE = "rasharp_session"


class LoginFailed(Exception):
    pass


class UsernameTaken(ValueError):
    def __init__(self, username: str):
        super().__init__(f"a user named {username!r} already exists")
        self.username = username


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked when no such user exists, so that an unknown name takes as long as a known one."""
    return hash_password(new_session_token())


def user_named(db: Session, username: str) -> User | None:
    """Usernames are unique regardless of case, and found regardless of case."""
    return db.scalar(select(User).where(func.lower(User.username) == func.lower(username)))


def login(db: Session, username: str, password: str, secret_key: str, hours: int) -> str:
    """Check the password and open a session; returns the token for the cookie.

    Unknown users, wrong passwords and disabled accounts get the same answer after the same
    work, so that neither the answer nor its timing tells which names exist."""
    user = user_named(db, username)
    stored = user.password_hash if user is not None else _dummy_hash()
    password_ok = verify_password(password, stored)
    if user is None or not password_ok or not user.is_active:
        raise LoginFailed("Wrong username or password.")
    token = new_session_token()
    db.add(
        LoginSession(
            token_hash=token_hash(token, secret_key),
            user_id=user.id,
            expires_at=utcnow() + timedelta(hours=hours),
        )
    )
    db.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.expires_at < utcnow()
        )
    )
    db.commit()
    return token


def logout(db: Session, token: str, secret_key: str) -> None:
    db.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash(token, secret_key)))
    db.commit()


def user_for_token(db: Session, token: str, secret_key: str) -> User | None:
    row = db.scalar(
        select(LoginSession).where(
            LoginSession.token_hash == token_hash(token, secret_key),
            LoginSession.expires_at > utcnow(),
        )
    )
    if row is None or not row.user.is_active:
        return None
    return row.user


def team_named(db: Session, name: str) -> Team:
    team = db.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        db.add(team)
        db.flush()
    return team


def create_user(
    db: Session, username: str, password: str, team: str = "default", is_admin: bool = False
) -> User:
    """Add a user (and the team if new). Raises UsernameTaken when the name is taken in any
    case, WeakPassword when the password breaks a rule."""
    if user_named(db, username) is not None:
        raise UsernameTaken(username)
    check_password(password, username)
    user = User(
        username=username,
        password_hash=hash_password(password),
        team_id=team_named(db, team).id,
        is_admin=is_admin,
    )
    db.add(user)
    db.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Raises WeakPassword when the password breaks a rule; the caller ends open sessions."""
    check_password(password, user.username)
    user.password_hash = hash_password(password)
