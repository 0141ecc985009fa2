import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type PixelSpacingChange, type Study } from "@/lib/api";
import { historyKey, studyKey } from "./useStudy";

/** Sets or clears the reader's pixel spacing; the answer is the study with its widths in mm. */
export function useCalibration(id: string) {
  const queryClient = useQueryClient();
  const done = (study: Study) => {
    queryClient.setQueryData<Study>(studyKey(id), study);
    void queryClient.invalidateQueries({ queryKey: historyKey(id) });
  };
  const set = useMutation({
    mutationFn: (change: PixelSpacingChange) => api.setPixelSpacing(id, change),
    onSuccess: done,
  });
  const clear = useMutation({ mutationFn: () => api.clearPixelSpacing(id), onSuccess: done });
  return { set, clear };
}
