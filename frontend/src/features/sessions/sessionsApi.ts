/**
 * The reading sessions' endpoints. Sessions, queues, films and grades go through the generated
 * client (@/lib/api); the report, its files and the adjudication are called after the sessions
 * contract through lib/http until the service describes them in its OpenAPI.
 */
import {
  api,
  type GradeKind,
  type JointCode,
  type Language,
  type NewReadingSession,
  type ReadingSession,
  type SessionItem,
  type SessionJoint,
  type SessionQueueEntry,
  type Side,
} from "@/lib/api";
import { downloadFile, send, type DownloadedFile } from "@/lib/http";

export type { ReadingSession, SessionItem, SessionJoint };
export type NewSession = NewReadingSession;
export type QueueItem = SessionQueueEntry;
export type SessionReader = ReadingSession["readers"][number];
export type VisitOrder = ReadingSession["order"];

export interface KappaPair {
  a: string;
  b: string;
  kappa: number | null;
  qwk: number | null;
}

export interface KindAgreement {
  kappa_pairs: KappaPair[];
  fleiss_kappa: number | null;
}

export interface BlandAltman {
  a: string;
  b: string;
  bias: number | null;
  lower: number | null;
  upper: number | null;
}

export interface ModelAgreement {
  against: string;
  kind: GradeKind;
  qwk: number | null;
  exact: number | null;
  within_one: number | null;
}

export interface AgreementReport {
  complete: boolean;
  readers: { id: number; name: string }[];
  per_kind: Partial<Record<GradeKind, KindAgreement>>;
  totals: { icc_2_1: number | null; bland_altman: BlandAltman[]; sdc_of_change: number | null };
  model: ModelAgreement[];
  disagreements: number;
  /** Disagreements an administrator has settled. */
  adjudicated: number;
}

export interface Disagreement {
  item_id: number;
  side: Side;
  joint: JointCode;
  kind: GradeKind;
  grades: Record<string, number>;
  consensus: number;
  adjudicated: number | null;
}

const BASE = "/api/reading-sessions";

async function getJson<T>(path: string): Promise<T> {
  return (await (await send(path, { headers: { Accept: "application/json" } })).json()) as T;
}

async function sendJson<T>(method: "POST" | "PUT", path: string, body?: unknown): Promise<T> {
  const response = await send(path, {
    method,
    headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

const session = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const sessionsApi = {
  list: api.readingSessions,
  get: api.readingSession,
  create: api.createReadingSession,
  queue: api.sessionQueue,
  item: api.sessionItem,
  imageUrl: api.sessionItemImageUrl,
  grade: api.gradeSessionJoint,
  done: api.finishSessionItem,
  reopen: api.reopenSessionItem,
  report: (id: string) => getJson<AgreementReport>(`${session(id)}/report`),
  disagreements: (id: string) => getJson<Disagreement[]>(`${session(id)}/disagreements`),
  adjudicate: (id: string, entry: { item_id: number; side: Side; joint: JointCode; kind: GradeKind; value: number }) =>
    sendJson<unknown>("PUT", `${session(id)}/disagreements`, entry),
  /** The report as CSV or PDF (in the reader's language), or the raw grades of every reader. */
  download: (id: string, file: "report.csv" | "report.pdf" | "reads.csv", language: Language): Promise<DownloadedFile> =>
    downloadFile(
      `${session(id)}/${file}` + (file === "report.pdf" ? `?lang=${encodeURIComponent(language)}` : ""),
      `reading-session-${id}-${file}`,
    ),
};
