"""A session's report on a small case worked out by hand: two readers, two patients with two
visits each, and only two joints on each film (right MCP2 and MCP3), so 8 grades per kind."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select, update
from test_reading_sessions import URL, create

from rasharp_service.auth.models import User
from rasharp_service.reading_sessions.report import site_sdc
from rasharp_service.studies.models import Analysis, Joint

# Per film (P-1 2020, P-1 2021, P-2 2020, P-2 2021): MCP2 then MCP3.
EROSION = {"a": [0, 1, 2, 3, 1, 0, 2, 4], "b": [0, 1, 2, 2, 1, 1, 4, 4]}
JSN = {"a": [1, 0, 2, 1, 0, 0, 1, 2], "b": [1, 0, 2, 1, 1, 0, 1, 2]}
VISITS = [
    ("P-1", "2020-01-01"),
    ("P-1", "2021-01-01"),
    ("P-2", "2020-06-01"),
    ("P-2", "2021-06-01"),
]

# Worked out by hand:
# erosion, Cohen: agreement 5/8; reader a gives 0,1,2 twice and 3,4 once, b gives 0 once, 1
#   three times, 2 and 4 twice: chance (2*1 + 2*3 + 2*2 + 1*0 + 1*2)/64 = 14/64;
#   kappa = (40/64 - 14/64) / (50/64) = 0.52.
# JSN, Cohen: agreement 7/8; chance (3*2 + 3*4 + 2*2)/64 = 22/64; kappa = 34/42 = 0.8095.
# Fleiss, erosion: pooled grades 0:3 1:5 2:4 3:1 4:3 of 16, chance 60/256;
#   (0.625 - 0.234375) / 0.765625 = 0.5102. JSN: 0:5 1:7 2:4, chance 90/256; 0.8072.
# Totals of the films (erosion + JSN): a 2, 8, 1, 9; b 2, 7, 3, 11.
# Bland-Altman a - b: 0, 1, -2, -2: bias -0.75, SD 1.5, limits -0.75 -/+ 2.94.
# ICC(2,1): MS rows 97.375/3, MS columns 1.125, MS error 3.375/3 = 1.125;
#   (MSR - MSE) / (MSR + MSE + 2 (MSC - MSE) / 4) = 376 / 403 = 0.9330.
# Change between visits: P-1 a 6, b 5; P-2 a 8, b 8; differences 1, 0, SD 0.7071;
#   SDC = 1.96 x 0.7071 / sqrt(2 x 2) = 0.6930.
# Disagreements of more than one grade: film 4 MCP2 erosion only (a 2, b 4).


@pytest.fixture
def graded_session(client_for, seeded_study, db):
    admin = client_for(admin=True)
    readers = {"a": client_for(team=admin.team), "b": client_for(team=admin.team)}
    studies = []
    for code, day in VISITS:
        study = seeded_study(admin, patient_code=code)
        assert admin.patch(f"/api/studies/{study}", json={"visit_date": day}).status_code == 200
        analysis = db.scalar(select(Analysis.id).where(Analysis.study_id == study))
        on_film = (Joint.side == "right") & Joint.code.in_(["MCP2", "MCP3"])
        db.execute(
            update(Joint).where(Joint.analysis_id == analysis, ~on_film).values(present=False)
        )
        studies.append(study)
    db.commit()
    session = create(admin, studies, [readers["a"], readers["b"]], order="chronological")
    sid = session["id"]
    items = [e["item_id"] for e in readers["a"].get(f"{URL}/{sid}/queue").json()]
    for name, reader in readers.items():
        for film, item in enumerate(items):
            for kind, grades in (("erosion", EROSION), ("jsn", JSN)):
                for j, joint in enumerate(("MCP2", "MCP3")):
                    body = {
                        "side": "right",
                        "joint": joint,
                        "kind": kind,
                        "value": grades[name][2 * film + j],
                    }
                    assert (
                        reader.put(f"{URL}/{sid}/items/{item}/grades", json=body).status_code == 200
                    )
    for item in items:
        assert readers["a"].post(f"{URL}/{sid}/items/{item}/done").status_code == 200
    return admin, readers, sid, items


def test_the_report_gives_the_agreement_worked_out_by_hand(graded_session, db):
    admin, readers, sid, items = graded_session
    early = readers["a"].get(f"{URL}/{sid}/report")
    assert (early.status_code, early.json()["code"]) == (403, "session.report_not_yet")
    assert admin.get(f"{URL}/{sid}/report").json()["complete"] is False
    for item in items[:3]:
        readers["b"].post(f"{URL}/{sid}/items/{item}/done")
    # three films finished by both: the totals cover those only
    partial = admin.get(f"{URL}/{sid}/report").json()["totals"]["bland_altman"][0]
    assert partial["bias"] == pytest.approx(-1 / 3, abs=1e-4)
    readers["b"].post(f"{URL}/{sid}/items/{items[3]}/done")

    report = readers["b"].get(f"{URL}/{sid}/report").json()
    a, b = readers["a"].username, readers["b"].username
    assert report["complete"] is True
    assert [r["name"] for r in report["readers"]] == [a, b]
    erosion, jsn = report["per_kind"]["erosion"], report["per_kind"]["jsn"]
    assert [(p["a"], p["b"]) for p in erosion["kappa_pairs"]] == [(a, b)]
    assert erosion["kappa_pairs"][0]["kappa"] == pytest.approx(0.52, abs=1e-4)
    assert jsn["kappa_pairs"][0]["kappa"] == pytest.approx(34 / 42, abs=1e-4)
    assert erosion["fleiss_kappa"] == pytest.approx(0.390625 / 0.765625, abs=1e-4)
    assert jsn["fleiss_kappa"] == pytest.approx(0.5234375 / 0.6484375, abs=1e-4)
    totals = report["totals"]
    assert totals["icc_2_1"] == pytest.approx(376 / 403, abs=1e-4)
    assert totals["bland_altman"] == [
        {"a": a, "b": b, "bias": -0.75, "lower": pytest.approx(-3.69), "upper": pytest.approx(2.19)}
    ]
    assert totals["sdc_of_change"] == pytest.approx(1.96 * 0.5**0.5 / 2, abs=1e-4)
    assert report["disagreements"] == 1

    team_id = db.scalar(select(User.team_id).where(User.username == a))
    assert site_sdc(db, team_id) == pytest.approx(totals["sdc_of_change"], abs=1e-4)
    assert site_sdc(db, team_id + 10_000) is None  # a team without sessions
    # the patient page now judges progression against the team's own SDC
    patients = admin.get("/api/patients").json()
    assert (patients["sdc_source"], patients["sdc"]) == (
        "site",
        pytest.approx(totals["sdc_of_change"], abs=1e-4),
    )


def test_an_adjudicated_grade_replaces_the_consensus(graded_session):
    admin, readers, sid, items = graded_session
    for item in items:
        readers["b"].post(f"{URL}/{sid}/items/{item}/done")
    listed = admin.get(f"{URL}/{sid}/disagreements").json()
    a, b = readers["a"].username, readers["b"].username
    assert [
        (d["item_id"], d["side"], d["joint"], d["kind"], d["grades"], d["adjudicated"])
        for d in listed
    ] == [(items[3], "right", "MCP2", "erosion", {a: 2, b: 4}, None)]
    refused = readers["a"].put(
        f"{URL}/{sid}/disagreements",
        json={"item_id": items[3], "side": "right", "joint": "MCP2", "kind": "erosion", "value": 3},
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "session.admin_only")
    agreed = admin.put(
        f"{URL}/{sid}/disagreements",
        json={"item_id": items[3], "side": "right", "joint": "MCP3", "kind": "erosion", "value": 3},
    )
    assert (agreed.status_code, agreed.json()["code"]) == (422, "session.not_a_disagreement")

    def consensus_of_film_4_mcp2() -> set[str]:
        rows = csv.DictReader(io.StringIO(admin.get(f"{URL}/{sid}/reads.csv").text))
        return {
            r["consensus"]
            for r in rows
            if r["item_id"] == str(items[3]) and r["joint"] == "MCP2" and r["kind"] == "erosion"
        }

    before = admin.get(f"{URL}/{sid}/report").json()
    # the model said 2 at MCP2: against a consensus of 3 it is within one grade, not exact
    settled = admin.put(
        f"{URL}/{sid}/disagreements",
        json={"item_id": items[3], "side": "right", "joint": "MCP2", "kind": "erosion", "value": 3},
    )
    assert settled.status_code == 200 and settled.json()["adjudicated"] == 3
    assert consensus_of_film_4_mcp2() == {"3"}
    after = admin.get(f"{URL}/{sid}/report").json()
    assert after["adjudicated"] == 1
    model = {(m["against"], m["kind"]): m for m in after["model"]}
    old = {(m["against"], m["kind"]): m for m in before["model"]}
    assert (
        model[("consensus", "erosion")]["exact"],
        model[("consensus", "erosion")]["within_one"],
    ) != (old[("consensus", "erosion")]["exact"], old[("consensus", "erosion")]["within_one"])
    assert model[(a, "erosion")] == old[(a, "erosion")]


def test_the_csv_and_pdf_files(graded_session):
    admin, readers, sid, items = graded_session
    for item in items:
        readers["b"].post(f"{URL}/{sid}/items/{item}/done")
    reads = admin.get(f"{URL}/{sid}/reads.csv")
    assert reads.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(reads.text)))
    assert rows[0] == [
        "reader",
        "item_id",
        "study_id",
        "patient_code",
        "visit_date",
        "side",
        "joint",
        "kind",
        "grade",
        "model",
        "consensus",
        "adjudicated",
    ]
    assert len(rows) == 1 + 2 * 4 * 2 * 2  # readers x films x joints x kinds
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (
        first["reader"],
        first["patient_code"],
        first["visit_date"],
        first["joint"],
        first["kind"],
        first["grade"],
    ) == (readers["a"].username, "P-1", "2020-01-01", "MCP2", "erosion", "0")

    figures = list(csv.DictReader(io.StringIO(admin.get(f"{URL}/{sid}/report.csv").text)))
    assert list(figures[0]) == ["section", "kind", "reader_a", "reader_b", "statistic", "value"]
    icc = next(f for f in figures if f["statistic"] == "icc_2_1")
    assert float(icc["value"]) == pytest.approx(376 / 403, abs=1e-4)

    from pypdf import PdfReader

    from rasharp import RESEARCH_ONLY

    for language, notice in (("en", RESEARCH_ONLY), ("ru", "Только для исследований")):
        pdf = admin.get(f"{URL}/{sid}/report.pdf?lang={language}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert " ".join(notice.split()[:6]) in " ".join(text.split())
        assert "0.93" in text  # the ICC


def test_the_session_name_is_printed_as_typed_in_the_pdf(client_for, seeded_study):
    admin = client_for(admin=True)
    reader = client_for(team=admin.team)
    session = create(admin, [seeded_study(admin)], [reader], name="Сеанс <b>1</b> & co")
    from pypdf import PdfReader

    pdf = admin.get(f"{URL}/{session['id']}/report.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Сеанс <b>1</b> & co" in text
