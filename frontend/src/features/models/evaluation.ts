/**
 * A training run's evaluation report (rasharp.finetune), read for the side-by-side table: the
 * candidate and the version in use, graded on the same validation films against the same truth.
 */

export const FIGURES = ["balanced_accuracy", "within_one", "exact", "qwk"] as const;
export type Figure = (typeof FIGURES)[number];
export type Figures = Partial<Record<Figure, number | null>> & { joints?: number };
export const GRADE_KINDS = ["erosion", "jsn"] as const;

interface KindMetrics extends Figures {
  groups?: Record<string, Figures>;
}
interface ModelMetrics {
  erosion?: KindMetrics;
  jsn?: KindMetrics;
  totals_icc?: number | null;
}
/** What fine-tuning the localizer did: its landmark error (in knuckle spans) on the validation
 * films, the candidate's beside the one in use, or why it was not trained. */
export interface LocalizerReport {
  trained?: boolean;
  reason?: string;
  moved_markers?: number;
  corrected_films?: number;
  candidate_error?: number | null;
  in_use_error?: number | null;
}

interface ReaderAgreement {
  versus_consensus?: Record<string, Figures>;
}
export interface Evaluation {
  split?: {
    train_films?: number;
    validation_films?: number;
    train_patients?: number;
    validation_patients?: number;
  };
  training?: { steps?: number; seconds?: number; stopped_early?: boolean; localizer?: LocalizerReport | null };
  metrics?: {
    candidate?: ModelMetrics;
    in_use?: ModelMetrics;
    readers?: Record<string, ReaderAgreement> | null;
  };
  truth?: string;
}

/** One line of the comparison: a grade kind over all joints (group null) or one joint group. */
export type GradeKind = (typeof GRADE_KINDS)[number];
export interface ComparisonRow {
  kind: GradeKind;
  group: string | null;
  joints: number | null;
  candidate: Figures;
  inUse: Figures;
}

export interface ReaderRow {
  kind: GradeKind;
  reader: string;
  figures: Figures;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The report as the table reads it; anything else (another kind of metrics) gives null. */
export function asEvaluation(report: unknown): Evaluation | null {
  if (!isObject(report) || !isObject(report.metrics)) return null;
  const { candidate, in_use } = report.metrics;
  return isObject(candidate) && isObject(in_use) ? report : null;
}

/** Per grade kind: all joints first, then each joint group either model was judged on. */
export function comparisonRows(evaluation: Evaluation): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const kind of GRADE_KINDS) {
    const candidate = evaluation.metrics?.candidate?.[kind];
    const inUse = evaluation.metrics?.in_use?.[kind];
    if (!candidate && !inUse) continue;
    rows.push({ kind, group: null, joints: candidate?.joints ?? inUse?.joints ?? null, candidate: candidate ?? {}, inUse: inUse ?? {} });
    const groups = [...new Set([...Object.keys(candidate?.groups ?? {}), ...Object.keys(inUse?.groups ?? {})])];
    for (const group of groups) {
      const mine = candidate?.groups?.[group] ?? {};
      const theirs = inUse?.groups?.[group] ?? {};
      rows.push({ kind, group, joints: mine.joints ?? theirs.joints ?? null, candidate: mine, inUse: theirs });
    }
  }
  return rows;
}

/** Each reader's agreement with the consensus, per grade kind (none when one reader graded). */
export function readerRows(evaluation: Evaluation): ReaderRow[] {
  const readers = evaluation.metrics?.readers;
  if (!isObject(readers)) return [];
  return GRADE_KINDS.flatMap((kind) =>
    Object.entries(readers[kind]?.versus_consensus ?? {}).map(([reader, figures]) => ({ kind, reader, figures })),
  );
}

/** A figure with three decimals; "–" when there is none (e.g. no joint of that group). */
export function formatFigure(value: number | null | undefined): string {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(3) : "–";
}

/** Figures are shown to three decimals: two closer than this read as the same. */
const SAME_WITHIN = 0.0005;

/** Candidate minus in use, signed ("+0.031", "−0.012"); "" when either is missing. */
export function formatDifference(candidate: number | null | undefined, inUse: number | null | undefined): string {
  if (typeof candidate !== "number" || typeof inUse !== "number") return "";
  const delta = candidate - inUse;
  if (Math.abs(delta) < SAME_WITHIN) return "±0";
  return `${delta > 0 ? "+" : "−"}${Math.abs(delta).toFixed(3)}`;
}

const UNITS = {
  en: { h: "h", min: "min", s: "s" },
  ru: { h: "ч", min: "мин", s: "с" },
} as const;

/** A time left such as "1 h 5 min", "3 min 20 s" or "45 s". */
export function formatDuration(seconds: number | null | undefined, language: string): string {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) return "–";
  const unit = language === "ru" ? UNITS.ru : UNITS.en;
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours} ${unit.h} ${minutes} ${unit.min}`;
  if (minutes > 0) return `${minutes} ${unit.min} ${rest} ${unit.s}`;
  return `${rest} ${unit.s}`;
}

/** A version's metrics as single figures: an evaluation report gives its candidate's headline
 * figures (as the versions registered with a metrics file name them); other metrics their
 * single values. */
export function headlineMetrics(metrics: Record<string, unknown>): Record<string, unknown> {
  const evaluation = asEvaluation(metrics);
  if (!evaluation) {
    return Object.fromEntries(Object.entries(metrics).filter(([, value]) => value === null || typeof value !== "object"));
  }
  const candidate = evaluation.metrics?.candidate ?? {};
  const headline: Record<string, unknown> = {};
  for (const kind of GRADE_KINDS) {
    for (const figure of ["balanced_accuracy", "within_one"] as const) {
      const value = candidate[kind]?.[figure];
      if (typeof value === "number") headline[`${kind}_${figure}`] = value;
    }
  }
  if (typeof candidate.totals_icc === "number") headline.totals_icc = candidate.totals_icc;
  return headline;
}

/** A headline figure on which a run's candidate did worse than the version in use. */
export type Setback = (
  | { kind: GradeKind; figure: "balanced_accuracy" | "within_one" }
  | { kind: null; figure: "totals_icc" }
) & { candidate: number; inUse: number };

/** The headline figures (per grade kind balanced accuracy and within ±1, and the total scores'
 * ICC) on which the candidate of this evaluation report did worse than the version in use, on
 * the same validation films; none for other metrics. A better per-joint figure can hide worse
 * film totals, so whoever promotes is told. */
export function setbacks(metrics: Record<string, unknown>): Setback[] {
  const evaluation = asEvaluation(metrics);
  if (!evaluation) return [];
  const candidate = evaluation.metrics?.candidate ?? {};
  const inUse = evaluation.metrics?.in_use ?? {};
  const found: Setback[] = [];
  const worse = (mine: unknown, theirs: unknown): [number, number] | null =>
    typeof mine === "number" && typeof theirs === "number" && mine < theirs - SAME_WITHIN ? [mine, theirs] : null;
  for (const kind of GRADE_KINDS) {
    for (const figure of ["balanced_accuracy", "within_one"] as const) {
      const pair = worse(candidate[kind]?.[figure], inUse[kind]?.[figure]);
      if (pair) found.push({ kind, figure, candidate: pair[0], inUse: pair[1] });
    }
  }
  const totals = worse(candidate.totals_icc, inUse.totals_icc);
  if (totals) found.push({ kind: null, figure: "totals_icc", candidate: totals[0], inUse: totals[1] });
  return found;
}
