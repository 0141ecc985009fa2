/** A failed API call. `detail` is the service's own sentence when it sent one. */
export class ApiError extends Error {
  readonly status: number; // 0 when the server could not be reached
  readonly detail: string | null;

  constructor(status: number, detail: string | null) {
    super(detail ?? `request failed with status ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
  }
}

/** The messages this module speaks; the i18n feature's `t` provides them. */
export type ErrorMessageKey =
  | "error.network"
  | "error.server"
  | "error.session"
  | "error.forbidden"
  | "error.notFound"
  | "error.tooLarge"
  | "error.unknown";

type Translate = (key: ErrorMessageKey, values?: Record<string, string | number>) => string;

/**
 * The message a clinician reads. Client errors (4xx) and "busy, try again" (503) carry the
 * service's sentence, which says what was wrong; for the rest the UI says what happened and
 * that nothing was lost.
 */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t("error.network");
  const { status, detail } = error;
  if (status === 0) return t("error.network");
  // 503 is the service saying it is busy, in its own words; other 5xx texts are for engineers.
  if (status === 503 && detail) return detail;
  if (status >= 500) return t("error.server");
  if (status === 401) return detail && /password|username/i.test(detail) ? detail : t("error.session");
  if (detail) return detail;
  if (status === 403) return t("error.forbidden");
  if (status === 404) return t("error.notFound");
  if (status === 413) return t("error.tooLarge");
  return t("error.unknown", { status });
}

/** Reads `{"detail": ...}` from an error response; FastAPI's validation errors give a list. */
export function detailFrom(body: unknown): string | null {
  if (!body || typeof body !== "object" || !("detail" in body)) return null;
  const detail = body.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    const messages = (detail as unknown[])
      .map((item) => (item && typeof item === "object" && "msg" in item ? String(item.msg) : null))
      .filter(Boolean);
    return messages.length ? messages.join("; ") : null;
  }
  return null;
}
