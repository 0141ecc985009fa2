import { ApiError, apiErrorFrom } from "./api-error";

/**
 * The one place that talks HTTP. A 401 on anything but the login itself means the session
 * expired: the registered handler sends the user to the login page (and back afterwards).
 */
let unauthorizedHandler: (() => void) | null = null;

export function onSessionExpired(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

export function reportUnauthorized(path: string): void {
  if (path.startsWith("/api/auth/")) return;
  unauthorizedHandler?.();
}

/**
 * Listeners told whenever the service answers a request (any status below 500): changes that
 * waited for it can be sent at once instead of at their next retry.
 */
const answerListeners = new Set<() => void>();

export function onServiceAnswered(listener: () => void): () => void {
  answerListeners.add(listener);
  return () => answerListeners.delete(listener);
}

export function noteResponse({ status }: { status: number }): void {
  if (status > 0 && status < 500) for (const listener of [...answerListeners]) listener();
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function send(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", ...init });
  } catch (cause) {
    if (init.signal?.aborted) throw cause;
    throw new ApiError(0, null);
  }
  noteResponse(response);
  if (!response.ok) {
    const body = await readBody(response);
    if (response.status === 401) reportUnauthorized(path);
    throw apiErrorFrom(response.status, body);
  }
  return response;
}

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

export async function downloadFile(path: string, fallbackName: string): Promise<DownloadedFile> {
  const response = await send(path);
  const filename = filenameFrom(response.headers.get("Content-Disposition") ?? "") ?? fallbackName;
  return { blob: await response.blob(), filename };
}

/** The file name of a Content-Disposition header: its UTF-8 form (filename*) when given. */
export function filenameFrom(disposition: string): string | null {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) return decodeURIComponent(encoded[1].trim());
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

/** Gives a downloaded file to the browser as if the user had followed a link. */
export function saveFile({ blob, filename }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A multipart POST that reports upload progress (fetch cannot), with the same error handling
 * as the rest: ApiError with the service's sentence, or status 0 when the network failed.
 */
export function postWithProgress<T>(
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      noteResponse(xhr);
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
        return;
      }
      if (xhr.status === 401) reportUnauthorized(path);
      reject(apiErrorFrom(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(form);
  });
}
