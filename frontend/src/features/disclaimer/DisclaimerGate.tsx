import { useState, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useI18n } from "@/features/i18n";
import { api } from "@/lib/api";
import { describeError } from "@/lib/api-error";

const DISCLAIMER_KEY = ["disclaimer"] as const;

/**
 * Nothing behind the gate is shown until the user has accepted the current disclaimer
 * version; the service keeps the acceptance, so this is asked once per version. The text is
 * shown, and accepted, in the reader's language.
 */
export function DisclaimerGate({ children }: { children: ReactNode }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [confirmed, setConfirmed] = useState(false);
  const disclaimer = useQuery({
    queryKey: [...DISCLAIMER_KEY, language],
    queryFn: () => api.disclaimer(language),
    staleTime: 300_000,
  });
  const accept = useMutation({
    mutationFn: ({ version }: { version: string }) => api.acceptDisclaimer(version, language),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: DISCLAIMER_KEY }),
  });

  if (disclaimer.isPending) return <p className="page-status">…</p>;
  // A failed refresh keeps the page: only a first load that failed has nothing to show.
  if (disclaimer.data === undefined)
    return (
      <p className="page-status error" role="alert">
        {describeError(disclaimer.error, t)}{" "}
        <button onClick={() => void disclaimer.refetch()}>{t("table.retry")}</button>
      </p>
    );
  if (disclaimer.data.accepted) return <>{children}</>;

  const { version, text } = disclaimer.data;
  return (
    <main className="disclaimer-page">
      <section className="card disclaimer-card" aria-labelledby="disclaimer-title" lang={disclaimer.data.language}>
        <h1 id="disclaimer-title">{t("disclaimer.title")}</h1>
        <p className="muted">{t("disclaimer.version", { version })}</p>
        <div className="disclaimer-text" data-testid="disclaimer-text">
          {text.split(/\n{2,}/).map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={confirmed}
            onChange={(event) => setConfirmed(event.target.checked)}
          />
          {t("disclaimer.confirm")}
        </label>
        {accept.isError && (
          <p className="error" role="alert">
            {describeError(accept.error, t)}
          </p>
        )}
        <button
          className="primary"
          disabled={!confirmed || accept.isPending}
          onClick={() => accept.mutate({ version })}
        >
          {accept.isPending ? t("disclaimer.accepting") : t("disclaimer.accept")}
        </button>
      </section>
    </main>
  );
}
