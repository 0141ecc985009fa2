import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";
import type { ReadingSession, SessionDisagreement, SessionReport } from "@/lib/api";

const admin = { ...user, id: 1, username: "admin", is_admin: true };

const trial: ReadingSession = {
  id: 3,
  name: "Trial A baseline",
  created_at: "2026-11-20T10:00:00Z",
  status: "complete",
  show_model_grades: false,
  order: "random",
  blind_to_each_other: true,
  study_count: 2,
  readers: [
    { id: 1, name: "admin", done: 2, total: 2 },
    { id: 2, name: "dr.petrov", done: 2, total: 2 },
  ],
};

const report: SessionReport = {
  complete: true,
  readers: [
    { id: 1, name: "admin" },
    { id: 2, name: "dr.petrov" },
  ],
  per_kind: {
    erosion: { kappa_pairs: [{ a: "admin", b: "dr.petrov", kappa: 0.612, qwk: 0.874 }], fleiss_kappa: 0.614 },
    jsn: { kappa_pairs: [{ a: "admin", b: "dr.petrov", kappa: 0.5, qwk: 0.8 }], fleiss_kappa: 0.49 },
  },
  totals: { icc_2_1: 0.913, bland_altman: [{ a: "admin", b: "dr.petrov", bias: 1.5, lower: -2.25, upper: 5.25 }], sdc_of_change: null },
  model: [
    { against: "admin", kind: "erosion", qwk: 0.7, exact: 0.6, within_one: 0.9 },
    { against: "consensus", kind: "jsn", qwk: 0.75, exact: 0.55, within_one: 0.95 },
  ],
  disagreements: 1,
  adjudicated: 0,
};

function reportService() {
  const adjudicated: unknown[] = [];
  const disagreements: SessionDisagreement[] = [
    { item_id: 41, side: "right", joint: "MCP2", kind: "erosion", grades: { admin: 1, "dr.petrov": 4 }, consensus: 2.5, adjudicated: null },
  ];
  const downloads: string[] = [];
  server.use(
    http.get("/api/auth/me", () => HttpResponse.json(admin)),
    ...signedIn,
    http.get("/api/reading-sessions/3", () => HttpResponse.json(trial)),
    http.get("/api/reading-sessions/3/report", () => HttpResponse.json(report)),
    http.get("/api/reading-sessions/3/report.csv", ({ request }) => {
      downloads.push(new URL(request.url).pathname);
      return new HttpResponse("kind,a,b,kappa\n", {
        headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="session-3-report.csv"' },
      });
    }),
    http.get("/api/reading-sessions/3/disagreements", () => HttpResponse.json(disagreements)),
    http.put("/api/reading-sessions/3/disagreements", async ({ request }) => {
      const body = (await request.json()) as { value: number };
      adjudicated.push(body);
      disagreements[0] = { ...disagreements[0], adjudicated: body.value };
      return HttpResponse.json(disagreements[0]);
    }),
  );
  return { adjudicated, downloads };
}

describe("the session's page", () => {
  it("shows the administrator each reader's progress and leads to the report and the adjudication", async () => {
    reportService();
    renderApp("/sessions/3");
    expect(await screen.findByRole("heading", { name: "Trial A baseline" })).toBeInTheDocument();
    expect(screen.getAllByTestId("reader-progress").map((p) => p.textContent?.replace(/\s+/g, " "))).toEqual([
      "admin 2 of 2 read",
      "dr.petrov 2 of 2 read",
    ]);
    expect(screen.getByRole("link", { name: "Agreement report" })).toHaveAttribute("href", "/sessions/3/report");
    expect(screen.getByRole("link", { name: "Adjudicate disagreements" })).toHaveAttribute("href", "/sessions/3/adjudicate");
    expect(screen.queryByRole("link", { name: "Read" })).not.toBeInTheDocument(); // the session is complete
  });
});

describe("the agreement report", () => {
  it("shows each figure with what it means", async () => {
    reportService();
    renderApp("/sessions/3/report");
    const erosion = await screen.findByTestId("agreement-erosion");
    expect(within(erosion).getByRole("row", { name: /admin – dr.petrov/ })).toHaveTextContent("0.610.87");
    expect(within(erosion).getByTestId("fleiss-erosion")).toHaveTextContent("0.61");
    expect(erosion).toHaveTextContent("Quadratic-weighted kappa (QWK) counts a near miss as partly right");
    const totals = screen.getByTestId("agreement-totals");
    expect(within(totals).getByTestId("icc")).toHaveTextContent("0.91");
    expect(within(totals).getByRole("row", { name: /admin – dr.petrov/ })).toHaveTextContent("1.5-2.3 … 5.3");
    expect(within(totals).getByTestId("sdc")).toHaveTextContent("—");
    expect(totals).toHaveTextContent("needs two visits of a patient read by every reader");
    const model = screen.getByTestId("agreement-model");
    expect(within(model).getByRole("row", { name: /Consensus/ })).toHaveTextContent("JSN0.7555%95%");
    expect(screen.getByTestId("disagreement-count")).toHaveTextContent("1 joint grades differ by more than one grade between readers. 0 of them settled by adjudication.");
  });

  it("downloads the report as CSV under the service's file name", async () => {
    const { downloads } = reportService();
    const saved: { name: string; text: string }[] = [];
    const blobs = new Map<string, Blob>();
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        const url = `blob:test/${blobs.size}`;
        blobs.set(url, blob);
        return url;
      },
      revokeObjectURL: () => {},
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      void blobs.get(this.href)!.text().then((text) => saved.push({ name: this.download, text }));
    });
    try {
      renderApp("/sessions/3/report");
      await screen.findByTestId("agreement-erosion");
      await userEvent.click(screen.getByRole("button", { name: "Report CSV" }));
      await waitFor(() => expect(saved).toEqual([{ name: "session-3-report.csv", text: "kind,a,b,kappa\n" }]));
      expect(downloads).toEqual(["/api/reading-sessions/3/report.csv"]);
    } finally {
      click.mockRestore();
    }
  });
});

describe("adjudication", () => {
  it("shows each reader's grade and the consensus, and records the final grade", async () => {
    const { adjudicated } = reportService();
    renderApp("/sessions/3/adjudicate");
    const row = (await screen.findAllByTestId("disagreement"))[0];
    expect(row).toHaveTextContent("Right MCP2");
    expect(row).toHaveTextContent("142.5");
    await userEvent.selectOptions(within(row).getByRole("combobox", { name: "Final grade, Right MCP2 Erosion" }), "3");
    await waitFor(() =>
      expect(adjudicated).toEqual([{ item_id: 41, side: "right", joint: "MCP2", kind: "erosion", value: 3 }]),
    );
    await waitFor(() => expect(within(screen.getAllByTestId("disagreement")[0]).getByRole("combobox")).toHaveValue("3"));
  });
});
