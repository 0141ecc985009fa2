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
