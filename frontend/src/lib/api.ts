/**
 * The service's endpoints as functions, typed by the client generated from its OpenAPI
 * description (src/api/, `npm run generate-client`).
 */
import { downloadFile, postWithProgress, requestJson, type DownloadedFile } from "./http";

export type Side = "left" | "right";
export type GradeKind = "erosion" | "jsn";
export type StudyStatus = "queued" | "running" | "done" | "failed";

export interface User {
  id: number | string;
  username: string;
  team?: string | null;
  is_admin?: boolean;
}

export interface Disclaimer {
  version: string;
  text: string;
  accepted?: boolean;
}

export interface Grade {
  value: number | null;
  model: number | null;
  probabilities: number[];
  uncertain: boolean;
  edited: boolean;
}

export interface StudyJoint {
  side: Side;
  joint: string;
  present: boolean;
  x: number | null;
  y: number | null;
  box: number[] | null;
  confidence: number;
  erosion: Grade | null;
  jsn: Grade | null;
  jsw_mm: number | null;
  jsw_reason: string | null;
  pending: boolean;
}

export interface Totals {
  erosion: number;
  jsn: number;
  total: number;
  svdh_erosion: number;
  svdh_jsn: number;
  svdh_total: number;
}

export interface StudySummary {
  id: number | string;
  status: StudyStatus;
  error?: string | null;
  patient_code?: string | null;
  original_name?: string | null;
  created_at: string;
  totals?: Totals | null;
}

export interface Study extends StudySummary {
  width?: number | null;
  height?: number | null;
  side?: string | null;
  joints: StudyJoint[];
  models?: Record<string, string | null> | null;
  timings_ms?: Record<string, number> | null;
}

export interface HistoryEntry {
  id?: number | string;
  user?: string | null;
  username?: string | null;
  created_at: string;
  action?: string | null;
  side?: Side | null;
  joint?: string | null;
  field?: string | null;
  old?: unknown;
  new?: unknown;
  old_value?: unknown;
  new_value?: unknown;
}

export interface UploadAccepted {
  study_id: number | string;
  status: StudyStatus;
}

const studyPath = (id: string | number) => `/api/studies/${encodeURIComponent(String(id))}`;

export const api = {
  me: () => requestJson<User>("GET", "/api/auth/me"),
  login: (username: string, password: string) =>
    requestJson<User>("POST", "/api/auth/login", { username, password }),
  logout: () => requestJson<unknown>("POST", "/api/auth/logout"),

  disclaimer: () => requestJson<Disclaimer>("GET", "/api/disclaimer"),
  acceptDisclaimer: (version: string) =>
    requestJson<unknown>("POST", "/api/disclaimer/accept", { version }),

  studies: () => requestJson<StudySummary[] | { items: StudySummary[] }>("GET", "/api/studies"),
  study: (id: string) => requestJson<Study>("GET", studyPath(id)),
  history: (id: string) =>
    requestJson<HistoryEntry[] | { items: HistoryEntry[] }>("GET", `${studyPath(id)}/history`),

  editGrade: (id: string, side: Side, joint: string, kind: GradeKind, value: number) =>
    requestJson<unknown>("PATCH", `${studyPath(id)}/joints/${side}/${joint}`, { [kind]: value }),
  moveJoint: (id: string, side: Side, joint: string, x: number, y: number) =>
    requestJson<unknown>("PUT", `${studyPath(id)}/joints/${side}/${joint}/position`, { x, y }),
  reset: (id: string, target?: { side: Side; joint: string; field?: GradeKind }) =>
    requestJson<unknown>("POST", `${studyPath(id)}/reset`, target ?? {}),

  imageUrl: (id: string) => `${studyPath(id)}/image`,
  heatmapUrl: (id: string, kind: GradeKind) => `${studyPath(id)}/heatmaps/${kind}`,
  exportFile: (id: string, format: "csv" | "pdf"): Promise<DownloadedFile> =>
    downloadFile(`${studyPath(id)}/export.${format}`, `study-${id}.${format}`),

  upload: (
    file: File,
    fields: { patientCode: string; side: Side | "auto" },
    onProgress: (fraction: number) => void,
    signal?: AbortSignal,
  ) => {
    const form = new FormData();
    form.append("file", file, file.name);
    if (fields.patientCode.trim()) form.append("patient_code", fields.patientCode.trim());
    if (fields.side !== "auto") form.append("side", fields.side);
    return postWithProgress<UploadAccepted>("/api/studies", form, onProgress, signal);
  },
};

export function listOf<T>(body: T[] | { items: T[] }): T[] {
  return Array.isArray(body) ? body : body.items;
}
