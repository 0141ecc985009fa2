import { useI18n } from "@/features/i18n";
import { useTheme } from "@/lib/theme";

/** Light or dark; a pressed toggle so screen readers hear the state. */
export function ThemeSwitch() {
  const { t } = useI18n();
  const [theme, setTheme] = useTheme();
  const dark = theme === "dark";
  return (
    <button type="button" className="theme-switch" aria-pressed={dark} data-testid="theme-switch"
      onClick={() => setTheme(dark ? "light" : "dark")}>
      <span aria-hidden>{dark ? "☾" : "☀"}</span> {t("nav.darkTheme")}
    </button>
  );
}
