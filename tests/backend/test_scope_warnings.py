"""A film out of the grader's scope says so: in the study, per joint, and in the PDF (real worker)."""

from __future__ import annotations

import io
import typing
from pathlib import Path

import pytest
from backend_images import png_bytes, two_hands
from conftest import models_present, wait_for_status

from rasharp import scope

pytestmark = pytest.mark.skipif(
    not models_present(), reason="models/weights/localizer.onnx is not there yet (no trained model)"
)
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.usefixtures("worker")
def test_a_film_cutting_off_the_fingertips_says_which_joints_are_not_imaged(client_for):
    from pypdf import PdfReader

    client = client_for()
    hands = two_hands()
    cut = hands.crop((0, round(hands.height * 0.3), hands.width, hands.height))
    study = client.post(
        "/api/studies",
        files={"file": ("cut.png", png_bytes(cut), "image/png")},
        data={"patient_code": "SCOPE-01"},
    ).json()["study_id"]
    detail = wait_for_status(client, study)
    assert detail["status"] == "done", detail["error"]

    cut_off = {
        w["side"]: w["params"]["joints"]
        for w in detail["warnings"]
        if w["code"] == "joints_not_imaged"
    }
    assert set(cut_off) == {"left", "right"}
    for side, joints in cut_off.items():
        for code in joints:
            joint = next(j for j in detail["joints"] if j["side"] == side and j["joint"] == code)
            assert joint["present"] is False and joint["absent"] == "outside_film"
    assert all(j["absent"] is None for j in detail["joints"] if j["present"])

    for language, caution, words in (
        ("en", "Caution", "lie outside the film (not imaged)"),
        ("ru", "Внимание", "за пределами снимка"),
    ):
        pdf = client.get(f"/api/studies/{study}/export.pdf?lang={language}")
        assert pdf.status_code == 200, pdf.text
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        text = " ".join(text.split())
        assert caution in text and words in text
        assert ", ".join(cut_off["left"]) in text


def test_the_service_knows_every_warning_and_the_ui_says_each_in_both_languages():
    from rasharp_service.studies.schemas import ScopeWarningOut

    assert typing.get_args(ScopeWarningOut.model_fields["code"].annotation) == scope.CODES
    messages = (REPO / "frontend/src/features/i18n/messages.ts").read_text()
    keys = [f"scope.{c}" for c in scope.CODES] + [
        f"scope.exposure.{p}" for p in scope.EXPOSURE_PROBLEMS
    ]
    for key in keys:
        assert messages.count(f'"{key}":') == 2, f"{key} needs an English and a Russian text"
