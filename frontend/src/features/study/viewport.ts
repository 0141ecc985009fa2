/** Pure geometry of the image viewer: fitting, zooming about a point, window/level. */
export interface View {
  scale: number; // screen pixels per image pixel
  x: number; // screen position of the image's top-left corner
  y: number;
}

export function fitView(imageWidth: number, imageHeight: number, boxWidth: number, boxHeight: number): View {
  if (imageWidth <= 0 || imageHeight <= 0 || boxWidth <= 0 || boxHeight <= 0) return { scale: 1, x: 0, y: 0 };
  const scale = Math.min(boxWidth / imageWidth, boxHeight / imageHeight) * 0.96;
  return { scale, x: (boxWidth - imageWidth * scale) / 2, y: (boxHeight - imageHeight * scale) / 2 };
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 20;

/** Zooms by `factor` keeping the image point under (px, py) where it is on screen. */
export function zoomAbout(view: View, factor: number, px: number, py: number): View {
  const scale = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.scale * factor));
  const applied = scale / view.scale;
  return { scale, x: px - (px - view.x) * applied, y: py - (py - view.y) * applied };
}

/**
 * Window/level as a linear transfer on 0..1 grey values: the window [level - width/2,
 * level + width/2] stretches to black..white; invert flips it.
 */
export function transfer(window: number, level: number, invert: boolean): { slope: number; intercept: number } {
  const width = Math.max(window, 0.01);
  const low = level - width / 2;
  const slope = 1 / width;
  const intercept = -low / width;
  return invert ? { slope: -slope, intercept: 1 - intercept } : { slope, intercept };
}

const GRADE_COLOURS = ["#3fb950", "#9bd34a", "#e3c341", "#f0883e", "#f85149", "#d2337d"];

/** Green for 0 up to red/magenta for the top grade; grey when there is no grade. */
export function gradeColour(value: number | null | undefined, maximum: number): string {
  if (value === null || value === undefined) return "#8b949e";
  const index = Math.round((value / maximum) * (GRADE_COLOURS.length - 1));
  return GRADE_COLOURS[Math.min(GRADE_COLOURS.length - 1, Math.max(0, index))];
}

export const GRADE_LEGEND = GRADE_COLOURS;

/** The view's orientation: quarter turns clockwise, then a left-right mirror of the screen. */
export interface Orientation {
  quarterTurns: 0 | 1 | 2 | 3;
  flipped: boolean;
}

export const UPRIGHT: Orientation = { quarterTurns: 0, flipped: false };

export function rotateClockwise(o: Orientation): Orientation {
  return { ...o, quarterTurns: ((o.quarterTurns + 1) % 4) as Orientation["quarterTurns"] };
}

export function flipHorizontal(o: Orientation): Orientation {
  return { ...o, flipped: !o.flipped };
}

/** Width and height of the radiograph as it lies on screen once turned. */
export function orientedSize(o: Orientation, width: number, height: number): { width: number; height: number } {
  return o.quarterTurns % 2 === 0 ? { width, height } : { width: height, height: width };
}

/** SVG matrix(a b c d e f) taking image pixels to the turned and mirrored frame. */
export type Matrix = [number, number, number, number, number, number];

export function orientationMatrix(o: Orientation, width: number, height: number): Matrix {
  // x' = a x + c y + e, y' = b x + d y + f, for each quarter turn clockwise
  const turns: Record<Orientation["quarterTurns"], Matrix> = {
    0: [1, 0, 0, 1, 0, 0],
    1: [0, 1, -1, 0, height, 0],
    2: [-1, 0, 0, -1, width, height],
    3: [0, -1, 1, 0, 0, width],
  };
  const [a, b, c, d, e, f] = turns[o.quarterTurns];
  if (!o.flipped) return [a, b, c, d, e, f];
  const turnedWidth = orientedSize(o, width, height).width;
  return [-a, b, -c, d, turnedWidth - e, f];
}

export function applyMatrix(m: Matrix, x: number, y: number): { x: number; y: number } {
  return { x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] };
}

/** From the turned frame back to image pixels (the matrices are rotations/mirrors: det ±1). */
export function invertMatrix(m: Matrix): Matrix {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

/** Window and level on 0..1 grey values; the UI shows them on the display's 0..255 scale. */
export interface WindowLevel {
  width: number;
  level: number;
}

export const FULL_WINDOW: WindowLevel = { width: 1, level: 0.5 };
export const MIN_WINDOW = 0.02;
export const MAX_WINDOW = 2;

/**
 * A PACS-style drag from `start`: rightwards widens the window, downwards raises the level
 * (the picture darkens); a drag across the whole viewer spans the full range.
 */
export function dragWindowLevel(start: WindowLevel, dx: number, dy: number, boxWidth: number, boxHeight: number): WindowLevel {
  const width = start.width + dx / Math.max(boxWidth, 1);
  const level = start.level + dy / Math.max(boxHeight, 1);
  return {
    width: Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, width)),
    level: Math.min(1.5, Math.max(-0.5, level)),
  };
}

export function displayGrey(value: number): number {
  return Math.round(value * 255);
}

/**
 * Which markers have room for a text label at this zoom: those whose nearest neighbour lies
 * at least `gap` screen pixels away. Crowded joints (two hands fitted on a laptop) keep only the
 * coloured circle; their label appears on hover or focus.
 */
export function roomForLabels(points: { x: number; y: number }[], scale: number, gap: number): boolean[] {
  return points.map((p, i) =>
    points.every((q, j) => i === j || Math.hypot(p.x - q.x, p.y - q.y) * scale >= gap),
  );
}

/**
 * The heatmaps come as grey values 0..1 (how strongly the model's evidence lies there). Drawn as
 * a heat scale over the film: nothing at 0, then red, orange, pale yellow at 1.
 */
const HEAT_STOPS: [number, number, number][] = [
  [0, 0, 0],
  [1, 0, 0],
  [1, 0.8, 0],
  [1, 1, 0.8],
];

/** feFuncR/G/B tableValues for the heat scale. */
export function heatTable(channel: 0 | 1 | 2): string {
  return HEAT_STOPS.map((stop) => stop[channel]).join(" ");
}

/** The same scale for the legend, transparent where the map is 0. */
export function heatGradientCss(): string {
  const stops = HEAT_STOPS.map(([r, g, b], i) => {
    const at = i / (HEAT_STOPS.length - 1);
    return `rgba(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)}, ${at.toFixed(2)}) ${Math.round(at * 100)}%`;
  });
  return `linear-gradient(to right, ${stops.join(", ")})`;
}
