import { waitFor } from "@testing-library/react";
import { delay, http, HttpResponse } from "msw";
import { server } from "@/test/server";
import { send as sendRequest } from "./http";
import { Outbox, type OutboxOptions } from "./outbox";

/** A change to one note: the latest text of a note supersedes an unsent older one. */
interface Note {
  note: string;
  text: string;
}

const isNote = (value: unknown): value is Note =>
  typeof value === "object" && value !== null && "note" in value && "text" in value;

/**
 * A service keeping notes. While `down` it does not answer; `refuse` answers 409 with a reason.
 * Every request that reached it is recorded, with how many were in progress at once.
 */
function notesService() {
  const service = {
    down: false,
    refuse: new Set<string>(),
    received: [] as Note[],
    saved: new Map<string, string>(),
    inProgress: 0,
    mostAtOnce: 0,
  };
  server.use(
    http.put("/api/notes/:note", async ({ request, params }) => {
      if (service.down) return HttpResponse.error();
      service.inProgress += 1;
      service.mostAtOnce = Math.max(service.mostAtOnce, service.inProgress);
      const note = { note: String(params.note), text: ((await request.json()) as { text: string }).text };
      await delay(20);
      service.inProgress -= 1;
      service.received.push(note);
      if (service.refuse.has(note.text))
        return HttpResponse.json({ detail: `“${note.text}” conflicts with a newer note.` }, { status: 409 });
      service.saved.set(note.note, note.text);
      return HttpResponse.json(note);
    }),
    http.get("/api/health", () => (service.down ? HttpResponse.error() : HttpResponse.json({ status: "ok" }))),
  );
  return service;
}

const outboxes: Outbox<Note>[] = [];

function makeOutbox(options: Partial<OutboxOptions<Note>> = {}) {
  const outbox = new Outbox<Note>({
    storageKey: "test.notes",
    send: (change) =>
      sendRequest(`/api/notes/${change.note}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: change.text }),
      }),
    supersedes: (newer, older) => newer.note === older.note,
    isChange: isNote,
    retryDelaysMs: [60_000], // only the service's answer or the browser going online retries sooner
    ...options,
  });
  outboxes.push(outbox);
  return outbox;
}

const queued = (outbox: Outbox<Note>) => outbox.getState().entries.map((e) => e.change.text);

afterEach(() => {
  for (const outbox of outboxes.splice(0)) outbox.stop();
});

describe("outbox", () => {
  it("sends changes one at a time, in the order they were made", async () => {
    const service = notesService();
    const outbox = makeOutbox();
    outbox.add({ note: "a", text: "a1" });
    outbox.add({ note: "b", text: "b1" });
    outbox.add({ note: "c", text: "c1" });

    await waitFor(() => expect(outbox.getState().entries).toHaveLength(0));
    expect(service.received.map((n) => n.text)).toEqual(["a1", "b1", "c1"]);
    expect(service.mostAtOnce).toBe(1);
    expect(window.sessionStorage.getItem("test.notes")).toBeNull();
  });

  it("sends only the latest of unsent changes to the same thing, after the changes made before it", async () => {
    const service = notesService();
    service.down = true;
    const outbox = makeOutbox();
    outbox.add({ note: "a", text: "a1" });
    await waitFor(() => expect(outbox.getState().waiting).toBe(true));
    outbox.add({ note: "b", text: "b1" });
    outbox.add({ note: "a", text: "a2" });
    outbox.add({ note: "a", text: "a3" });
    await waitFor(() => expect(outbox.getState().sending).toBeNull());
    expect(queued(outbox)).toEqual(["b1", "a3"]);

    service.down = false;
    outbox.retryNow();
    await waitFor(() => expect(outbox.getState().entries).toHaveLength(0));
    expect(service.received.map((n) => n.text)).toEqual(["b1", "a3"]);
    expect(service.saved.get("a")).toBe("a3");
  });

  it("does not replace a change already on its way: the newer one follows it", async () => {
    const service = notesService();
    const outbox = makeOutbox();
    outbox.add({ note: "a", text: "a1" });
    expect(outbox.getState().sending).not.toBeNull();
    outbox.add({ note: "a", text: "a2" });
    await waitFor(() => expect(outbox.getState().entries).toHaveLength(0));
    expect(service.received.map((n) => n.text)).toEqual(["a1", "a2"]);
    expect(service.saved.get("a")).toBe("a2");
  });

  it("keeps changes while the service is down and sends them as soon as it answers again", async () => {
    const service = notesService();
    service.down = true;
    const outbox = makeOutbox();
    outbox.add({ note: "a", text: "a1" });
    outbox.add({ note: "b", text: "b1" });
    await waitFor(() => expect(outbox.getState().waiting).toBe(true));
    expect(queued(outbox)).toEqual(["a1", "b1"]);
    expect(service.received).toEqual([]);

    service.down = false;
    await sendRequest("/api/health"); // any answer from the service, e.g. the page refreshing
    await waitFor(() => expect(outbox.getState().entries).toHaveLength(0));
    expect(service.received.map((n) => n.text)).toEqual(["a1", "b1"]);
    expect(outbox.getState().waiting).toBe(false);
  });

  it("sends again when the browser comes back online", async () => {
    const service = notesService();
    service.down = true;
    const outbox = makeOutbox();
    outbox.add({ note: "a", text: "a1" });
    await waitFor(() => expect(outbox.getState().waiting).toBe(true));

    service.down = false;
    window.dispatchEvent(new Event("online"));
    await waitFor(() => expect(service.saved.get("a")).toBe("a1"));
    expect(outbox.getState().entries).toEqual([]);
  });

  it("tries again by itself after a pause, longer after each failure", async () => {
    const service = notesService();
    service.down = true;
    const attempts: number[] = [];
    server.use(
      http.put("/api/notes/:note", () => {
        attempts.push(performance.now());
        if (attempts.length === 3) service.down = false; // answered on the third try
        // no response here: the notes service answers (or not)
      }),
    );
    const outbox = makeOutbox({ retryDelaysMs: [50, 200] });
    outbox.add({ note: "a", text: "a1" });
    await waitFor(() => expect(service.saved.get("a")).toBe("a1"));
    expect(attempts).toHaveLength(3);
    const [first, second, third] = attempts;
    expect(second - first).toBeGreaterThanOrEqual(40); // 50 ms, give or take a fifth
    expect(third - second).toBeGreaterThanOrEqual(160); // 200 ms, give or take a fifth
  });

  it("drops a change the service refuses, keeps its reason, and goes on with the next", async () => {
    const service = notesService();
    service.refuse.add("a1");
    const outbox = makeOutbox();
    outbox.add({ note: "a", text: "a1" });
    outbox.add({ note: "b", text: "b1" });

    await waitFor(() => expect(outbox.getState().entries).toHaveLength(0));
    expect(service.received.map((n) => n.text)).toEqual(["a1", "b1"]); // a1 sent once, not again
    const [refusal] = outbox.getState().refused;
    expect(refusal.change).toEqual({ note: "a", text: "a1" });
    expect(refusal.error.status).toBe(409);
    expect(refusal.error.detail).toBe("“a1” conflicts with a newer note.");
    expect(outbox.getState().waiting).toBe(false);

    outbox.dismiss(refusal.id);
    expect(outbox.getState().refused).toEqual([]);
  });

  it("after a refusal, knows the service answers: the next change is sent at once", async () => {
    const service = notesService();
    service.down = true;
    service.refuse.add("a1");
    const outbox = makeOutbox();
    outbox.add({ note: "a", text: "a1" });
    await waitFor(() => expect(outbox.getState().waiting).toBe(true));
    service.down = false;
    outbox.retryNow();
    await waitFor(() => expect(outbox.getState().refused).toHaveLength(1));
    expect(outbox.getState().waiting).toBe(false);

    outbox.add({ note: "b", text: "b1" });
    await waitFor(() => expect(service.saved.get("b")).toBe("b1")); // not a minute later
  });

  it("keeps what waits in sessionStorage: after a reload it is sent, and the storage emptied", async () => {
    const service = notesService();
    service.down = true;
    const before = makeOutbox();
    before.add({ note: "a", text: "a1" });
    before.add({ note: "b", text: "b1" });
    await waitFor(() => expect(before.getState().waiting).toBe(true));
    before.stop(); // the page goes away
    expect(JSON.parse(window.sessionStorage.getItem("test.notes")!)).toEqual([
      { note: "a", text: "a1" },
      { note: "b", text: "b1" },
    ]);

    service.down = false;
    const afterReload = makeOutbox();
    expect(queued(afterReload)).toEqual(["a1", "b1"]);
    await waitFor(() => expect(afterReload.getState().entries).toHaveLength(0));
    expect(service.received.map((n) => n.text)).toEqual(["a1", "b1"]);
    expect(window.sessionStorage.getItem("test.notes")).toBeNull();
  });

  it("ignores what it cannot read back from storage", () => {
    window.sessionStorage.setItem("test.notes", JSON.stringify([{ note: "a" }, 42, { note: "b", text: "b1" }]));
    notesService().down = true;
    expect(queued(makeOutbox())).toEqual(["b1"]);
    window.sessionStorage.setItem("test.notes", "{not json");
    expect(queued(makeOutbox())).toEqual([]);
  });
});
