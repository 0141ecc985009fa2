from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Request, Response, status

from ..deps import CurrentUser, LoginThrottleDep, SessionDep, SettingsDep
from ..disclaimer.service import has_accepted
from ..errors import ErrorBody, Unauthorized
from . import service
from .schemas import LoginRequest, Me

router = APIRouter(prefix="/auth", tags=["auth"])


def me_of(db, user) -> Me:
    return Me(
        id=user.id,
        username=user.username,
        team=user.team.name,
        is_admin=user.is_admin,
        disclaimer_accepted=has_accepted(db, user.id),
    )


@router.post(
    "/login",
    response_model=Me,
    responses={
        401: {"model": ErrorBody, "description": "Wrong username or password"},
        429: {
            "model": ErrorBody,
            "description": "Too many failed sign-ins: wait Retry-After seconds",
        },
    },
)
def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    db: SessionDep,
    settings: SettingsDep,
    throttle: LoginThrottleDep,
) -> Me:
    # Behind a trusted proxy, uvicorn has already put the forwarded client address here.
    address = request.client.host if request.client else "unknown"
    throttle.attempt(body.username, address)  # TooManyAttempts: 429 with Retry-After
    try:
        token = service.login(
            db, body.username, body.password, settings.secret_key, settings.session_hours
        )
    except service.LoginFailed:
        raise Unauthorized("auth.wrong_credentials") from None
    throttle.succeeded(body.username, address)
    response.set_cookie(
        service.SESSION_COOKIE,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    user = service.user_for_token(db, token, settings.secret_key)
    return me_of(db, user)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    response: Response,
    db: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Cookie(alias=service.SESSION_COOKIE)] = None,
) -> None:
    if token:
        service.logout(db, token, settings.secret_key)
    response.delete_cookie(
        service.SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )


@router.get("/me", response_model=Me)
def me(user: CurrentUser, db: SessionDep) -> Me:
    return me_of(db, user)
