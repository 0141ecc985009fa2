import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { JointCode, Side, StudyJoint } from "@/lib/api";
import { jointKey } from "./scheme";

/** A run of arrow presses is sent as one move once the keys rest this long. */
export const NUDGE_PAUSE_MS = 600;

const STEPS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

interface Nudge {
  key: string;
  side: Side;
  joint: JointCode;
  x: number;
  y: number;
}

const tenth = (value: number) => Math.round(value * 10) / 10;

/**
 * Arrow keys on a focused marker move it by 1 image pixel (10 with Shift). The marker follows
 * each key at once; the move is sent once, after a short pause; Esc forgets an unsent one.
 */
export function useMarkerNudge({
  width,
  height,
  onMove,
  toImageStep = (dx, dy) => [dx, dy],
}: {
  width: number;
  height: number;
  onMove: (side: Side, joint: JointCode, x: number, y: number) => void;
  /** The film's step for a step on screen (the view may be rotated or flipped). */
  toImageStep?: (dx: number, dy: number) => [number, number];
}) {
  const [nudge, setNudge] = useState<Nudge | null>(null);
  const unsent = useRef<Nudge | null>(null);
  const timer = useRef<number | null>(null);
  const send = useRef(onMove);
  useEffect(() => {
    send.current = onMove;
  });

  const stopTimer = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  };

  const forget = useCallback(() => {
    stopTimer();
    unsent.current = null;
    setNudge(null);
  }, []);

  const commit = useCallback(() => {
    const done = unsent.current;
    forget();
    if (done) send.current(done.side, done.joint, done.x, done.y);
  }, [forget]);

  useEffect(() => commit, [commit]); // leaving the page sends what was nudged

  const onKeyDown = (event: KeyboardEvent<SVGGElement>, joint: StudyJoint) => {
    const key = jointKey(joint.side, joint.joint);
    if (event.key === "Escape") {
      if (unsent.current?.key !== key) return;
      forget();
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    const step = STEPS[event.key];
    if (!step || event.altKey || event.ctrlKey || event.metaKey || joint.x === null || joint.y === null) return;
    event.preventDefault();
    if (unsent.current && unsent.current.key !== key) commit(); // another marker's nudge goes first
    const from = unsent.current ?? { x: joint.x, y: joint.y };
    const size = event.shiftKey ? 10 : 1;
    const [dx, dy] = toImageStep(step[0] * size, step[1] * size);
    const next = {
      key,
      side: joint.side,
      joint: joint.joint,
      x: tenth(Math.min(Math.max(from.x + dx, 0), width - 1)),
      y: tenth(Math.min(Math.max(from.y + dy, 0), height - 1)),
    };
    unsent.current = next;
    setNudge(next);
    stopTimer();
    timer.current = window.setTimeout(commit, NUDGE_PAUSE_MS);
  };

  return {
    onKeyDown,
    /** Where a marker being nudged is shown until its move is sent. */
    position: (key: string) => (nudge?.key === key ? nudge : null),
  };
}
