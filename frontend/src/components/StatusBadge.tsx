import type { StudyStatus } from "@/lib/api";

/** A study's status; `label` is its name in the reader's language. */
export function StatusBadge({ status, label, error }: { status: StudyStatus; label: string; error?: string | null }) {
  return (
    <span className={`status status-${status}`} title={error ?? undefined}>
      {(status === "queued" || status === "running") && <span className="spinner" aria-hidden />}
      {label}
    </span>
  );
}
