import { useI18n } from "@/features/i18n";
import type { ReadingSession } from "@/lib/api";

/** Each reader's films read out of their queue, with a bar. */
export function ReaderProgress({ readers }: { readers: ReadingSession["readers"] }) {
  const { t } = useI18n();
  return (
    <ul className="reader-progress">
      {readers.map((reader) => (
        <li key={reader.id} data-testid="reader-progress">
          <span className="reader-name">{reader.name}</span>{" "}
          <progress value={reader.done} max={Math.max(reader.total, 1)} aria-label={reader.name} />{" "}
          <span className={reader.total > 0 && reader.done === reader.total ? "ok" : "muted"}>
            {t("sessions.readCount", { done: reader.done, total: reader.total })}
          </span>
        </li>
      ))}
    </ul>
  );
}
