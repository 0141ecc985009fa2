import { useMemo, useSyncExternalStore } from "react";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type Study, type StudyJoint } from "@/lib/api";
import { ApiError } from "@/lib/api-error";
import { Outbox } from "@/lib/outbox";
import { applyChanges, isChange, supersedes, type Change } from "./changes";
import { historyKey, studyKey } from "./useStudy";

/** A reader's queue of one study: another reader signed in later in the tab never sends it. */
export const outboxStorageKey = (reader: number, id: string) => `rasharp.outbox.${reader}.${id}`;

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
 * One outbox per reader and study, kept for the whole visit: changes keep being sent while the
 * reader is on another page, and a study page opened again finds its queue.
 */
const outboxes = new Map<string, { reader: number; outbox: Outbox<Change> }>();

/**
 * Who is signed in in this tab (null: nobody, or the session expired). A change is sent only
 * under the session of the reader who made it: the history names who changed what. Another
 * reader's queue waits, as for an expired session, until its own reader signs in again here.
 */
let signedInReader: number | null = null;

export function setSignedInReader(reader: number | null): void {
  signedInReader = reader;
  for (const entry of outboxes.values()) if (entry.reader === reader) entry.outbox.retryNow();
}

function studyOutbox(reader: number, id: string, queryClient: QueryClient): Outbox<Change> {
  const key = `${reader}:${id}`;
  let entry = outboxes.get(key);
  if (!entry) {
    const outbox = new Outbox<Change>({
      storageKey: outboxStorageKey(reader, id),
      send: (change) =>
        signedInReader === reader ? send(id, change) : Promise.reject(new ApiError(401, null)),
      supersedes,
      isChange,
      onSent: (change, answer) => showSaved(queryClient, id, change, answer),
    });
    entry = { reader, outbox };
    outboxes.set(key, entry);
  }
  return entry.outbox;
}

/** For tests: each starts with no outbox running. */
export function stopStudyOutboxes(): void {
  for (const { outbox } of outboxes.values()) outbox.stop();
  outboxes.clear();
  signedInReader = null;
}

/** The reader's queue of unsaved changes to the study, and the means to add to it. */
export function useStudyOutbox(reader: number, id: string) {
  const queryClient = useQueryClient();
  const outbox = useMemo(() => studyOutbox(reader, id, queryClient), [reader, id, queryClient]);
  const state = useSyncExternalStore(outbox.subscribe, outbox.getState);
  return { ...state, outbox };
}
