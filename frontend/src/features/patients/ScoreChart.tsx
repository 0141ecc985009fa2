import { useId } from "react";
import { useI18n } from "@/features/i18n";
import type { Visit } from "@/lib/api";
import { formatDate } from "@/lib/dates";

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { left: 56, right: 56, top: 16, bottom: 40 }; // room for a date centred under the first and last point
const SERIES = [
  { key: "total", label: "table.total", className: "series-total" },
  { key: "erosion", label: "table.erosion", className: "series-erosion" },
  { key: "jsn", label: "table.jsn", className: "series-jsn" },
] as const;

const dayOf = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`);

/** A step of 1, 2 or 5 times a power of ten that splits 0..maximum into about four parts. */
export function tickStep(maximum: number): number {
  const rough = Math.max(maximum, 1) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? 10 * power;
}

/**
 * The totals, erosion and JSN of each visit over time, with the band of the smallest detectable
 * change around the baseline (first) visit's total: a later total outside it is a real change.
 */
export function ScoreChart({ visits, sdc }: { visits: Visit[]; sdc: number }) {
  const { t, language } = useI18n();
  const id = useId();
  if (visits.length === 0) return null;
  const baseline = visits[0].totals.total;
  const highest = Math.max(baseline + sdc, ...visits.map((v) => v.totals.total));
  const step = tickStep(highest);
  const top = Math.ceil((highest * 1.05) / step) * step || step;
  const first = dayOf(visits[0].date);
  const span = dayOf(visits[visits.length - 1].date) - first;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (visit: Visit) =>
    MARGIN.left + (span === 0 ? plotWidth / 2 : ((dayOf(visit.date) - first) / span) * plotWidth);
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const bandTop = y(Math.min(top, baseline + sdc));
  const bandBottom = y(Math.max(0, baseline - sdc));
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;

  return (
    <figure className="score-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        data-testid="score-chart"
      >
        <title id={titleId}>{t("patient.chart.title")}</title>
        <desc id={descId}>{t("patient.chart.desc", { baseline, sdc })}</desc>
        <rect
          className="sdc-band"
          data-testid="sdc-band"
          x={MARGIN.left}
          width={plotWidth}
          y={bandTop}
          height={bandBottom - bandTop}
        >
          <title>{`${t("patient.chart.band")}: ${Math.max(0, baseline - sdc)}–${baseline + sdc}`}</title>
        </rect>
        <line className="baseline" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(baseline)} y2={y(baseline)} />
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={MARGIN.left - 4} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
        {visits.map((visit) => (
          <text key={visit.date} className="tick" x={x(visit)} y={HEIGHT - MARGIN.bottom + 18} textAnchor="middle">
            {formatDate(visit.date, language)}
          </text>
        ))}
        {[...SERIES].reverse().map((series) => (
          // the total drawn last, over the others where they meet
          <g key={series.key} className={series.className}>
            <polyline fill="none" points={visits.map((v) => `${x(v)},${y(v.totals[series.key])}`).join(" ")} />
            {visits.map((visit) => (
              <circle key={visit.date} cx={x(visit)} cy={y(visit.totals[series.key])} r={4}>
                <title>{`${formatDate(visit.date, language)}: ${t(series.label)} ${visit.totals[series.key]}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <ul className="chart-legend" aria-hidden>
        {SERIES.map((series) => (
          <li key={series.key} className={series.className}>
            {t(series.label)}
          </li>
        ))}
        <li className="sdc-band-key">{t("patient.chart.band")}</li>
      </ul>
      <details>
        <summary>{t("patient.chart.data")}</summary>
        <table className="chart-data">
          <thead>
            <tr>
              <th>{t("patient.chart.date")}</th>
              {SERIES.map((series) => (
                <th key={series.key} className="num">
                  {t(series.label)}
                </th>
              ))}
              <th className="num">{t("patient.svdh")}</th>
            </tr>
          </thead>
          <tbody>
            {visits.map((visit) => (
              <tr key={visit.date}>
                <td>{formatDate(visit.date, language)}</td>
                {SERIES.map((series) => (
                  <td key={series.key} className="num">
                    {visit.totals[series.key]}
                  </td>
                ))}
                <td className="num">{visit.totals.svdh_total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
