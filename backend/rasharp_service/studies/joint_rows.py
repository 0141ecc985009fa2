"""A finished analysis's joint rows: shared by the service, the worker and the exports."""

from __future__ import annotations

from rasharp.scheme import GRADE_KINDS

from ..errors import Conflict
from .models import Analysis, Joint, Study
from .views import joint_view, ordered, reader_spacing


def done_analysis(study: Study) -> Analysis:
    analysis = study.analysis
    if analysis is None or analysis.status != "done":
        state = analysis.status if analysis else "queued"
        raise Conflict("study.no_results", study_id=study.id, state=state)
    return analysis


def check_open(study: Study) -> None:
    """Grades, joint positions and measures of a study marked reviewed are final."""
    if study.reviewed_at is not None:
        raise Conflict("study.reviewed_final", study_id=study.id)


def open_analysis(study: Study) -> Analysis:
    """The finished analysis, for a change of its grades, positions or measures."""
    analysis = done_analysis(study)
    check_open(study)
    return analysis


def joint_rows(study: Study) -> list[dict]:
    """The finished study's joints as the API shows them, right hand then left."""
    joints = ordered(done_analysis(study).joints)
    spacing = reader_spacing(study)
    return [joint_view(j, spacing) for j in joints]


def apply_joint_result(joint: Joint, result: dict, follow_model: bool) -> None:
    """Copy a model result (JointResult JSON) onto the row's model columns.

    With ``follow_model`` the current grades take the model's values; otherwise a current
    grade follows only where the reader had not changed it.
    """
    joint.confidence = float(result.get("confidence") or 0.0)
    joint.box = result.get("box")
    for kind in GRADE_KINDS:
        grade = result.get(kind)
        previous_model, current = getattr(joint, f"{kind}_model"), getattr(joint, kind)
        score = None if grade is None else int(grade["score"])
        setattr(joint, f"{kind}_model", score)
        setattr(joint, f"{kind}_probabilities", [] if grade is None else grade["probabilities"])
        setattr(joint, f"{kind}_uncertain", False if grade is None else bool(grade["uncertain"]))
        if follow_model or current == previous_model:
            setattr(joint, kind, score)
            if score != current:  # a confirmation holds for the grade it was given to
                setattr(joint, f"{kind}_confirmed", False)
    for name in ("jsw_mm", "jsw_px", "jsw_mm_basis", "jsw_relative", "jsw_z", "jsw_reason"):
        setattr(joint, name, result.get(name))


def grades_before(joint: Joint) -> dict[str, tuple[int | None, int | None, bool]]:
    """A joint's (current grade, model grade, confirmed) of each kind, before a re-analysis."""
    return {
        kind: (
            getattr(joint, kind),
            getattr(joint, f"{kind}_model"),
            getattr(joint, f"{kind}_confirmed"),
        )
        for kind in GRADE_KINDS
    }


def keep_reader_grades(
    joint: Joint, before: dict[str, tuple[int | None, int | None, bool]]
) -> list[dict]:
    """After a re-analysis (the new model's values applied): a grade a reader had changed stays
    the reader's, and a confirmation stays where the model's grade did not change. Returns the
    model grades the new model changed."""
    changes = []
    for kind, (current, old_model, confirmed) in before.items():
        new_model = getattr(joint, f"{kind}_model")
        if current != old_model:
            setattr(joint, kind, current)
            setattr(joint, f"{kind}_confirmed", confirmed)
        elif new_model == old_model:
            setattr(joint, f"{kind}_confirmed", confirmed)
        if new_model != old_model:
            changes.append(
                {
                    "side": joint.side,
                    "joint": joint.code,
                    "kind": kind,
                    "old": old_model,
                    "new": new_model,
                }
            )
    return changes
