import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useI18n } from "@/features/i18n";
import { api, type Study } from "@/lib/api";
import { formatDate } from "@/lib/dates";
import { otherVisits, visitDay } from "./comparison";

/** The most studies one patient code brings back: the worklist's largest page. */
const PATIENT_STUDIES = 200;

/** "Compare with …": the patient's other analysed visits of a hand this film has. */
export function OtherVisits({ study }: { study: Study }) {
  const { t, language } = useI18n();
  const code = study.patient_code;
  const candidates = useQuery({
    queryKey: ["studies", "patient", code],
    queryFn: () => api.studies({ offset: 0, limit: PATIENT_STUDIES, patientCode: code ?? "" }),
    enabled: Boolean(code),
  });
  const visits = otherVisits(study, candidates.data?.items ?? []);
  if (!visits.length) return null;
  return (
    <nav className="other-visits" aria-label={t("compare.with")} data-testid="compare-links">
      <span className="muted">{t("compare.with")}:</span>
      {visits.map(({ study: other, sides, href }) => (
        <Link key={other.id} to={href}>
          {t("compare.withVisit", { date: formatDate(visitDay(other), language) })}
          {sides.length === 1 && ` (${t(`compare.hand.${sides[0]}`)})`}
        </Link>
      ))}
    </nav>
  );
}
