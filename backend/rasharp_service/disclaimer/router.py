from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from ..deps import CurrentUser, SessionDep
from . import service
from .service import DISCLAIMER_VERSION, Language

router = APIRouter(prefix="/disclaimer", tags=["disclaimer"])


class Disclaimer(BaseModel):
    version: str
    language: Language = Field(description="The language of `text`.")
    text: str
    accepted: bool
    accepted_language: Language | None = Field(
        description="The language the current version was accepted in; null when not accepted."
    )


class DisclaimerAcceptance(BaseModel):
    version: str = Field(DISCLAIMER_VERSION, description="The version the reader was shown.")
    language: Language = Field("en", description="The language the reader read it in.")


LanguageQuery = Annotated[Language, Query(description="The language of the text.")]


def _disclaimer(db, user, language: Language) -> Disclaimer:
    accepted_language = service.accepted_language(db, user.id)
    return Disclaimer(
        version=DISCLAIMER_VERSION,
        language=language,
        text=service.disclaimer_text(language),
        accepted=accepted_language is not None,
        accepted_language=accepted_language,
    )


@router.get("", response_model=Disclaimer)
def get_disclaimer(user: CurrentUser, db: SessionDep, lang: LanguageQuery = "en") -> Disclaimer:
    return _disclaimer(db, user, lang)


@router.post("/accept", response_model=Disclaimer)
def accept_disclaimer(
    user: CurrentUser, db: SessionDep, body: DisclaimerAcceptance | None = None
) -> Disclaimer:
    body = body or DisclaimerAcceptance()
    service.accept(db, user.id, body.language, body.version)
    return _disclaimer(db, user, body.language)
