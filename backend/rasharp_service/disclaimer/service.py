"""The research-use disclaimer: every version's text in each language the UI speaks. A reader
accepts the current version in the language they read it in; the acceptance records both."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import Conflict
from .models import DisclaimerAcceptance

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = ("en", "ru")

# version -> language -> text. A new version is added here, in every language, and becomes
# DISCLAIMER_VERSION; acceptances of older versions stay on record.
DISCLAIMER_TEXTS: dict[str, dict[Language, str]] = {
    "2026-11-1": {
        "en": (
            "rasharp is for research use only and is not a medical device. Its erosion and joint "
            "space narrowing grades, joint positions and joint space widths are produced by "
            "machine-learning models that have not been clinically validated; the default "
            "scoring weights were trained on simulated lesions. They must not be used for "
            "diagnosis, treatment or any other clinical decision. Every grade must be reviewed "
            "by a qualified reader. Upload only pseudonymised images: patient codes must not "
            "identify a person."
        ),
        "ru": (
            "rasharp предназначен только для исследований и не является медицинским изделием. "
            "Оценки эрозий и сужения суставных щелей, положения суставов и ширина суставных "
            "щелей получены моделями машинного обучения, которые не прошли клиническую "
            "валидацию; веса оценки по умолчанию обучены на смоделированных поражениях. Их "
            "нельзя использовать для диагностики, лечения или любых других клинических решений. "
            "Каждую оценку должен проверить квалифицированный специалист. Загружайте только "
            "псевдонимизированные снимки: коды пациентов не должны позволять установить "
            "личность."
        ),
    },
}
DISCLAIMER_VERSION = "2026-11-1"
DISCLAIMER_TEXT = DISCLAIMER_TEXTS[DISCLAIMER_VERSION]["en"]


def disclaimer_text(language: Language, version: str = DISCLAIMER_VERSION) -> str:
    return DISCLAIMER_TEXTS[version][language]


def accepted_language(db: Session, user_id: int) -> Language | None:
    """The language the user accepted the current version in; None when not accepted."""
    language = db.scalar(
        select(DisclaimerAcceptance.language).where(
            DisclaimerAcceptance.user_id == user_id,
            DisclaimerAcceptance.version == DISCLAIMER_VERSION,
        )
    )
    return language if language in LANGUAGES else None


def has_accepted(db: Session, user_id: int) -> bool:
    return accepted_language(db, user_id) is not None


def accept(
    db: Session, user_id: int, language: Language = "en", version: str = DISCLAIMER_VERSION
) -> None:
    """Record that the user accepted ``version`` as read in ``language``; a version that is no
    longer the current one is refused, so that nobody accepts a text they were not shown."""
    if version != DISCLAIMER_VERSION:
        raise Conflict("disclaimer.outdated", version=version, current=DISCLAIMER_VERSION)
    if not has_accepted(db, user_id):
        db.add(DisclaimerAcceptance(user_id=user_id, version=version, language=language))
        db.commit()
