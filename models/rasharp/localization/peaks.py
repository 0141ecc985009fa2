"""From the network's maps to hands: the hand-region mask splits the view into hands, and each
joint's map gives at most one point per hand, with sub-cell precision. A joint whose peak is
weak is absent: never invented."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

JOINT_THRESHOLD = 0.25  # peak height below which a joint is reported absent
MASK_THRESHOLD = 0.5
MIN_REGION_SHARE = 0.004  # of the map's area
MIN_JOINTS_PER_HAND = 3
REGION_MARGIN = 2  # cells: joints on the region's rim still belong to it


@dataclass
class HandPeaks:
    points: np.ndarray  # 15 x 2 in heatmap cells, NaN when absent
    confidence: np.ndarray  # 15, peak height (0 when absent)
    region: np.ndarray  # N x 2 cell coordinates of the hand region


def label_regions(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected components of a boolean mask; labels start at 1, numbered in the order of
    each component's first cell row by row (as :func:`label_regions_one_by_one` does)."""
    height, width = mask.shape
    # every cell takes the largest cell number of its component, spreading one step at a time
    numbers = np.where(mask, np.arange(1, mask.size + 1).reshape(mask.shape), 0)
    padded = np.zeros((height + 2, width + 2), numbers.dtype)
    while True:
        padded[1:-1, 1:-1] = numbers
        spread = numbers.copy()
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                if dy or dx:
                    np.maximum(
                        spread,
                        padded[1 + dy : 1 + dy + height, 1 + dx : 1 + dx + width],
                        out=spread,
                    )
        spread[~mask] = 0
        # each cell also takes what the cell whose number it carries holds by now (never
        # smaller, and of the same component): far fewer rounds than spreading alone, same end
        flat = spread.ravel()
        spread = np.where(flat > 0, np.maximum(flat, flat[flat - 1]), 0).reshape(mask.shape)
        if np.array_equal(spread, numbers):
            break
        numbers = spread
    flat = numbers.ravel()
    components, first = np.unique(flat[flat > 0], return_index=True)
    labels = np.zeros(mask.size, np.int32)
    if len(components):
        order = np.argsort(first)  # first cell of each component, in reading order
        renumber = np.zeros(mask.size + 1, np.int32)
        renumber[components[order]] = np.arange(1, len(components) + 1, dtype=np.int32)
        labels = renumber[flat]
    return labels.reshape(mask.shape), len(components)


def label_regions_one_by_one(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """:func:`label_regions` by a flood fill from cell to cell (as rasharp did before 0.2)."""
    labels = np.zeros(mask.shape, dtype=np.int32)
    height, width = mask.shape
    count = 0
    for start_y, start_x in zip(*np.nonzero(mask), strict=True):
        if labels[start_y, start_x]:
            continue
        count += 1
        labels[start_y, start_x] = count
        queue = deque([(start_y, start_x)])
        while queue:
            y, x = queue.popleft()
            for ny in range(max(0, y - 1), min(height, y + 2)):
                for nx in range(max(0, x - 1), min(width, x + 2)):
                    if mask[ny, nx] and not labels[ny, nx]:
                        labels[ny, nx] = count
                        queue.append((ny, nx))
    return labels, count


def dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    out = mask.copy()
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            ys = slice(max(0, dy), mask.shape[0] + min(0, dy))
            yd = slice(max(0, -dy), mask.shape[0] + min(0, -dy))
            xs = slice(max(0, dx), mask.shape[1] + min(0, dx))
            xd = slice(max(0, -dx), mask.shape[1] + min(0, -dx))
            out[ys, xs] |= mask[yd, xd]
    return out


def subcell_peak(heatmap: np.ndarray, y: int, x: int) -> tuple[float, float]:
    """Refine an integer maximum with a parabola through the log of its neighbours."""

    def offset(minus: float, centre: float, plus: float) -> float:
        minus, centre, plus = (np.log(max(v, 1e-6)) for v in (minus, centre, plus))
        curvature = minus - 2 * centre + plus
        if curvature >= 0:
            return 0.0
        return float(np.clip(0.5 * (minus - plus) / curvature, -0.5, 0.5))

    height, width = heatmap.shape
    dx = offset(heatmap[y, x - 1], heatmap[y, x], heatmap[y, x + 1]) if 0 < x < width - 1 else 0.0
    dy = offset(heatmap[y - 1, x], heatmap[y, x], heatmap[y + 1, x]) if 0 < y < height - 1 else 0.0
    return x + dx, y + dy


def local_peaks(heatmaps: np.ndarray, where: np.ndarray, threshold: float) -> list[np.ndarray]:
    """For each of the J x H x W ``heatmaps``: the (x, y) cells that are 8-neighbourhood maxima
    of at least ``threshold`` inside ``where``, row by row."""
    padded = np.pad(heatmaps, ((0, 0), (1, 1), (1, 1)), constant_values=-1.0)
    height, width = heatmaps.shape[1:]
    neighbours = padded[:, :height, :width].copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy or dx:
                shifted = padded[:, 1 + dy : 1 + dy + height, 1 + dx : 1 + dx + width]
                np.maximum(neighbours, shifted, out=neighbours)
    peaks = (heatmaps >= neighbours) & (heatmaps >= threshold) & where
    out = []
    for peak in peaks:
        ys, xs = np.nonzero(peak)
        out.append(np.stack([xs, ys], axis=1).astype(np.float64))
    return out


def _distinct_peaks(heatmap: np.ndarray, found: np.ndarray, separation: float) -> np.ndarray:
    """The strongest of ``found`` and the others at least half as high and ``separation`` away
    from every one kept."""
    if len(found) < 2:
        return found
    heights = heatmap[found[:, 1].astype(int), found[:, 0].astype(int)]
    order = np.argsort(-heights)
    kept = [order[0]]
    for i in order[1:]:
        if heights[i] >= 0.5 * heights[order[0]] and all(
            np.linalg.norm(found[i] - found[k]) >= separation for k in kept
        ):
            kept.append(i)
    return found[kept]


def split_touching_hands(region: np.ndarray, joints: np.ndarray) -> list[np.ndarray]:
    """Two hands whose regions touch form one region holding two peaks of most joints: cut it
    between the two clusters of peaks. A region of one hand is returned as it is."""
    near = dilate(region, REGION_MARGIN)
    # Same joints of two hands lie a hand's width apart; a second peak near the first, or much
    # weaker, is the echo of a neighbouring joint of the same hand.
    separation = 0.25 * np.sqrt(region.sum())
    found = local_peaks(joints, near, JOINT_THRESHOLD)
    peaks = [_distinct_peaks(h, f, separation) for h, f in zip(joints, found, strict=True)]
    counts = [len(p) for p in peaks if len(p)]
    if len(counts) < MIN_JOINTS_PER_HAND or np.median(counts) < 2:
        return [region]
    points = np.concatenate([p for p in peaks if len(p)])
    centred = points - points.mean(axis=0)
    axis = np.linalg.svd(centred, full_matrices=False)[2][0]
    projection = centred @ axis
    centres = np.stack([points[np.argmin(projection)], points[np.argmax(projection)]])
    for _ in range(10):
        nearest = np.argmin(np.linalg.norm(points[:, None] - centres[None], axis=2), axis=1)
        if np.bincount(nearest, minlength=2).min() == 0:
            return [region]
        centres = np.stack([points[nearest == k].mean(axis=0) for k in range(2)])
    ys, xs = np.nonzero(region)
    cells = np.stack([xs, ys], axis=1).astype(np.float64)
    owner = np.argmin(np.linalg.norm(cells[:, None] - centres[None], axis=2), axis=1)
    parts = []
    for k in range(2):
        part = np.zeros_like(region)
        part[ys[owner == k], xs[owner == k]] = True
        parts.append(part)
    return parts


def find_hands(
    maps: np.ndarray, keep_nearest: np.ndarray | None = None, legacy: bool = False
) -> list[HandPeaks]:
    """Hands in one view. ``maps`` is 16 x H x W (15 joints, then the hand mask).

    With ``keep_nearest`` (a cell position) only the hand whose region is closest to it is
    returned: the refining pass looks at one hand and ignores a neighbour at the crop's edge.
    """
    joints, mask = maps[:-1], maps[-1] > MASK_THRESHOLD
    labels, count = (label_regions_one_by_one if legacy else label_regions)(mask)
    hands: list[tuple[float, HandPeaks]] = []
    regions = [
        part
        for label in range(1, count + 1)
        for part in split_touching_hands(labels == label, joints)
    ]
    for region in regions:
        if region.sum() < MIN_REGION_SHARE * region.size:
            continue
        near = dilate(region, REGION_MARGIN)
        points = np.full((joints.shape[0], 2), np.nan)
        confidence = np.zeros(joints.shape[0])
        for index, heatmap in enumerate(joints):
            masked = np.where(near, heatmap, 0.0)
            y, x = np.unravel_index(int(np.argmax(masked)), masked.shape)
            if masked[y, x] >= JOINT_THRESHOLD:
                points[index] = subcell_peak(heatmap, int(y), int(x))
                confidence[index] = float(masked[y, x])
        if np.count_nonzero(confidence) < MIN_JOINTS_PER_HAND:
            continue
        ys, xs = np.nonzero(region)
        cells = np.stack([xs, ys], axis=1).astype(np.float64)
        distance = (
            0.0
            if keep_nearest is None
            else float(np.min(np.linalg.norm(cells - keep_nearest, axis=1)))
        )
        hands.append((distance, HandPeaks(points, confidence, cells)))
    if keep_nearest is not None:
        hands.sort(key=lambda item: item[0])
        return [hands[0][1]] if hands else []
    return [h for _, h in hands]


def peaks_near(
    joints: np.ndarray, expected: np.ndarray, radius: float, fallback: HandPeaks
) -> HandPeaks:
    """Each joint's peak closest to where a first look expected it (within ``radius`` cells).

    Used by the refining pass, where a neighbouring hand may share the view: a joint is taken
    from near its expected place rather than from a region that may have merged with the
    neighbour's. Joints without an expected place keep the region's answer.
    """
    points, confidence = fallback.points.copy(), fallback.confidence.copy()
    everywhere = np.ones(joints.shape[1:], dtype=bool)
    found = local_peaks(joints, everywhere, JOINT_THRESHOLD)
    for index, (heatmap, candidates) in enumerate(zip(joints, found, strict=True)):
        if np.isnan(expected[index, 0]):
            continue
        if len(candidates):
            distance = np.linalg.norm(candidates - expected[index], axis=1)
            best = int(np.argmin(distance))
            if distance[best] <= radius:
                x, y = candidates[best].astype(int)
                points[index] = subcell_peak(heatmap, y, x)
                confidence[index] = float(heatmap[y, x])
                continue
        points[index], confidence[index] = np.nan, 0.0
    return HandPeaks(points, confidence, fallback.region)
