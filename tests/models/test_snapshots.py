"""Dataset snapshots: written, verified, read for training, and exported to ARISE and RA2 DREAM."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from rasharp.importers import read_arise, read_ra2_dream
from rasharp.scheme import GRADE_KINDS, JOINT_CODES, JOINTS_BY_CODE
from rasharp.snapshots import (
    SnapshotError,
    SnapshotFilm,
    SnapshotJoint,
    read_snapshot,
    write_snapshot,
)
from rasharp.snapshots.exports import export_arise, export_ra2_dream

WIDTH, HEIGHT = 400, 300


def _png(seed: int) -> bytes:
    pixels = np.random.default_rng(seed).integers(0, 256, (HEIGHT, WIDTH), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def _film(number: int) -> SnapshotFilm:
    joints = []
    for side in ("left", "right"):
        for i, code in enumerate(JOINT_CODES):
            final = {
                k: (i + number) % (6 if k == "erosion" else 5)
                for k in GRADE_KINDS
                if JOINTS_BY_CODE[code].scores(k)
            }
            x, y = 20.0 + 10 * i + (200 if side == "left" else 0), 50.0 + 7 * i
            readers = {"dr.reviewer": dict(final)}
            if code == "MCP2":  # another reader had given a different erosion grade before
                readers["dr.first"] = {"erosion": (final["erosion"] + 1) % 6}
            joints.append(
                SnapshotJoint(
                    side, code, present=code != "DIP5", x=x, y=y, box=[x - 8, y - 8, x + 8, y + 8],
                    final=final, source={"erosion": "dr.first" if code == "MCP2" else "model"},
                    readers=readers,
                )
            )  # fmt: skip
    return SnapshotFilm(
        str(number), f"{number}.png", f"P-{number}", "2026-03-01", "dr.reviewer", joints
    )


@pytest.fixture
def snapshot_dir(tmp_path):
    films = [_film(1), _film(2)]
    images = {f.image: _png(int(f.film)) for f in films}
    directory = tmp_path / "snapshot"
    write_snapshot(directory, films, images, "site A", 3, "rheuma", "2026-11-30T10:00:00Z")
    return directory


def test_a_snapshot_reads_back_as_written(snapshot_dir):
    snapshot = read_snapshot(snapshot_dir)
    assert snapshot.manifest["version"] == 3 and snapshot.manifest["films"] == 2
    assert snapshot.readers == ["dr.first", "dr.reviewer"]
    film = snapshot.films[0]
    mcp2 = next(j for j in film.joints if j.side == "left" and j.joint == "MCP2")
    written = next(j for j in _film(1).joints if j.side == "left" and j.joint == "MCP2")
    assert (mcp2.final, mcp2.readers, mcp2.source) == (
        written.final,
        written.readers,
        written.source,
    )
    assert (mcp2.x, mcp2.y) == pytest.approx((written.x, written.y), abs=0.01)


def test_a_changed_or_added_file_is_refused(snapshot_dir):
    (snapshot_dir / "images" / "1.png").write_bytes(_png(99))
    with pytest.raises(SnapshotError, match=r"images/1\.png changed"):
        read_snapshot(snapshot_dir)


def test_a_file_left_out_of_the_manifest_is_refused(snapshot_dir):
    (snapshot_dir / "images" / "extra.png").write_bytes(_png(5))
    with pytest.raises(SnapshotError, match="not in the manifest"):
        read_snapshot(snapshot_dir)


def test_labelled_set_gives_final_or_per_reader_grades(snapshot_dir):
    snapshot = read_snapshot(snapshot_dir)
    final = snapshot.labelled_set("final")
    assert final.readers == 1
    assert len(final) == 2 * 2 * (len(JOINT_CODES) - 1)  # DIP5 is absent on every hand
    per_reader = snapshot.labelled_set("readers")
    table, rows = per_reader.reader_table("erosion")
    assert per_reader.readers == 2
    disagreeing = [r for r, row in zip(rows, table, strict=True) if row[0] != -1]
    assert {r.joint for r in disagreeing} == {"MCP2"}
    crops = final.to_crops()
    assert len(crops.erosion) == len(final)


def test_arise_export_reads_back_with_the_same_grades_and_positions(snapshot_dir, tmp_path):
    snapshot = read_snapshot(snapshot_dir)
    out = export_arise(snapshot, tmp_path / "arise")
    imported = read_arise(out / "boxes.csv", out / "scores.csv", out / "images")
    assert imported.readers == 2
    original = snapshot.labelled_set("readers")
    key = lambda j: (j.image.name, j.side, j.joint)  # noqa: E731
    back = {key(j): j for j in imported.joints}
    assert set(back) == {key(j) for j in original.joints}
    for j in original.joints:
        again = back[key(j)]
        assert again.grades == j.grades
        assert (again.x, again.y) == pytest.approx((j.x, j.y), abs=1e-6)


def test_ra2_dream_export_reads_back_with_the_same_final_grades(snapshot_dir, tmp_path):
    snapshot = read_snapshot(snapshot_dir)
    table = export_ra2_dream(snapshot, tmp_path / "ra2.csv")
    imported = read_ra2_dream(table)
    back = {(str(j.image), j.side, j.joint): j.grades for j in imported.joints}
    expected = {}
    for film in snapshot.films:
        for j in film.joints:
            if j.present:
                expected[(f"{film.film}-{'LH' if j.side == 'left' else 'RH'}", j.side, j.joint)] = {
                    k: [v] for k, v in j.final.items()
                }
    assert back == expected
