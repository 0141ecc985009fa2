"""Dependencies named once and reused by every router."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

import redis
from fastapi import Cookie, Depends, Path
from sqlalchemy.orm import Session

from .auth.models import User
from .auth.service import SESSION_COOKIE, user_for_token
from .auth.throttle import LoginThrottle
from .config import Settings, get_settings
from .db import session_scope
from .disclaimer.service import has_accepted
from .errors import Forbidden, Unauthorized
from .studies.models import Study
from .studies.service import find_study

# Row ids and offsets are PostgreSQL integers: a larger number is a 422, not a database error.
DB_INT_MAX = 2**31 - 1
RowId = Annotated[int, Path(ge=1, le=DB_INT_MAX)]

SessionDep = Annotated[Session, Depends(session_scope)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def current_user(
    db: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Cookie(alias=SESSION_COOKIE)] = None,
) -> User:
    user = user_for_token(db, token, settings.secret_key) if token else None
    if user is None:
        raise Unauthorized("auth.not_signed_in")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


@lru_cache
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


def login_throttle(settings: SettingsDep) -> LoginThrottle:
    return LoginThrottle(
        _redis_client(settings.redis_url),
        max_per_account=settings.login_max_failures,
        max_per_address=settings.login_max_failures_per_address,
        window_s=settings.login_lockout_minutes * 60,
    )


LoginThrottleDep = Annotated[LoginThrottle, Depends(login_throttle)]


def accepted_user(user: CurrentUser, db: SessionDep) -> User:
    if not has_accepted(db, user.id):
        raise Forbidden("auth.disclaimer_required")
    return user


AcceptedUser = Annotated[User, Depends(accepted_user)]


def admin_user(user: CurrentUser) -> User:
    if not user.is_admin:
        raise Forbidden("auth.admin_only")
    return user


AdminUser = Annotated[User, Depends(admin_user)]


def team_study(study_id: RowId, user: CurrentUser, db: SessionDep) -> Study:
    return find_study(db, study_id, user.team_id)


TeamStudy = Annotated[Study, Depends(team_study)]
