"""The crop sampler: an ONNX graph that cuts the grader's joint crops out of the film on the
device the grader runs on (GridSample), so that a GPU worker sends each film once and no crop
is cut on the CPU.

It is built here with ``onnx`` (a build step, ``rasharp export-sampler``); the shipped file
``crop-sampler.onnx`` is read by ``rasharp.scoring.device_crops`` with onnxruntime only.

Inputs (N crops, K taps per crop pixel):
- ``films`` 1 x 1 x H x W: one film, or several side by side (a mosaic).
- ``frames`` J x V x 2 x 3: for each joint's view, image (x, y) = frame @ (col, row, 1) at
  the crop's pixel centres (N = J * V).
- ``offsets`` J x V x K x 2: where each crop pixel's K taps lie around it, in image pixels.
- ``weights`` K: each tap's weight (summing to 1).
- ``bounds`` J x V x 4: x_min, y_min, x_max, y_max of the crop's own film in the mosaic; a
  tap outside them reads 0, as it does outside the film.
Output ``crops`` J x V x S x S: the weighted sum of each pixel's bilinear taps.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .. import __version__
from .crops import CROP_PIXELS

OPSET = 17  # GridSample needs 16
# recorded with each analysis whose crops it cut; a new number for any change to what it cuts
VERSION = "crop-sampler-1"


def _constant(name: str, value: np.ndarray) -> onnx.NodeProto:
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(value, name))


def _pixel_centres(size: int) -> np.ndarray:
    """size*size x 3: (col, row, 1) of every crop pixel, row by row."""
    rows, cols = np.mgrid[0:size, 0:size]
    ones = np.ones(size * size)
    return np.stack([cols.ravel(), rows.ravel(), ones], axis=1).astype(np.float32)


def sampler_graph(size: int = CROP_PIXELS) -> onnx.ModelProto:
    node = helper.make_node
    nodes = [
        _constant("centres", _pixel_centres(size)),
        _constant("flat_frame", np.array([-1, 2, 3], np.int64)),
        _constant("flat_taps", np.array([-1, 1], np.int64)),
        _constant("flat_bounds", np.array([-1, 1, 1, 4], np.int64)),
        _constant("sampled_shape", np.array([1, -1], np.int64)),
        _constant("crop_side", np.array([size, size], np.int64)),
        _constant("one", np.array(1.0, np.float32)),
        _constant("two", np.array(2.0, np.float32)),
        # one-element indices, for Slice, Unsqueeze and Concat
        _constant("at_0", np.array([0], np.int64)),
        _constant("at_1", np.array([1], np.int64)),
        _constant("at_2", np.array([2], np.int64)),
        _constant("at_4", np.array([4], np.int64)),
        _constant("at_last", np.array([-1], np.int64)),
        _constant("width_then_height", np.array([1, 0], np.int64)),
        # N x S² x 2: each crop pixel's centre in the image
        node("Reshape", ["frames", "flat_frame"], ["frame_rows"]),
        node("Transpose", ["frame_rows"], ["frame_columns"], perm=[0, 2, 1]),
        node("MatMul", ["centres", "frame_columns"], ["centre_xy"]),
        # N x S² x K x 2: its taps
        node("Unsqueeze", ["centre_xy", "at_2"], ["centre_xy_1"]),
        node("Shape", ["offsets"], ["offsets_shape"]),
        node("Slice", ["offsets_shape", "at_2", "at_4"], ["taps_xy"]),
        node("Concat", ["at_last", "taps_xy"], ["flat_offsets_shape"], axis=0),
        node("Reshape", ["offsets", "flat_offsets_shape"], ["flat_offsets"]),
        node("Unsqueeze", ["flat_offsets", "at_1"], ["offsets_1"]),
        node("Add", ["centre_xy_1", "offsets_1"], ["tap_xy"]),
        # a tap outside its own film reads 0
        node("Reshape", ["bounds", "flat_bounds"], ["flat_bound"]),
        node("Slice", ["flat_bound", "at_0", "at_2", "at_last"], ["lowest"]),
        node("Slice", ["flat_bound", "at_2", "at_4", "at_last"], ["highest"]),
        node("GreaterOrEqual", ["tap_xy", "lowest"], ["above_lowest"]),
        node("LessOrEqual", ["tap_xy", "highest"], ["below_highest"]),
        node("And", ["above_lowest", "below_highest"], ["inside_xy"]),
        node("Cast", ["inside_xy"], ["inside_xy_1"], to=TensorProto.FLOAT),
        node("ReduceMin", ["inside_xy_1"], ["inside"], axes=[-1], keepdims=0),
        # GridSample's coordinates: -1 and 1 at the first and last pixel centres
        node("Shape", ["films"], ["films_shape"]),
        node("Slice", ["films_shape", "at_2", "at_4"], ["film_hw"]),
        node("Cast", ["film_hw"], ["film_hw_f"], to=TensorProto.FLOAT),
        node("Sub", ["film_hw_f", "one"], ["last_hw"]),
        node("Div", ["two", "last_hw"], ["per_pixel_hw"]),
        node("Gather", ["per_pixel_hw", "width_then_height"], ["per_pixel_xy"]),
        node("Mul", ["tap_xy", "per_pixel_xy"], ["tap_scaled"]),
        node("Sub", ["tap_scaled", "one"], ["tap_grid"]),
        node("Concat", ["sampled_shape", "taps_xy"], ["grid_shape"], axis=0),
        node("Reshape", ["tap_grid", "grid_shape"], ["grid"]),
        node(
            "GridSample",
            ["films", "grid"],
            ["sampled"],
            mode="bilinear",
            padding_mode="zeros",
            align_corners=1,
        ),
        node("Shape", ["inside"], ["inside_shape"]),
        node("Reshape", ["sampled", "inside_shape"], ["taps"]),
        node("Mul", ["taps", "inside"], ["taps_inside"]),
        node("Reshape", ["weights", "flat_taps"], ["weight_column"]),
        node("MatMul", ["taps_inside", "weight_column"], ["pixels"]),
        node("Shape", ["frames"], ["frames_shape"]),
        node("Slice", ["frames_shape", "at_0", "at_2"], ["joints_views"]),
        node("Concat", ["joints_views", "crop_side"], ["crops_shape"], axis=0),
        node("Reshape", ["pixels", "crops_shape"], ["crops"]),
    ]
    floats = TensorProto.FLOAT
    graph = helper.make_graph(
        nodes,
        "crop_sampler",
        [
            helper.make_tensor_value_info("films", floats, [1, 1, "height", "width"]),
            helper.make_tensor_value_info("frames", floats, ["joints", "views", 2, 3]),
            helper.make_tensor_value_info("offsets", floats, ["joints", "views", "taps", 2]),
            helper.make_tensor_value_info("weights", floats, ["taps"]),
            helper.make_tensor_value_info("bounds", floats, ["joints", "views", 4]),
        ],
        [helper.make_tensor_value_info("crops", floats, ["joints", "views", size, size])],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="rasharp"
    )
    model.ir_version = 8
    helper.set_metadata_props(
        model,
        {"version": VERSION, "crop_pixels": json.dumps(size), "rasharp_version": __version__},
    )
    onnx.checker.check_model(model, full_check=True)
    return model


def export_sampler(path: Path, size: int = CROP_PIXELS) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(sampler_graph(size), str(path))
    return path
