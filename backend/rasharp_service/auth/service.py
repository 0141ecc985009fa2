"""Signing in and out, and finding the user behind a session cookie."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..db import utcnow
from .models import LoginSession, Team, User
from .security import hash_password, new_session_token, token_hash, verify_password

SESSION_COOKIE = "rasharp_session"


class LoginFailed(Exception):
    pass


def login(db: Session, username: str, password: str, secret_key: str, hours: int) -> str:
    """Check the password and open a session; returns the token for the cookie."""
    user = db.scalar(select(User).where(User.username == username))
    if user is None or not verify_password(password, user.password_hash):
        raise LoginFailed("Wrong username or password.")
    if not user.is_active:
        raise LoginFailed("This account is disabled; ask an administrator to enable it.")
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
    """Add a user (and the team if new); raises ValueError when the name is taken."""
    if db.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValueError(f"a user named {username!r} already exists")
    user = User(
        username=username,
        password_hash=hash_password(password),
        team_id=team_named(db, team).id,
        is_admin=is_admin,
    )
    db.add(user)
    db.flush()
    return user
