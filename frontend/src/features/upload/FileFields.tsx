import { useI18n } from "@/features/i18n";
import type { Sex, Side, UploadFields } from "@/lib/api";

interface FileFieldsProps {
  fileName: string;
  fields: UploadFields;
  /** Which fields this file has of its own (the others show the batch's value). */
  own: Partial<UploadFields>;
  onChange: <F extends keyof UploadFields>(field: F, value: UploadFields[F]) => void;
}

/** One file's patient code, hand, birth year, sex and visit date, starting from the batch's. */
export function FileFields({ fileName, fields, own, onChange }: FileFieldsProps) {
  const { t } = useI18n();
  const label = (field: string) => t("upload.fieldFor", { field, file: fileName });
  const className = (field: keyof UploadFields) => (field in own ? "own" : "from-batch");
  return (
    <div className="file-fields" role="group" aria-label={t("upload.fileFields", { file: fileName })}>
      <input
        aria-label={label(t("upload.patientCodeShort"))}
        className={className("patientCode")}
        value={fields.patientCode}
        maxLength={64}
        placeholder={t("upload.patientCodeShort")}
        onChange={(event) => onChange("patientCode", event.target.value)}
      />
      <select
        aria-label={label(t("upload.side"))}
        className={className("side")}
        value={fields.side}
        onChange={(event) => onChange("side", event.target.value as Side | "auto")}
      >
        <option value="auto">{t("upload.sideAuto")}</option>
        <option value="right">{t("upload.sideRight")}</option>
        <option value="left">{t("upload.sideLeft")}</option>
      </select>
      <input
        aria-label={label(t("upload.birthYear"))}
        className={`year ${className("birthYear")}`}
        inputMode="numeric"
        maxLength={4}
        placeholder={t("upload.birthYear")}
        value={fields.birthYear}
        onChange={(event) => onChange("birthYear", event.target.value.replace(/\D/g, ""))}
      />
      <select
        aria-label={label(t("upload.sex"))}
        className={className("sex")}
        value={fields.sex}
        onChange={(event) => onChange("sex", event.target.value as Sex | "")}
      >
        <option value="">{t("upload.sex")}: —</option>
        <option value="F">{t("upload.sexF")}</option>
        <option value="M">{t("upload.sexM")}</option>
        <option value="X">{t("upload.sexX")}</option>
      </select>
      <input
        type="date"
        aria-label={label(t("upload.visitDate"))}
        className={className("visitDate")}
        value={fields.visitDate}
        onChange={(event) => onChange("visitDate", event.target.value)}
      />
    </div>
  );
}
