from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from ..deps import CurrentUser, SessionDep
from . import service

router = APIRouter(prefix="/disclaimer", tags=["disclaimer"])


class Disclaimer(BaseModel):
    version: str
    text: str
    accepted: bool


@router.get("", response_model=Disclaimer)
def get_disclaimer(user: CurrentUser, db: SessionDep) -> Disclaimer:
    return Disclaimer(
        version=service.DISCLAIMER_VERSION,
        text=service.DISCLAIMER_TEXT,
        accepted=service.has_accepted(db, user.id),
    )


@router.post("/accept", response_model=Disclaimer)
def accept_disclaimer(user: CurrentUser, db: SessionDep) -> Disclaimer:
    service.accept(db, user.id)
    return Disclaimer(
        version=service.DISCLAIMER_VERSION, text=service.DISCLAIMER_TEXT, accepted=True
    )
