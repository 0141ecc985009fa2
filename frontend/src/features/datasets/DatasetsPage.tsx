import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/features/i18n";
import { api, type DatasetSnapshot } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import { saveFile } from "@/lib/http";

const DATASETS_KEY = ["datasets"] as const;

/** Administrators freeze the team's reviewed studies as a versioned training dataset. */
export function DatasetsPage() {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const snapshots = useQuery({ queryKey: DATASETS_KEY, queryFn: api.datasets });
  const create = useMutation({
    mutationFn: (snapshotName: string) => api.createDataset(snapshotName),
    onSuccess: () => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: DATASETS_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate(name.trim());
  };
  const download = async (snapshot: DatasetSnapshot) => {
    setDownloadError(null);
    try {
      saveFile(await api.datasetZip(snapshot));
    } catch (error) {
      setDownloadError(error);
    }
  };

  return (
    <main className="page datasets-page">
      <header className="page-header">
        <h1>{t("datasets.title")}</h1>
      </header>
      <p className="muted">{t("datasets.explain")}</p>
      <form className="inline-form" aria-label={t("datasets.new")} onSubmit={submit}>
        <label>
          {t("datasets.name")}{" "}
          <input value={name} maxLength={200} required onChange={(event) => setName(event.target.value)} />
        </label>{" "}
        <button type="submit" disabled={create.isPending || !name.trim()}>
          {t("datasets.create")}
        </button>
        {create.isSuccess && (
          <span role="status"> {t("datasets.created", { version: create.data.version, films: create.data.films })}</span>
        )}
        {create.isError && (
          <span className="error" role="alert">
            {" "}
            {describeError(create.error, t)}
          </span>
        )}
      </form>
      {(snapshots.error ?? downloadError) ? (
        <p className="error" role="alert">
          {describeError(snapshots.error ?? downloadError, t)}
        </p>
      ) : null}
      {snapshots.data && snapshots.data.length === 0 && <p className="muted">{t("datasets.none")}</p>}
      {snapshots.data && snapshots.data.length > 0 && (
        <table data-testid="datasets">
          <thead>
            <tr>
              <th scope="col">{t("datasets.version")}</th>
              <th scope="col">{t("datasets.name")}</th>
              <th scope="col">{t("datasets.when")}</th>
              <th scope="col">{t("datasets.films")}</th>
              <th scope="col">{t("datasets.readers")}</th>
              <th scope="col">SHA-256</th>
              <th scope="col">{t("datasets.download")}</th>
            </tr>
          </thead>
          <tbody>
            {snapshots.data.map((snapshot) => (
              <tr key={snapshot.id}>
                <td>v{snapshot.version}</td>
                <td>{snapshot.name}</td>
                <td>{formatDateTime(snapshot.created_at, language)}</td>
                <td>{snapshot.films}</td>
                <td>{snapshot.readers}</td>
                <td>
                  <code title={snapshot.sha256}>{snapshot.sha256.slice(0, 12)}…</code>
                </td>
                <td>
                  <button type="button" onClick={() => void download(snapshot)}>
                    ZIP
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
