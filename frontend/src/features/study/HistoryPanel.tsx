import { useI18n, type MessageKey } from "@/features/i18n";
import type { HistoryEntry } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import { jointLabel } from "./scheme";

function shown(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if ("x" in v && "y" in v) return `(${Math.round(Number(v.x))}, ${Math.round(Number(v.y))})`;
    return Object.entries(v).map(([k, x]) => `${k} ${shown(x)}`).join(", ");
  }
  return typeof value === "string" ? value : JSON.stringify(value); // a number or true/false
}

const DETAIL_LABELS: Record<string, MessageKey> = {
  patient_code: "upload.patientCodeShort",
  birth_year: "upload.birthYear",
  sex: "upload.sex",
  visit_date: "upload.visitDate",
};

function newestFirst(entries: HistoryEntry[]): HistoryEntry[] {
  return [...entries].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
}

export function HistoryPanel({ entries, error }: { entries: HistoryEntry[] | undefined; error: unknown }) {
  const { t, language } = useI18n();

  const describe = (entry: HistoryEntry): string => {
    const field = entry.field;
    const side = entry.side ? t(`side.${entry.side}` as MessageKey) : "";
    const joint = entry.joint ? jointLabel(entry.joint, language) : "";
    const before = entry.old_value;
    const after = entry.new_value;
    if (field === "reviewed") return t("history.reviewed");
    if (field === "reopened") return t("history.reopened");
    if (field === "reanalysed") return t("history.reanalysed");
    if (field === "reset") {
      return t("history.reset", { what: joint ? `${joint} (${side})` : t("history.resetAll") });
    }
    if (field === "pixel_spacing") {
      const spacing = (value: unknown) => (value as { mm_per_pixel?: number } | null)?.mm_per_pixel ?? "—";
      return t("history.pixelSpacing", { old: spacing(before), new: spacing(after) });
    }
    if (field === "details") {
      const old = (before ?? {}) as Record<string, unknown>;
      const changes = Object.entries((after ?? {}) as Record<string, unknown>)
        .map(([name, value]) => `${DETAIL_LABELS[name] ? t(DETAIL_LABELS[name]) : name}: ${shown(old[name])} → ${shown(value)}`)
        .join("; ");
      return t("history.details", { changes });
    }
    if (field === "side") {
      const { side: from } = (before ?? {}) as { side?: string };
      const { side: to, swapped } = (after ?? {}) as { side?: string; swapped?: boolean };
      const name = (s?: string) => (s === "left" || s === "right" ? t(`table.${s}`) : "—");
      return t(swapped ? "history.sideSwapped" : "history.side", { side: name(from), new: name(to) });
    }
    if (field === "confirm") {
      const [kind, value] = Object.entries((after ?? {}) as Record<string, unknown>)[0] ?? ["", null];
      const fieldLabel = kind === "erosion" || kind === "jsn" ? t(`table.${kind}`) : kind;
      return t("history.confirm", { joint, side, field: fieldLabel, value: shown(value) });
    }
    if (field === "position") return `${t("history.move", { joint, side })}: ${shown(before)} → ${shown(after)}`;
    const fieldLabel = field === "erosion" || field === "jsn" ? t(`table.${field}`) : field;
    return t("history.change", { joint, side, field: fieldLabel, old: shown(before), new: shown(after) });
  };

  return (
    <section className="history card" aria-labelledby="history-title">
      <h2 id="history-title">{t("history.title")}</h2>
      {error ? <p className="error">{describeError(error, t)}</p> : null}
      {entries && entries.length === 0 && <p className="muted">{t("history.empty")}</p>}
      <ol className="history-list" data-testid="history">
        {newestFirst(entries ?? []).map((entry) => (
          <li key={entry.id}>
            <span className="history-when muted">{formatDateTime(entry.created_at, language)}</span>{" "}
            <span className="history-who">{entry.user}</span>{" "}
            <span className="history-what">{describe(entry)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
