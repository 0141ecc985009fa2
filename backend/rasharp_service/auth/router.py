from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, HTTPException, Request, Response, status

from ..deps import CurrentUser, LoginThrottleDep, SessionDep, SettingsDep
from ..disclaimer.service import has_accepted
from . import service
from .schemas import LoginRequest, Me
from .throttle import TooManyAttempts

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
        401: {"description": "Wrong username or password"},
        429: {"description": "Too many failed sign-ins: wait Retry-After seconds"},
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
    try:
        throttle.attempt(body.username, address)
    except TooManyAttempts as exc:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            exc.message,
            headers={"Retry-After": str(exc.retry_after_s)},
        ) from None
    try:
        token = service.login(
            db, body.username, body.password, settings.secret_key, settings.session_hours
        )
    except service.LoginFailed as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(exc)) from None
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
