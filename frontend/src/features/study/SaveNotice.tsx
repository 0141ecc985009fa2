import { useEffect, useState } from "react";
import { useI18n } from "@/features/i18n";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import type { Refusal } from "@/lib/outbox";
import type { Change } from "./changes";
import { jointLabel } from "./scheme";

/** How a grade cell or marker with an unsaved change is shown. */
export type SaveState = { state: "saving" } | { state: "waiting" } | { state: "refused"; error: unknown };

/** "All changes saved" stays this long after the last waiting change went through. */
const SAVED_NOTE_MS = 10_000;

export interface SaveNoticeProps {
  queued: number;
  waiting: boolean;
  onTryNow: () => void;
  /** When the study on screen was loaded, if the last refresh failed. */
  refreshFailedAt: number | null;
}

/**
 * Tells the truth about the reader's changes and the study on screen: how many wait for the
 * server (saved by themselves when it answers), that all are saved once they are, and that a
 * refresh failed, without taking the study off the screen.
 */
export function SaveNotice({ queued, waiting, onTryNow, refreshFailedAt }: SaveNoticeProps) {
  const { t, language } = useI18n();
  // "saved" only after changes had to wait: a quick save needs no news
  const [phase, setPhase] = useState<"idle" | "waited" | "saved">("idle");
  if (waiting && queued > 0 && phase !== "waited") setPhase("waited");
  if (queued === 0 && phase === "waited") setPhase("saved");
  useEffect(() => {
    if (phase !== "saved") return;
    const timer = window.setTimeout(() => setPhase("idle"), SAVED_NOTE_MS);
    return () => window.clearTimeout(timer);
  }, [phase]);

  const lines: string[] = [];
  if (waiting && queued > 0)
    lines.push(queued === 1 ? t("save.waitingOne") : t("save.waitingMany", { count: queued }));
  else if (queued === 0 && phase === "saved") lines.push(t("save.allSaved"));
  if (refreshFailedAt !== null)
    lines.push(t("save.refreshFailed", { time: formatDateTime(new Date(refreshFailedAt).toISOString(), language) }));
  if (lines.length === 0) return null;
  return (
    <p className={`save-notice${waiting && queued > 0 ? " waiting" : ""}`} role="status" data-testid="save-notice">
      {lines.join(" ")}
      {waiting && queued > 0 && (
        <button type="button" className="link" onClick={onTryNow}>
          {t("save.tryNow")}
        </button>
      )}
    </p>
  );
}

/** Moves and resets the service refused, with its reason; refused grades show in their cells. */
export function RefusedChanges({
  refused,
  onDismiss,
}: {
  refused: readonly Refusal<Change>[];
  onDismiss: (id: number) => void;
}) {
  const { t, language } = useI18n();
  const shown = refused.filter((r) => r.change.kind !== "grade");
  if (shown.length === 0) return null;
  return (
    <ul className="refused-changes" data-testid="refused-changes">
      {shown.map(({ id, change, error }) => {
        const reason = describeError(error, t);
        const text =
          change.kind === "move"
            ? t("save.moveRefused", { joint: jointLabel(change.joint, language), side: t(`side.${change.side}`), reason })
            : t("save.resetRefused", { reason });
        return (
          <li key={id} className="error banner-error" role="alert">
            {text}
            <button type="button" className="link" aria-label={t("save.dismiss")} onClick={() => onDismiss(id)}>
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
