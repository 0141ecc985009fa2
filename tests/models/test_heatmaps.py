"""One colour scale for damage heatmaps, on the command line and in the web viewer."""

import numpy as np

from rasharp.heatmaps import FLOOR, colour, overlay, transparent_overlay


def test_the_viewer_layer_has_the_colours_of_the_blended_overlay():
    heat = np.tile(np.linspace(0.0, 1.0, 101, dtype=np.float32), (4, 1))
    layer = transparent_overlay(heat)
    assert layer.shape == (4, 101, 4) and layer.dtype == np.uint8
    assert np.array_equal(layer[..., :3], colour(heat))
    alpha = layer[0, :, 3]
    assert np.all(alpha[heat[0] <= FLOOR] == 0) and alpha[-1] == 255
    assert np.all(np.diff(alpha.astype(int)) >= 0)  # stronger damage, more opaque
    blended = overlay(np.full(heat.shape, 128, np.uint8), heat)
    assert np.array_equal(blended[:, 0], np.full((4, 3), 128))  # nothing over healthy bone
    assert blended[0, -1, 0] > blended[0, -1, 2]  # red over the strongest damage


def test_a_joint_heatmap_fades_out_before_the_edges_of_its_crop():
    """Evidence up to a crop's edge would show as a rectangle on the film; it fades out instead."""
    from rasharp.scoring.crops import CropFrame
    from rasharp.scoring.infer import place_heatmaps

    frame = CropFrame(centre=(100.0, 100.0), along=(0.0, -1.0), across=(1.0, 0.0), size=64)
    placed = place_heatmaps(200, 200, [frame], np.ones((1, 64, 64), np.float32))
    assert placed[100, 100] > 0.99  # the joint itself keeps its evidence
    inside = placed[68:132, 68:132]
    edges = np.concatenate([inside[0], inside[-1], inside[:, 0], inside[:, -1]])
    assert edges.max() < 0.05
    assert np.abs(np.diff(placed, axis=1)).max() < 0.1  # no step anywhere across the map
    assert placed[:60].max() == 0.0 and placed[140:].max() == 0.0
