/** What the browser can tell about a file before it is sent; the service checks the contents. */
const ACCEPTED_EXTENSIONS = [".dcm", ".dicom", ".png", ".jpg", ".jpeg", ".zip"];
const ARCHIVE_TYPES = ["application/zip", "application/x-zip-compressed"];
const ACCEPTED_TYPES = ["application/dicom", "image/png", "image/jpeg", ...ARCHIVE_TYPES];

export const ACCEPT_ATTRIBUTE = [...ACCEPTED_EXTENSIONS, ...ACCEPTED_TYPES].join(",");

/** Why a file is not sent: not a radiograph's type, empty, hidden (.DS_Store), or a folder's index. */
export type Rejection = "type" | "empty" | "hidden" | "dicomdir";

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

/** A ZIP archive of radiographs, sent whole for the service to unpack. */
export function isArchive(file: File): boolean {
  return extensionOf(file.name) === ".zip" || ARCHIVE_TYPES.includes(file.type);
}

/** DICOM files often come without an extension (e.g. IM0001); those go to the service to decide. */
export function rejectionOf(file: File): Rejection | null {
  if (file.name.startsWith(".") || file.name.toLowerCase() === "thumbs.db") return "hidden";
  if (file.name.toUpperCase() === "DICOMDIR") return "dicomdir";
  if (file.size === 0) return "empty";
  const extension = extensionOf(file.name);
  if (extension === "" || /^\.\d+$/.test(extension)) return null;
  if (ACCEPTED_EXTENSIONS.includes(extension) || ACCEPTED_TYPES.includes(file.type)) return null;
  return "type";
}

/** The name a reader knows the file by: its path within the folder chosen, else its name. */
export const displayName = (file: File): string => file.webkitRelativePath || file.name;
