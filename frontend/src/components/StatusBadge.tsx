import { useI18n } from "@/features/i18n";
import type { StudyStatus } from "@/lib/api";

export function StatusBadge({ status, error }: { status: StudyStatus; error?: string | null }) {
  const { t } = useI18n();
  return (
    <span className={`status status-${status}`} title={error ?? undefined}>
      {(status === "queued" || status === "running") && <span className="spinner" aria-hidden />}
      {t(`status.${status}`)}
    </span>
  );
}
