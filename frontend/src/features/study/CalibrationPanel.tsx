import { useState, type FormEvent } from "react";
import { useI18n } from "@/features/i18n";
import type { PixelSpacingChange, Study } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import type { MeasureLine } from "./useMeasureLine";

export interface CalibrationPanelProps {
  study: Study;
  line: MeasureLine;
  onSet: (change: PixelSpacingChange) => void;
  onClear: () => void;
  busy: boolean;
  error: unknown;
}

/** The film's scale: from its header, set by a reader (typed or a known distance), or unknown. */
export function CalibrationPanel({ study, line, onSet, onClear, busy, error }: CalibrationPanelProps) {
  const { t } = useI18n();
  const [typed, setTyped] = useState("");
  const [distance, setDistance] = useState("");
  const reader = study.reader_pixel_spacing_mm;
  const film = study.pixel_spacing_mm;
  const [start, end] = line.points;

  const status =
    reader !== null
      ? t("calibration.reader", { value: reader.toFixed(4) })
      : film !== null
        ? t("calibration.film", { value: film.toFixed(4) })
        : t("calibration.unknown");

  const submitTyped = (event: FormEvent) => {
    event.preventDefault();
    onSet({ mm_per_pixel: Number(typed.replace(",", ".")) });
  };
  const submitDistance = (event: FormEvent) => {
    event.preventDefault();
    if (!start || !end) return;
    onSet({ distance_mm: Number(distance.replace(",", ".")), start, end });
  };

  return (
    <section className="calibration card" aria-labelledby="calibration-title" data-testid="calibration">
      <h2 id="calibration-title">{t("calibration.title")}</h2>
      <p className="calibration-status" data-testid="calibration-status">{status}</p>
      <div className="calibration-actions">
        <button type="button" aria-pressed={line.measuring} onClick={line.measuring ? line.cancel : line.begin}
          data-testid="measure-distance">
          {t("calibration.measure")}
        </button>
        <form className="calibration-form" onSubmit={submitTyped}>
          <label>
            <span>{t("calibration.mmPerPixel")}</span>
            <input type="text" inputMode="decimal" size={7} value={typed} required
              onChange={(e) => setTyped(e.target.value)} data-testid="mm-per-pixel" />
          </label>
          <button type="submit" disabled={busy}>{t("calibration.set")}</button>
        </form>
        {reader !== null && (
          <button type="button" onClick={onClear} disabled={busy}>{t("calibration.clear")}</button>
        )}
      </div>
      {line.measuring && !end && (
        <p className="calibration-step" role="status">
          {t(start ? "calibration.clickSecond" : "calibration.clickFirst")}
        </p>
      )}
      {start && end && (
        <form className="calibration-form" onSubmit={submitDistance}>
          <span role="status">{t("calibration.line", { pixels: line.lengthPx.toFixed(1) })}</span>
          <label>
            <span>{t("calibration.trueLength")}</span>
            <input type="text" inputMode="decimal" size={6} value={distance} required autoFocus
              onChange={(e) => setDistance(e.target.value)} data-testid="known-distance" />
          </label>
          <button type="submit" className="primary" disabled={busy}>{t("calibration.set")}</button>
          <button type="button" onClick={line.cancel}>{t("actions.cancel")}</button>
        </form>
      )}
      {error ? <p className="error" role="alert">{describeError(error, t)}</p> : null}
    </section>
  );
}
