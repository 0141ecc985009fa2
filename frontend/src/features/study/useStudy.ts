import { useCallback, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type GradeKind, type JointCode, type Side, type Study } from "@/lib/api";
import { useStudyEvents } from "@/lib/useStudyEvents";
import { jointKey } from "./scheme";

/** While the analysis or a re-score runs and no pushed updates come (stream dropped). */
const POLL_MS = 1500;
/** While it runs and updates are pushed: only a safety net for a lost message. */
const SAFETY_POLL_MS = 15_000;

export const studyKey = (id: string) => ["study", id] as const;
export const historyKey = (id: string) => ["study", id, "history"] as const;

/** The study, refetched when the service pushes a change (or polled while busy and not live). */
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

export const cellKey = (side: Side, code: JointCode, kind: GradeKind) => `${jointKey(side, code)}:${kind}`;

export interface Draft {
  side: Side;
  joint: JointCode;
  kind: GradeKind;
  value: number;
  state: "saving" | "failed";
  error?: unknown;
}

type Drafts = Record<string, Draft>;

const draftsStorageKey = (id: string) => `rasharp.unsaved-grades.${id}`;

/** Grades not yet saved outlive the page (an expired session, a reload) in sessionStorage. */
function loadDrafts(id: string): Drafts {
  try {
    const saved = JSON.parse(window.sessionStorage.getItem(draftsStorageKey(id)) ?? "{}") as Drafts;
    return Object.fromEntries(
      Object.entries(saved).map(([key, draft]) => [key, { ...draft, state: "failed" as const, error: undefined }]),
    );
  } catch {
    return {};
  }
}

function storeDrafts(id: string, drafts: Drafts): void {
  const kept = Object.fromEntries(Object.entries(drafts).map(([key, { error: _e, ...draft }]) => [key, draft]));
  if (Object.keys(kept).length) window.sessionStorage.setItem(draftsStorageKey(id), JSON.stringify(kept));
  else window.sessionStorage.removeItem(draftsStorageKey(id));
}

/**
 * Grade edits in flight. The chosen value shows at once; if saving fails it stays on screen,
 * marked, with a retry, until it is saved or reset, even across a new sign-in.
 */
export function useGradeEdits(id: string) {
  const queryClient = useQueryClient();
  const current = useRef<Drafts | null>(null);
  if (current.current === null) current.current = loadDrafts(id);
  const [drafts, setDrafts] = useState<Drafts>(current.current);

  // Kept in a ref and storage first: a failure that signs the user out unmounts this page.
  const change = useCallback(
    (update: (drafts: Drafts) => Drafts) => {
      current.current = update(current.current ?? {});
      storeDrafts(id, current.current);
      setDrafts(current.current);
    },
    [id],
  );

  const save = useCallback(
    async (side: Side, joint: JointCode, kind: GradeKind, value: number) => {
      const key = cellKey(side, joint, kind);
      change((d) => ({ ...d, [key]: { side, joint, kind, value, state: "saving" } }));
      try {
        const saved = await api.editGrade(id, side, joint, kind, value);
        // The service answers with the joint as saved: show it, then forget the draft.
        queryClient.setQueryData<Study>(studyKey(id), (study) =>
          study && {
            ...study,
            joints: study.joints.map((j) => (j.side === side && j.joint === joint ? saved : j)),
          },
        );
        change((d) => {
          if (d[key]?.value !== value) return d; // a newer choice is on its way
          const { [key]: _saved, ...rest } = d;
          return rest;
        });
        void queryClient.invalidateQueries({ queryKey: studyKey(id) });
      } catch (error) {
        change((d) => (d[key]?.value === value ? { ...d, [key]: { ...d[key], state: "failed", error } } : d));
      }
    },
    [id, queryClient, change],
  );

  const discardAll = useCallback(() => change(() => ({})), [change]);

  /** Drops drafts the service already holds (saved just before a reload or a new sign-in). */
  const reconcile = useCallback(
    (study: Study | undefined) => {
      if (!study?.joints) return;
      const held = (draft: Draft) =>
        study.joints.find((j) => j.side === draft.side && j.joint === draft.joint)?.[draft.kind]?.value === draft.value;
      const stale = Object.entries(current.current ?? {}).filter(([, d]) => d.state === "failed" && held(d));
      if (stale.length === 0) return;
      change((d) => Object.fromEntries(Object.entries(d).filter(([key]) => !stale.some(([k]) => k === key))));
    },
    [change],
  );

  return { drafts, save, discardAll, reconcile };
}

export function useMoveJoint(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ side, joint, x, y }: { side: Side; joint: JointCode; x: number; y: number }) =>
      api.moveJoint(id, side, joint, x, y),
    onMutate: ({ side, joint, x, y }) => {
      queryClient.setQueryData<Study>(studyKey(id), (study) =>
        study && {
          ...study,
          joints: study.joints.map((j) =>
            j.side === side && j.joint === joint ? { ...j, x, y, present: true, pending: true } : j,
          ),
        },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["study", id] }),
  });
}

export function useReset(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (target?: { side: Side; joint: JointCode }) => api.reset(id, target),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["study", id] }),
  });
}
