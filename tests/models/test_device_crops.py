"""The crop sampler cuts the grader's crops on its device (GridSample in an ONNX graph): the
same crops as the CPU where the film needs no averaging, close ones where it does, each film
read only where it lies in a batch, and the same grades within a stated tolerance."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from rasharp.imaging import read_image
from rasharp.pipeline import SAMPLER_FILE, Analyzer, model_dir
from rasharp.scheme import JOINTS_BY_CODE
from rasharp.scoring.crops import CropFrame, crop_frame, extract_views, view_frames
from rasharp.scoring.device_crops import CropSampler, JointViews, SamplerFileError

WEIGHTS = model_dir()
CPU = ["CPUExecutionProvider"]


@pytest.fixture(scope="module")
def sampler():
    return CropSampler(WEIGHTS / SAMPLER_FILE, CPU)


def _frame(x, y, angle_deg, step) -> CropFrame:
    a = np.deg2rad(angle_deg)
    along = (np.sin(a) * step, -np.cos(a) * step)
    across = (np.cos(a) * step, np.sin(a) * step)
    return CropFrame((x, y), along, across)


def _sampled(sampler, films, joints, first_only=False) -> np.ndarray:
    return sampler.crops(sampler.load(films), joints, first_only).numpy()


def test_the_shipped_sampler_is_the_graph_the_code_builds():
    import onnx

    from rasharp.scoring.sampler_graph import sampler_graph

    shipped = onnx.load(str(WEIGHTS / SAMPLER_FILE))
    assert shipped.graph == sampler_graph().graph, "run `rasharp export-sampler`"


def test_crops_that_need_no_averaging_are_the_cpu_crops(sampler):
    film = np.random.default_rng(0).random((300, 400)).astype(np.float32)
    frames = [
        _frame(200.3, 150.7, 12.0, 1.1),
        _frame(30.0, 25.0, -20.0, 0.9),  # reaches beyond the film's top and left edges
        _frame(380.0, 290.0, 95.0, 1.2),  # and beyond the bottom and right ones
    ]
    joints = [JointViews(0, view_frames(f, 400.0), f.pixel_mm_factor) for f in frames]
    crops = _sampled(sampler, [film], joints)
    assert crops.shape == (3, 5, 96, 96)
    for got, frame in zip(crops, frames, strict=True):
        np.testing.assert_allclose(got, extract_views(film, frame, 400.0), atol=1e-4)
    first = _sampled(sampler, [film], joints, first_only=True)
    np.testing.assert_allclose(first[:, 0], crops[:, 0], atol=1e-6)


def test_crops_cut_in_several_runs_are_those_of_one_run(sampler, monkeypatch):
    from rasharp.scoring import device_crops

    film = np.random.default_rng(1).random((500, 400)).astype(np.float32)
    frames = [_frame(100.0 + 40 * k, 250.0, 10.0 * k, 1.0 + 0.3 * k) for k in range(5)]
    joints = [JointViews(0, view_frames(f, 300.0), f.pixel_mm_factor) for f in frames]
    whole = _sampled(sampler, [film], joints)
    monkeypatch.setattr(device_crops, "TAPS_PER_RUN", 1)  # one joint per run
    np.testing.assert_allclose(_sampled(sampler, [film], joints), whole, atol=1e-6)


def test_each_film_of_a_batch_is_read_only_where_it_lies(sampler):
    bright = np.ones((120, 90), np.float32)
    dark = np.zeros((200, 150), np.float32)
    # crops of each film's left and right edges, where its neighbour lies beside it
    frames = [_frame(5.0, 60.0, 0.0, 1.0), _frame(85.0, 60.0, 0.0, 1.0)]
    joints = [JointViews(film, [f], 1.0) for film in (0, 1) for f in frames]
    crops = _sampled(sampler, [bright, dark], joints)
    assert crops[2:].max() == 0.0, "the dark film read its bright neighbour"
    assert crops[:2].max() == 1.0 and crops[:2].min() == 0.0  # the bright film and its outside
    centre = [JointViews(1, [_frame(75.0, 190.0, 0.0, 1.0)], 1.0)]
    assert _sampled(sampler, [bright, dark * 0 + 0.5], centre)[0, 0, 40, 48] == 0.5
    below_bright = [JointViews(0, [_frame(45.0, 150.0, 0.0, 1.0)], 1.0)]  # padding under it
    assert _sampled(sampler, [bright, dark + 0.5], below_bright)[0, 0, 60:].max() == 0.0


def test_crops_of_a_fine_film_are_averaged_like_the_cpu_ones(sampler, atlas_dir):
    from rasharp.scoring.atlas import load_atlas, split

    hand = split(load_atlas(atlas_dir))[1][0]
    film = read_image(hand.image).pixels
    points = dict(hand.points)
    scale = float(np.hypot(*np.subtract(points["MCP2"], points["MCP5"])))
    joints, expected = [], []
    for code in ("DIP3", "PIP2", "MCP4", "CMC1", "IP1"):
        frame = crop_frame(code, points, "left", scale)
        assert frame.pixel_mm_factor > 1.5  # the film is finer than the crop: it is averaged
        joints.append(JointViews(0, view_frames(frame, scale), frame.pixel_mm_factor))
        expected.append(extract_views(film, frame, scale))
    difference = np.abs(_sampled(sampler, [film], joints) - np.stack(expected))
    assert difference.mean() < 0.005 and np.percentile(difference, 99) < 0.02


def _half(path):
    from PIL import Image

    image = read_image(path)
    h, w = image.pixels.shape
    small = Image.fromarray(image.pixels).resize((w // 2, h // 2), Image.Resampling.BOX)
    return dataclasses.replace(image, pixels=np.asarray(small, np.float32), decoded_uint8=None)


def _changed(new, old) -> tuple[int, int, int]:
    """Graded joints' grades, how many grades or flags differ, the largest grade difference."""
    grades = changed = largest = 0
    for a, b in zip(new.joints, old.joints, strict=True):
        assert (a.erosion is None) == (b.erosion is None)
        if a.erosion is None:
            continue
        for kind in ("erosion", "jsn"):
            if JOINTS_BY_CODE[a.joint].scores(kind):
                got, expected = getattr(a, kind), getattr(b, kind)
                grades += 1
                changed += (got.score, got.uncertain) != (expected.score, expected.uncertain)
                largest = max(largest, abs(got.score - expected.score))
    return grades, changed, largest


def test_films_keep_their_grades_within_the_stated_tolerance(atlas_dir):
    """At half resolution, where the crops of most joints need no averaging, every grade and
    flag stays; at full resolution, where every crop is averaged, at most 3% of grades and
    flags change: about as many as moving the film by one pixel changes on the CPU (all 22
    held-out films: 13 of 638 with the sampler, 10 of 638 on the CPU moved one pixel)."""
    from rasharp.scoring.atlas import load_atlas, split

    cpu = Analyzer(device="cpu", int8_screen=False)
    on_device = Analyzer(device="cpu", int8_screen=False, device_crops=True)
    assert cpu.scorer.sampler is None and "crop-sampler" not in cpu.versions
    assert on_device.versions["crop-sampler"] == on_device.scorer.sampler.version
    films = [h.image for h in split(load_atlas(atlas_dir))[1][:8]]
    full = [_changed(on_device.analyze(f), cpu.analyze(f)) for f in films[:4]]
    half = [_changed(on_device.analyze(_half(f)), cpu.analyze(_half(f))) for f in films[4:]]
    assert sum(g for g, _, _ in half) > 100 and sum(c for _, c, _ in half) == 0
    grades, changed = sum(g for g, _, _ in full), sum(c for _, c, _ in full)
    assert changed <= 0.03 * grades, f"{changed} of {grades} grades or flags changed"


def test_a_batch_of_films_of_two_sizes_is_graded_as_each_film_alone(atlas_dir, two_hand_film):
    from rasharp.pipeline import Film
    from rasharp.scoring.atlas import load_atlas, split

    on_device = Analyzer(device="cpu", device_crops=True)
    films = [two_hand_film[0], split(load_atlas(atlas_dir))[1][3].image]
    batch = on_device.analyze_batch([Film(f) for f in films])
    for result, film in zip(batch, films, strict=True):
        assert _changed(result, on_device.analyze(film))[1] == 0


def test_without_a_sampler_file_crops_are_cut_on_the_cpu_unless_asked_for(tmp_path):
    import shutil

    for name in ("localizer.onnx", "scorer.onnx"):
        shutil.copy2(WEIGHTS / name, tmp_path / name)
    assert Analyzer(tmp_path, device="cpu").scorer.sampler is None
    with pytest.raises(SamplerFileError, match=r"crop sampler .* not found"):
        Analyzer(tmp_path, device="cpu", device_crops=True)
    assert Analyzer(device="cpu", device_crops=True, legacy=True).scorer.sampler is None
