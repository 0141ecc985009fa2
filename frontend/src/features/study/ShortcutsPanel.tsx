import { useI18n, type MessageKey } from "@/features/i18n";
import { GRADE_KINDS } from "@/lib/scheme";
import { gradeRange } from "./scheme";

const span = ({ minimum, maximum }: { minimum: number; maximum: number }) => `${minimum}–${maximum}`;

/** The score table's keys, shown with `?`. */
export function ShortcutsPanel() {
  const { t } = useI18n();
  const ranges = GRADE_KINDS.map(gradeRange);
  const digits = span({
    minimum: Math.min(...ranges.map((r) => r.minimum)),
    maximum: Math.max(...ranges.map((r) => r.maximum)),
  });
  const keys: [string, MessageKey, Record<string, string>?][] = [
    ["↑ ↓ ← →  Tab  Shift+Tab", "grid.keyMove"],
    ["Home / End", "grid.keyRow"],
    [digits, "grid.keyDigit", { erosion: span(gradeRange("erosion")), jsn: span(gradeRange("jsn")) }],
    ["Enter", "grid.keyEnter"],
    ["n", "grid.keyNext"],
    ["u", "grid.keyUncertain"],
    [`${t("grid.keySpace")} / F2`, "grid.keyChoose"],
    ["Esc", "grid.keyUndo"],
    ["?", "grid.keyHelp"],
  ];
  return (
    <section className="shortcuts" aria-label={t("grid.shortcuts")} data-testid="shortcuts">
      <h3>{t("grid.shortcuts")}</h3>
      <dl>
        {keys.map(([key, message, values]) => (
          <div key={message}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(message, values)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
