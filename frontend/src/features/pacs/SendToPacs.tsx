import { useState } from "react";
import { useI18n } from "@/features/i18n";
import { describeError } from "@/lib/api-error";
import type { PacsDocument } from "@/lib/api";
import { usePacsEndpoints, useSendToPacs } from "./usePacs";

/** Administrators: the study's grades (structured report) and its marked film into a PACS. */
export function SendToPacs({ studyId }: { studyId: number }) {
  const { t } = useI18n();
  const endpoints = usePacsEndpoints();
  const send = useSendToPacs();
  const [endpointId, setEndpointId] = useState(0);
  const [documents, setDocuments] = useState<Record<PacsDocument, boolean>>({ sr: true, sc: true });
  if (!endpoints.data || endpoints.data.length === 0) return null;
  const selected = endpoints.data.some((e) => e.id === endpointId) ? endpointId : endpoints.data[0].id;
  const chosen = (Object.keys(documents) as PacsDocument[]).filter((d) => documents[d]);

  return (
    <section className="pacs-send page" aria-labelledby="pacs-send-title">
      <h2 id="pacs-send-title">{t("pacs.sendTitle")}</h2>
      <p className="muted small">{t("pacs.sendHint")}</p>
      <label>
        {t("pacs.connection")}{" "}
        <select value={selected} onChange={(e) => setEndpointId(Number(e.target.value))}>
          {endpoints.data.map((endpoint) => (
            <option key={endpoint.id} value={endpoint.id}>
              {endpoint.name}
            </option>
          ))}
        </select>
      </label>{" "}
      {(["sr", "sc"] as const).map((document) => (
        <label key={document}>
          <input
            type="checkbox"
            checked={documents[document]}
            onChange={(e) => setDocuments((current) => ({ ...current, [document]: e.target.checked }))}
          />{" "}
          {t(`pacs.document.${document}`)}
        </label>
      ))}{" "}
      <button
        className="button primary"
        type="button"
        disabled={chosen.length === 0 || send.isPending}
        onClick={() => send.mutate({ endpointId: selected, studyId, documents: chosen })}
      >
        {send.isPending ? t("pacs.sending") : t("pacs.send")}
      </button>
      {send.isError && (
        <p className="error" role="alert">
          {describeError(send.error, t)}
        </p>
      )}
      {send.data && (
        <p className="notice" role="status">
          {send.data.reidentified ? t("pacs.sentToPatient") : t("pacs.sentDeidentified")}
        </p>
      )}
    </section>
  );
}
