/**
 * The reading sessions' endpoints (/api/reading-sessions), typed after the sessions contract.
 * They are called through lib/http like the downloads, until the generated client describes them.
 */
import type { GradeKind, JointCode, Language, Side } from "@/lib/api";
import { downloadFile, send, type DownloadedFile } from "@/lib/http";

export type VisitOrder = "random" | "chronological";

export interface SessionReader {
  id: number;
  name: string;
  done: number;
  total: number;
}

export interface ReadingSession {
  id: number;
  name: string;
  created_at: string;
  status: "open" | "complete";
  show_model_grades: boolean;
  order: VisitOrder;
  blind_to_each_other: boolean;
  study_count: number;
  readers: SessionReader[];
}

export interface NewSession {
  name: string;
  study_ids: string[];
  reader_ids: number[];
  show_model_grades: boolean;
  order: VisitOrder;
  blind_to_each_other: boolean;
}

export interface QueueItem {
  item_id: number;
  position: number;
  done: boolean;
  patient_code: string | null;
  visit_date: string | null;
}

export interface SessionJoint {
  side: Side;
  joint: JointCode;
  present: boolean;
  x: number | null;
  y: number | null;
  model_erosion: number | null;
  model_jsn: number | null;
  erosion: number | null;
  jsn: number | null;
}

export interface SessionItem extends QueueItem {
  width: number;
  height: number;
  joints: SessionJoint[];
}

export interface GradeEntry {
  side: Side;
  joint: JointCode;
  kind: GradeKind;
  value: number;
}

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
  bias: number;
  lower: number;
  upper: number;
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
  per_kind: Record<GradeKind, KindAgreement>;
  totals: { icc_2_1: number | null; bland_altman: BlandAltman[]; sdc_of_change: number | null };
  model: ModelAgreement[];
  disagreements: number;
}

export interface Disagreement {
  item_id: number;
  side: Side;
  joint: JointCode;
  kind: GradeKind;
  grades: Record<string, number | null>;
  consensus: number | null;
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
const item = (id: string, itemId: number) => `${session(id)}/items/${itemId}`;

export const sessionsApi = {
  list: () => getJson<ReadingSession[]>(BASE),
  get: (id: string) => getJson<ReadingSession>(session(id)),
  create: (body: NewSession) => sendJson<ReadingSession>("POST", BASE, body),
  queue: (id: string) => getJson<QueueItem[]>(`${session(id)}/queue`),
  item: (id: string, itemId: number) => getJson<SessionItem>(item(id, itemId)),
  imageUrl: (id: string, itemId: number) => `${item(id, itemId)}/image`,
  grade: (id: string, itemId: number, entry: GradeEntry) =>
    sendJson<SessionJoint>("PUT", `${item(id, itemId)}/grades`, entry),
  done: (id: string, itemId: number) => sendJson<unknown>("POST", `${item(id, itemId)}/done`),
  reopen: (id: string, itemId: number) => sendJson<unknown>("POST", `${item(id, itemId)}/reopen`),
  report: (id: string) => getJson<AgreementReport>(`${session(id)}/report`),
  disagreements: (id: string) => getJson<Disagreement[]>(`${session(id)}/disagreements`),
  adjudicate: (id: string, entry: GradeEntry & { item_id: number }) =>
    sendJson<unknown>("PUT", `${session(id)}/disagreements`, entry),
  /** The report as CSV or PDF (in the reader's language), or the raw grades of every reader. */
  download: (id: string, file: "report.csv" | "report.pdf" | "reads.csv", language: Language): Promise<DownloadedFile> =>
    downloadFile(
      `${session(id)}/${file}` + (file === "report.pdf" ? `?lang=${encodeURIComponent(language)}` : ""),
      `reading-session-${id}-${file}`,
    ),
};
