"""The migrated database and the API description follow rasharp.scheme."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from rasharp.scheme import GRADE_KINDS, GRADE_RANGES, JOINT_CODES, SIDES


@pytest.mark.parametrize("kind", GRADE_KINDS)
def test_the_migrated_database_accepts_exactly_the_schemes_grades(
    kind, client_for, seeded_study, db
):
    from rasharp_service.studies.models import Analysis, Joint

    study_id = seeded_study(client_for())
    column = getattr(Joint, kind)
    joint_id = db.scalar(
        select(Joint.id)
        .join(Analysis)
        .where(Analysis.study_id == study_id, column.is_not(None))
        .limit(1)
    )

    def accepted(value: int) -> bool:
        try:
            with db.begin_nested():  # rolled back with the test's session
                db.execute(update(Joint).where(Joint.id == joint_id).values({kind: value}))
        except IntegrityError:
            return False
        return True

    grades = GRADE_RANGES[kind]
    assert accepted(grades.minimum) and accepted(grades.maximum)
    assert not accepted(grades.minimum - 1)
    assert not accepted(grades.maximum + 1)


def test_the_api_description_names_the_schemes_sides_joints_and_grade_kinds(app):
    document = app.openapi()
    schemas = document["components"]["schemas"]
    assert schemas["Side"]["enum"] == list(SIDES)
    assert schemas["JointCode"]["enum"] == list(JOINT_CODES)
    assert schemas["GradeKind"]["enum"] == list(GRADE_KINDS)
    assert schemas["JointOut"]["properties"]["joint"] == {"$ref": "#/components/schemas/JointCode"}
    edit = document["paths"]["/api/studies/{study_id}/joints/{side}/{joint}"]["patch"]
    path = {p["name"]: p["schema"].get("enum") for p in edit["parameters"]}
    assert path["side"] == list(SIDES) and path["joint"] == list(JOINT_CODES)
    # the grade fields of the API are the scheme's grade kinds
    assert set(schemas["GradeChange"]["properties"]) == set(GRADE_KINDS)
    assert set(GRADE_KINDS) <= set(schemas["JointOut"]["properties"])
