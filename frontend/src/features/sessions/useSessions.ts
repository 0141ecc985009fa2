import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type NewReadingSession } from "@/lib/api";

const SESSIONS_KEY = ["reading-sessions"] as const;

export function useSessions() {
  return useQuery({ queryKey: SESSIONS_KEY, queryFn: api.readingSessions });
}

export function useSession(id: string) {
  return useQuery({ queryKey: [...SESSIONS_KEY, id], queryFn: () => api.readingSession(id) });
}

export function useQueue(id: string) {
  return useQuery({ queryKey: [...SESSIONS_KEY, id, "queue"], queryFn: () => api.sessionQueue(id) });
}

export function useReport(id: string) {
  return useQuery({ queryKey: [...SESSIONS_KEY, id, "report"], queryFn: () => api.sessionReport(id) });
}

export function useDisagreements(id: string) {
  return useQuery({ queryKey: [...SESSIONS_KEY, id, "disagreements"], queryFn: () => api.sessionDisagreements(id) });
}

/** Everything about one session is read again: its progress, the queue, the report. */
export function useRefreshSession(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: [...SESSIONS_KEY, id] });
}

export function useCreateSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewReadingSession) => api.createReadingSession(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}

/** The choices for a new session: the team's analysed studies and its active accounts. */
export function useSessionChoices(enabled: boolean) {
  const studies = useQuery({
    queryKey: ["studies", "analysed-for-sessions"],
    queryFn: () => api.studies({ offset: 0, limit: 200 }),
    enabled,
  });
  const readers = useQuery({ queryKey: ["users"], queryFn: api.users, enabled });
  return {
    studies: studies.data?.items.filter((study) => study.status === "done"),
    readers: readers.data?.filter((account) => account.is_active),
    error: studies.error ?? readers.error,
  };
}
