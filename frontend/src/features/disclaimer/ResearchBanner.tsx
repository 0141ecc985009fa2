import { useI18n } from "@/features/i18n";

/** The notice that stays on every page, signed in or not. */
export function ResearchBanner() {
  const { t } = useI18n();
  return (
    <div className="research-banner" role="note" data-testid="research-banner">
      {t("banner.researchOnly")}
    </div>
  );
}
