from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import DisclaimerAcceptance

DISCLAIMER_VERSION = "2026-11-1"
DISCLAIMER_TEXT = (
    "rasharp is for research use only and is not a medical device. Its erosion and joint space "
    "narrowing grades, joint positions and joint space widths are produced by machine-learning "
    "models that have not been clinically validated; the default scoring weights were trained on "
    "simulated lesions. They must not be used for diagnosis, treatment or any other clinical "
    "decision. Every grade must be reviewed by a qualified reader. Upload only pseudonymised "
    "images: patient codes must not identify a person."
)


def has_accepted(db: Session, user_id: int) -> bool:
    return (
        db.scalar(
            select(DisclaimerAcceptance.id).where(
                DisclaimerAcceptance.user_id == user_id,
                DisclaimerAcceptance.version == DISCLAIMER_VERSION,
            )
        )
        is not None
    )


def accept(db: Session, user_id: int) -> None:
    if not has_accepted(db, user_id):
        db.add(DisclaimerAcceptance(user_id=user_id, version=DISCLAIMER_VERSION))
        db.commit()
