import { ApiError } from "./api-error";
import { onServiceAnswered } from "./http";

export interface OutboxEntry<C> {
  id: number;
  change: C;
}

export interface Refusal<C> {
  id: number;
  change: C;
  error: ApiError;
}

export interface OutboxState<C> {
  /** Not yet saved, oldest first; the first one may be on its way (`sending`). */
  entries: readonly OutboxEntry<C>[];
  sending: number | null;
  /** The service did not take the last attempt; the entries wait for it to answer. */
  waiting: boolean;
  refused: readonly Refusal<C>[];
}

export interface OutboxOptions<C> {
  storageKey: string;
  send: (change: C) => Promise<unknown>;
  /** Whether `newer` makes an unsent `older` pointless (the same marker moved again). */
  supersedes?: (newer: C, older: C) => boolean;
  /** What survives storage is checked before it is sent again. */
  isChange: (value: unknown) => value is C;
  onSent?: (change: C, answer: unknown) => void;
  retryDelaysMs?: readonly number[];
  /**
   * sessionStorage by default: it survives a reload and a new sign-in in the same tab, but not
   * the tab. localStorage would also hand the queue to every other tab (each sending it) and to
   * whoever next uses the browser, days later; a change should not be saved behind its
   * author's back.
   */
  storage?: Storage;
}

export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000] as const;

/** 4xx other than an expired session, a timeout or "too many requests": sending again will not help. */
export function isRefusal(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 408, 425, 429].includes(error.status)
  );
}

/**
 * Changes waiting to be sent to the service, one at a time and in the order they were made.
 * A change the service could not take now (no answer, 5xx, an expired session) stays and is
 * sent again by itself: after a growing pause, and at once when the service answers another
 * request or the browser comes back online. A change the service refuses (other 4xx) is
 * dropped and kept aside with the service's reason, for the page to show.
 *
 * The queue is kept in sessionStorage (see `storage` below) so that a reload while the
 * service is down does not lose it.
 */
export class Outbox<C> {
  private state: OutboxState<C> = { entries: [], sending: null, waiting: false, refused: [] };
  private readonly listeners = new Set<() => void>();
  private readonly options: OutboxOptions<C>;
  private readonly storage: Storage | null;
  private nextId = 1;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(options: OutboxOptions<C>) {
    this.options = options;
    this.storage = options.storage ?? (typeof window === "undefined" ? null : window.sessionStorage);
    this.state = { ...this.state, entries: this.load() };
    const wake = () => this.retryNow();
    const stopListening = onServiceAnswered(wake);
    if (typeof window !== "undefined") window.addEventListener("online", wake);
    this.unsubscribe = () => {
      stopListening();
      if (typeof window !== "undefined") window.removeEventListener("online", wake);
    };
    void this.pump();
  }

  readonly getState = (): OutboxState<C> => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Queues a change after the others; an unsent change it supersedes is dropped. */
  add(change: C): void {
    const { supersedes } = this.options;
    const kept = this.state.entries.filter(
      (entry) => entry.id === this.state.sending || !supersedes?.(change, entry.change),
    );
    this.update({ entries: [...kept, { id: this.nextId++, change }] });
    if (!this.state.waiting) void this.pump(); // else it joins the others at the next try
  }

  /** Tries the waiting changes now instead of at the next retry. */
  retryNow(): void {
    if (this.state.sending !== null || this.state.entries.length === 0) return;
    void this.pump();
  }

  dismiss(refusalId: number): void {
    this.update({ refused: this.state.refused.filter((r) => r.id !== refusalId) });
  }

  /** Refusals that a newer change of the same thing makes moot. */
  dismissWhere(matches: (change: C) => boolean): void {
    const refused = this.state.refused.filter((r) => !matches(r.change));
    if (refused.length !== this.state.refused.length) this.update({ refused });
  }

  /** No more sending (what is queued stays stored). */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.unsubscribe();
  }

  private async pump(): Promise<void> {
    if (this.stopped || this.state.sending !== null) return;
    const head = this.state.entries[0];
    if (!head) return;
    this.clearTimer();
    this.update({ sending: head.id });
    let answer: unknown;
    try {
      answer = await this.options.send(head.change);
    } catch (error) {
      if (isRefusal(error)) {
        this.failures = 0; // it answered
        this.update({
          entries: this.state.entries.filter((e) => e.id !== head.id),
          sending: null,
          waiting: false,
          refused: [...this.state.refused, { id: head.id, change: head.change, error }],
        });
        void this.pump();
      } else {
        this.failures += 1;
        this.update({ sending: null, waiting: true });
        this.scheduleRetry();
      }
      return;
    }
    this.failures = 0;
    this.update({ entries: this.state.entries.filter((e) => e.id !== head.id), sending: null, waiting: false });
    try {
      this.options.onSent?.(head.change, answer);
    } catch {
      // showing the answer is a courtesy; the change is saved either way
    }
    void this.pump();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
    const base = delays[Math.min(this.failures, delays.length) - 1];
    const jitter = 0.8 + Math.random() * 0.4; // many tabs do not all knock at once
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump();
    }, base * jitter);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private update(next: Partial<OutboxState<C>>): void {
    const entriesChanged = next.entries !== undefined && next.entries !== this.state.entries;
    this.state = { ...this.state, ...next };
    if (entriesChanged) this.store();
    for (const listener of [...this.listeners]) listener();
  }

  private load(): OutboxEntry<C>[] {
    try {
      const saved: unknown = JSON.parse(this.storage?.getItem(this.options.storageKey) ?? "[]");
      if (!Array.isArray(saved)) return [];
      return saved.filter(this.options.isChange).map((change) => ({ id: this.nextId++, change }));
    } catch {
      return [];
    }
  }

  private store(): void {
    try {
      const changes = this.state.entries.map((entry) => entry.change);
      if (changes.length) this.storage?.setItem(this.options.storageKey, JSON.stringify(changes));
      else this.storage?.removeItem(this.options.storageKey);
    } catch {
      // storage full or refused: the queue still lives in this page
    }
  }
}
