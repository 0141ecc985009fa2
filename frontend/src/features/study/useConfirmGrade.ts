import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type GradeKind, type JointCode, type Side, type Study } from "@/lib/api";
import { historyKey, studyKey } from "./useStudy";

/** Confirms a grade as the model gave it: the cell shows it at once, the history follows. */
export function useConfirmGrade(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ side, joint, kind }: { side: Side; joint: JointCode; kind: GradeKind }) =>
      api.confirmGrade(id, side, joint, kind),
    onSuccess: (saved) => {
      queryClient.setQueryData<Study>(studyKey(id), (study) =>
        study && {
          ...study,
          joints: study.joints.map((j) => (j.side === saved.side && j.joint === saved.joint ? saved : j)),
        },
      );
      void queryClient.invalidateQueries({ queryKey: historyKey(id) });
    },
  });
}
