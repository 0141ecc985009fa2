import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useI18n } from "@/features/i18n";
import { describeError, translateServerMessage } from "@/lib/api-error";
import type { PacsEndpoint, PacsSearch } from "@/lib/api";
import { useImportProgress, useSearchPacs, useStartImport } from "./usePacs";

type Modality = "" | "CR" | "DX";

/** Search a PACS for hand radiographs, choose studies, and retrieve them into analysis. */
export function SearchPanel({ endpoints }: { endpoints: PacsEndpoint[] }) {
  const { t } = useI18n();
  const [endpointId, setEndpointId] = useState<number>(endpoints[0]?.id ?? 0);
  const [patientId, setPatientId] = useState("");
  const [patientName, setPatientName] = useState("");
  const [dateFrom, setDateFrom] = useState("");
  const [dateTo, setDateTo] = useState("");
  const [modality, setModality] = useState<Modality>("");
  const [handsOnly, setHandsOnly] = useState(true);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [importId, setImportId] = useState<number | null>(null);
  const search = useSearchPacs();
  const start = useStartImport();
  const progress = useImportProgress(importId);
  const selected = endpoints.some((e) => e.id === endpointId) ? endpointId : (endpoints[0]?.id ?? 0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChosen(new Set());
    const query: PacsSearch = {
      patient_id: patientId.trim() || null,
      patient_name: patientName.trim() || null,
      date_from: dateFrom || null,
      date_to: dateTo || null,
      modality: modality || null,
      body_part: handsOnly ? "HAND" : null,
    };
    search.mutate({ endpointId: selected, search: query });
  };

  const toggle = (uid: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(uid)) next.delete(uid);
      else next.add(uid);
      return next;
    });

  const retrieve = () =>
    start.mutate({ endpointId: selected, studyUids: [...chosen] }, { onSuccess: (job) => setImportId(job.id) });

  const job = progress.data;
  return (
    <section className="pacs-search" aria-labelledby="pacs-search-title">
      <h2 id="pacs-search-title">{t("pacs.search")}</h2>
      <form className="new-account" onSubmit={submit}>
        <label>
          {t("pacs.connection")}
          <select value={selected} onChange={(e) => setEndpointId(Number(e.target.value))}>
            {endpoints.map((endpoint) => (
              <option key={endpoint.id} value={endpoint.id}>
                {endpoint.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("pacs.patientId")}
          <input value={patientId} onChange={(e) => setPatientId(e.target.value)} autoComplete="off" />
        </label>
        <label>
          {t("pacs.patientName")}
          <input value={patientName} onChange={(e) => setPatientName(e.target.value)} autoComplete="off" />
        </label>
        <label>
          {t("pacs.dateFrom")}
          <input type="date" value={dateFrom} onChange={(e) => setDateFrom(e.target.value)} />
        </label>
        <label>
          {t("pacs.dateTo")}
          <input type="date" value={dateTo} onChange={(e) => setDateTo(e.target.value)} />
        </label>
        <label>
          {t("pacs.modality")}
          <select value={modality} onChange={(e) => setModality(e.target.value as Modality)}>
            <option value="">{t("pacs.modalityAny")}</option>
            <option value="CR">CR</option>
            <option value="DX">DX</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={handsOnly} onChange={(e) => setHandsOnly(e.target.checked)} />{" "}
          {t("pacs.handsOnly")}
        </label>
        <button className="button primary" type="submit" disabled={search.isPending}>
          {t("pacs.searchButton")}
        </button>
      </form>
      {search.isError && (
        <p className="error" role="alert">
          {describeError(search.error, t)}
        </p>
      )}
      {search.data && search.data.length === 0 && <p className="muted">{t("pacs.nothingFound")}</p>}
      {search.data && search.data.length > 0 && (
        <>
          <table className="accounts" data-testid="pacs-results">
            <thead>
              <tr>
                <th scope="col">{t("pacs.choose")}</th>
                <th scope="col">{t("pacs.patientId")}</th>
                <th scope="col">{t("pacs.patientName")}</th>
                <th scope="col">{t("pacs.studyDate")}</th>
                <th scope="col">{t("pacs.modality")}</th>
                <th scope="col">{t("pacs.description")}</th>
                <th scope="col">{t("pacs.images")}</th>
              </tr>
            </thead>
            <tbody>
              {search.data.map((study) => (
                <tr key={study.study_uid}>
                  <td>
                    <input
                      type="checkbox"
                      checked={chosen.has(study.study_uid)}
                      onChange={() => toggle(study.study_uid)}
                      aria-label={t("pacs.chooseStudy", { date: study.study_date ?? "?", patient: study.patient_id })}
                    />
                  </td>
                  <td>{study.patient_id}</td>
                  <td>{study.patient_name.replaceAll("^", " ")}</td>
                  <td>{study.study_date ?? "–"}</td>
                  <td>{study.modalities.join(", ")}</td>
                  <td>{study.description}</td>
                  <td>{study.instances ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t("pacs.importHint")}</p>
          <button className="button primary" type="button" onClick={retrieve} disabled={chosen.size === 0 || start.isPending}>
            {t("pacs.retrieve", { count: chosen.size })}
          </button>
        </>
      )}
      {start.isError && (
        <p className="error" role="alert">
          {describeError(start.error, t)}
        </p>
      )}
      {job && (
        <div className="pacs-progress" role="status" data-testid="pacs-progress">
          <p>
            {job.status === "done"
              ? t("pacs.importDone", { done: job.imported_study_ids.length, total: job.instances_total })
              : job.status === "failed"
                ? t("pacs.importFailed", { error: job.error ?? "" })
                : t("pacs.importRunning", { done: job.instances_done, total: job.instances_total })}
          </p>
          <progress max={Math.max(job.instances_total, 1)} value={job.instances_done} />
          {job.imported_study_ids.length > 0 && (
            <ul>
              {job.imported_study_ids.map((id) => (
                <li key={id}>
                  <Link to={`/studies/${id}`}>{t("pacs.openStudy", { id })}</Link>
                </li>
              ))}
            </ul>
          )}
          {job.failures.length > 0 && (
            <ul className="error">
              {job.failures.map((failure, index) => (
                <li key={index}>{translateServerMessage({ ...failure, params: failure.params ?? {} }, t) ?? failure.detail}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
