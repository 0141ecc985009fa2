import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type PointerEvent } from "react";
import { useI18n } from "@/features/i18n";
import type { GradeKind, JointCode, Side, StudyJoint } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { GRADE_RANGES } from "@/lib/scheme";
import type { SaveState } from "./SaveNotice";
import { HeatmapLegend } from "./HeatmapLegend";
import { jointKey, jointLabel } from "./scheme";
import { useMarkerNudge } from "./useMarkerNudge";
import {
  applyMatrix,
  displayGrey,
  dragWindowLevel,
  fitView,
  flipHorizontal,
  FULL_WINDOW,
  gradeColour,
  heatTable,
  invertMatrix,
  orientationMatrix,
  orientedSize,
  roomForLabels,
  rotateClockwise,
  transfer,
  UPRIGHT,
  zoomAbout,
  type Orientation,
  type View,
  type WindowLevel,
} from "./viewport";

export interface ViewerProps {
  imageUrl: string;
  heatmapUrl: (kind: GradeKind) => string;
  heatmaps: string[]; // the overlay kinds this study has
  width: number; // the radiograph's size in pixels: the joints' coordinates
  height: number;
  joints: StudyJoint[];
  /** Markers moved but not saved yet, or refused by the service (by jointKey). */
  saves?: Record<string, SaveState>;
  hovered: string | null;
  onHover: (key: string | null) => void;
  onMove: (side: Side, joint: JointCode, x: number, y: number) => void;
  canEdit: boolean;
  measuring?: boolean; // clicks on the film mark the ends of a known distance
  measurePoints?: { x: number; y: number }[];
  onMeasurePoint?: (point: { x: number; y: number }) => void;
  /** Given, the page drives zoom, pan and window/level (the comparison links two viewers). */
  link?: ViewLink;
}

export interface CanvasSize {
  width: number;
  height: number;
}

/**
 * Zoom, pan and window/level held by the page. The view depends on the canvas's size, which
 * only the viewer knows. A linked viewer keeps the film upright: the page places joints by
 * their image coordinates.
 */
export interface ViewLink {
  viewFor: (canvas: CanvasSize) => View;
  onView: (view: View, canvas: CanvasSize) => void;
  windowLevel: WindowLevel;
  onWindowLevel: (windowLevel: WindowLevel) => void;
}

interface Drag {
  kind: "pan" | "marker" | "windowLevel";
  startX: number;
  startY: number;
  view: View;
  windowLevel: WindowLevel;
  joint?: StudyJoint;
  moved: boolean;
}

const MARKER_RADIUS = 9; // screen pixels, whatever the zoom
const LABEL_ROOM = 56; // screen pixels a label needs between neighbouring markers

export function Viewer({ imageUrl, heatmapUrl, heatmaps, width, height, joints, saves = {}, hovered, onHover, onMove, canEdit, measuring = false, measurePoints = [], onMeasurePoint, link }: ViewerProps) {
  const { t, language } = useI18n();
  const ids = useId().replace(/:/g, "");
  const filterId = `wl${ids}`;
  const heatId = `heat${ids}`;
  const clipId = `clip${ids}`;
  const box = useRef<HTMLDivElement>(null);
  const [ownView, setOwnView] = useState<View>({ scale: 1, x: 0, y: 0 });
  const [canvas, setCanvas] = useState<CanvasSize>({ width: 0, height: 0 });
  const [orientation, setOrientation] = useState<Orientation>(UPRIGHT);
  const [ownWindowLevel, setOwnWindowLevel] = useState<WindowLevel>(FULL_WINDOW);
  const [windowLevelMode, setWindowLevelMode] = useState(false);
  const [invert, setInvert] = useState(false);
  const [overlay, setOverlay] = useState<GradeKind | "none">("none");
  const [colourBy, setColourBy] = useState<GradeKind>("erosion");
  const [opacity, setOpacity] = useState(0.5);
  const [showMarkers, setShowMarkers] = useState(true);
  const [imageFailed, setImageFailed] = useState(false);
  const [dragPoint, setDragPoint] = useState<{ key: string; x: number; y: number } | null>(null);
  const drag = useRef<Drag | null>(null);

  const imageWidth = width;
  const imageHeight = height;
  const toScreenFrame = orientationMatrix(orientation, imageWidth, imageHeight);
  // arrow keys move a marker the way it looks on screen, whatever the rotation or flip
  const fromScreenFrame = invertMatrix(toScreenFrame);
  const nudge = useMarkerNudge({
    width,
    height,
    onMove,
    toImageStep: (dx, dy) => {
      const origin = applyMatrix(fromScreenFrame, 0, 0);
      const moved = applyMatrix(fromScreenFrame, dx, dy);
      return [moved.x - origin.x, moved.y - origin.y];
    },
  });

  const linked = link !== undefined;
  const view = link ? link.viewFor(canvas) : ownView;
  const windowLevel = link ? link.windowLevel : ownWindowLevel;
  const setView = useCallback(
    (next: (current: View) => View) => {
      if (link) link.onView(next(link.viewFor(canvas)), canvas);
      else setOwnView(next);
    },
    [link, canvas],
  );
  const setWindowLevel = (next: (current: WindowLevel) => WindowLevel) => {
    if (link) link.onWindowLevel(next(link.windowLevel));
    else setOwnWindowLevel(next);
  };

  const fitted = useCallback(
    (o: Orientation): View | null => {
      const el = box.current;
      if (!el || !imageWidth) return null;
      const size = orientedSize(o, imageWidth, imageHeight);
      return fitView(size.width, size.height, el.clientWidth, el.clientHeight);
    },
    [imageWidth, imageHeight],
  );
  const fit = () => setView((v) => fitted(orientation) ?? v);

  // The canvas's size, and (for a viewer of its own) the radiograph fitted to it, on every resize.
  const measure = useCallback(() => {
    const el = box.current;
    if (el) setCanvas({ width: el.clientWidth, height: el.clientHeight });
    const whole = linked ? null : fitted(orientation);
    if (whole) setOwnView(whole);
  }, [linked, fitted, orientation]);

  useLayoutEffect(measure, [measure]);

  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  // Zoom with the wheel about the cursor; a native listener so the page does not scroll.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = el.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * 0.0015);
      setView((v) => zoomAbout(v, factor, event.clientX - rect.left, event.clientY - rect.top));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [setView]);

  const zoomCentre = (factor: number) => {
    const el = box.current;
    if (!el) return;
    setView((v) => zoomAbout(v, factor, el.clientWidth / 2, el.clientHeight / 2));
  };


  const toImage = (clientX: number, clientY: number) => {
    const rect = box.current!.getBoundingClientRect();
    const onFrame = { x: (clientX - rect.left - view.x) / view.scale, y: (clientY - rect.top - view.y) / view.scale };
    return applyMatrix(invertMatrix(toScreenFrame), onFrame.x, onFrame.y);
  };

  const startPan = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    const kind = windowLevelMode || event.ctrlKey ? "windowLevel" : "pan";
    drag.current = { kind, startX: event.clientX, startY: event.clientY, view, windowLevel, moved: false };
  };

  const startMarker = (event: PointerEvent<SVGGElement>, joint: StudyJoint) => {
    if (event.button !== 0) return;
    event.currentTarget.focus({ preventScroll: true });
    if (!canEdit || joint.pending || windowLevelMode || measuring || event.ctrlKey) return;
    event.stopPropagation();
    (event.currentTarget.ownerSVGElement ?? event.currentTarget).setPointerCapture?.(event.pointerId);
    drag.current = { kind: "marker", startX: event.clientX, startY: event.clientY, view, windowLevel, joint, moved: false };
  };

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    if (!current) return;
    const dx = event.clientX - current.startX;
    const dy = event.clientY - current.startY;
    if (Math.hypot(dx, dy) > 3) current.moved = true;
    if (current.kind === "pan") {
      setView(() => ({ ...current.view, x: current.view.x + dx, y: current.view.y + dy }));
    } else if (current.kind === "windowLevel") {
      const el = box.current!;
      setWindowLevel(() => dragWindowLevel(current.windowLevel, dx, dy, el.clientWidth, el.clientHeight));
    } else if (current.joint && current.moved) {
      const point = toImage(event.clientX, event.clientY);
      setDragPoint({ key: jointKey(current.joint.side, current.joint.joint), ...point });
    }
  };

  const endDrag = (event: PointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    drag.current = null;
    if (current?.kind === "pan" && !current.moved && measuring) {
      const point = toImage(event.clientX, event.clientY);
      onMeasurePoint?.({
        x: Math.round(Math.min(Math.max(point.x, 0), imageWidth) * 10) / 10,
        y: Math.round(Math.min(Math.max(point.y, 0), imageHeight) * 10) / 10,
      });
    }
    if (current?.kind === "marker" && current.joint && current.moved) {
      const point = toImage(event.clientX, event.clientY);
      // the service takes 0 <= x < width
      const x = Math.min(Math.max(point.x, 0), imageWidth - 1);
      const y = Math.min(Math.max(point.y, 0), imageHeight - 1);
      onMove(current.joint.side, current.joint.joint, Math.round(x * 10) / 10, Math.round(y * 10) / 10);
    }
    setDragPoint(null);
  };

  const resetView = () => {
    setWindowLevel(() => FULL_WINDOW);
    setInvert(false);
    setOrientation(UPRIGHT);
  };

  const { slope, intercept } = transfer(windowLevel.width, windowLevel.level, invert);
  const placed = joints.filter((j) => j.x !== null && j.y !== null);
  const onScreenFrame = placed.map((j) => applyMatrix(toScreenFrame, j.x!, j.y!));
  const radius = MARKER_RADIUS / view.scale;
  const measureEnds = measurePoints.map((p) => applyMatrix(toScreenFrame, p.x, p.y));
  const labelled = roomForLabels(onScreenFrame, view.scale, LABEL_ROOM);

  // Hovering a row (or a marker) shows that joint's own map when no whole-film map is on.
  const isHoveredJoint = (joint: StudyJoint) =>
    hovered === jointKey(joint.side, joint.joint) || hovered === `*:${joint.joint}`;
  const hoverMapKind: GradeKind | null = heatmaps.includes(colourBy) ? colourBy : null;
  const hoverBoxes =
    overlay === "none" && hoverMapKind ? joints.filter((j) => isHoveredJoint(j) && j.box && j.box.length === 4) : [];
  const legendKind: GradeKind | null = overlay !== "none" ? overlay : hoverBoxes.length ? hoverMapKind : null;
  const matrix = `matrix(${toScreenFrame.join(" ")})`;

  return (
    <section className="viewer" aria-label={t("viewer.region")}>
      <div className="viewer-tools" role="toolbar" aria-label={t("viewer.tools")}>
        <div className="tool-group">
          <button onClick={() => zoomCentre(1.25)} title={t("viewer.zoomIn")} aria-label={t("viewer.zoomIn")}>+</button>
          <button onClick={() => zoomCentre(0.8)} title={t("viewer.zoomOut")} aria-label={t("viewer.zoomOut")}>−</button>
          <button onClick={fit}>{t("viewer.fit")}</button>
          {!linked && (
            <>
              <button onClick={() => setOrientation(rotateClockwise(orientation))} title={t("viewer.rotate")}
                aria-label={t("viewer.rotate")} data-testid="rotate">↻</button>
              <button onClick={() => setOrientation(flipHorizontal(orientation))} title={t("viewer.flip")}
                aria-label={t("viewer.flip")} aria-pressed={orientation.flipped} data-testid="flip">⇋</button>
            </>
          )}
        </div>
        <div className="tool-group window-level" role="group" aria-label={t("viewer.windowLevel")}>
          <button aria-pressed={windowLevelMode} onClick={() => setWindowLevelMode((on) => !on)}
            title={t("viewer.windowLevelHint")} data-testid="window-level-mode">
            {t("viewer.windowLevelMode")}
          </button>
          <label className="tool" title={t("viewer.window")}>
            <span>{t("viewer.windowShort")}</span>
            <input type="range" min={0.02} max={2} step={0.01} value={windowLevel.width} aria-label={t("viewer.window")}
              onChange={(e) => setWindowLevel((wl) => ({ ...wl, width: Number(e.target.value) }))} />
            <output data-testid="window-value">{displayGrey(windowLevel.width)}</output>
          </label>
          <label className="tool" title={t("viewer.level")}>
            <span>{t("viewer.levelShort")}</span>
            <input type="range" min={-0.5} max={1.5} step={0.01} value={windowLevel.level} aria-label={t("viewer.level")}
              onChange={(e) => setWindowLevel((wl) => ({ ...wl, level: Number(e.target.value) }))} />
            <output data-testid="level-value">{displayGrey(windowLevel.level)}</output>
          </label>
          <button onClick={() => setWindowLevel(() => FULL_WINDOW)} title={t("viewer.windowLevelReset")}
            aria-label={t("viewer.windowLevelReset")}>⟲</button>
        </div>
        <label className="tool checkbox">
          <input type="checkbox" checked={invert} onChange={(e) => setInvert(e.target.checked)} />
          {t("viewer.invert")}
        </label>
        <button onClick={resetView}>{t("viewer.resetView")}</button>
        <label className="tool">
          <span>{t("viewer.overlay")}</span>
          <select value={overlay} onChange={(e) => setOverlay(e.target.value as GradeKind | "none")}>
            <option value="none">{t("viewer.overlayNone")}</option>
            {heatmaps.includes("erosion") && <option value="erosion">{t("table.erosion")}</option>}
            {heatmaps.includes("jsn") && <option value="jsn">{t("table.jsn")}</option>}
          </select>
        </label>
        <label className="tool">
          <span>{t("viewer.opacity")}</span>
          <input type="range" min={0} max={1} step={0.05} value={opacity} disabled={overlay === "none"}
            onChange={(e) => setOpacity(Number(e.target.value))} />
        </label>
        <label className="tool checkbox">
          <input type="checkbox" checked={showMarkers} onChange={(e) => setShowMarkers(e.target.checked)} />
          {t("viewer.markers")}
        </label>
        <label className="tool">
          <span>{t("viewer.colourBy")}</span>
          <select value={colourBy} onChange={(e) => setColourBy(e.target.value as GradeKind)}>
            <option value="erosion">{t("table.erosion")}</option>
            <option value="jsn">{t("table.jsn")}</option>
          </select>
        </label>
      </div>
      <div className={`viewer-canvas${windowLevelMode ? " window-level-mode" : ""}${measuring ? " measuring" : ""}`} ref={box}>
        {imageFailed && <p className="viewer-message error" role="alert">{t("viewer.imageError")}</p>}
        <svg
          className="viewer-svg"
          data-testid="viewer-svg"
          data-orientation={`${orientation.quarterTurns * 90}${orientation.flipped ? " flipped" : ""}`}
          onPointerDown={startPan}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
        >
          <defs>
            <filter id={filterId} colorInterpolationFilters="sRGB">
              <feComponentTransfer>
                <feFuncR type="linear" slope={slope} intercept={intercept} />
                <feFuncG type="linear" slope={slope} intercept={intercept} />
                <feFuncB type="linear" slope={slope} intercept={intercept} />
              </feComponentTransfer>
            </filter>
            <filter id={heatId} colorInterpolationFilters="sRGB">
              {/* grey value → opacity, then grey → heat colour */}
              <feColorMatrix type="matrix" values="1 0 0 0 0  0 1 0 0 0  0 0 1 0 0  1 0 0 0 0" />
              <feComponentTransfer>
                <feFuncR type="table" tableValues={heatTable(0)} />
                <feFuncG type="table" tableValues={heatTable(1)} />
                <feFuncB type="table" tableValues={heatTable(2)} />
              </feComponentTransfer>
            </filter>
            <clipPath id={clipId}>
              {hoverBoxes.map((j) => {
                const [x0, y0, x1, y1] = j.box!;
                return <rect key={jointKey(j.side, j.joint)} x={x0} y={y0} width={x1 - x0} height={y1 - y0} />;
              })}
            </clipPath>
          </defs>
          <g transform={`translate(${view.x} ${view.y}) scale(${view.scale})`}>
            <g transform={matrix} data-testid="film">
              <image
                href={imageUrl}
                width={imageWidth}
                height={imageHeight}
                filter={`url(#${filterId})`}
                preserveAspectRatio="none"
                onError={() => setImageFailed(true)}
                data-testid="radiograph"
              />
              {overlay !== "none" && imageWidth > 0 && (
                <image
                  href={heatmapUrl(overlay)}
                  width={imageWidth}
                  height={imageHeight}
                  opacity={opacity}
                  filter={`url(#${heatId})`}
                  preserveAspectRatio="none"
                  data-testid="heatmap"
                />
              )}
              {hoverBoxes.length > 0 && hoverMapKind && (
                <image
                  href={heatmapUrl(hoverMapKind)}
                  width={imageWidth}
                  height={imageHeight}
                  opacity={0.85}
                  filter={`url(#${heatId})`}
                  clipPath={`url(#${clipId})`}
                  preserveAspectRatio="none"
                  data-testid="joint-heatmap"
                />
              )}
            </g>
            {measurePoints.length > 0 && (
              <g className="measure-line" data-testid="measure-line">
                {measureEnds.length === 2 && (
                  <line x1={measureEnds[0].x} y1={measureEnds[0].y} x2={measureEnds[1].x} y2={measureEnds[1].y}
                    strokeWidth={2 / view.scale} />
                )}
                {measureEnds.map((at, i) => (
                  <circle key={i} cx={at.x} cy={at.y} r={4 / view.scale} strokeWidth={1.5 / view.scale} />
                ))}
              </g>
            )}
            {showMarkers &&
              placed.map((joint, index) => {
                const key = jointKey(joint.side, joint.joint);
                const isHovered = isHoveredJoint(joint);
                const nudged = nudge.position(key);
                const at =
                  dragPoint?.key === key ? applyMatrix(toScreenFrame, dragPoint.x, dragPoint.y)
                  : nudged ? applyMatrix(toScreenFrame, nudged.x, nudged.y)
                  : onScreenFrame[index];
                const save = saves[key];
                const name = t("viewer.markerLabel", { joint: jointLabel(joint.joint, language), side: t(`table.${joint.side}`) });
                const saveNote =
                  save?.state === "waiting" ? t("save.waitingCell")
                  : save?.state === "refused" ? t("save.refused", { reason: describeError(save.error, t) })
                  : null;
                const label = [name, saveNote, joint.pending && t("table.pending")].filter(Boolean).join(" — ");
                const grade = joint[colourBy]?.value;
                const colour = joint[colourBy] ? gradeColour(grade, GRADE_RANGES[colourBy].maximum) : "#8b949e";
                const edited = Boolean(joint.erosion?.edited || joint.jsn?.edited);
                return [
                  <g
                    key={key}
                    className={`marker${isHovered ? " hovered" : ""}${joint.pending ? " pending" : ""}${canEdit ? " draggable" : ""}${save ? ` ${save.state}` : ""}`}
                    data-testid="joint-marker"
                    data-joint={joint.joint}
                    data-side={joint.side}
                    transform={`translate(${at.x} ${at.y})`}
                    role="button"
                    tabIndex={0}
                    aria-label={label}
                    aria-disabled={canEdit && !joint.pending ? undefined : true}
                    aria-keyshortcuts="ArrowUp ArrowDown ArrowLeft ArrowRight Shift+ArrowUp Shift+ArrowDown Shift+ArrowLeft Shift+ArrowRight Escape"
                    onKeyDown={(event) => {
                      if (canEdit && !joint.pending) nudge.onKeyDown(event, joint);
                    }}
                    onFocus={() => onHover(key)}
                    onBlur={() => onHover(null)}
                    onPointerDown={(event) => startMarker(event, joint)}
                    onPointerEnter={() => onHover(key)}
                    onPointerLeave={() => onHover(null)}
                  >
                    <title>{[
                      t("viewer.markerTitle", {
                        joint: jointLabel(joint.joint, language),
                        side: t(`side.${joint.side}`),
                        erosion: joint.erosion?.value ?? "—",
                        jsn: joint.jsn?.value ?? "×",
                      }),
                      joint.moved && t("viewer.markerMoved"),
                      saveNote,
                    ].filter(Boolean).join(" — ")}</title>
                    <circle r={radius * (isHovered ? 1.5 : 1)} fill={colour} fillOpacity={0.35} stroke={colour}
                      strokeWidth={(isHovered ? 3 : 2) / view.scale} />
                    <circle r={radius * 0.25} fill={colour} />
                    {edited && <circle r={radius * 1.35} fill="none" stroke="#fff" strokeDasharray={`${3 / view.scale} ${3 / view.scale}`} strokeWidth={1 / view.scale} />}
                    {save?.state === "waiting" && (
                      <circle className="marker-waiting" r={radius * 1.9} fill="none" stroke="#f0b400"
                        strokeWidth={3 / view.scale} strokeDasharray={`${5 / view.scale} ${3 / view.scale}`} />
                    )}
                    {joint.pending && (
                      <circle className="marker-spinner" r={radius * 1.7} fill="none" stroke="#58a6ff"
                        strokeWidth={3 / view.scale} strokeDasharray={`${radius * 3} ${radius * 8}`} />
                    )}
                  </g>,
                  // the label lies beside the marker, not in it: the marker's name stays "MCP 3, Left"
                  (labelled[index] || isHovered) && (
                    <text key={`${key}-label`} aria-hidden="true" transform={`translate(${at.x} ${at.y})`}
                      x={radius * 1.4} y={-radius * 0.9} fontSize={(isHovered ? 13 : 11) / view.scale}
                      className="marker-label" strokeWidth={3 / view.scale}>
                      {jointLabel(joint.joint, language)}
                      {grade !== null && grade !== undefined ? ` ${grade}` : ""}
                    </text>
                  ),
                ];
              })}
          </g>
        </svg>
        <div className="viewer-legends">
          {legendKind && <HeatmapLegend kind={legendKind} joint={hoverBoxes.length ? hoverBoxes[0].joint : undefined} />}
          {showMarkers && (
            <div className="grade-legend" role="group" aria-label={`${t("viewer.colourBy")} ${t(`table.${colourBy}`)}`}>
              {Array.from({ length: GRADE_RANGES[colourBy].maximum + 1 }, (_, g) => (
                <span key={g} className="legend-item">
                  <span className="legend-swatch" style={{ background: gradeColour(g, GRADE_RANGES[colourBy].maximum) }} />
                  {g}
                </span>
              ))}
            </div>
          )}
        </div>
        <p className="viewer-help">
          {measuring
            ? t("calibration.viewerHelp")
            : windowLevelMode
              ? t("viewer.windowLevelHelp")
              : canEdit
                ? `${t("viewer.help")} ${t("viewer.markerKeys")}`
                : t("viewer.helpFixedMarkers")}
        </p>
      </div>
    </section>
  );
}
