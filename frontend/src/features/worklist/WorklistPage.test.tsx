import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { StudySummary } from "@/lib/api";
import { signedIn } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const summary = (id: number, patient: string, created: string, rest: Partial<StudySummary> = {}): StudySummary => ({
  id,
  patient_code: patient,
  original_name: `${patient}.png`,
  created_at: created,
  status: "done",
  error: null,
  totals: { erosion: 3, jsn: 2, total: 5, svdh_erosion: 2, svdh_jsn: 1, svdh_total: 3 },
  ...rest,
});

describe("worklist", () => {
  it("lists the team's studies newest first with status, failure reason and totals", async () => {
    server.use(
      ...signedIn,
      http.get("/api/studies", () =>
        HttpResponse.json({
          items: [
            summary(1, "RA-0001", "2026-11-01T09:00:00Z"),
            summary(3, "RA-0003", "2026-11-03T09:00:00Z", {
              status: "failed",
              error: "No hand was found in the image.",
              totals: null,
            }),
            summary(2, "RA-0002", "2026-11-02T09:00:00Z", { status: "queued", totals: null }),
          ],
          limit: 500,
          offset: 0,
        }),
      ),
    );
    renderApp("/");
    const rows = await screen.findAllByTestId("worklist-row");
    expect(rows.map((r) => within(r).getAllByRole("cell")[0].textContent)).toEqual(["RA-0003", "RA-0002", "RA-0001"]);
    expect(rows[0]).toHaveTextContent("Failed");
    expect(rows[0]).toHaveTextContent("No hand was found in the image.");
    expect(rows[1]).toHaveTextContent("Queued");
    expect(within(rows[2]).getAllByRole("cell").slice(-3).map((c) => c.textContent)).toEqual(["3", "2", "5"]);
    expect(within(rows[2]).getByRole("link", { name: "RA-0001" })).toHaveAttribute("href", "/studies/1");
  });

  it("filters by patient code", async () => {
    server.use(
      ...signedIn,
      http.get("/api/studies", () =>
        HttpResponse.json({
          items: [summary(1, "RA-0001", "2026-11-01T09:00:00Z"), summary(2, "OA-0002", "2026-11-02T09:00:00Z")],
          limit: 500,
          offset: 0,
        }),
      ),
    );
    renderApp("/");
    await screen.findAllByTestId("worklist-row");
    await userEvent.type(screen.getByLabelText("Filter by patient code"), "ra-");
    expect(screen.getAllByTestId("worklist-row")).toHaveLength(1);
    expect(screen.getByText("RA-0001")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Filter by patient code"), "9");
    expect(screen.getByText("No study matches “ra-9”.")).toBeInTheDocument();
  });

  it("updates a study's status without a reload", async () => {
    let polls = 0;
    server.use(
      ...signedIn,
      http.get("/api/studies", () => {
        polls += 1;
        const progress: Partial<StudySummary> = polls === 1 ? { status: "running", totals: null } : {};
        return HttpResponse.json({
          items: [summary(1, "RA-0001", "2026-11-01T09:00:00Z", progress)],
          limit: 500,
          offset: 0,
        });
      }),
    );
    renderApp("/");
    expect(await screen.findByText("Analysing")).toBeInTheDocument();
    expect(await screen.findByText("Done", {}, { timeout: 6000 })).toBeInTheDocument();
    expect(screen.getByTestId("worklist-row")).toHaveTextContent("5");
  });
});
