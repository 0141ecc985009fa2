import { useId } from "react";
import { Link } from "react-router";
import { useI18n } from "@/features/i18n";
import type { ArchiveAccepted, ArchiveMember } from "@/lib/api";
import { translateServerMessage } from "@/lib/api-error";

interface Group {
  dicomStudy: number | null;
  members: ArchiveMember[];
}

/** The archive's files by DICOM study, in the order the archive had them; the rest at the end. */
function byDicomStudy(members: ArchiveMember[]): Group[] {
  const groups = new Map<number | null, ArchiveMember[]>();
  for (const member of members) {
    const study = member.dicom_study ?? null;
    groups.set(study, [...(groups.get(study) ?? []), member]);
  }
  return [...groups.entries()]
    .map(([dicomStudy, grouped]) => ({ dicomStudy, members: grouped }))
    .sort((a, b) => (a.dicomStudy ?? Infinity) - (b.dicomStudy ?? Infinity));
}

/** What became of every file of an uploaded archive: the study made of it, or why not. */
export function ArchiveOutcome({ result }: { result: ArchiveAccepted }) {
  const { t } = useI18n();
  const headingId = useId();
  const said = ({ message }: ArchiveMember) =>
    message ? (translateServerMessage({ code: message.code, params: message.params ?? {} }, t) ?? message.detail) : null;
  return (
    <div className="archive-outcome" data-testid="archive-outcome">
      <p className="small">
        {t("upload.archiveSummary", { created: result.created, skipped: result.skipped, refused: result.refused })}
      </p>
      {byDicomStudy(result.members).map((group) => {
        const film = group.members.find((m) => m.outcome === "created");
        return (
          <section
            key={group.dicomStudy ?? "other"}
            className="archive-group"
            aria-labelledby={`${headingId}-${group.dicomStudy ?? "other"}`}
          >
            <h3 className="small" id={`${headingId}-${group.dicomStudy ?? "other"}`}>
              {group.dicomStudy === null
                ? t("upload.archiveOtherFiles")
                : t("upload.archiveDicomStudy", { number: group.dicomStudy })}
              {film?.patient_code && <span className="muted"> · {t("study.patient", { code: film.patient_code })}</span>}
              {film?.visit_date && <span className="muted"> · {film.visit_date}</span>}
            </h3>
            <ul className="archive-members">
              {group.members.map((member, index) => (
                // an archive may hold two files of one name
                <li key={`${index}:${member.name}`} className={`archive-${member.outcome}`} data-testid="archive-member">
                  <span className="filename">{member.name}</span>{" "}
                  {member.dicom_series != null && (
                    <span className="muted small">{t("upload.archiveSeries", { number: member.dicom_series })} </span>
                  )}
                  <span className={member.outcome === "refused" ? "error" : member.outcome === "created" ? "ok" : "muted"}>
                    {t(`upload.archive.${member.outcome}`)}
                  </span>
                  {member.study_id != null && (
                    <>
                      {" "}
                      <Link to={`/studies/${member.study_id}`}>{t("upload.open")}</Link>
                    </>
                  )}
                  {said(member) && (
                    <div className={`small ${member.outcome === "refused" ? "error" : "muted"}`}>{said(member)}</div>
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
