import type { components } from "@/api/schema";

/** Every code the service's refusals carry (the OpenAPI's ErrorBody; `npm run generate-client`). */
export type ServerMessageCode = components["schemas"]["ErrorBody"]["code"];
export type ServerMessageKey = `server.${ServerMessageCode}`;

type Schemas = components["schemas"];
/** Words the service puts into its messages (a hand, a grade kind, a state), to be translated. */
type ServerValueKey = `server.value.${Schemas["Side"] | Schemas["GradeKind"] | Schemas["StudySummary"]["status"]}`;

/** What the service said, as a code with the values it names, to be said in the reader's language. */
export interface ServerMessage {
  code: string;
  params: Record<string, string | number>;
}

/** A failed API call. `detail` is the service's own (English) sentence when it sent one. */
export class ApiError extends Error {
  readonly status: number; // 0 when the server could not be reached
  readonly detail: string | null;
  readonly serverMessage: ServerMessage | null;

  constructor(status: number, detail: string | null, serverMessage: ServerMessage | null = null) {
    super(detail ?? `request failed with status ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
    this.serverMessage = serverMessage;
  }
}

/** The error of a failed response, from its body (`{"detail", "code", "params"}`). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  return new ApiError(status, detailFrom(body), serverMessageFrom(body));
}

/** The messages this module speaks; the i18n feature's `t` provides them. */
export type ErrorMessageKey =
  | "error.network"
  | "error.server"
  | "error.session"
  | "error.forbidden"
  | "error.notFound"
  | "error.tooLarge"
  | "error.unknown"
  | ServerMessageKey
  | ServerValueKey;

/** Gives the text of a key; a key it does not know comes back unchanged (as the i18n `t` does). */
type Translate = (key: ErrorMessageKey, values?: Record<string, string | number>) => string;

/** The service's message in the reader's language; null for a code this UI does not know. */
export function translateServerMessage(message: ServerMessage, t: Translate): string | null {
  const key = `server.${message.code}` as ServerMessageKey;
  const params = Object.fromEntries(
    Object.entries(message.params).map(([name, value]) => [
      name,
      TRANSLATED_PARAMS.has(name) ? translateValue(value, t) : value,
    ]),
  );
  const text = t(key, params);
  return text === key ? null : text;
}

/** The params that name a hand, a grade kind or an analysis state; the others are shown as sent. */
const TRANSLATED_PARAMS = new Set(["side", "kind", "state"]);

/** "left" → "левая"; a word without a translation stays as it is. */
function translateValue(value: string | number, t: Translate): string | number {
  if (typeof value !== "string") return value;
  const key = `server.value.${value}` as ServerValueKey;
  const text = t(key);
  return text === key ? value : text;
}

/**
 * The message a clinician reads. Client errors (4xx) and "busy, try again" (503) carry the
 * service's message, which says what was wrong: translated from its code, or its English
 * sentence for a code this UI does not know. For the rest the UI says what happened and that
 * nothing was lost.
 */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t("error.network");
  const { status, detail } = error;
  if (status === 0) return t("error.network");
  const said = (error.serverMessage && translateServerMessage(error.serverMessage, t)) ?? detail;
  // 503 is the service saying it is busy, in its own words; other 5xx texts are for engineers.
  if (status === 503 && said) return said;
  if (status >= 500) return t("error.server");
  if (status === 401) return isWrongPassword(error) && said ? said : t("error.session");
  if (said) return said;
  if (status === 403) return t("error.forbidden");
  if (status === 404) return t("error.notFound");
  if (status === 413) return t("error.tooLarge");
  return t("error.unknown", { status });
}

function isWrongPassword(error: ApiError): boolean {
  if (error.serverMessage) return error.serverMessage.code === "auth.wrong_credentials";
  return error.detail !== null && /password|username/i.test(error.detail);
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

/** Reads `{"code": ..., "params": {...}}` from an error response; null when there is no code. */
export function serverMessageFrom(body: unknown): ServerMessage | null {
  if (!body || typeof body !== "object" || !("code" in body) || typeof body.code !== "string") return null;
  const params: Record<string, string | number> = {};
  const given = "params" in body ? body.params : null;
  if (given && typeof given === "object") {
    for (const [name, value] of Object.entries(given)) {
      if (typeof value === "string" || typeof value === "number") params[name] = value;
    }
  }
  return { code: body.code, params };
}

/** Why an analysis failed, in the reader's language when its code is known, else in English. */
export function describeFailure(
  failure: { error: string | null; error_code: string | null; error_params: Record<string, string | number> },
  t: Translate,
): string | null {
  const said = failure.error_code ? translateServerMessage({ code: failure.error_code, params: failure.error_params }, t) : null;
  return said ?? failure.error;
}
