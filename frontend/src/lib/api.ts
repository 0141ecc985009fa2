/**
 * The service's endpoints as functions. Paths, parameters and bodies are checked against the
 * types generated from the service's OpenAPI description (src/api/, `npm run generate-client`).
 */
import createClient from "openapi-fetch";
import type { components, paths } from "@/api/schema";
import { ApiError, apiErrorFrom } from "./api-error";
import { downloadFile, noteResponse, postWithProgress, reportUnauthorized, type DownloadedFile } from "./http";

type Schemas = components["schemas"];
export type User = Schemas["Me"];
export type Disclaimer = Schemas["Disclaimer"];
export type Grade = Schemas["Grade"];
export type StudyJoint = Schemas["JointOut"];
export type Totals = Schemas["Totals"];
export type StudySummary = Schemas["StudySummary"];
export type StudyList = Schemas["StudyList"];
export type Study = Schemas["StudyDetail"];
export type HistoryEntry = Schemas["HistoryEntry"];
export type UploadAccepted = Schemas["StudyCreated"];
export type ArchiveAccepted = Schemas["ArchiveCreated"];
export type ArchiveMember = Schemas["ArchiveMember"];
export type StudyStatus = StudySummary["status"];
export type Side = StudyJoint["side"];
export type GradeKind = Schemas["GradeKind"];
export type JointCode = Schemas["JointCode"];
export type Sex = NonNullable<Study["patient_sex"]>;
export type Health = Schemas["Health"];
export type Account = Schemas["UserOut"];
export type NewAccount = Schemas["UserCreate"];
export type AccountChange = Schemas["UserUpdate"];
export type AuditEvent = Schemas["AuditEventOut"];
export type DatasetSnapshot = Schemas["SnapshotOut"];
export type ModelVersion = Schemas["ModelVersionOut"];
export type ModelChange = Schemas["ModelChangeOut"];
export type TrainingRun = Schemas["TrainingRunOut"];
export type NewTrainingRun = Schemas["TrainingRunCreate"];
export type AuditAction = AuditEvent["action"];
export type AuditQuery = NonNullable<paths["/api/audit"]["get"]["parameters"]["query"]>;
export type PixelSpacingChange = Schemas["PixelSpacingChange"];
export type StudyDetailsChange = Schemas["StudyDetailsChange"];
export type PatientSummary = Schemas["PatientSummary"];
export type PatientList = Schemas["PatientList"];
export type Patient = Schemas["PatientDetail"];
export type Visit = Schemas["Visit"];
export type PatientChange = Schemas["PatientChange"];
export type JointChange = Schemas["JointChange"];
export type ReadingSession = Schemas["SessionOut"];
export type NewReadingSession = Schemas["SessionCreate"];
export type SessionQueueEntry = Schemas["QueueEntry"];
export type SessionItem = Schemas["SessionItemOut"];
export type SessionJoint = Schemas["SessionJoint"];
export type SessionGradeChange = Schemas["SessionGradeChange"];
export type SessionReport = Schemas["SessionReport"];
export type SessionDisagreement = Schemas["Disagreement"];
export type Adjudication = Schemas["AdjudicationIn"];
/** The files of a session's report: the figures as CSV or PDF, and every reader's grades. */
export type SessionFile = "report.csv" | "report.pdf" | "reads.csv";
export type PacsEndpoint = Schemas["EndpointOut"];
export type PacsEndpointFields = Schemas["EndpointIn"];
export type PacsSearch = Schemas["SearchIn"];
export type PacsStudy = Schemas["StudyFoundOut"];
export type PacsImport = Schemas["ImportOut"];
export type PacsDocument = "sr" | "sc";
export type FolderImport = Schemas["FolderImportOut"];
export type FolderImportDetail = Schemas["FolderImportDetailOut"];
export type ImportedFile = Schemas["ImportedFileOut"];
/** The languages the service speaks (disclaimer, reports). */
export type Language = Disclaimer["language"];

export interface UploadFields {
  patientCode: string;
  birthYear: string; // as typed; the service checks it
  sex: Sex | "";
  side: Side | "auto";
  visitDate: string; // YYYY-MM-DD or empty
}

const client = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "" : window.location.origin,
  credentials: "same-origin",
  // Looked up on each call, so that a fetch installed later (tests) is the one used.
  fetch: async (request) => {
    const response = await globalThis.fetch(request);
    noteResponse(response);
    return response;
  },
});

type Outcome<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful call; otherwise an ApiError with the service's own sentence. */
async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch {
    throw new ApiError(0, null);
  }
  const { data, error, response } = outcome;
  if (!response.ok) {
    if (response.status === 401) reportUnauthorized(new URL(response.url || "http://x/").pathname);
    throw apiErrorFrom(response.status, error);
  }
  return data as T;
}

const study = (id: string) => ({ path: { study_id: Number(id) } });
const readingSession = (id: string) => ({ path: { session_id: Number(id) } });
const sessionItem = (id: string, itemId: number) => ({ path: { session_id: Number(id), item_id: itemId } });
const joint = (id: string, side: Side, code: JointCode) => ({
  path: { study_id: Number(id), side, joint: code },
});

export const api = {
  /** Whether the database, the queue and a worker answer; when one does not (503), the same report. */
  health: async (): Promise<Health> => {
    const { data, error, response } = await client.GET("/api/health").catch(() => {
      throw new ApiError(0, null);
    });
    if (data) return data;
    if (response.status === 503 && error) return error;
    throw apiErrorFrom(response.status, error);
  },

  me: () => unwrap(client.GET("/api/auth/me")),
  login: (username: string, password: string) =>
    unwrap(client.POST("/api/auth/login", { body: { username, password } })),
  logout: () => unwrap(client.POST("/api/auth/logout")),

  /** Administrators only: every account, and changes to one. */
  users: () => unwrap(client.GET("/api/users")),
  createUser: (account: NewAccount) => unwrap(client.POST("/api/users", { body: account })),
  updateUser: (id: number, change: AccountChange) =>
    unwrap(client.PATCH("/api/users/{user_id}", { params: { path: { user_id: id } }, body: change })),
  /** Administrators only: the team's reviewed studies frozen as training data. */
  datasets: () => unwrap(client.GET("/api/datasets")),
  createDataset: (name: string) => unwrap(client.POST("/api/datasets", { body: { name } })),
  datasetZip: (snapshot: DatasetSnapshot): Promise<DownloadedFile> =>
    downloadFile(`/api/datasets/${snapshot.id}/download`, `rasharp-dataset-v${snapshot.version}.zip`),
  /** Administrators only: the deployment's model versions, promotion and roll-back. */
  modelVersions: () => unwrap(client.GET("/api/models")),
  modelHistory: () => unwrap(client.GET("/api/models/history")),
  promoteModel: (version: string) =>
    unwrap(client.POST("/api/models/{version}/promote", { params: { path: { version } } })),
  rollBackModel: (version: string) =>
    unwrap(client.POST("/api/models/{version}/rollback", { params: { path: { version } } })),
  trainingRuns: () => unwrap(client.GET("/api/training-runs")),
  startTrainingRun: (run: NewTrainingRun) => unwrap(client.POST("/api/training-runs", { body: run })),
  cancelTrainingRun: (id: number) =>
    unwrap(client.POST("/api/training-runs/{run_id}/cancel", { params: { path: { run_id: id } } })),
  /** Administrators only: who opened, exported or sent which study of the team. */
  audit: (query: AuditQuery) => unwrap(client.GET("/api/audit", { params: { query } })),

  /** The site's PACS connections (never their secrets); administrators set them up. */
  pacsEndpoints: () => unwrap(client.GET("/api/pacs/endpoints")),
  createPacsEndpoint: (fields: PacsEndpointFields) =>
    unwrap(client.POST("/api/pacs/endpoints", { body: fields })),
  deletePacsEndpoint: (id: number) =>
    unwrap(client.DELETE("/api/pacs/endpoints/{endpoint_id}", { params: { path: { endpoint_id: id } } })),
  testPacsEndpoint: (id: number) =>
    unwrap(client.POST("/api/pacs/endpoints/{endpoint_id}/test", { params: { path: { endpoint_id: id } } })),
  /** The PACS's CR/DX studies matching the filters (sent in the body: no names in addresses). */
  searchPacs: (id: number, search: PacsSearch) =>
    unwrap(client.POST("/api/pacs/endpoints/{endpoint_id}/search", { params: { path: { endpoint_id: id } }, body: search })),
  /** Retrieves the chosen studies into analysis, as a job whose progress `pacsImport` reads. */
  importFromPacs: (id: number, studyUids: string[]) =>
    unwrap(
      client.POST("/api/pacs/endpoints/{endpoint_id}/imports", {
        params: { path: { endpoint_id: id } },
        body: { study_uids: studyUids },
      }),
    ),
  /** Administrators: a server folder below RASHARP_IMPORT_ROOT imported by a job. */
  startFolderImport: (folder: string) => unwrap(client.POST("/api/folder-imports", { body: { folder } })),
  folderImports: () => unwrap(client.GET("/api/folder-imports")),
  folderImport: (importId: number) =>
    unwrap(client.GET("/api/folder-imports/{import_id}", { params: { path: { import_id: importId } } })),
  pacsImport: (importId: number) =>
    unwrap(client.GET("/api/pacs/imports/{import_id}", { params: { path: { import_id: importId } } })),
  /** Administrators: the study's structured report and/or marked film into the PACS. */
  sendToPacs: (id: number, studyId: number, documents: PacsDocument[]) =>
    unwrap(
      client.POST("/api/pacs/endpoints/{endpoint_id}/sends", {
        params: { path: { endpoint_id: id } },
        body: { study_id: studyId, documents },
      }),
    ),

  /** The current disclaimer, its text in `language`. */
  disclaimer: (language: Language) =>
    unwrap(client.GET("/api/disclaimer", { params: { query: { lang: language } } })),
  /** Accepts `version` as read in `language`; the service records both. */
  acceptDisclaimer: (version: string, language: Language) =>
    unwrap(client.POST("/api/disclaimer/accept", { body: { version, language } })),

  /** One page of the team's studies, newest first; `patientCode` matches part of the code. */
  studies: (page: { offset: number; limit: number; patientCode?: string }) =>
    unwrap(
      client.GET("/api/studies", {
        params: {
          query: {
            offset: page.offset,
            limit: page.limit,
            ...(page.patientCode ? { patient_code: page.patientCode } : {}),
          },
        },
      }),
    ),
  study: (id: string) => unwrap(client.GET("/api/studies/{study_id}", { params: study(id) })),
  history: (id: string) =>
    unwrap(client.GET("/api/studies/{study_id}/history", { params: study(id) })),

  /** Only the fields given change; null empties one. */
  updateStudy: (id: string, changes: StudyDetailsChange) =>
    unwrap(client.PATCH("/api/studies/{study_id}", { params: study(id), body: changes })),
  /** The hand found as `side` is in truth `newSide`; on a two-hand film the hands swap. */
  setHandSide: (id: string, side: Side, newSide: Side) =>
    unwrap(
      client.PUT("/api/studies/{study_id}/hands/{side}", {
        params: { path: { study_id: Number(id), side } },
        body: { side: newSide },
      }),
    ),
  deleteStudy: (id: string) => unwrap(client.DELETE("/api/studies/{study_id}", { params: study(id) })),

  editGrade: (id: string, side: Side, code: JointCode, kind: GradeKind, value: number) =>
    unwrap(
      client.PATCH("/api/studies/{study_id}/joints/{side}/{joint}", {
        params: joint(id, side, code),
        body: { [kind]: value },
      }),
    ),
  /** The reader agrees with the grade shown; recorded in the history like an edit. */
  confirmGrade: (id: string, side: Side, code: JointCode, kind: GradeKind) =>
    unwrap(
      client.POST("/api/studies/{study_id}/joints/{side}/{joint}/confirm", {
        params: joint(id, side, code),
        body: { kind },
      }),
    ),
  moveJoint: (id: string, side: Side, code: JointCode, x: number, y: number) =>
    unwrap(
      client.PUT("/api/studies/{study_id}/joints/{side}/{joint}/position", {
        params: joint(id, side, code),
        body: { x, y },
      }),
    ),
  /** Whole study, or one joint's grades and position. */
  reset: (id: string, target?: { side: Side; joint: JointCode }) =>
    unwrap(client.POST("/api/studies/{study_id}/reset", { params: study(id), body: target ?? {} })),

  /** Final grades and positions (training data), or open for changes again. */
  markReviewed: (id: string) =>
    unwrap(client.POST("/api/studies/{study_id}/review", { params: study(id) })),
  reopen: (id: string) => unwrap(client.POST("/api/studies/{study_id}/reopen", { params: study(id) })),
  /** Analyse the film again with the promoted model; the readers' grades stay. */
  reanalyse: (id: string) => unwrap(client.POST("/api/studies/{study_id}/reanalyse", { params: study(id) })),

  /** Millimetres per pixel typed, or a known distance between two points on the film. */
  setPixelSpacing: (id: string, change: PixelSpacingChange) =>
    unwrap(client.PUT("/api/studies/{study_id}/pixel-spacing", { params: study(id), body: change })),
  clearPixelSpacing: (id: string) =>
    unwrap(client.DELETE("/api/studies/{study_id}/pixel-spacing", { params: study(id) })),

  imageUrl: (id: string) => `/api/studies/${encodeURIComponent(id)}/image`,
  /** `analysedAt` (the analysis's finish) makes a re-analysed study's heatmap a new address. */
  heatmapUrl: (id: string, kind: GradeKind, analysedAt?: string | null) =>
    `/api/studies/${encodeURIComponent(id)}/heatmaps/${kind}` +
    (analysedAt ? `?analysed=${encodeURIComponent(analysedAt)}` : ""),
  /** The CSV, or the PDF report in the reader's language. */
  exportFile: (id: string, format: "csv" | "pdf", language: Language): Promise<DownloadedFile> =>
    downloadFile(
      `/api/studies/${encodeURIComponent(id)}/export.${format}` +
        (format === "pdf" ? `?lang=${encodeURIComponent(language)}` : ""),
      `study-${id}.${format}`,
    ),

  /** One page of the team's patients by code; `code` matches part of it. */
  patients: (page: { offset: number; limit: number; code?: string }) =>
    unwrap(
      client.GET("/api/patients", {
        params: { query: { offset: page.offset, limit: page.limit, ...(page.code ? { code: page.code } : {}) } },
      }),
    ),
  patient: (id: string) => unwrap(client.GET("/api/patients/{patient_id}", { params: { path: { patient_id: Number(id) } } })),
  /** Per joint and in total, the change from the visit of `from` to the later one of `to` (YYYY-MM-DD). */
  patientChange: (id: string, from: string, to: string) =>
    unwrap(
      client.GET("/api/patients/{patient_id}/change", {
        params: { path: { patient_id: Number(id) }, query: { from, to } },
      }),
    ),
  /** Every visit of every patient of the team, one row each (RA2 DREAM's columns). */
  cohortCsv: (): Promise<DownloadedFile> => downloadFile("/api/exports/cohort.csv", "rasharp-cohort.csv"),
  /** Reading sessions: administrators set them up; each reader grades their own queue. */
  readingSessions: () => unwrap(client.GET("/api/reading-sessions")),
  readingSession: (id: string) => unwrap(client.GET("/api/reading-sessions/{session_id}", { params: readingSession(id) })),
  createReadingSession: (body: NewReadingSession) => unwrap(client.POST("/api/reading-sessions", { body })),
  /** My films of the session, in my order. */
  sessionQueue: (id: string) =>
    unwrap(client.GET("/api/reading-sessions/{session_id}/queue", { params: readingSession(id) })),
  /** One film with my grades (and the model's where the session shows them). */
  sessionItem: (id: string, itemId: number) =>
    unwrap(client.GET("/api/reading-sessions/{session_id}/items/{item_id}", { params: sessionItem(id, itemId) })),
  sessionItemImageUrl: (id: string, itemId: number) =>
    `/api/reading-sessions/${encodeURIComponent(id)}/items/${itemId}/image`,
  gradeSessionJoint: (id: string, itemId: number, change: SessionGradeChange) =>
    unwrap(
      client.PUT("/api/reading-sessions/{session_id}/items/{item_id}/grades", {
        params: sessionItem(id, itemId),
        body: change,
      }),
    ),
  /** Refused while a joint on the film lacks a grade. */
  finishSessionItem: (id: string, itemId: number) =>
    unwrap(client.POST("/api/reading-sessions/{session_id}/items/{item_id}/done", { params: sessionItem(id, itemId) })),
  reopenSessionItem: (id: string, itemId: number) =>
    unwrap(client.POST("/api/reading-sessions/{session_id}/items/{item_id}/reopen", { params: sessionItem(id, itemId) })),
  /** Administrators; the session's readers too once it is complete. */
  sessionReport: (id: string) =>
    unwrap(client.GET("/api/reading-sessions/{session_id}/report", { params: readingSession(id) })),
  /** Administrators: joints whose readers differ by more than one grade. */
  sessionDisagreements: (id: string) =>
    unwrap(client.GET("/api/reading-sessions/{session_id}/disagreements", { params: readingSession(id) })),
  /** Administrators: the settled grade replaces the consensus of that joint. */
  adjudicate: (id: string, body: Adjudication) =>
    unwrap(client.PUT("/api/reading-sessions/{session_id}/disagreements", { params: readingSession(id), body })),
  /** The PDF in the reader's language. */
  sessionFile: (id: string, file: SessionFile, language: Language): Promise<DownloadedFile> =>
    downloadFile(
      `/api/reading-sessions/${encodeURIComponent(id)}/${file}` +
        (file === "report.pdf" ? `?lang=${encodeURIComponent(language)}` : ""),
      `reading-session-${id}-${file}`,
    ),

  /** Multipart upload with progress (fetch cannot report it); the form follows the OpenAPI body. */
  upload: (file: File, fields: UploadFields, onProgress: (fraction: number) => void, signal?: AbortSignal) => {
    const path: keyof paths = "/api/studies";
    return postWithProgress<UploadAccepted>(path, uploadForm(file, fields), onProgress, signal);
  },
  /** A ZIP of radiographs: a study for each, and what became of every file in it. */
  uploadArchive: (file: File, fields: UploadFields, onProgress: (fraction: number) => void, signal?: AbortSignal) => {
    const path: keyof paths = "/api/studies/archive";
    return postWithProgress<ArchiveAccepted>(path, uploadForm(file, fields), onProgress, signal);
  },
};

/** The upload's form: the file and the fields given (the same for a file and an archive). */
function uploadForm(file: File, fields: UploadFields): FormData {
  const body: Partial<Record<keyof Schemas["Body_studies-create_study"], string | Blob>> = {
    side: fields.side,
  };
  if (fields.patientCode.trim()) body.patient_code = fields.patientCode.trim();
  if (fields.birthYear.trim()) body.birth_year = fields.birthYear.trim();
  if (fields.sex) body.sex = fields.sex;
  if (fields.visitDate) body.visit_date = fields.visitDate;
  const form = new FormData();
  form.append("file", file, file.name);
  for (const [name, value] of Object.entries(body)) if (value !== undefined) form.append(name, value);
  return form;
}
