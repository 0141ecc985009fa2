import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { StatusBadge } from "@/components/StatusBadge";
import { useI18n } from "@/features/i18n";
import { api, type FolderImport, type ImportedFile } from "@/lib/api";
import { describeError, translateServerMessage } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import { isActive, percentDone, secondsLeft } from "./progress";

const IMPORTS_KEY = ["folder-imports"] as const;
const POLL_MS = 1000;

/** Administrators import a folder of the server: one study per film, onto the worklist. */
export function FolderImportPage() {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [folder, setFolder] = useState("");
  const [shown, setShown] = useState<number | null>(null);
  const imports = useQuery({
    queryKey: IMPORTS_KEY,
    queryFn: api.folderImports,
    refetchInterval: (query) => (query.state.data?.some(isActive) ? POLL_MS : false),
  });
  const start = useMutation({
    mutationFn: (name: string) => api.startFolderImport(name),
    onSuccess: (job) => {
      setShown(job.id);
      void queryClient.invalidateQueries({ queryKey: IMPORTS_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (folder.trim()) start.mutate(folder.trim());
  };

  return (
    <main className="page folder-import-page">
      <header className="page-header">
        <h1>{t("folderImport.title")}</h1>
      </header>
      <p className="muted">{t("folderImport.explain")}</p>
      <form className="inline-form" aria-label={t("folderImport.new")} onSubmit={submit}>
        <label>
          {t("folderImport.folder")}{" "}
          <input
            value={folder}
            maxLength={1000}
            required
            placeholder="trial/site1"
            onChange={(event) => setFolder(event.target.value)}
          />
        </label>{" "}
        <button type="submit" disabled={start.isPending || !folder.trim()}>
          {t("folderImport.start")}
        </button>
        {start.isError && (
          <span className="error" role="alert">
            {" "}
            {describeError(start.error, t)}
          </span>
        )}
      </form>
      {imports.error ? (
        <p className="error" role="alert">
          {describeError(imports.error, t)}
        </p>
      ) : null}
      {imports.data && imports.data.length === 0 && <p className="muted">{t("folderImport.none")}</p>}
      {imports.data && imports.data.length > 0 && (
        <table data-testid="folder-imports">
          <thead>
            <tr>
              <th scope="col">{t("folderImport.folder")}</th>
              <th scope="col">{t("folderImport.when")}</th>
              <th scope="col">{t("folderImport.status")}</th>
              <th scope="col">{t("folderImport.progress")}</th>
              <th scope="col">{t("folderImport.created")}</th>
              <th scope="col">{t("folderImport.skipped")}</th>
              <th scope="col">{t("folderImport.failed")}</th>
              <th scope="col">{t("folderImport.speed")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("folderImport.details")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {imports.data.map((job) => (
              <tr key={job.id} aria-selected={job.id === shown}>
                <td>
                  <code>{job.folder}</code>
                </td>
                <td>{formatDateTime(job.created_at, language)}</td>
                <td>
                  <StatusBadge status={statusKey(job)} label={t(`status.${statusKey(job)}`)} />
                </td>
                <td>{progressText(job, t)}</td>
                <td>{job.created}</td>
                <td>{job.skipped}</td>
                <td>{job.failed}</td>
                <td>{job.films_per_second ? t("folderImport.perSecond", { rate: job.films_per_second }) : "–"}</td>
                <td>
                  <button type="button" className="link" onClick={() => setShown(job.id)}>
                    {t("folderImport.details")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown !== null && <ImportDetail importId={shown} />}
    </main>
  );
}

type Translate = ReturnType<typeof useI18n>["t"];

function statusKey(job: FolderImport): "queued" | "running" | "done" | "failed" {
  return job.status === "queued" || job.status === "running" || job.status === "done" ? job.status : "failed";
}

function progressText(job: FolderImport, t: Translate): string {
  const percent = percentDone(job);
  if (percent === null) return t("folderImport.walking");
  const left = secondsLeft(job);
  const done = t("folderImport.doneOf", { done: job.files_done, found: job.files_found ?? 0, percent });
  return left === null ? done : `${done} ${t("folderImport.left", { seconds: left })}`;
}

/** One import: its counts, the files that failed and those skipped, each saying why. */
function ImportDetail({ importId }: { importId: number }) {
  const { t } = useI18n();
  const detail = useQuery({
    queryKey: [...IMPORTS_KEY, importId],
    queryFn: () => api.folderImport(importId),
    refetchInterval: (query) => (query.state.data && !isActive(query.state.data) ? false : POLL_MS),
  });
  if (detail.error) {
    return (
      <p className="error" role="alert">
        {describeError(detail.error, t)}
      </p>
    );
  }
  const job = detail.data;
  if (!job) return null;
  const said = (file: ImportedFile) =>
    file.message
      ? (translateServerMessage({ code: file.message.code, params: file.message.params ?? {} }, t) ?? file.message.detail)
      : "";
  return (
    <section className="folder-import-detail" aria-label={t("folderImport.detailOf", { folder: job.folder })}>
      <h2>{t("folderImport.detailOf", { folder: job.folder })}</h2>
      <p role="status">
        {isActive(job)
          ? progressText(job, t)
          : t("folderImport.summary", { created: job.created, skipped: job.skipped, failed: job.failed })}
        {job.error ? ` ${t("folderImport.error", { error: job.error })}` : ""}
      </p>
      {job.created > 0 && (
        <p>
          <Link to="/">{t("folderImport.toWorklist")}</Link>
        </p>
      )}
      {job.failures.length > 0 && (
        <>
          <h3>{t("folderImport.failures")}</h3>
          <ul aria-label={t("folderImport.failures")}>
            {job.failures.map((file) => (
              <li key={file.path}>
                <code>{file.path}</code>: {said(file)}
              </li>
            ))}
          </ul>
        </>
      )}
      {job.skipped_files.length > 0 && (
        <details>
          <summary>{t("folderImport.skippedFiles", { count: job.skipped })}</summary>
          <ul>
            {job.skipped_files.map((file) => (
              <li key={file.path}>
                <code>{file.path}</code>: {said(file)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
