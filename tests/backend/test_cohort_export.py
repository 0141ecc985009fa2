"""The cohort CSV: one row per patient and visit, RA2 DREAM's columns, sources and changes."""

from __future__ import annotations

import csv
import io
from collections import Counter

from rasharp.importers import read_ra2_dream
from rasharp.ra2dream_columns import hand_column


def _rows(client) -> tuple[list[str], list[dict]]:
    response = client.get("/api/exports/cohort.csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="rasharp-cohort-' in response.headers["content-disposition"]
    reader = csv.DictReader(io.StringIO(response.text))
    return list(reader.fieldnames or []), list(reader)


def _grades(client, study_id: int) -> dict[tuple[str, str, str], int]:
    joints = client.get(f"/api/studies/{study_id}").json()["joints"]
    return {
        (j["side"], j["joint"], kind): j[kind]["value"]
        for j in joints
        for kind in ("erosion", "jsn")
        if j[kind] is not None
    }


def test_each_visit_is_a_row_of_the_studies_grades_with_sources_and_change(
    client_for, seeded_study, tmp_path
):
    client = client_for()
    studies = []
    for day in ("2024-01-10", "2025-01-10"):
        study_id = seeded_study(client, patient_code="RA-5")
        client.patch(f"/api/studies/{study_id}", json={"visit_date": day, "birth_year": 1961})
        studies.append(study_id)
    client.patch(f"/api/studies/{studies[1]}/joints/left/PIP2", json={"erosion": 4})
    client.patch(f"/api/studies/{studies[1]}/joints/right/MCP3", json={"jsn": 3})
    lone = seeded_study(client, patient_code="=HYPERLINK(1)")

    header, rows = _rows(client)
    for column in ("LH_pip_E__2", "RH_mcp_J__3", "LH_mcp_E__ip", "LH_wrist_E__mc1"):
        assert column in header and f"{column}_source" in header
    assert "LH_wrist_J__mc1" not in header  # CMC1 has no narrowing grade
    sources = [c for c in header if c.endswith("_source") and c[:3] in ("LH_", "RH_")]
    assert len(sources) == 58  # 29 grades per hand

    assert [(r["Patient_ID"], r["visit_date"], r["visit_number"]) for r in rows] == [
        ("'=HYPERLINK(1)", rows[0]["visit_date"], "1"),  # quoted: no formula in a spreadsheet
        ("RA-5", "2024-01-10", "1"),
        ("RA-5", "2025-01-10", "2"),
    ]
    assert rows[0]["right_study_id"] == rows[0]["left_study_id"] == str(lone)
    for row, study_id in zip(rows[1:], studies, strict=True):
        assert row["birth_year"] == "1961" and row["visit_date_source"] == "visit_date"
        assert (row["right_study_id"], row["left_study_id"]) == (str(study_id), str(study_id))
        for (side, joint, kind), value in _grades(client, study_id).items():
            assert row[hand_column(side, joint, kind)] == str(value)
        totals = client.get(f"/api/studies/{study_id}").json()["totals"]
        assert {name: int(row[name]) for name in totals} == totals

    first, later = rows[1], rows[2]
    assert later["LH_pip_E__2_source"] == later["RH_mcp_J__3_source"] == "reader"
    assert first["LH_pip_E__2_source"] == later["LH_pip_E__3_source"] == "model"
    pip2_change = 4 - int(first["LH_pip_E__2"])
    mcp3_change = 3 - int(first["RH_mcp_J__3"])
    assert first["total_change"] == first["erosion_change"] == ""  # no previous visit
    assert (int(later["erosion_change"]), int(later["jsn_change"])) == (pip2_change, mcp3_change)
    assert int(later["total_change"]) == int(later["total"]) - int(first["total"])

    # the RA2 DREAM importer reads the export back, every grade of every visit
    exported = tmp_path / "cohort.csv"
    exported.write_text(client.get("/api/exports/cohort.csv").text)
    labelled = read_ra2_dream(exported)
    read_back = Counter(
        (j.side, j.joint, kind, grades[0])
        for j in labelled.joints
        for kind, grades in j.grades.items()
    )
    expected = Counter(
        (*key, value)
        for study_id in (lone, *studies)
        for key, value in _grades(client, study_id).items()
    )
    assert read_back == expected and labelled.unmapped == []
