import { useI18n, type MessageKey } from "@/features/i18n";
import type { JointCode, Study } from "@/lib/api";
import { jointLabel } from "./scheme";

type ScopeWarning = Study["warnings"][number];

/** Why the grades of this film, or of one hand, may not hold: said before the reader trusts them. */
export function ScopeWarnings({ warnings }: { warnings: ScopeWarning[] }) {
  const { t, language } = useI18n();
  if (warnings.length === 0) return null;

  const say = (warning: ScopeWarning) => {
    const { params } = warning;
    const values: Record<string, string | number> = {
      side: warning.side ? t(`scope.side.${warning.side}`) : "",
    };
    for (const [name, value] of Object.entries(params)) {
      if (Array.isArray(value)) values[name] = value.map((code) => jointLabel(code as JointCode, language)).join(", ");
      else if (name === "problem") values[name] = t(`scope.exposure.${value}` as MessageKey);
      else values[name] = value;
    }
    return t(`scope.${warning.code}`, values);
  };

  return (
    <section className="scope-warnings" role="note" aria-labelledby="scope-warnings-title" data-testid="scope-warnings">
      <h2 id="scope-warnings-title">{t("scope.title")}</h2>
      <ul>
        {warnings.map((warning) => (
          <li key={`${warning.code}-${warning.side ?? ""}`}>{say(warning)}</li>
        ))}
      </ul>
    </section>
  );
}
