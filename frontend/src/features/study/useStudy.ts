import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { useStudyEvents } from "@/lib/useStudyEvents";

/** While the analysis or a re-score runs and no pushed updates come (stream dropped). */
const POLL_MS = 1500;
/** While it runs and updates are pushed: only a safety net for a lost message. */
const SAFETY_POLL_MS = 15_000;
/** While the last refresh failed: the study on screen is kept, and refreshed once the service answers. */
const RECOVERY_POLL_MS = 5000;

export const studyKey = (id: string) => ["study", id] as const;
export const historyKey = (id: string) => ["study", id, "history"] as const;

/**
 * The study, refetched when the service pushes a change (or polled while busy and not live).
 * A failed refresh keeps the last study (`data`) beside the error.
 */
export function useStudy(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: studyKey(id) });
  const live = useStudyEvents((change) => {
    if (String(change.study_id) === id) refresh();
  }, refresh);
  return useQuery({
    queryKey: studyKey(id),
    queryFn: () => api.study(id),
    refetchInterval: (query) => {
      const study = query.state.data;
      if (!study) return false;
      if (query.state.status === "error") return RECOVERY_POLL_MS;
      const busy =
        study.status === "queued" ||
        study.status === "running" ||
        study.joints?.some((joint) => joint.pending);
      if (!busy) return false;
      return live ? SAFETY_POLL_MS : POLL_MS;
    },
  });
}

export function useHistory(id: string) {
  return useQuery({
    queryKey: historyKey(id),
    queryFn: () => api.history(id),
  });
}

export { cellKey } from "@/lib/scheme";
