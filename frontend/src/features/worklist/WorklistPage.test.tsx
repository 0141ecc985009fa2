import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EventSource as FetchEventSource } from "eventsource";
import { http, HttpResponse, sse } from "msw";
import type { StudyList, StudySummary } from "@/lib/api";
import { makeStudy } from "@/test/fixtures";
import { signedIn } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const summary = (id: number, patient: string, created: string, rest: Partial<StudySummary> = {}): StudySummary => ({
  id,
  patient_id: id + 10,
  patient_code: patient,
  original_name: `${patient}.png`,
  created_at: created,
  visit_date: null,
  sides: ["right", "left"],
  grades_reviewed: 0,
  grades_total: 58,
  status: "done",
  error: null,
  error_code: null,
  error_params: {},
  totals: { erosion: 3, jsn: 2, total: 5, svdh_erosion: 2, svdh_jsn: 1, svdh_total: 3 },
  ...rest,
});

const page = (items: StudySummary[], rest: Partial<StudyList> = {}): StudyList => ({
  items,
  limit: 50,
  offset: 0,
  total: items.length,
  ...rest,
});

describe("worklist", () => {
  it("lists the page of studies the service sends, with status, failure reason and totals", async () => {
    server.use(
      ...signedIn,
      http.get("/api/studies", () =>
        HttpResponse.json(
          page([
            summary(3, "RA-0003", "2026-11-03T09:00:00Z", {
              status: "failed",
              error: "No hand was found in the image.",
              totals: null,
            }),
            summary(2, "RA-0002", "2026-11-02T09:00:00Z", { status: "queued", totals: null }),
            summary(1, "RA-0001", "2026-11-01T09:00:00Z"),
          ]),
        ),
      ),
    );
    renderApp("/");
    const rows = await screen.findAllByTestId("worklist-row");
    expect(rows.map((r) => within(r).getAllByRole("cell")[0].textContent)).toEqual(["RA-0003", "RA-0002", "RA-0001"]);
    expect(rows[0]).toHaveTextContent("Failed");
    expect(rows[0]).toHaveTextContent("No hand was found in the image.");
    expect(rows[1]).toHaveTextContent("Queued");
    expect(within(rows[2]).getAllByRole("cell").slice(-3).map((c) => c.textContent)).toEqual(["3", "2", "5"]);
    expect(within(rows[2]).getByRole("link", { name: "RA-0001" })).toHaveAttribute("href", "/patients/11");
    expect(within(rows[2]).getByRole("link", { name: "RA-0001.png" })).toHaveAttribute("href", "/studies/1");
    expect(screen.queryByRole("navigation", { name: "Pages" })).not.toBeInTheDocument();
  });

  it("says why an analysis failed in the reader's language", async () => {
    Object.defineProperty(window.navigator, "languages", { value: ["ru-RU"], configurable: true });
    server.use(
      ...signedIn,
      http.get("/api/studies", () =>
        HttpResponse.json(
          page([
            summary(4, "RA-0004", "2026-11-04T09:00:00Z", {
              status: "failed",
              error: "No hand was found on this radiograph. Upload a posteroanterior (PA) radiograph.",
              error_code: "analysis.no_hand",
              totals: null,
            }),
          ]),
        ),
      ),
    );
    try {
      renderApp("/");
      const [row] = await screen.findAllByTestId("worklist-row");
      expect(row).toHaveTextContent("На этом снимке не найдена кисть.");
      expect(row).not.toHaveTextContent("No hand was found");
    } finally {
      delete (window.navigator as { languages?: unknown }).languages;
    }
  });

  it("asks the service for the studies of the patient code typed", async () => {
    const asked: (string | null)[] = [];
    const all = [summary(1, "RA-0001", "2026-11-01T09:00:00Z"), summary(2, "OA-0002", "2026-11-02T09:00:00Z")];
    server.use(
      ...signedIn,
      http.get("/api/studies", ({ request }) => {
        const code = new URL(request.url).searchParams.get("patient_code");
        asked.push(code);
        const matching = all.filter((s) => !code || s.patient_code!.toLowerCase().includes(code.toLowerCase()));
        return HttpResponse.json(page(matching));
      }),
    );
    renderApp("/");
    await screen.findAllByTestId("worklist-row");
    await userEvent.type(screen.getByLabelText("Filter by patient code"), "ra-");
    await waitFor(() => expect(screen.getAllByTestId("worklist-row")).toHaveLength(1));
    expect(screen.getByText("RA-0001")).toBeInTheDocument();
    expect(asked).toContain("ra-");
    await userEvent.type(screen.getByLabelText("Filter by patient code"), "9");
    expect(await screen.findByText("No study matches “ra-9”.")).toBeInTheDocument();
  });

  it("tells studies of one patient apart by visit, hand and review, and opens one by clicking anywhere on its row", async () => {
    server.use(
      ...signedIn,
      http.get("/api/studies", () =>
        HttpResponse.json(
          page([
            summary(2, "RA-0001", "2026-11-02T09:00:00Z", {
              original_name: "left.png",
              patient_id: 11,
              visit_date: "2025-04-01",
              sides: ["left"],
              grades_reviewed: 29,
              grades_total: 29,
            }),
            summary(1, "RA-0001", "2026-11-01T09:00:00Z", {
              original_name: "both.png",
              visit_date: null,
              grades_reviewed: 12,
              grades_total: 58,
            }),
          ]),
        ),
      ),
      http.get("/api/studies/1", () => HttpResponse.json(makeStudy({ id: 1 }))),
      http.get("/api/studies/1/history", () => HttpResponse.json([])),
      http.get("/api/studies/1/image", () => new HttpResponse(null, { status: 404 })),
    );
    renderApp("/");
    const rows = await screen.findAllByTestId("worklist-row");
    const cells = (row: HTMLElement) => within(row).getAllByRole("cell").map((c) => c.textContent);
    expect(cells(rows[0]).slice(1, 7)).toEqual(["1 Apr 2025", "2 Nov 2026, 09:00", "left.png", "Left", "Done", "all 29"]);
    expect(cells(rows[1]).slice(1, 7)).toEqual(["", "1 Nov 2026, 09:00", "both.png", "Right + Left", "Done", "12 / 58"]);
    // the patient code opens the patient; the file name opens the study, described by its upload
    const patientLinks = screen.getAllByRole("link", { name: "RA-0001" });
    expect(patientLinks.map((link) => link.getAttribute("href"))).toEqual(["/patients/11", "/patients/11"]);
    const studyLink = within(rows[1]).getByRole("link", { name: "both.png" });
    expect(studyLink).toHaveAttribute("href", "/studies/1");
    expect(studyLink).toHaveAccessibleDescription("1 Nov 2026, 09:00");

    await userEvent.click(within(rows[1]).getByText("Right + Left"));
    expect(await screen.findByTestId("score-table")).toBeInTheDocument();
  });

  it("pages through a long worklist", async () => {
    const offsets: string[] = [];
    server.use(
      ...signedIn,
      http.get("/api/studies", ({ request }) => {
        const offset = Number(new URL(request.url).searchParams.get("offset"));
        offsets.push(String(offset));
        const count = Math.min(50, 120 - offset);
        const items = Array.from({ length: count }, (_, i) =>
          summary(120 - offset - i, `P-${120 - offset - i}`, "2026-11-01T09:00:00Z"),
        );
        return HttpResponse.json(page(items, { offset, total: 120 }));
      }),
    );
    renderApp("/");
    expect(await screen.findByTestId("worklist-range")).toHaveTextContent("1–50 of 120");
    expect(screen.getByRole("button", { name: "Newer" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Older" }));
    await userEvent.click(await screen.findByRole("button", { name: "Older" }));
    expect(await screen.findByTestId("worklist-range")).toHaveTextContent("101–120 of 120");
    expect(screen.getAllByTestId("worklist-row")).toHaveLength(20);
    expect(screen.getByRole("button", { name: "Older" })).toBeDisabled();
    expect(offsets).toEqual(["0", "50", "100"]);
  });

  describe("with pushed updates", () => {
    const browserEventSource = globalThis.EventSource;
    beforeEach(() => {
      globalThis.EventSource = FetchEventSource;
    });
    afterEach(() => {
      globalThis.EventSource = browserEventSource;
    });

    it("updates a study's row when the service pushes its change, without polling", async () => {
      let served = 0;
      let push: (() => void) | undefined;
      server.use(
        ...signedIn,
        http.get("/api/studies", () => {
          served += 1;
          const progress: Partial<StudySummary> = served === 1 ? { status: "running", totals: null } : {};
          return HttpResponse.json(page([summary(1, "RA-0001", "2026-11-01T09:00:00Z", progress)]));
        }),
        sse<{ ready: string; study: string }>("/api/studies/events", ({ client }) => {
          client.send({ event: "ready", data: "{}" });
          push = () => client.send({ event: "study", data: JSON.stringify({ study_id: 1, status: "done" }) });
        }),
      );
      renderApp("/");
      expect(await screen.findByText("Analysing")).toBeInTheDocument();
      expect(await screen.findByText("Updates live")).toBeInTheDocument();
      expect(served).toBe(1);
      push!();
      expect(await screen.findByText("Done")).toBeInTheDocument();
      expect(screen.getByTestId("worklist-row")).toHaveTextContent("5");
      expect(served).toBe(2);
    });
  });

  it("says it polls when no update stream can be had", async () => {
    server.use(...signedIn, http.get("/api/studies", () => HttpResponse.json(page([]))));
    renderApp("/");
    expect(await screen.findByText("Updates every 15 s")).toBeInTheDocument();
  });
});
