import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useI18n } from "@/features/i18n";
import { describeError } from "@/lib/api-error";
import { formatDate } from "@/lib/dates";
import type { ReadingSession } from "@/lib/api";
import { useCreateSession, useSessionChoices } from "./useSessions";

const toggled = <T,>(chosen: T[], value: T) =>
  chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value];

/** Administrators set up a session: its films, its readers and how they read. */
export function NewSessionForm() {
  const { t, language } = useI18n();
  const headingId = useId();
  const choices = useSessionChoices(true);
  const create = useCreateSession();
  const [name, setName] = useState("");
  const [studyIds, setStudyIds] = useState<string[]>([]);
  const [readerIds, setReaderIds] = useState<number[]>([]);
  const [showModelGrades, setShowModelGrades] = useState(false);
  const [order, setOrder] = useState<ReadingSession["order"]>("random");
  const [blind, setBlind] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!name.trim()) return setProblem(t("sessions.new.needName"));
    if (studyIds.length === 0) return setProblem(t("sessions.new.needStudy"));
    if (readerIds.length === 0) return setProblem(t("sessions.new.needReader"));
    create.mutate(
      {
        name: name.trim(),
        study_ids: studyIds,
        reader_ids: readerIds,
        show_model_grades: showModelGrades,
        order,
        blind_to_each_other: blind,
      },
      {
        onSuccess: () => {
          setName("");
          setStudyIds([]);
          setReaderIds([]);
        },
      },
    );
  };

  return (
    <form className="panel new-session" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId}>{t("sessions.new.title")}</h2>
      <label className="field">
        <span>{t("sessions.new.name")}</span>
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      {choices.error && (
        <p className="error" role="alert">
          {describeError(choices.error, t)}
        </p>
      )}
      <fieldset>
        <legend>{t("sessions.new.studies")}</legend>
        {choices.studies?.length === 0 && <p className="muted">{t("sessions.new.noStudies")}</p>}
        <ul className="choices" data-testid="study-choices">
          {choices.studies?.map((study) => {
            const id = String(study.id);
            const words = [
              study.patient_code || t("worklist.noCode"),
              study.visit_date ? formatDate(study.visit_date, language) : t("sessions.new.noVisitDate"),
              study.original_name,
            ];
            return (
              <li key={id}>
                <label>
                  <input type="checkbox" checked={studyIds.includes(id)} onChange={() => setStudyIds(toggled(studyIds, id))} />{" "}
                  {words.join(" · ")}
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <fieldset>
        <legend>{t("sessions.new.readers")}</legend>
        <p className="muted small">{t("sessions.new.readersHint")}</p>
        <ul className="choices" data-testid="reader-choices">
          {choices.readers?.map((account) => (
            <li key={account.id}>
              <label>
                <input
                  type="checkbox"
                  checked={readerIds.includes(account.id)}
                  onChange={() => setReaderIds(toggled(readerIds, account.id))}
                />{" "}
                {account.username}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>{t("sessions.new.options")}</legend>
        <label className="option">
          <input type="checkbox" checked={showModelGrades} onChange={(event) => setShowModelGrades(event.target.checked)} />{" "}
          {t("sessions.new.showModel")}
        </label>
        <label className="option">
          <input type="checkbox" checked={blind} onChange={(event) => setBlind(event.target.checked)} />{" "}
          {t("sessions.new.blind")}
        </label>
        {(["random", "chronological"] as const).map((choice) => (
          <label key={choice} className="option">
            <input type="radio" name="order" checked={order === choice} onChange={() => setOrder(choice)} />{" "}
            {t(`sessions.new.order.${choice}`)}
          </label>
        ))}
      </fieldset>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {create.isError && (
        <p className="error" role="alert">
          {describeError(create.error, t)}
        </p>
      )}
      {create.isSuccess && (
        <p role="status">
          {t("sessions.new.created", { name: create.data.name })}{" "}
          <Link to={`/sessions/${create.data.id}`}>{t("sessions.manage")}</Link>
        </p>
      )}
      <button type="submit" className="primary" disabled={create.isPending}>
        {t("sessions.new.create")}
      </button>
    </form>
  );
}
