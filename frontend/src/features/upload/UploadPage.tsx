import { useRef, useState, type DragEvent } from "react";
import { Link } from "react-router";
import { useI18n } from "@/features/i18n";
import type { Sex, Side } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { useSessionState } from "@/lib/useSessionState";
import { ArchiveOutcome } from "./ArchiveOutcome";
import { ACCEPT_ATTRIBUTE, displayName, type Rejection } from "./files";
import { FileFields } from "./FileFields";
import { fieldsOf, useUploadQueue, type UploadItem } from "./useUploadQueue";

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function UploadPage() {
  const { t } = useI18n();
  const queue = useUploadQueue();
  const [patientCode, setPatientCode] = useSessionState("rasharp.upload.patient-code", "");
  const [side, setSide] = useSessionState<Side | "auto">("rasharp.upload.side", "auto");
  const [birthYear, setBirthYear] = useSessionState("rasharp.upload.birth-year", "");
  const [sex, setSex] = useSessionState<Sex | "">("rasharp.upload.sex", "");
  const [visitDate, setVisitDate] = useSessionState("rasharp.upload.visit-date", "");
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const folderPicker = useRef<HTMLInputElement | null>(null);
  const fields = { patientCode, birthYear, sex, side, visitDate };
  const ready = queue.items.filter((item) => item.state === "ready").length;
  const busy = queue.items.some((item) => item.state === "uploading");

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    queue.add(event.dataTransfer.files);
  };

  const why = (rejection: Rejection, name: string): string =>
    ({
      type: t("upload.rejectedType", { name }),
      empty: t("upload.rejectedEmpty", { name }),
      hidden: t("upload.rejectedHidden", { name }),
      dicomdir: t("upload.rejectedDicomdir", { name }),
    })[rejection];

  /** Why a file was refused or could not be sent (an error); null for the others. */
  const message = (item: UploadItem): string | null => {
    if (item.state === "skipped") return null;
    if (item.rejection) return why(item.rejection, item.file.name);
    if (item.error) return describeError(item.error, t);
    return null;
  };

  return (
    <main className="page upload-page">
      <header className="page-header">
        <h1>{t("upload.title")}</h1>
      </header>
      <section className="card upload-card">
        <div
          className={`dropzone${dragging ? " dragging" : ""}`}
          data-testid="dropzone"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p className="dropzone-title">{t("upload.drop")}</p>
          <p className="muted">{t("upload.or")}</p>
          <button type="button" onClick={() => picker.current?.click()}>
            {t("upload.choose")}
          </button>
          <input
            ref={picker}
            className="visually-hidden"
            type="file"
            multiple
            accept={ACCEPT_ATTRIBUTE}
            data-testid="file-input"
            aria-label={t("upload.choose")}
            onChange={(event) => {
              if (event.target.files) queue.add(event.target.files);
              event.target.value = "";
            }}
          />
          <button type="button" onClick={() => folderPicker.current?.click()}>
            {t("upload.chooseFolder")}
          </button>
          <input
            ref={(input) => {
              folderPicker.current = input;
              input?.setAttribute("webkitdirectory", ""); // every file of the folder, and of its folders
            }}
            className="visually-hidden"
            type="file"
            multiple
            data-testid="folder-input"
            aria-label={t("upload.chooseFolder")}
            onChange={(event) => {
              if (event.target.files) queue.add(event.target.files, true);
              event.target.value = "";
            }}
          />
          <p className="muted small">{t("upload.accepted")}</p>
        </div>

        <h2 className="upload-defaults">{t("upload.defaults")}</h2>
        <div className="upload-fields">
          <div className="field">
            <label htmlFor="patient-code">{t("upload.patientCode")}</label>
            <input
              id="patient-code"
              name="patient_code"
              value={patientCode}
              maxLength={64}
              placeholder="RA-0001"
              aria-describedby="patient-code-hint"
              onChange={(event) => setPatientCode(event.target.value)}
            />
            <small id="patient-code-hint" className="muted">
              {t("upload.patientCodeHint")}
            </small>
          </div>
          <label className="field narrow">
            <span>{t("upload.birthYear")}</span>
            <input
              name="birth_year"
              inputMode="numeric"
              pattern="[0-9]{4}"
              maxLength={4}
              placeholder="1961"
              value={birthYear}
              onChange={(event) => setBirthYear(event.target.value.replace(/\D/g, ""))}
            />
          </label>
          <label className="field narrow">
            <span>{t("upload.sex")}</span>
            <select value={sex} onChange={(event) => setSex(event.target.value as Sex | "")}>
              <option value="">—</option>
              <option value="F">{t("upload.sexF")}</option>
              <option value="M">{t("upload.sexM")}</option>
              <option value="X">{t("upload.sexX")}</option>
            </select>
          </label>
          <label className="field">
            <span>{t("upload.side")}</span>
            <select value={side} onChange={(event) => setSide(event.target.value as Side | "auto")}>
              <option value="auto">{t("upload.sideAuto")}</option>
              <option value="right">{t("upload.sideRight")}</option>
              <option value="left">{t("upload.sideLeft")}</option>
            </select>
          </label>
          <label className="field narrow">
            <span>{t("upload.visitDate")}</span>
            <input type="date" name="visit_date" value={visitDate} onChange={(event) => setVisitDate(event.target.value)} />
          </label>
        </div>

        {queue.items.length > 0 && (
          <ul className="upload-list" aria-label={t("upload.title")}>
            {queue.items.map((item) => (
              <li key={item.key} className={`upload-item upload-${item.state}`} data-testid="upload-item">
                <div className="upload-item-head">
                  <span className="filename">{displayName(item.file)}</span>
                  <span className="muted small">{formatSize(item.file.size)}</span>
                  <div className="spacer" />
                  {item.state === "done" && item.studyId && !item.archive && (
                    <Link to={`/studies/${item.studyId}`}>{t("upload.open")}</Link>
                  )}
                  {item.state === "failed" && (
                    <button onClick={() => void queue.start(fields, item.key)}>{t("upload.retry")}</button>
                  )}
                  {item.state !== "uploading" && (
                    <button className="link" onClick={() => queue.remove(item.key)}>
                      {t("upload.remove")}
                    </button>
                  )}
                </div>
                {(item.state === "ready" || item.state === "failed") && (
                  <FileFields
                    fileName={displayName(item.file)}
                    fields={fieldsOf(item, fields)}
                    own={item.overrides}
                    onChange={(field, value) => queue.override(item.key, field, value)}
                  />
                )}
                <progress
                  max={1}
                  value={item.progress}
                  aria-label={displayName(item.file)}
                  className={item.state === "rejected" || item.state === "failed" ? "bad" : ""}
                />
                <div className="small" role={message(item) ? "alert" : undefined}>
                  {item.state === "ready" && <span className="muted">{t("upload.waiting")}</span>}
                  {item.state === "uploading" && (
                    <span>{t("upload.uploading", { percent: Math.round(item.progress * 100) })}</span>
                  )}
                  {item.state === "done" && !item.archive && <span className="ok">{t("upload.done")}</span>}
                  {item.state === "skipped" && item.rejection && (
                    <span className="muted">{t("upload.skipped", { reason: why(item.rejection, displayName(item.file)) })}</span>
                  )}
                  {message(item) && <span className="error">{message(item)}</span>}
                </div>
                {item.archive && <ArchiveOutcome result={item.archive} />}
              </li>
            ))}
          </ul>
        )}

        <div className="upload-actions">
          <button className="link" onClick={queue.clearFinished} disabled={busy}>
            {t("upload.clear")}
          </button>
          <button className="primary" disabled={ready === 0 || busy} onClick={() => void queue.start(fields)}>
            {ready > 0 ? t("upload.start", { count: ready }) : t("upload.startNone")}
          </button>
        </div>
      </section>
    </main>
  );
}
