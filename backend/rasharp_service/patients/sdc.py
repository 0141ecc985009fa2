"""The smallest detectable change (SDC) of the total score: a change of the total above it is
called progression."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from ..config import get_settings

SdcSource = Literal["default"]


# db and team_id: for the SDC a team measures in its own reader studies
def progression_sdc(db: Session, team_id: int) -> tuple[float, SdcSource]:  # noqa: ARG001
    """The SDC for this team's patients, and where it comes from: "default" is the setting
    RASHARP_PROGRESSION_SDC (about 3 units of total SvdH in the literature)."""
    return get_settings().progression_sdc, "default"
