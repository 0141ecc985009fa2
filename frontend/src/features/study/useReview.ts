import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Study } from "@/lib/api";
import { historyKey, studyKey } from "./useStudy";

/** Marks the study reviewed (its grades and positions final) or reopens it. */
export function useReview(id: string) {
  const queryClient = useQueryClient();
  const done = (study: Study) => {
    queryClient.setQueryData<Study>(studyKey(id), study);
    void queryClient.invalidateQueries({ queryKey: historyKey(id) });
  };
  const mark = useMutation({ mutationFn: () => api.markReviewed(id), onSuccess: done });
  const reopen = useMutation({ mutationFn: () => api.reopen(id), onSuccess: done });
  return { mark, reopen, busy: mark.isPending || reopen.isPending, error: mark.error ?? reopen.error };
}
