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
