"""Fine-tuning on a dataset snapshot: a fixed patient split, the candidate and the model in use
judged on the same validation films through the pipeline's ONNX grading, a complete model
folder written only when the run succeeds."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from rasharp.finetune import FinetuneCancelled, FinetuneConfig, FinetuneError, finetune
from rasharp.finetune.localizer import finetune_localizer
from rasharp.finetune.split import patient_of, split_films
from rasharp.finetune.truth import reference_grades
from rasharp.localization.infer import Localizer
from rasharp.pipeline import DEFAULT_MODEL_DIR, Analyzer
from rasharp.scheme import GRADE_KINDS, JOINTS_BY_CODE
from rasharp.scoring.atlas import DEFAULT_ATLAS, load_atlas
from rasharp.snapshots import SnapshotFilm, SnapshotJoint, read_snapshot, write_snapshot

SHRINK = 0.5  # films at half their resolution keep the test fast
TINY = FinetuneConfig(
    steps=4, batch=16, crops_per_joint=1, validate_every=4, max_epochs=10, device="cpu"
)


def _grades(code: str, rng) -> dict[str, int]:
    return {
        k: int(rng.integers(0, 6 if k == "erosion" else 5))
        for k in GRADE_KINDS
        if JOINTS_BY_CODE[code].scores(k)
    }


def _noisy(grades: dict[str, int], rng) -> dict[str, int]:
    top = {"erosion": 5, "jsn": 4}
    return {k: int(np.clip(v + rng.integers(-1, 2), 0, top[k])) for k, v in grades.items()}


def atlas_snapshot(directory: Path, films: int, readers: int = 1, seed: int = 0) -> Path:
    """``films`` atlas hands of as many patients (the last two films share one), graded at
    random by the reviewer and, with ``readers`` 2, by a second reader who differs by a grade
    here and there."""
    if not (DEFAULT_ATLAS / "landmarks.csv").exists():
        pytest.skip(f"the hand atlas is not at {DEFAULT_ATLAS.resolve()}")
    rng = np.random.default_rng(seed)
    written, images = [], {}
    for number, hand in enumerate(load_atlas()[:films]):
        picture = Image.open(hand.image).convert("L")
        picture = picture.resize((round(picture.width * SHRINK), round(picture.height * SHRINK)))
        out = io.BytesIO()
        picture.save(out, format="PNG")
        name = f"{number}.png"
        images[name] = out.getvalue()
        joints = []
        for code, (x, y) in hand.points.items():
            final = _grades(code, rng)
            by_reader = {"dr.reviewer": final}
            if readers == 2:
                by_reader["dr.second"] = _noisy(final, rng)
            joints.append(
                SnapshotJoint(
                    "left", code, True, x * SHRINK, y * SHRINK, None, final,
                    dict.fromkeys(final, "dr.reviewer"), by_reader,
                    position_source="dr.reviewer" if code == "PIP3" else "model",
                )
            )  # fmt: skip
        patient = f"P-{min(number, films - 2)}"
        written.append(
            SnapshotFilm(str(number), name, patient, "2026-05-01", "dr.reviewer", joints)
        )
    write_snapshot(directory, written, images, "site test", 1, "rheuma", "2026-11-30T12:00:00Z")
    return directory


@pytest.fixture(scope="module")
def tuned(tmp_path_factory):
    """A tiny fine-tune of a two-reader snapshot of six films, and what it reported."""
    root = tmp_path_factory.mktemp("finetune")
    snapshot = atlas_snapshot(root / "snapshot", films=6, readers=2)
    seen = []
    report = finetune(snapshot, DEFAULT_MODEL_DIR, root / "candidate", TINY, seen.append)
    return snapshot, root / "candidate", report, seen


def _films(patients: list[str]) -> list[SnapshotFilm]:
    return [SnapshotFilm(f"f{i}", f"f{i}.png", p, None, "r", []) for i, p in enumerate(patients)]


def test_the_patient_split_is_fixed_and_keeps_validation_patients_as_the_site_grows():
    first = _films([f"P-{i}" for i in range(40)] + [None, None])  # two films without a code
    split = split_films(first, 0.25, 0.1)
    validation = {patient_of(f) for f in split.validation}
    training = {patient_of(f) for f in split.train + split.calibration}
    assert validation and training and not validation & training
    assert len(split.train + split.calibration + split.validation) == len(first)
    again = split_films(list(reversed(first)), 0.25, 0.1)
    assert {patient_of(f) for f in again.validation} == validation
    grown = split_films(first + _films([f"P-{i}" for i in range(40, 100)]), 0.25, 0.1)
    assert validation <= {patient_of(f) for f in grown.validation}
    assert not training & {patient_of(f) for f in grown.validation}


def test_two_patients_give_one_for_validation_and_one_for_training():
    split = split_films(_films(["A", "A", "B"]), 0.25, 0.1)
    assert {patient_of(f) for f in split.validation} | {patient_of(f) for f in split.train} == {
        "A",
        "B",
    }
    assert split.validation and split.train


def test_the_report_compares_both_models_on_the_same_validation_films(tuned):
    _, candidate, report, _ = tuned
    assert json.loads((candidate / "evaluation.json").read_text()) == report
    split = report["split"]
    assert split["by"] == "patient" and split["validation_films"] >= 1
    assert split["train_films"] + split["validation_films"] + split["calibration_films"] == 6
    in_use, tuned_model = report["metrics"]["in_use"], report["metrics"]["candidate"]
    assert in_use["films"] == tuned_model["films"] == sorted(split["validation_film_ids"])
    for metrics in (in_use, tuned_model):
        for kind in GRADE_KINDS:
            figures = metrics[kind]
            assert (
                figures["joints"]
                == 15 * split["validation_films"] - (kind == "jsn") * split["validation_films"]
            )
            for name in ("balanced_accuracy", "within_one", "exact"):
                assert 0.0 <= figures[name] <= 1.0
            assert -1.0 <= figures["qwk"] <= 1.0
            assert {"PIP", "MCP", "DIP"} <= set(figures["groups"])
            assert sum(g["joints"] for g in figures["groups"].values()) == figures["joints"]
    training = report["training"]
    assert training["steps"] == 4 and not training["stopped_early"]


def test_without_the_localizer_asked_for_the_one_in_use_is_copied(tuned):
    _, candidate, report, _ = tuned
    assert report["training"]["localizer"] is None
    assert (candidate / "localizer.onnx").read_bytes() == (
        DEFAULT_MODEL_DIR / "localizer.onnx"
    ).read_bytes()


def test_the_localizer_learns_from_moved_markers_and_is_judged_on_validation_films(tmp_path):
    snapshot = read_snapshot(atlas_snapshot(tmp_path / "snapshot", films=4))
    split = split_films(snapshot.films, 0.25, 0.1)
    config = dataclasses.replace(TINY, localizer=True, localizer_steps=2)
    work = tmp_path / "work"
    work.mkdir()
    result = finetune_localizer(snapshot, split, DEFAULT_MODEL_DIR, work, config, _ignore)
    assert result["trained"] and result["shipped"] and result["steps"] == 2
    assert result["moved_markers"] == result["corrected_films"] == len(split.train)  # PIP3
    for name in ("candidate", "in_use"):
        assert result[name]["joints"] + result[name]["missed"] == 15 * len(split.validation)
        assert 0.0 <= result[f"{name}_error"] < 0.5  # knuckle spans
    assert (work / "localizer.onnx").read_bytes() != (
        DEFAULT_MODEL_DIR / "localizer.onnx"
    ).read_bytes()
    assert Localizer(work / "localizer.onnx", ["CPUExecutionProvider"]).version == result["version"]


def _ignore(*_args) -> None:
    pass


def test_a_localizer_without_moved_markers_to_learn_from_is_kept(tmp_path):
    snapshot = read_snapshot(atlas_snapshot(tmp_path / "snapshot", films=3))
    for film in snapshot.films:
        for joint in film.joints:
            joint.position_source = "model"
    split = split_films(snapshot.films, 0.25, 0.1)
    config = dataclasses.replace(TINY, localizer=True)
    result = finetune_localizer(snapshot, split, DEFAULT_MODEL_DIR, tmp_path, config, _ignore)
    assert result["shipped"] is False and "no training film has a marker" in result["reason"]


def test_two_readers_make_the_consensus_the_truth_and_their_agreement_is_reported(tuned):
    _, _, report, _ = tuned
    assert report["truth"] == "consensus"
    readers = report["metrics"]["readers"]
    for kind in GRADE_KINDS:
        assert set(readers[kind]["versus_consensus"]) == {"dr.reviewer", "dr.second"}
        (pair,) = readers[kind]["pairs"]
        assert {pair["a"], pair["b"]} == {"dr.reviewer", "dr.second"}
        assert 0.3 < pair["within_one"] <= 1.0 and pair["exact"] < 1.0


def test_one_reader_makes_the_final_grades_the_truth(tmp_path):
    snapshot = read_snapshot(atlas_snapshot(tmp_path / "s", films=2, readers=1))
    truth = reference_grades(snapshot)
    assert truth.source == "final"
    film = snapshot.films[0]
    mcp2 = next(j for j in film.joints if j.joint == "MCP2")
    assert truth.grades[(film.film, "left", "MCP2")] == mcp2.final


def test_the_candidate_grades_in_the_pipeline_and_differs_from_the_model_in_use(tuned):
    snapshot, candidate, report, _ = tuned
    assert {p.name for p in candidate.iterdir()} >= {
        "localizer.onnx", "scorer.onnx", "scorer-int8.onnx", "scorer-state.npz", "scorer.md",
        "evaluation.json"
    }  # fmt: skip
    film = snapshot / "images" / "0.png"
    new, old = Analyzer(candidate, device="cpu"), Analyzer(DEFAULT_MODEL_DIR, device="cpu")
    assert new.versions["scorer"] == report["models"]["candidate"] != old.versions["scorer"]
    assert new.versions["scorer-int8"] == f"{report['models']['candidate']}-int8"
    new_result, old_result = new.analyze(film), old.analyze(film)
    graded = [j for j in new_result.joints if j.erosion is not None]
    assert graded
    differences = [
        np.abs(np.subtract(a.erosion.probabilities, b.erosion.probabilities)).max()
        for a, b in zip(new_result.joints, old_result.joints, strict=True)
        if a.erosion is not None and b.erosion is not None
    ]
    assert max(differences) > 1e-4
    meta = new.scorer.session.get_modelmeta().custom_metadata_map
    assert meta["parent_version"] == old.versions["scorer"]
    assert json.loads(meta["snapshot"])["name"] == "site test"
    assert "Fine-tuned" in (candidate / "scorer.md").read_text()


def test_progress_is_reported_through_every_phase(tuned):
    *_, seen = tuned
    phases = [p.phase for p in seen]
    assert phases[0] == "preparing" and {"training", "evaluating", "exporting"} <= set(phases)
    grader = [p for p in seen if p.phase == "training" and p.total == TINY.steps]
    assert grader[-1].step == 4
    training = grader
    assert training[-1].loss is not None and training[-1].validation
    assert "jsn_balanced_accuracy" in training[-1].validation


def test_a_cancelled_run_leaves_no_output(tmp_path):
    snapshot = atlas_snapshot(tmp_path / "snapshot", films=4)
    calls = []

    def stop_soon() -> bool:
        calls.append(1)
        return len(calls) > 3

    output = tmp_path / "models" / "candidate"
    with pytest.raises(FinetuneCancelled):
        finetune(snapshot, DEFAULT_MODEL_DIR, output, TINY, should_stop=stop_soon)
    assert not output.exists()
    assert list(output.parent.iterdir()) == []  # no half-written folder left beside it


def test_a_snapshot_of_one_patient_is_refused_with_the_reason(tmp_path):
    snapshot = atlas_snapshot(tmp_path / "snapshot", films=2)  # both films of patient P-0
    with pytest.raises(FinetuneError, match=r"1 patient\(s\); at least 2 are needed"):
        finetune(snapshot, DEFAULT_MODEL_DIR, tmp_path / "out", TINY)
    assert not (tmp_path / "out").exists()


def test_a_base_folder_without_the_grader_weights_is_refused(tmp_path):
    snapshot = atlas_snapshot(tmp_path / "snapshot", films=3)
    base = tmp_path / "onnx-only"
    base.mkdir()
    for name in ("scorer.onnx", "localizer.onnx"):
        shutil.copy2(DEFAULT_MODEL_DIR / name, base / name)
    with pytest.raises(FinetuneError, match=r"lacks scorer-state\.npz; it must hold"):
        finetune(snapshot, base, tmp_path / "out", TINY)
