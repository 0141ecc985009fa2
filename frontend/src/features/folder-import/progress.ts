import type { FolderImport } from "@/lib/api";

/** Whether the import may still change: its progress is read again every second. */
export function isActive(job: Pick<FolderImport, "status">): boolean {
  return job.status === "queued" || job.status === "running";
}

/** The share of the files found that are done, 0-100; null until the folder has been walked. */
export function percentDone(job: Pick<FolderImport, "files_found" | "files_done">): number | null {
  if (job.files_found === null) return null;
  if (job.files_found === 0) return 100;
  return Math.min(100, Math.round((100 * job.files_done) / job.files_found));
}

/** Seconds left at the current speed; null while that cannot be told. */
export function secondsLeft(
  job: Pick<FolderImport, "status" | "files_found" | "files_done" | "films_per_second">,
): number | null {
  if (!isActive(job) || job.files_found === null || !job.films_per_second) return null;
  return Math.max(0, Math.round((job.files_found - job.files_done) / job.films_per_second));
}
