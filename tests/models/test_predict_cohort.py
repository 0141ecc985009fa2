"""`rasharp predict` on a cohort: folders and globs, worker processes, JSON Lines and the wide
CSV, resuming, failures in the summary."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from rasharp.cohort.films import find_films, overlay_names
from rasharp.cohort.outputs import CSV_COLUMNS, CsvOutput, FilmResult, JsonLinesOutput
from rasharp.cohort.progress import Progress
from rasharp.scheme import JOINTS


def run_predict(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasharp.cli", "predict", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def cohort(atlas_dir, tmp_path_factory) -> Path:
    """Six films in two visits' folders: three held-out atlas images and their mirror images
    (PNG), a text file beside them."""
    from rasharp.localization.labels import read_labels

    folder = tmp_path_factory.mktemp("cohort")
    for i, item in enumerate(read_labels(atlas_dir, part="val")[:3]):
        visit = folder / f"patient{i}" / "visit1"
        visit.mkdir(parents=True)
        shutil.copy(item.path, visit / f"hand{item.path.suffix}")
        ImageOps.mirror(Image.open(item.path)).save(visit / "mirrored.png")
    (folder / "patient0" / "notes.txt").write_text("consent on file")
    return folder


@pytest.fixture(scope="module")
def scored(cohort, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    jsonl, table = out / "films.jsonl", out / "films.csv"
    done = run_predict(str(cohort), "--workers", "2", "--jsonl", str(jsonl), "--csv", str(table))
    return done, jsonl, table


def test_every_film_of_the_folder_is_scored_once(cohort, scored):
    done, jsonl, _ = scored
    assert done.returncode == 0, done.stderr
    assert done.stdout == "", "with output files, records go to the files only"
    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert sorted(r["image"] for r in records) == sorted(
        str(p) for p in cohort.rglob("*") if p.suffix in (".jpg", ".png")
    )
    assert all(r["joints"] and "error" not in r for r in records)
    assert "6 scored" in done.stderr and "0 failed" in done.stderr
    assert "1 other files left out" in done.stderr
    assert "\r" not in done.stderr, "no progress line when stderr is not a terminal"


def test_the_csv_has_a_row_per_film_and_hand_with_the_records_grades(scored):
    _, jsonl, table = scored
    with open(table, newline="") as file:
        rows = list(csv.DictReader(file))
    grade_columns = [f"{j.code}_{kind}" for j in JOINTS for kind in j.grades]
    assert list(rows[0]) == CSV_COLUMNS
    assert CSV_COLUMNS[10 : 10 + len(grade_columns)] == grade_columns
    assert "CMC1_jsn" not in CSV_COLUMNS, "only the grades the scheme scores"

    records = {r["image"]: r for r in map(json.loads, jsonl.read_text().splitlines())}
    assert sorted((r["image"], r["side"]) for r in rows) == sorted(
        (image, hand["side"]) for image, record in records.items() for hand in record["hands"]
    )
    for row in rows:
        joints = [j for j in records[row["image"]]["joints"] if j["side"] == row["side"]]
        erosion = jsn = 0
        for joint in joints:
            for kind in ("erosion", "jsn"):
                if joint[kind] is not None:
                    assert int(row[f"{joint['joint']}_{kind}"]) == joint[kind]["score"]
            erosion += joint["erosion"]["score"] if joint["erosion"] else 0
            jsn += joint["jsn"]["score"] if joint["jsn"] else 0
        assert int(row["joints_found"]) == sum(j["present"] for j in joints)
        assert (int(row["erosion_total"]), int(row["jsn_total"])) == (erosion, jsn)
        assert int(row["total"]) == erosion + jsn


def test_a_second_run_skips_every_film_and_adds_nothing(cohort, scored):
    _, jsonl, table = scored
    before = jsonl.read_bytes(), table.read_bytes()
    again = run_predict(str(cohort), "--workers", "2", "--jsonl", str(jsonl), "--csv", str(table))
    assert again.returncode == 0, again.stderr
    assert "0 scored, 6 skipped" in again.stderr
    assert (jsonl.read_bytes(), table.read_bytes()) == before


def test_a_broken_file_is_listed_with_its_reason_and_the_others_finish(atlas_dir, tmp_path):
    from rasharp.localization.labels import read_labels

    film = read_labels(atlas_dir, part="val")[0].path
    shutil.copy(film, tmp_path / "good.jpg")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n cut short")
    table = tmp_path / "out.csv"
    done = run_predict(str(tmp_path / "*.*g"), "--csv", str(table))
    assert done.returncode == 1, "a failed film makes the exit status non-zero"
    assert "1 scored" in done.stderr and "1 failed" in done.stderr
    failed = done.stderr.split("failed:\n", 1)[1]
    assert str(tmp_path / "broken.png") in failed and "Accepted formats" in failed
    with open(table, newline="") as file:
        assert {row["image"] for row in csv.DictReader(file)} == {str(tmp_path / "good.jpg")}


def test_folders_and_globs_expand_to_films(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    for name in (
        "a/1.PNG",
        "a/b/2.jpeg",
        "a/b/3.dcm",
        "a/readme.txt",
        "a/.hidden.png",
        ".cache/x.png",
    ):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "a" / "IM0001").write_bytes(b"\0" * 128 + b"DICM" + b"\0" * 8)
    (tmp_path / "a" / "DICOMDIR").write_bytes(b"\0" * 128 + b"DICM")

    found = find_films([str(tmp_path / "a")])
    assert found.films == [
        str(tmp_path / p) for p in ("a/1.PNG", "a/IM0001", "a/b/2.jpeg", "a/b/3.dcm")
    ]
    assert sorted(found.other_files) == [
        str(tmp_path / "a/DICOMDIR"),
        str(tmp_path / "a/readme.txt"),
    ]

    found = find_films([str(tmp_path / "**" / "*.dcm"), str(tmp_path / "a" / "b"), "nothing/*.png"])
    assert found.films == [str(tmp_path / "a/b/3.dcm"), str(tmp_path / "a/b/2.jpeg")]
    assert found.unmatched == ["nothing/*.png"]
    assert find_films([str(tmp_path / "a" / "readme.txt")]).films == [
        str(tmp_path / "a/readme.txt")
    ], "a file named on its own is tried, and its error reported"


def test_films_that_share_a_file_name_get_overlays_named_by_their_folders(tmp_path):
    films = [str(tmp_path / p) for p in ("p1/visit1/hand.jpg", "p2/visit1/hand.jpg", "p2/x.png")]
    assert overlay_names(films) == {films[0]: "p1_visit1_hand", films[1]: "p2_visit1_hand"}


def test_an_interrupted_run_leaves_files_that_resume(tmp_path):
    record = {"image": "a.png", "hands": [], "joints": [], "warnings": [], "model": {}}
    record["pixel_spacing_mm"] = None
    jsonl, table = tmp_path / "out.jsonl", tmp_path / "out.csv"
    for make in (JsonLinesOutput, CsvOutput):
        output = make(jsonl if make is JsonLinesOutput else table)
        output.write(FilmResult("a.png", record=record))
        output.close()
    jsonl.write_text(jsonl.read_text() + '{"image": "b.png", "hei')
    table.write_text(table.read_text() + "b.png,left,thu")

    resumed_jsonl, resumed_csv = JsonLinesOutput(jsonl), CsvOutput(table)
    assert resumed_jsonl.done == resumed_csv.done == {str(tmp_path.cwd() / "a.png")}
    resumed_jsonl.close(), resumed_csv.close()
    assert jsonl.read_text().endswith("}\n") and "b.png" not in jsonl.read_text()
    assert table.read_text().count("\n") == 2 and "b.png" not in table.read_text()


def test_the_progress_line_tells_speed_and_time_left():
    line = Progress(500, enabled=False).line(done=100, failed=2, elapsed=25.0)
    assert "100/500 films, 2 failed" in line
    assert "4.0 films/s" in line and "1:40 left" in line


def test_ctrl_c_stops_a_run_that_the_next_run_completes(atlas_dir, tmp_path):
    from rasharp.localization.labels import read_labels

    films = tmp_path / "films"
    films.mkdir()
    for i, item in enumerate(read_labels(atlas_dir, part="val")[:12]):
        (films / f"film{i:02d}{item.path.suffix}").symlink_to(item.path)
    jsonl, table = tmp_path / "out.jsonl", tmp_path / "out.csv"
    command = [sys.executable, "-m", "rasharp.cli", "predict", str(films), "--workers", "2"]
    command += ["--jsonl", str(jsonl), "--csv", str(table)]
    running = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Ctrl-C reaches the whole process group, workers included
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 300
    while not (jsonl.exists() and jsonl.read_text().count("\n")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running.poll() is None, running.stderr.read() if running.stderr else ""
    os.killpg(running.pid, signal.SIGINT)
    _, stderr = running.communicate(timeout=120)
    assert running.returncode == 130 and "interrupted" in stderr

    finished = run_predict(*command[4:])
    assert finished.returncode == 0, finished.stderr
    images = [json.loads(line)["image"] for line in jsonl.read_text().splitlines()]
    with open(table, newline="") as file:
        rows = [row["image"] for row in csv.DictReader(file)]
    assert sorted(images) == sorted(set(rows)) == sorted(str(p) for p in films.iterdir())
