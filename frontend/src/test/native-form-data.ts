import { Blob as NodeBlob, File as NodeFile } from "node:buffer";

/**
 * jsdom's FormData, File and Blob are not understood by the request interceptor behind the mock
 * service, which then receives multipart parts without their names or contents. Node's own
 * classes (the ones its fetch uses) travel intact, so tests use them.
 */
export async function installNodeFormData(): Promise<void> {
  const probe = await new Response("a=1", {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  }).formData();
  Object.assign(globalThis, { FormData: probe.constructor, File: NodeFile, Blob: NodeBlob });
}
