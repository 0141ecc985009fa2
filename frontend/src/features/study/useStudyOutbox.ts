import { useMemo, useSyncExternalStore } from "react";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type Study, type StudyJoint } from "@/lib/api";
import { Outbox } from "@/lib/outbox";
import { applyChanges, isChange, supersedes, type Change } from "./changes";
import { historyKey, studyKey } from "./useStudy";

export const outboxStorageKey = (id: string) => `rasharp.outbox.${id}`;

function send(id: string, change: Change): Promise<unknown> {
  if (change.kind === "grade") return api.editGrade(id, change.side, change.joint, change.grade, change.value);
  if (change.kind === "move") return api.moveJoint(id, change.side, change.joint, change.x, change.y);
  if (change.kind === "confirm") return api.confirmGrade(id, change.side, change.joint, change.grade);
  return api.reset(id);
}

/** The service answers a grade edit, a confirmation or a move with the joint as saved: shown
 * at once. */
function showSaved(queryClient: QueryClient, id: string, change: Change, answer: unknown): void {
  void queryClient.cancelQueries({ queryKey: studyKey(id), exact: true }); // an older answer in flight
  queryClient.setQueryData<Study>(studyKey(id), (study) => {
    if (!study) return study;
    if (change.kind === "reset") {
      // the answer is a count: show the reset until the study is read again, not the old grades
      return { ...study, joints: applyChanges(study.joints, [change]).joints };
    }
    const saved = answer as StudyJoint;
    return { ...study, joints: study.joints.map((j) => (j.side === saved.side && j.joint === saved.joint ? saved : j)) };
  });
  void queryClient.invalidateQueries({ queryKey: studyKey(id), exact: true });
  void queryClient.invalidateQueries({ queryKey: historyKey(id) });
}

/**
 * One outbox per study, kept for the whole visit: changes keep being sent while the reader is
 * on another page, and a study page opened again finds its queue.
 */
const outboxes = new Map<string, Outbox<Change>>();

function studyOutbox(id: string, queryClient: QueryClient): Outbox<Change> {
  let outbox = outboxes.get(id);
  if (!outbox) {
    outbox = new Outbox<Change>({
      storageKey: outboxStorageKey(id),
      send: (change) => send(id, change),
      supersedes,
      isChange,
      onSent: (change, answer) => showSaved(queryClient, id, change, answer),
    });
    outboxes.set(id, outbox);
  }
  return outbox;
}

/** For tests: each starts with no outbox running. */
export function stopStudyOutboxes(): void {
  for (const outbox of outboxes.values()) outbox.stop();
  outboxes.clear();
}

/** The study's queue of unsaved changes, and the means to add to it. */
export function useStudyOutbox(id: string) {
  const queryClient = useQueryClient();
  const outbox = useMemo(() => studyOutbox(id, queryClient), [id, queryClient]);
  const state = useSyncExternalStore(outbox.subscribe, outbox.getState);
  return { ...state, outbox };
}
