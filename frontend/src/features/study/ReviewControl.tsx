import { useI18n } from "@/features/i18n";
import type { Study } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import { useReview } from "./useReview";

/**
 * "Mark reviewed" once every change is saved: the grades and joint positions are then final (the
 * study becomes training data) and the table and markers take no changes until it is reopened.
 */
export function ReviewControl({ study, unsaved }: { study: Study; unsaved: number }) {
  const { t, language } = useI18n();
  const review = useReview(String(study.id));
  const reviewed = study.reviewed_at != null;
  return (
    <div className="review-control" role="group" aria-label={t("review.title")}>
      {reviewed ? (
        <>
          <span className="status status-done reviewed" data-testid="reviewed">
            {t("review.done", { reader: study.reviewed_by ?? "—", date: formatDateTime(study.reviewed_at, language) })}
          </span>{" "}
          <button onClick={() => review.reopen.mutate()} disabled={review.busy}>
            {t("review.reopen")}
          </button>
        </>
      ) : (
        <button
          onClick={() => review.mark.mutate()}
          disabled={review.busy || unsaved > 0}
          title={unsaved > 0 ? t("review.waitForSaves") : t("review.explain")}
        >
          {t("review.mark")}
        </button>
      )}
      {review.error ? (
        <span className="error" role="alert">
          {describeError(review.error, t)}
        </span>
      ) : null}
    </div>
  );
}
