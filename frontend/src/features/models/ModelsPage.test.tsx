import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { ModelChange, ModelVersion } from "@/lib/api";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const admin = { ...user, id: 1, username: "admin", is_admin: true };
const noStudies = http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 50, offset: 0, total: 0 }));

function version(name: string, state: ModelVersion["state"], extra: Partial<ModelVersion> = {}): ModelVersion {
  return {
    version: name, state, files: { "localizer.onnx": "ab".repeat(32) }, components: { localizer: "1.0.0" },
    metrics: {}, snapshot: null, parent: null, registered_by: null, registered_at: "2026-11-30T10:00:00Z",
    promoted_by: null, promoted_at: null, ...extra,
  };
}

/** A registry of shipped (promoted), v2 (retired, promoted before) and v3 (candidate). */
function registryService(candidateMetrics: Record<string, unknown> = { erosion_accuracy: 0.8123, jsn_accuracy: 0.79 }) {
  const versions = [
    version("v3", "candidate", {
      parent: "v2", registered_by: "trainer", metrics: candidateMetrics,
      snapshot: { id: 4, version: 2, name: "November" },
    }),
    version("v2", "retired", { parent: "shipped", metrics: { erosion_accuracy: 0.75 }, promoted_at: "2026-11-30T10:30:00Z", promoted_by: "admin" }),
    version("shipped", "promoted", { promoted_at: "2026-11-30T09:00:00Z" }),
  ];
  const history: ModelChange[] = [];
  const sent: string[] = [];
  const change = (action: "promoted" | "rolled_back") => ({ params }: { params: Record<string, string | readonly string[] | undefined> }) => {
    const name = String(params.version);
    sent.push(`${action} ${name}`);
    const current = versions.find((v) => v.state === "promoted")!;
    const target = versions.find((v) => v.version === name)!;
    current.state = "retired";
    Object.assign(target, { state: "promoted", promoted_by: "admin", promoted_at: "2026-11-30T11:00:00Z" });
    history.unshift({ action, version: name, previous: current.version, by: "admin", at: "2026-11-30T11:00:00Z" });
    return HttpResponse.json(target);
  };
  server.use(
    http.get("/api/auth/me", () => HttpResponse.json(admin)),
    ...signedIn,
    noStudies,
    http.get("/api/models", () => HttpResponse.json(versions)),
    http.get("/api/models/history", () => HttpResponse.json(history)),
    http.post("/api/models/:version/promote", change("promoted")),
    http.post("/api/models/:version/rollback", change("rolled_back")),
    http.get("/api/training-runs", () => HttpResponse.json([])),
    http.get("/api/datasets", () => HttpResponse.json([])),
  );
  return sent;
}

const row = (table: HTMLElement, name: string) =>
  within(table).getAllByRole("row").find((r) => within(r).queryByRole("rowheader", { name: new RegExp(`^${name}`) }))!;

describe("models", () => {
  it("lists the versions with their state and their metrics side by side", async () => {
    registryService();
    renderApp("/");
    await userEvent.click(await screen.findByRole("link", { name: "Models" }));
    const table = await screen.findByTestId("model-versions");
    expect(row(table, "v3")).toHaveTextContent("Candidate");
    expect(row(table, "v3")).toHaveTextContent("v2 November");
    expect(row(table, "shipped")).toHaveTextContent("Promoted");
    expect(within(row(table, "v2")).getByRole("button", { name: "Roll back" })).toBeInTheDocument();
    expect(within(row(table, "shipped")).queryByRole("button")).toBeNull();

    const metrics = screen.getByTestId("model-metrics");
    expect(within(metrics).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Metric", "v3", "v2", "shipped"]);
    expect(row(metrics, "erosion_accuracy")).toHaveTextContent("erosion_accuracy0.8120.750–");
    expect(row(metrics, "jsn_accuracy")).toHaveTextContent("jsn_accuracy0.790––");
  });

  it("promotes a candidate only once confirmed, then shows who did it in the history", async () => {
    const sent = registryService();
    renderApp("/models");
    const table = await screen.findByTestId("model-versions");
    await userEvent.click(within(row(table, "v3")).getByRole("button", { name: "Promote" }));
    let dialog = screen.getByRole("alertdialog", { name: "Promote v3?" });
    expect(dialog).toHaveTextContent("will use v3 instead of shipped");
    expect(dialog).not.toHaveTextContent("did worse");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(sent).toEqual([]);

    await userEvent.click(within(row(table, "v3")).getByRole("button", { name: "Promote" }));
    dialog = screen.getByRole("alertdialog", { name: "Promote v3?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Promote" }));
    expect(await screen.findByRole("status")).toHaveTextContent("v3 is promoted.");
    expect(sent).toEqual(["promoted v3"]);
    expect(await within(row(table, "v3")).findByText("Promoted")).toBeInTheDocument();
    expect(row(table, "shipped")).toHaveTextContent("Retired");
    const history = await screen.findByTestId("model-history");
    expect(within(history).getAllByRole("row")[1]).toHaveTextContent("promotedv3shippedadmin");
  });

  it("says before promoting which headline figures the candidate did worse on than the version in use", async () => {
    const figures = (jsn: number, withinOne: number, icc: number) => ({
      erosion: { balanced_accuracy: 0.9, within_one: withinOne },
      jsn: { balanced_accuracy: jsn, within_one: 0.94 },
      totals_icc: icc,
    });
    const sent = registryService({ metrics: { candidate: figures(0.755, 0.97, 0.845), in_use: figures(0.724, 0.98, 0.852) } });
    renderApp("/models");
    const table = await screen.findByTestId("model-versions");
    await userEvent.click(within(row(table, "v3")).getByRole("button", { name: "Promote" }));
    const dialog = screen.getByRole("alertdialog", { name: "Promote v3?" });
    expect(dialog).toHaveTextContent(
      "did worse than the version then in use: Erosion: Within ±1 0.970 against 0.980; Total scores: ICC 0.845 against 0.852.",
    );
    expect(dialog).not.toHaveTextContent("Joint space narrowing");
    await userEvent.click(within(dialog).getByRole("button", { name: "Promote" }));
    expect(await screen.findByRole("status")).toHaveTextContent("v3 is promoted.");
    expect(sent).toEqual(["promoted v3"]);
  });

  it("rolls back to a version promoted before", async () => {
    const sent = registryService();
    renderApp("/models");
    const table = await screen.findByTestId("model-versions");
    await userEvent.click(within(row(table, "v2")).getByRole("button", { name: "Roll back" }));
    const dialog = screen.getByRole("alertdialog", { name: "Roll back to v2?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Roll back" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Rolled back to v2.");
    expect(sent).toEqual(["rolled_back v2"]);
  });

  it("says in the reader's words why a change was refused", async () => {
    registryService();
    server.use(
      http.post("/api/models/:version/promote", () =>
        HttpResponse.json(
          { detail: "Model version v3 is retired.", code: "model.not_candidate", params: { version: "v3", state: "retired" } },
          { status: 422 },
        ),
      ),
    );
    renderApp("/models");
    const table = await screen.findByTestId("model-versions");
    await userEvent.click(within(row(table, "v3")).getByRole("button", { name: "Promote" }));
    await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Promote" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("only a candidate can be promoted");
  });
});
