"""User management for administrators."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field
from sqlalchemy import delete, select

from ..auth.models import LoginSession, User
from ..auth.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from ..auth.service import UsernameTaken, set_password, team_named
from ..auth.service import create_user as add_user
from ..deps import AdminUser, RowId, SessionDep, admin_user
from ..errors import Conflict, Invalid, NotFound

router = APIRouter(prefix="/users", tags=["users"])


class UserOut(BaseModel):
    id: int
    username: str
    team: str
    is_admin: bool
    is_active: bool
    created_at: datetime


class UserCreate(BaseModel):
    username: str = Field(min_length=1, max_length=100, pattern=r"^[\w.@-]+$")
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)
    team: str = Field("default", min_length=1, max_length=100)
    is_admin: bool = False


class UserUpdate(BaseModel):
    password: str | None = Field(
        None, min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH
    )
    team: str | None = Field(None, min_length=1, max_length=100)
    is_admin: bool | None = None
    is_active: bool | None = None


def _out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        team=user.team.name,
        is_admin=user.is_admin,
        is_active=user.is_active,
        created_at=user.created_at,
    )


@router.get("", response_model=list[UserOut], dependencies=[Depends(admin_user)])
def list_users(db: SessionDep) -> list[UserOut]:
    return [_out(u) for u in db.scalars(select(User).order_by(User.username))]


@router.post(
    "",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(admin_user)],
)
def create_user(body: UserCreate, db: SessionDep) -> UserOut:
    try:
        user = add_user(db, body.username, body.password, body.team, body.is_admin)
    except UsernameTaken as exc:
        raise Conflict("users.name_taken", username=exc.username) from None
    db.commit()
    db.refresh(user)
    return _out(user)


@router.patch("/{user_id}", response_model=UserOut)
def update_user(user_id: RowId, body: UserUpdate, admin: AdminUser, db: SessionDep) -> UserOut:
    user = db.get(User, user_id)
    if user is None:
        raise NotFound("users.not_found", user_id=user_id)
    if user.id == admin.id and (body.is_admin is False or body.is_active is False):
        raise Invalid("users.not_yourself")
    if body.password is not None:
        set_password(user, body.password)  # WeakPassword: 422 with the rule it breaks
    if body.team is not None:
        user.team_id = team_named(db, body.team).id
    if body.is_admin is not None:
        user.is_admin = body.is_admin
    if body.is_active is not None:
        user.is_active = body.is_active
    if body.password is not None or body.is_active is False:
        db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    db.commit()
    db.refresh(user)
    return _out(user)
