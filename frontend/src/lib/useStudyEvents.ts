import { useEffect, useRef, useState } from "react";
import type { StudyStatus } from "./api";

/** What the service pushes when a study of the team changes. */
export interface StudyChange {
  study_id: number;
  status: StudyStatus;
}

export const STUDY_EVENTS_PATH = "/api/studies/events";

/**
 * Subscribes to the team's study changes (Server-Sent Events) while the component is mounted.
 * Returns whether the stream is open: while it is not (never opened, dropped, reconnecting),
 * callers poll slowly instead. EventSource reconnects by itself; `onResync` runs when it has,
 * since changes made while it was away were not pushed.
 */
export function useStudyEvents(onChange: (change: StudyChange) => void, onResync?: () => void): boolean {
  const [live, setLive] = useState(false);
  const handlers = useRef({ onChange, onResync });
  useEffect(() => {
    handlers.current = { onChange, onResync };
  });

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(STUDY_EVENTS_PATH, { withCredentials: true });
    let opened = false;
    source.addEventListener("ready", () => {
      if (opened) handlers.current.onResync?.();
      opened = true;
      setLive(true);
    });
    source.addEventListener("study", (event) => {
      try {
        handlers.current.onChange(JSON.parse((event as MessageEvent<string>).data) as StudyChange);
      } catch {
        // a malformed message is dropped; the next change or poll brings the truth
      }
    });
    source.onerror = () => setLive(false);
    return () => {
      source.close();
      setLive(false);
    };
  }, []);

  return live;
}
