/** What the browser can tell about a file before it is sent; the service checks the contents. */
const ACCEPTED_EXTENSIONS = [".dcm", ".dicom", ".png", ".jpg", ".jpeg"];
const ACCEPTED_TYPES = ["application/dicom", "image/png", "image/jpeg"];

export const ACCEPT_ATTRIBUTE = [...ACCEPTED_EXTENSIONS, ...ACCEPTED_TYPES].join(",");

export type Rejection = "type" | "empty";

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

/** DICOM files often come without an extension (e.g. IM0001); those go to the service to decide. */
export function rejectionOf(file: File): Rejection | null {
  if (file.size === 0) return "empty";
  const extension = extensionOf(file.name);
  if (extension === "" || /^\.\d+$/.test(extension)) return null;
  if (ACCEPTED_EXTENSIONS.includes(extension) || ACCEPTED_TYPES.includes(file.type)) return null;
  return "type";
}
