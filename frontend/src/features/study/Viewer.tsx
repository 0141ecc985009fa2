import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type PointerEvent } from "react";
import { useI18n } from "@/features/i18n";
import type { GradeKind, JointCode, Side, StudyJoint } from "@/lib/api";
import { GRADE_RANGES } from "@/lib/scheme";
import { jointKey, jointLabel } from "./scheme";
import { fitView, gradeColour, transfer, zoomAbout, type View } from "./viewport";

export interface ViewerProps {
  imageUrl: string;
  heatmapUrl: (kind: GradeKind) => string;
  heatmaps: string[]; // the overlay kinds this study has
  width: number; // the radiograph's size in pixels: the joints' coordinates
  height: number;
  joints: StudyJoint[];
  hovered: string | null;
  onHover: (key: string | null) => void;
  onMove: (side: Side, joint: JointCode, x: number, y: number) => void;
  canEdit: boolean;
}

interface Drag {
  kind: "pan" | "marker";
  startX: number;
  startY: number;
  view: View;
  joint?: StudyJoint;
  moved: boolean;
}

const MARKER_RADIUS = 9; // screen pixels, whatever the zoom

export function Viewer({ imageUrl, heatmapUrl, heatmaps, width, height, joints, hovered, onHover, onMove, canEdit }: ViewerProps) {
  const { t, language } = useI18n();
  const filterId = useId().replace(/:/g, "");
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>({ scale: 1, x: 0, y: 0 });
  const [windowWidth, setWindowWidth] = useState(1);
  const [level, setLevel] = useState(0.5);
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

  const fit = useCallback(() => {
    const el = box.current;
    if (!el || !imageWidth) return;
    setView(fitView(imageWidth, imageHeight, el.clientWidth, el.clientHeight));
  }, [imageWidth, imageHeight]);

  useLayoutEffect(fit, [fit]);

  // A new window size fits the radiograph again.
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => fit());
    observer.observe(el);
    return () => observer.disconnect();
  }, [fit]);

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
  }, []);

  const zoomCentre = (factor: number) => {
    const el = box.current;
    if (!el) return;
    setView((v) => zoomAbout(v, factor, el.clientWidth / 2, el.clientHeight / 2));
  };

  const toImage = (clientX: number, clientY: number) => {
    const rect = box.current!.getBoundingClientRect();
    return {
      x: (clientX - rect.left - view.x) / view.scale,
      y: (clientY - rect.top - view.y) / view.scale,
    };
  };

  const startPan = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    drag.current = { kind: "pan", startX: event.clientX, startY: event.clientY, view, moved: false };
  };

  const startMarker = (event: PointerEvent<SVGGElement>, joint: StudyJoint) => {
    if (event.button !== 0 || !canEdit || joint.pending) return;
    event.stopPropagation();
    (event.currentTarget.ownerSVGElement ?? event.currentTarget).setPointerCapture?.(event.pointerId);
    drag.current = { kind: "marker", startX: event.clientX, startY: event.clientY, view, joint, moved: false };
  };

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    if (!current) return;
    const dx = event.clientX - current.startX;
    const dy = event.clientY - current.startY;
    if (Math.hypot(dx, dy) > 3) current.moved = true;
    if (current.kind === "pan") {
      setView({ ...current.view, x: current.view.x + dx, y: current.view.y + dy });
    } else if (current.joint && current.moved) {
      const point = toImage(event.clientX, event.clientY);
      setDragPoint({ key: jointKey(current.joint.side, current.joint.joint), ...point });
    }
  };

  const endDrag = (event: PointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    drag.current = null;
    if (current?.kind === "marker" && current.joint && current.moved) {
      const point = toImage(event.clientX, event.clientY);
      const x = Math.min(Math.max(point.x, 0), imageWidth);
      const y = Math.min(Math.max(point.y, 0), imageHeight);
      onMove(current.joint.side, current.joint.joint, Math.round(x * 10) / 10, Math.round(y * 10) / 10);
    }
    setDragPoint(null);
  };

  const { slope, intercept } = transfer(windowWidth, level, invert);
  const placed = joints.filter((j) => j.x !== null && j.y !== null);
  const radius = MARKER_RADIUS / view.scale;

  return (
    <section className="viewer" aria-label={t("viewer.label")}>
      <div className="viewer-tools">
        <div className="tool-group">
          <button onClick={() => zoomCentre(1.25)} title={t("viewer.zoomIn")} aria-label={t("viewer.zoomIn")}>+</button>
          <button onClick={() => zoomCentre(0.8)} title={t("viewer.zoomOut")} aria-label={t("viewer.zoomOut")}>−</button>
          <button onClick={fit}>{t("viewer.fit")}</button>
        </div>
        <label className="tool">
          <span>{t("viewer.window")}</span>
          <input type="range" min={0.05} max={1} step={0.01} value={windowWidth}
            onChange={(e) => setWindowWidth(Number(e.target.value))} />
        </label>
        <label className="tool">
          <span>{t("viewer.level")}</span>
          <input type="range" min={0} max={1} step={0.01} value={1 - level}
            onChange={(e) => setLevel(1 - Number(e.target.value))} />
        </label>
        <label className="tool checkbox">
          <input type="checkbox" checked={invert} onChange={(e) => setInvert(e.target.checked)} />
          {t("viewer.invert")}
        </label>
        <button onClick={() => { setWindowWidth(1); setLevel(0.5); setInvert(false); fit(); }}>
          {t("viewer.resetView")}
        </button>
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
      <div className="viewer-canvas" ref={box}>
        {imageFailed && <p className="viewer-message error" role="alert">{t("viewer.imageError")}</p>}
        <svg
          className="viewer-svg"
          data-testid="viewer-svg"
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
          </defs>
          <g transform={`translate(${view.x} ${view.y}) scale(${view.scale})`}>
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
                preserveAspectRatio="none"
                data-testid="heatmap"
              />
            )}
            {showMarkers &&
              placed.map((joint) => {
                const key = jointKey(joint.side, joint.joint);
                const isHovered = hovered === key || hovered === `*:${joint.joint}`;
                const at = dragPoint?.key === key ? dragPoint : { x: joint.x!, y: joint.y! };
                const grade = joint[colourBy]?.value;
                const colour = joint[colourBy] ? gradeColour(grade, GRADE_RANGES[colourBy].maximum) : "#8b949e";
                const edited = Boolean(joint.erosion?.edited || joint.jsn?.edited);
                return (
                  <g
                    key={key}
                    className={`marker${isHovered ? " hovered" : ""}${joint.pending ? " pending" : ""}${canEdit ? " draggable" : ""}`}
                    data-testid="joint-marker"
                    data-joint={joint.joint}
                    data-side={joint.side}
                    transform={`translate(${at.x} ${at.y})`}
                    onPointerDown={(event) => startMarker(event, joint)}
                    onPointerEnter={() => onHover(key)}
                    onPointerLeave={() => onHover(null)}
                  >
                    <title>
                      {t("viewer.markerTitle", {
                        joint: jointLabel(joint.joint, language),
                        side: t(`side.${joint.side}`),
                        erosion: joint.erosion?.value ?? "—",
                        jsn: joint.jsn?.value ?? "×",
                      }) + (joint.moved ? ` — ${t("viewer.markerMoved")}` : "")}
                    </title>
                    <circle r={radius * (isHovered ? 1.5 : 1)} fill={colour} fillOpacity={0.35} stroke={colour}
                      strokeWidth={(isHovered ? 3 : 2) / view.scale} />
                    <circle r={radius * 0.25} fill={colour} />
                    {edited && <circle r={radius * 1.35} fill="none" stroke="#fff" strokeDasharray={`${3 / view.scale} ${3 / view.scale}`} strokeWidth={1 / view.scale} />}
                    {joint.pending && (
                      <circle className="marker-spinner" r={radius * 1.7} fill="none" stroke="#58a6ff"
                        strokeWidth={3 / view.scale} strokeDasharray={`${radius * 3} ${radius * 8}`} />
                    )}
                    <text x={radius * 1.4} y={-radius * 0.9} fontSize={12 / view.scale} className="marker-label"
                      strokeWidth={3 / view.scale}>
                      {jointLabel(joint.joint, language)}
                      {grade !== null && grade !== undefined ? ` ${grade}` : ""}
                    </text>
                  </g>
                );
              })}
          </g>
        </svg>
        {showMarkers && (
          <div className="grade-legend" aria-label={t("viewer.colourBy")}>
            {Array.from({ length: GRADE_RANGES[colourBy].maximum + 1 }, (_, g) => (
              <span key={g} className="legend-item">
                <span className="legend-swatch" style={{ background: gradeColour(g, GRADE_RANGES[colourBy].maximum) }} />
                {g}
              </span>
            ))}
          </div>
        )}
        <p className="viewer-help muted">{t("viewer.help")}</p>
      </div>
    </section>
  );
}
