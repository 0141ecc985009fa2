import { act, screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { HEALTH_POLL_MS } from "@/lib/useWorkerDown";
import { makeStudy } from "@/test/fixtures";
import { health, signedIn, noOtherVisits } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const NOTICE = "The analysis service is not running: uploads are kept and will be analysed when it is back.";

/** The service's health says the worker is `worker` until `setWorker` changes it. */
function serviceWithWorker(worker: "ok" | "down") {
  let current = worker;
  server.use(
    http.get("/api/health", () => health(current)), // before signedIn's, which says "ok"
    ...signedIn,
    http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 50, offset: 0, total: 0 })),
    noOtherVisits,
    http.get("/api/studies/7", () => HttpResponse.json(makeStudy())),
    http.get("/api/studies/7/history", () => HttpResponse.json([])),
    http.get("/api/studies/7/image", () => new HttpResponse(null, { status: 404 })),
  );
  return (next: "ok" | "down") => {
    current = next;
  };
}

describe("notice of a stopped analysis worker", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows on the worklist while health says the worker is down, and goes when it is back", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const setWorker = serviceWithWorker("down");
    renderApp("/");
    expect(await screen.findByText(NOTICE)).toHaveAttribute("role", "status");
    expect(await screen.findByText("No studies yet. Upload a radiograph to start.")).toBeInTheDocument();

    setWorker("ok");
    await act(() => vi.advanceTimersByTimeAsync(HEALTH_POLL_MS));
    await vi.waitFor(() => expect(screen.queryByText(NOTICE)).not.toBeInTheDocument());

    setWorker("down");
    await act(() => vi.advanceTimersByTimeAsync(HEALTH_POLL_MS));
    expect(await screen.findByText(NOTICE)).toBeInTheDocument();
  });

  it("shows on the study page, in the reader's language", async () => {
    window.localStorage.setItem("rasharp.language", "ru");
    serviceWithWorker("down");
    renderApp("/studies/7");
    expect(await screen.findByText(/^Служба анализа не работает/)).toBeInTheDocument();
    expect(screen.queryByText(NOTICE)).not.toBeInTheDocument();
  });
});
