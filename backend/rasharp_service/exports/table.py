"""The per-joint rows shared by the CSV and the PDF."""

from __future__ import annotations

from ..studies.models import Study
from ..studies.service import done_analysis
from ..studies.views import joint_view, ordered


def joint_rows(study: Study) -> list[dict]:
    return [joint_view(j) for j in ordered(done_analysis(study).joints)]
