import { useI18n } from "@/features/i18n";
import type { Figure, GradeKind } from "./evaluation";

/** The label of one figure of one grade kind: "Erosion: Within ±1". */
export function useFigureLabel() {
  const { t } = useI18n();
  return (kind: GradeKind, figure: Figure): string => `${t(`training.kind.${kind}`)}: ${t(`training.figure.${figure}`)}`;
}
