"""Joint crops cut by the crop sampler (``crop-sampler.onnx``, see ``sampler_graph``) on the
device the grader runs on: a GPU worker sends each film to the GPU once, and the crops go
from the sampler to the grader without coming back to the CPU."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..sessions import inference_session
from .crops import CROP_PIXELS, MAX_SAMPLING_STEP, CropFrame

# Where the film is finer than the crop, the CPU path averages it down (a box one sampling step
# wide) before sampling bilinearly, which together weigh the film over three steps with a
# variance of step² / 4. The sampler averages three bilinear taps per axis with the same
# variance instead of a film averaged down per joint (five taps per axis, weighted as that
# spline, changed no more grades on the held-out atlas films: 13 of 638 either way).
TAP_STEPS = np.array([-(0.5**0.5), 0.0, 0.5**0.5], np.float32)
TAP_WEIGHTS = np.array([0.25, 0.5, 0.25], np.float32)
# One run of the sampler reads at most this many taps: its intermediate tensors took 200 MB more
# at the peak for this many on the CPU (25 bytes per tap)
TAPS_PER_RUN = 2**23


class SamplerFileError(ValueError):
    """The crop sampler file is missing or made for another crop size."""


@dataclass(frozen=True)
class JointViews:
    """One joint to crop: its film (index in the films loaded), the frames of its views and
    the film's pixels per crop pixel."""

    film: int
    views: list[CropFrame]
    step: float


@dataclass
class LoadedFilms:
    """Films side by side in one image on the sampler's device, and where each one lies."""

    value: object  # an onnxruntime OrtValue
    lefts: list[int]
    shapes: list[tuple[int, int]]


class CropSampler:
    def __init__(self, path: Path, providers: list[str], threads: int = 0):
        path = Path(path)
        if not path.exists():
            raise SamplerFileError(f"crop sampler {path} not found")
        self.session = inference_session(path, providers, threads)
        meta = self.session.get_modelmeta().custom_metadata_map
        if json.loads(meta.get("crop_pixels", "null")) != CROP_PIXELS:
            raise SamplerFileError(f"{path} cuts crops of another size than {CROP_PIXELS} pixels")
        self.version = meta.get("version")
        self.device = (
            "cuda" if self.session.get_providers()[0] == "CUDAExecutionProvider" else "cpu"
        )

    def load(self, films: list[np.ndarray]) -> LoadedFilms:
        """Send the films to the device once, side by side (each crop reads only its own)."""
        import onnxruntime as ort

        shapes = [f.shape for f in films]
        lefts = np.concatenate([[0], np.cumsum([w for _, w in shapes])]).astype(int)
        mosaic = np.zeros((1, 1, max(h for h, _ in shapes), int(lefts[-1])), np.float32)
        for film, left, (h, w) in zip(films, lefts, shapes, strict=False):
            mosaic[0, 0, :h, left : left + w] = film
        value = ort.OrtValue.ortvalue_from_numpy(mosaic, self.device, 0)
        return LoadedFilms(value, [int(x) for x in lefts[:-1]], [tuple(s) for s in shapes])

    def inputs(self, films: LoadedFilms, joints: list[JointViews], first_only: bool) -> dict:
        """The sampler's inputs but the films: frames, taps and bounds of each joint's views."""
        count = 1 if first_only else len(joints[0].views)
        averaged = [j.step > MAX_SAMPLING_STEP for j in joints]
        taps = len(TAP_STEPS) ** 2 if any(averaged) else 1
        frames = np.empty((len(joints), count, 2, 3), np.float32)
        offsets = np.zeros((len(joints), count, taps, 2), np.float32)
        bounds = np.empty((len(joints), count, 4), np.float32)
        grid = np.stack(np.meshgrid(TAP_STEPS, TAP_STEPS), axis=-1).reshape(-1, 2)
        for k, joint in enumerate(joints):
            left = films.lefts[joint.film]
            height, width = films.shapes[joint.film]
            into_mosaic = np.array([[0.0, 0.0, left], [0.0, 0.0, 0.0]])
            frames[k] = [view.matrix + into_mosaic for view in joint.views[:count]]
            bounds[k] = (left, 0, left + width - 1, height - 1)
            if averaged[k]:
                offsets[k] = grid * joint.step
        weights = np.outer(TAP_WEIGHTS, TAP_WEIGHTS).ravel() if taps > 1 else np.ones(1)
        return {
            "frames": frames,
            "offsets": offsets,
            "weights": weights.astype(np.float32),
            "bounds": bounds,
        }

    def crops(self, films: LoadedFilms, joints: list[JointViews], first_only: bool):
        """J x V x S x S crops (V = 1 with ``first_only``) as an OrtValue on the device, cut
        in runs of at most TAPS_PER_RUN taps, each written into its part of the whole."""
        import onnxruntime as ort

        views = 1 if first_only else len(joints[0].views)
        crop = (views, CROP_PIXELS, CROP_PIXELS)
        out = ort.OrtValue.ortvalue_from_shape_and_type(
            [len(joints), *crop], np.float32, self.device, 0
        )
        taps = len(TAP_STEPS) ** 2
        per_run = max(1, TAPS_PER_RUN // (int(np.prod(crop)) * taps))
        for start in range(0, len(joints), per_run):
            part = joints[start : start + per_run]
            binding = self.session.io_binding()
            binding.bind_ortvalue_input("films", films.value)
            for name, array in self.inputs(films, part, first_only).items():
                binding.bind_cpu_input(name, array)
            at = out.data_ptr() + start * int(np.prod(crop)) * 4  # float32
            binding.bind_output("crops", self.device, 0, np.float32, [len(part), *crop], at)
            self.session.run_with_iobinding(binding)
        return out
