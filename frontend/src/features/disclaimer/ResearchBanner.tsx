import { useI18n } from "@/features/i18n";

/** The notice that stays on every page, signed in or not: the page's banner landmark. */
export function ResearchBanner() {
  const { t } = useI18n();
  return (
    <header className="research-banner" data-testid="research-banner">
      {t("banner.researchOnly")}
    </header>
  );
}
