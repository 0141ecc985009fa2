"""Adult and archive looks for the children's hands the grader is trained on.

The training hands (hand atlas, rsna-hands) are children's and adolescents': open growth plates,
thin cortices, dense bone near the joints, clean digital films from one scanner. Adult
rheumatoid films differ in ways a radiologist sees at a glance; this module draws those
differences onto a radiograph (float32, 0..1, bone bright) so that the grader does not learn
"child" as "healthy":

- joint-local, in the joint's frame of :func:`rasharp.simulator.joint_region` (``s`` along the
  finger, distal positive, zero in the middle of the joint space; ``t`` across it), in place:
  :func:`close_growth_plates` (fused physes), :func:`periarticular_osteopenia` (washed-out bone
  next to an inflamed joint), :func:`adult_cortex` (thick bright cortices along the shafts), all
  three at random strengths by :func:`adult_joint`;
- the whole film, returning a new array: :func:`jpeg_roundtrip`, :func:`film_grain`,
  :func:`lower_resolution`, :func:`burn_in_marker` (lead side marker or label), at random by
  :func:`degrade_film`.

Everything random comes from a ``numpy.random.Generator``: the same seed gives the same picture.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from .scheme import JOINTS_BY_CODE
from .scoring.crops import sample_bilinear
from .simulator import Region, blur, grain, local_levels, smoothstep

# Where growth plates lie next to each joint: +1 in the distal bone's base (phalanges, thumb
# metacarpal), -1 in the proximal bone's head (metacarpals 2-5, whose physis is distal).
PHYSIS_SIDES = {"IP": (1,), "DIP": (1,), "PIP": (1,), "CMC": (1,), "MCP": (1,), "MCP2-5": (1, -1)}
# how far beyond the joint space's edge a growth plate is looked for, in knuckle spans
PHYSIS_SEARCH = {1: (0.01, 0.11), -1: (0.01, 0.15)}
PHYSIS_REACH = 0.025  # a growth plate's bright neighbours lie this close, in knuckle spans
PHYSIS_DEPTH = 0.03  # a valley shallower than this (0..1 brightness) is bone texture
PROFILE_SMOOTHING = 0.8  # px along the finger


def _grid(pixels, region: Region, s_lo: float, s_hi: float, t_half: float):
    """The image resampled on a 1-px (s, t) grid: rows along the finger, columns across it."""
    s = np.arange(np.floor(s_lo), s_hi + 0.5, 1.0, dtype=np.float32)
    t = np.arange(-np.ceil(t_half), t_half + 0.5, 1.0, dtype=np.float32)
    x, y = region.to_xy(s[:, None], t[None, :])
    return s, t, sample_bilinear(pixels, np.float32(x), np.float32(y), fill=0.0)


def _to_window(values: np.ndarray, region: Region, s: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Grid values looked up at every window pixel (0 outside the grid)."""
    return sample_bilinear(values.astype(np.float32), region.t - t[0], region.s - s[0], fill=0.0)


def _smoothing_radius(sigma: float) -> int:
    return max(1, int(3 * sigma))


def _smooth_along(a: np.ndarray, sigma: float, axis: int) -> np.ndarray:
    """Gaussian smoothing along one axis only (edges repeated)."""
    radius = _smoothing_radius(sigma)
    k = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    k /= k.sum()
    pad = np.pad(a, [(radius, radius) if d == axis else (0, 0) for d in range(a.ndim)], mode="edge")
    n = a.shape[axis]
    window = [slice(None)] * a.ndim

    def shifted(i: int) -> np.ndarray:
        window[axis] = slice(i, i + n)
        return pad[tuple(window)]

    total = np.float32(k[0]) * shifted(0)
    for i in range(1, len(k)):  # added in the same order as ever: the same values to the bit
        total += np.float32(k[i]) * shifted(i)
    return total


def _physis_sides(code: str | None) -> tuple[int, ...]:
    if code is None:
        return (1, -1)
    joint = JOINTS_BY_CODE[code]
    group = "MCP2-5" if joint.group == "MCP" and joint.finger != 1 else joint.group
    return PHYSIS_SIDES[group]


def close_growth_plates(pixels: np.ndarray, region: Region, code: str | None = None) -> int:
    """Fill the open growth plates next to a joint with bone, in place, as in an adult's hand.

    A child's bone end shows, besides the joint space, the dark line of its open physis between
    the epiphysis and the metaphysis (base of each phalanx and of the thumb metacarpal, heads of
    metacarpals 2-5). On the brightness profile along the finger (a band the bone's width) such
    a line is a narrow valley beside the joint space whose bright neighbours (the epiphysis and
    the metaphysis's zone of calcification) lie within a few percent of the knuckle span. Each
    bone end's deepest such valley is filled, column by column across the finger, up to the
    line between its bright neighbours in that column, plus the image's grain; the joint space
    and soft tissue stay as they are. Returns how many growth plates were closed (0 for an
    adult-looking joint). Without the joint's ``code`` both bone ends are searched.
    """
    profile = _PlateProfile.of(pixels, region)
    s, t, g, edge = profile.s, profile.t, profile.g, profile.edge
    b = region.f.half_width
    fill = np.zeros_like(g)
    closed = 0
    for side in _physis_sides(code):
        plate = profile.plate(side)
        if plate is None:
            continue
        closed += 1
        a0, c0 = plate  # rows of the bright neighbours, widened so that a curved plate fits in
        margin = (c0 - a0) // 3
        a = max(a0 - margin, int(np.searchsorted(s, edge + 1.0)) if side > 0 else 0)
        c = min(c0 + margin, len(s) - 1 if side > 0 else int(np.searchsorted(s, -edge - 1.0)) - 1)
        block = g[a : c + 1]
        rows = np.arange(len(block))[:, None]
        inner = (rows >= a0 - a - 2) & (rows <= c0 - a + 2)  # each column's floor lies here
        floor = np.argmin(np.where(inner, block, np.inf), axis=0)[None, :]
        lo = np.argmax(np.where(rows <= floor, block, -np.inf), axis=0)
        hi = np.argmax(np.where(rows >= floor, block, -np.inf), axis=0)
        cols = np.arange(block.shape[1])
        share = np.clip((rows - lo) / np.maximum(hi - lo, 1), 0.0, 1.0)
        line = block[lo, cols] + (block[hi, cols] - block[lo, cols]) * share
        between = (rows >= lo) & (rows <= hi)
        fill[a : c + 1] = np.maximum(
            fill[a : c + 1], np.where(between, np.maximum(line - block, 0.0), 0.0)
        )
    if not closed:
        return 0
    across = 1.0 - smoothstep((np.abs(t) - 0.85 * b) / (0.3 * b))
    joint_space = smoothstep((np.abs(s) - edge) / 2.0)
    fill = _smooth_along(fill * across[None, :] * joint_space[:, None], 1.0, 1)
    window = pixels[region.y0 : region.y1, region.x0 : region.x1]
    _, _, noise = local_levels(window, region)
    add = _to_window(fill, region, s, t)
    seed = np.random.default_rng(
        (region.x0, region.y0)
    )  # the same joint always gets the same grain
    window += add + grain(window.shape, noise * 0.5, seed) * np.clip(add / 0.02, 0.0, 1.0)
    np.clip(window, 0.0, 1.0, out=window)
    return closed


def count_growth_plates(pixels: np.ndarray, region: Region, code: str | None = None) -> int:
    """How many open growth plates lie next to the joint (0 for an adult-looking joint): those
    :func:`close_growth_plates` would fill, found without changing the film."""
    sides = _physis_sides(code)
    profile = _PlateProfile.of(pixels, region, only_sides=sides)
    return sum(profile.plate(side) is not None for side in sides)


@dataclass(frozen=True)
class _PlateProfile:
    """The brightness along the finger through a joint, where growth plates are looked for."""

    s: np.ndarray  # distance along the finger from the joint's middle, per row
    t: np.ndarray  # distance across, per column
    g: np.ndarray  # the film sampled on that grid, smoothed across
    p: np.ndarray  # the profile: the middle half of the bone's width averaged, per row
    edge: float  # half the joint space
    scale: float
    reach: float

    @classmethod
    def of(
        cls, pixels: np.ndarray, region: Region, only_sides: tuple[int, ...] | None = None
    ) -> _PlateProfile:
        """With ``only_sides`` (of the joint space, as in PHYSIS_SIDES) the grid covers just
        what the profile needs there: the same profile values, growth plates found at the same
        places (rows numbered from the grid's start) in a fraction of the time, enough to count
        them but not to fill them."""
        f = region.f
        b, scale, edge = f.half_width, f.scale, f.gap / 2.0
        reach = max(3.0, PHYSIS_REACH * scale)
        far = edge + max(hi for _, hi in PHYSIS_SEARCH.values()) * scale + 2.0 * reach
        sigma = max(1.5, 0.06 * b)
        s_lo, s_hi, t_half = -far, far, 1.3 * b
        if only_sides is not None:
            # the profile's columns and rows, and the neighbours their smoothing reaches
            t_half = min(t_half, 0.5 * b + _smoothing_radius(sigma) + 1.0)
            margin = _smoothing_radius(PROFILE_SMOOTHING) + 2.0
            if -1 not in only_sides:
                s_lo = edge - margin
            if 1 not in only_sides:
                s_hi = -edge + margin
        s, t, g = _grid(pixels, region, s_lo, s_hi, t_half)
        g = _smooth_along(g, sigma, 1)  # across only: the plate's line stays sharp
        p = _smooth_along(g[:, np.abs(t) < 0.5 * b].mean(axis=1), PROFILE_SMOOTHING, 0)
        return cls(s, t, g, p, edge, scale, reach)

    def plate(self, side: int) -> tuple[int, int] | None:
        search = [self.edge + k * self.scale for k in PHYSIS_SEARCH[side]]
        return _deepest_valley(self.s, self.p, side, self.edge, search, self.reach)


def _deepest_valley(s, p, side, edge, search, reach):
    """Rows (proximal first) of the bright neighbours of the deepest growth-plate-like valley of
    profile ``p`` on one side of the joint space, or None."""
    u = side * s  # distance from the joint's middle on this side
    rows = np.flatnonzero((u >= search[0]) & (u <= search[1]))
    rows = rows[(rows > 0) & (rows < len(p) - 1)]
    rows = rows[(p[rows] <= p[rows - 1]) & (p[rows] < p[rows + 1])]  # the valleys' floors
    # every floor at once: its brightest neighbours within ``reach``, towards the joint space
    # and away from it
    at = u[rows][:, None]
    near = (u > edge) & (u < at) & (u >= at - reach)
    beyond = (u > at) & (u <= at + reach)
    nearest = np.where(near, p, -np.inf).argmax(axis=1)
    farthest = np.where(beyond, p, -np.inf).argmax(axis=1)
    best, best_depth = None, PHYSIS_DEPTH
    for k in np.flatnonzero(near.any(axis=1) & beyond.any(axis=1)):
        i, a, c = rows[k], nearest[k], farthest[k]
        depth = p[a] + (p[c] - p[a]) * (s[i] - s[a]) / (s[c] - s[a]) - p[i]
        if depth >= best_depth:
            best, best_depth = (min(a, c), max(a, c)), depth
    return best


def _border_taper(region: Region, width: float) -> np.ndarray:
    """1 inside the window, falling to 0 at its border over ``width`` px (no step at the edge)."""
    ys = np.arange(region.y0, region.y1)[:, None]
    xs = np.arange(region.x0, region.x1)[None, :]
    dist = np.minimum(
        np.minimum(ys - region.y0, region.y1 - 1 - ys),
        np.minimum(xs - region.x0, region.x1 - 1 - xs),
    )
    return smoothstep(dist / max(width, 1.0)).astype(np.float32)


def periarticular_osteopenia(
    pixels: np.ndarray, region: Region, strength: float, rng: np.random.Generator
) -> None:
    """Juxta-articular osteopenia, in place: the bone ends next to the joint look washed out.

    Within about one bone half-width of the joint space on both sides, fading out over the next
    one and a half, the bone loses ``strength`` (0.10-0.35) of its brightness above the
    soft-tissue level, with a slightly coarser trabecular texture; soft tissue and the joint
    space keep theirs, as in early rheumatoid arthritis.
    """
    f = region.f
    b, edge = f.half_width, f.gap / 2.0
    window = pixels[region.y0 : region.y1, region.x0 : region.x1]
    bone, soft, noise = local_levels(window, region)
    s, t = np.abs(region.s), np.abs(region.t)
    w = (
        (1.0 - smoothstep((s - edge - 0.8 * b) / (1.2 * b)))
        * smoothstep((s - edge) / (0.3 * b))
        * (1.0 - smoothstep((t - 0.9 * b) / (0.4 * b)))
        * _border_taper(region, 0.3 * b)
    )
    excess = np.maximum(blur(window, 1.0) - soft, 0.0)
    coarse = grain(window.shape, 3.0 * noise * strength, rng, sigma=1.5) * np.clip(
        excess / max(bone - soft, 1e-3), 0, 1
    )
    window += w * (coarse - np.float32(strength) * excess)
    np.clip(window, 0.0, 1.0, out=window)


def adult_cortex(
    pixels: np.ndarray, region: Region, amount: float, rng: np.random.Generator
) -> None:
    """Thick, bright adult cortices along the shafts on both sides of the joint, in place.

    The bone's edges are found on brightness profiles across the finger (steepest rise from
    soft tissue into bone on each side); a band just inside each edge, 15-30% of the bone's
    half-width thick, is brightened by ``amount`` (about 0.2-0.5) of the bone's contrast against
    soft tissue. The bands fade in along the shaft, away from the joint surfaces, and vanish
    where no clear edge is seen.
    """
    f = region.f
    b, edge = f.half_width, f.gap / 2.0
    reach = max(region.x1 - region.x0, region.y1 - region.y0) / 2.0
    s, t, g = _grid(pixels, region, -reach, reach, 1.5 * b)
    g = _smooth_along(_smooth_along(g, 3.0, 0), 1.0, 1)
    slope = np.gradient(g, axis=1)
    left = (t > -1.4 * b) & (t < -0.3 * b)
    right = (t > 0.3 * b) & (t < 1.4 * b)
    i_left = np.flatnonzero(left)[np.argmax(slope[:, left], axis=1)]
    i_right = np.flatnonzero(right)[np.argmax(-slope[:, right], axis=1)]
    rows = np.arange(len(s))
    window = pixels[region.y0 : region.y1, region.x0 : region.x1]
    bone, soft, _ = local_levels(window, region)
    contrast = max(bone - soft, 0.02)
    # an edge counts where brightness rises by a good share of the bone's contrast across it
    k = max(2, round(0.25 * b))
    ends = len(t) - 1
    rise = np.minimum(
        g[rows, np.minimum(i_left + k, ends)] - g[rows, np.maximum(i_left - k, 0)],
        g[rows, np.maximum(i_right - k, 0)] - g[rows, np.minimum(i_right + k, ends)],
    )
    sure = _smooth_along(smoothstep((rise / contrast - 0.15) / 0.2).astype(np.float32), 0.3 * b, 0)
    e_left = _smooth_along(t[i_left].astype(np.float32), 0.2 * b, 0)[:, None]
    e_right = _smooth_along(t[i_right].astype(np.float32), 0.2 * b, 0)[:, None]
    thick = rng.uniform(0.15, 0.3) * b
    inside = np.minimum(t[None, :] - e_left, e_right - t[None, :])  # px inside the nearer edge
    band = smoothstep(inside / 2.0) * (1.0 - smoothstep(inside / thick))  # brightest at the edge
    along = smoothstep((np.abs(s) - edge - 0.7 * b) / (0.8 * b)) * sure
    add = _to_window(band * along[:, None], region, s, t) * _border_taper(region, 0.3 * b)
    window += np.float32(amount * contrast) * add
    np.clip(window, 0.0, 1.0, out=window)


@dataclass
class AdultLook:
    """What :func:`adult_joint` did to one joint."""

    growth_plates: int  # how many open growth plates were closed
    osteopenia: float  # share of bone brightness lost near the joint (0: none)
    cortex: float  # cortical brightening (0: none)


def adult_joint(
    pixels: np.ndarray,
    region: Region,
    rng: np.random.Generator,
    code: str | None = None,
    osteopenia: float = 0.4,
    cortex: float = 0.5,
) -> AdultLook:
    """Make one joint look like an adult's, in place: growth plates always closed, periarticular
    osteopenia (10-35%) with probability ``osteopenia``, thick cortices with probability ``cortex``."""
    look = AdultLook(close_growth_plates(pixels, region, code), 0.0, 0.0)
    if rng.random() < cortex:
        look.cortex = float(rng.uniform(0.2, 0.5))
        adult_cortex(pixels, region, look.cortex, rng)
    if rng.random() < osteopenia:
        look.osteopenia = float(rng.uniform(0.10, 0.35))
        periarticular_osteopenia(pixels, region, look.osteopenia, rng)
    return look


# --- film qualities of digitised archives: whole window, new array ---


def jpeg_roundtrip(pixels: np.ndarray, quality: int) -> np.ndarray:
    """The film saved as an 8-bit JPEG (quality 70-95) and read back: block artefacts, lost fine grain."""
    buffer = io.BytesIO()
    Image.fromarray(np.clip(pixels * 255.0 + 0.5, 0, 255).astype(np.uint8)).save(
        buffer, "JPEG", quality=int(quality)
    )
    return np.asarray(Image.open(buffer), np.float32) / np.float32(255.0)


def film_grain(pixels: np.ndarray, level: float, rng: np.random.Generator) -> np.ndarray:
    """Film grain and quantum mottle: slightly blurred noise of about ``level`` (0.005-0.03),
    stronger in the bright (less exposed) parts such as bone."""
    noise = blur(rng.standard_normal(pixels.shape, dtype=np.float32), 0.7)
    noise /= max(float(noise.std()), 1e-6)
    return np.clip(pixels + np.float32(level) * (0.5 + pixels) * noise, 0.0, 1.0).astype(np.float32)


def lower_resolution(pixels: np.ndarray, factor: float) -> np.ndarray:
    """A film stored ``factor`` (1-4) times coarser and magnified back to the same size: area
    downsampling, then bilinear interpolation (soft edges, lost trabecular detail)."""
    h, w = pixels.shape
    if factor <= 1.0:
        return pixels.astype(np.float32, copy=True)
    small = Image.fromarray(pixels.astype(np.float32)).resize(
        (max(1, round(w / factor)), max(1, round(h / factor))), Image.Resampling.BOX
    )
    return np.asarray(small.resize((w, h), Image.Resampling.BILINEAR), np.float32).copy()


def _marker_stamp(kind: str, width: int, height: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """(bright mask, dark mask) of a lead letter or a label block with text-like strokes."""
    bright, dark = Image.new("L", (width, height)), Image.new("L", (width, height))
    draw, ink = ImageDraw.Draw(bright), ImageDraw.Draw(dark)
    pen = max(1, round(0.14 * min(width, height)))
    X = lambda u: round(u * (width - 1))  # noqa: E731
    Y = lambda v: round(v * (height - 1))  # noqa: E731
    if kind == "L":
        draw.line([(X(0.25), Y(0.1)), (X(0.25), Y(0.9)), (X(0.8), Y(0.9))], fill=255, width=pen)
    elif kind == "R":
        draw.line([(X(0.25), Y(0.9)), (X(0.25), Y(0.1)), (X(0.55), Y(0.1))], fill=255, width=pen)
        draw.arc([X(0.3), Y(0.1), X(0.8), Y(0.52)], -90, 90, fill=255, width=pen)
        draw.line([(X(0.25), Y(0.5)), (X(0.55), Y(0.5))], fill=255, width=pen)
        draw.line([(X(0.45), Y(0.5)), (X(0.8), Y(0.9))], fill=255, width=pen)
    else:
        draw.rectangle([0, 0, width - 1, height - 1], fill=255)
        lines = int(rng.integers(2, 4))
        stroke = max(1, round(0.5 * height / (2 * lines + 1)))
        for k in range(lines):
            y, x = round((2 * k + 1) * height / (2 * lines + 1)), X(0.08)
            while x < X(0.85):
                word = round(rng.uniform(0.08, 0.25) * width)
                ink.rectangle([x, y, min(x + word, X(0.92)), y + stroke - 1], fill=255)
                x += word + max(2, round(0.05 * width))
    return np.asarray(bright) > 127, np.asarray(dark) > 127


def burn_in_marker(
    pixels: np.ndarray, rng: np.random.Generator, keep_clear: np.ndarray | None = None
) -> np.ndarray:
    """A lead side marker ("L" or "R") or a white label block with dark writing burnt into the
    film: very bright, sharp-edged, 3-12% of the window's side, at a random place that does not
    cover ``keep_clear`` (boolean mask, e.g. the bone near the joint). Unchanged if none fits."""
    out = pixels.astype(np.float32, copy=True)
    h, w = pixels.shape
    side = rng.uniform(0.03, 0.12) * min(h, w)
    kind = str(rng.choice(["L", "R", "label"]))
    mw, mh = (
        max(3, round(side)),
        max(3, round(side * (rng.uniform(0.4, 0.7) if kind == "label" else 1.0))),
    )
    bright, dark = _marker_stamp(kind, mw, mh, rng)
    level = np.float32(rng.uniform(0.93, 1.0))
    for _ in range(30):
        y, x = int(rng.integers(0, max(1, h - mh + 1))), int(rng.integers(0, max(1, w - mw + 1)))
        if keep_clear is None or not keep_clear[y : y + mh, x : x + mw].any():
            patch = out[y : y + mh, x : x + mw]
            patch[bright[: patch.shape[0], : patch.shape[1]]] = level
            patch[dark[: patch.shape[0], : patch.shape[1]]] = np.float32(rng.uniform(0.05, 0.3))
            return out
    return out


def degrade_film(
    pixels: np.ndarray,
    rng: np.random.Generator,
    p_jpeg: float = 0.5,
    p_grain: float = 0.5,
    p_resolution: float = 0.4,
    p_marker: float = 0.1,
    max_factor: float = 3.0,
    keep_clear: np.ndarray | None = None,
) -> np.ndarray:
    """A random archive look, as a new array: a marker burnt in (probability ``p_marker``), film
    grain (``p_grain``), stored at 1-``max_factor`` times lower resolution (``p_resolution``),
    JPEG-compressed at quality 70-95 (``p_jpeg``); in that order, as a film is made and digitised."""
    out = pixels.astype(np.float32, copy=True)
    if rng.random() < p_marker:
        out = burn_in_marker(out, rng, keep_clear)
    if rng.random() < p_grain:
        out = film_grain(out, rng.uniform(0.005, 0.03), rng)
    if rng.random() < p_resolution:
        out = lower_resolution(out, rng.uniform(1.0, max_factor))
    if rng.random() < p_jpeg:
        out = jpeg_roundtrip(out, int(rng.integers(70, 96)))
    return out
