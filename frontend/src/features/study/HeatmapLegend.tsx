import { useI18n } from "@/features/i18n";
import type { GradeKind } from "@/lib/api";
import { heatGradientCss } from "./viewport";

/** What the heat colours mean on the map shown (erosion or narrowing). */
export function HeatmapLegend({ kind, joint }: { kind: GradeKind; joint?: string }) {
  const { t } = useI18n();
  return (
    <div className="heatmap-legend" data-testid="heatmap-legend" role="group" aria-label={t(`viewer.legend.${kind}`)}>
      <span className="heatmap-legend-title">
        {t(`viewer.legend.${kind}`)}
        {joint ? ` — ${joint}` : ""}
      </span>
      <span className="heatmap-legend-scale">
        <span className="muted">{t("viewer.legend.low")}</span>
        <span className="heatmap-gradient" style={{ background: heatGradientCss() }} aria-hidden />
        <span className="muted">{t("viewer.legend.high")}</span>
      </span>
    </div>
  );
}
