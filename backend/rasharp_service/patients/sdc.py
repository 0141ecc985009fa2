"""The smallest detectable change (SDC) of the total score: a change of the total above it is
called progression."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from ..config import get_settings
from ..reading_sessions.report import site_sdc

SdcSource = Literal["default", "site"]


def progression_sdc(db: Session, team_id: int) -> tuple[float, SdcSource]:
    """The SDC for this team's patients, and where it comes from: "site" is measured in the
    team's own complete reading sessions that hold two visits of a patient; "default" is the
    setting RASHARP_PROGRESSION_SDC (about 3 units of total SvdH in the literature)."""
    measured = site_sdc(db, team_id)
    if measured is not None:
        return measured, "site"
    return get_settings().progression_sdc, "default"
