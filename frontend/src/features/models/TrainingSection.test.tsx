import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { ModelVersion, TrainingRun } from "@/lib/api";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const admin = { ...user, id: 1, username: "admin", is_admin: true };
const figures = (balanced: number, joints: number) => ({ balanced_accuracy: balanced, within_one: 0.95, exact: 0.61, qwk: 0.72, joints });
const report = {
  split: { by: "patient", train_films: 8, validation_films: 3, train_patients: 5, validation_patients: 2, validation_film_ids: ["1"] },
  training: {
    steps: 5, seconds: 12, stopped_early: false,
    localizer: { trained: true, shipped: true, corrected_films: 4, moved_markers: 9, candidate_error: 0.0812, in_use_error: 0.1204 },
  },
  metrics: {
    candidate: { erosion: { ...figures(0.712, 90), groups: { PIP: figures(0.8, 24) } }, jsn: { ...figures(0.5, 80), groups: {} }, totals_icc: 0.913 },
    in_use: { erosion: { ...figures(0.65, 90), groups: { PIP: figures(0.82, 24) } }, jsn: { ...figures(0.5, 80), groups: {} }, totals_icc: 0.88 },
    readers: null,
  },
  truth: "final",
};

function trainingService() {
  const versions: ModelVersion[] = [
    {
      version: "shipped", state: "promoted", files: {}, components: {}, metrics: {}, snapshot: null, parent: null,
      registered_by: null, registered_at: "2026-11-30T09:00:00Z", promoted_by: null, promoted_at: "2026-11-30T09:00:00Z",
    },
  ];
  const runs: TrainingRun[] = [];
  const sent: unknown[] = [];
  server.use(
    http.get("/api/auth/me", () => HttpResponse.json(admin)),
    ...signedIn,
    http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 50, offset: 0, total: 0 })),
    http.get("/api/models", () => HttpResponse.json(versions)),
    http.get("/api/models/history", () => HttpResponse.json([])),
    http.get("/api/datasets", () =>
      HttpResponse.json([{ id: 7, version: 2, name: "November", created_at: "2026-11-30T10:00:00Z", films: 12, readers: 2, sha256: "ab".repeat(32) }]),
    ),
    http.get("/api/training-runs", () => HttpResponse.json(runs)),
    http.post("/api/training-runs", async ({ request }) => {
      const body = (await request.json()) as { snapshot_id: number; steps: number; localizer: boolean };
      sent.push(body);
      const run: TrainingRun = {
        id: 3, state: "running", snapshot: { id: 7, version: 2, name: "November", films: 12 }, base_version: "shipped",
        config: { steps: body.steps, localizer: body.localizer, time_limit_s: null },
        progress: { phase: "training", step: 2, total: 5, loss: 0.4321, validation: { erosion_balanced_accuracy: 0.7 }, eta_s: 200, updated_at: null },
        report: null, candidate_version: null, candidate_state: null, error: null, started_by: "admin",
        created_at: "2026-11-30T11:00:00Z", started_at: "2026-11-30T11:00:01Z", finished_at: null, cancel_requested: false,
      };
      runs.unshift(run);
      return HttpResponse.json(run, { status: 201 });
    }),
    http.post("/api/models/:version/promote", ({ params }) => {
      sent.push(`promote ${String(params.version)}`);
      return HttpResponse.json({ ...versions[0], version: String(params.version) });
    }),
  );
  const finish = () => {
    Object.assign(runs[0], { state: "succeeded", report, candidate_version: "v2", candidate_state: "candidate", finished_at: "2026-11-30T11:01:00Z" });
    versions.unshift({ ...versions[0], version: "v2", state: "candidate", metrics: report, parent: "shipped", promoted_at: null });
  };
  return { sent, finish };
}

describe("training", () => {
  it("starts a run, follows its progress, then shows the candidate beside the version in use", async () => {
    const { sent, finish } = trainingService();
    renderApp("/models");
    const form = await screen.findByRole("form", { name: "New training run" });
    expect(await within(form).findByRole("option", { name: "v2 November (12 studies)" })).toBeInTheDocument();
    const steps = within(form).getByLabelText("Steps");
    await userEvent.clear(steps);
    await userEvent.type(steps, "5");
    await userEvent.click(within(form).getByLabelText("Also fine-tune the joint localizer"));
    await userEvent.click(within(form).getByRole("button", { name: "Start training" }));
    expect(await within(form).findByRole("status")).toHaveTextContent("Training run #3 is queued.");
    expect(sent).toEqual([{ snapshot_id: 7, steps: 5, localizer: true }]);

    const runs = await screen.findByTestId("training-runs");
    const bar = await within(runs).findByRole("progressbar", { name: "Progress of run #3" });
    expect(bar).toHaveAttribute("value", "2");
    expect(bar).toHaveAttribute("max", "5");
    const row = within(runs).getAllByRole("row")[1];
    expect(row).toHaveTextContent("Training · 2/5");
    expect(row).toHaveTextContent("loss 0.432");
    expect(row).toHaveTextContent("Erosion: Balanced accuracy 0.700");
    expect(row).toHaveTextContent("about 3 min 20 s left");
    expect(within(row).getByRole("button", { name: "Cancel run" })).toBeInTheDocument();

    finish();
    const evaluation = await screen.findByTestId("training-evaluation", {}, { timeout: 5000 });
    expect(evaluation).toHaveTextContent("Evaluation of run #3: v2 beside shipped");
    expect(evaluation).toHaveTextContent("Trained on 8 film(s) of 5 patient(s); judged on 3 film(s) of 2 other patient(s).");
    expect(within(evaluation).getByTestId("training-localizer")).toHaveTextContent(
      "fine-tuned on 9 marker(s) readers moved on 4 film(s): mean distance from the readers' positions on the validation films 0.081 knuckle spans, in use 0.120.",
    );
    const table = within(evaluation).getByTestId("training-comparison");
    const lines = within(table).getAllByRole("row").map((r) => r.textContent);
    expect(lines).toContain("Erosion · all joints900.712 +0.0620.6500.950 ±00.9500.610 ±00.6100.720 ±00.720");
    expect(lines).toContain("Erosion · PIP240.800 −0.0200.8200.950 ±00.9500.610 ±00.6100.720 ±00.720");
    expect(lines.at(-1)).toBe("Total scores: ICC3v2: 0.913shipped (in use): 0.880");
    const metrics = await screen.findByTestId("model-metrics");
    const erosion = within(metrics).getAllByRole("row").find((r) => r.textContent?.startsWith("erosion_balanced_accuracy"));
    expect(erosion).toHaveTextContent("erosion_balanced_accuracy0.712–");

    await userEvent.click(within(evaluation).getByRole("button", { name: "Promote v2" }));
    await userEvent.click(within(screen.getByRole("alertdialog", { name: "Promote v2?" })).getByRole("button", { name: "Promote" }));
    expect(await screen.findByText("v2 is promoted.")).toBeInTheDocument();
    expect(sent.at(-1)).toBe("promote v2");
  });

  it("says when a queued run waits for a trainer that is not running", async () => {
    trainingService();
    const queued = {
      id: 4, state: "queued", snapshot: { id: 7, version: 2, name: "November", films: 12 }, base_version: "shipped",
      config: { steps: 600, localizer: false, time_limit_s: null }, progress: {}, report: null, candidate_version: null,
      candidate_state: null, error: null, started_by: "admin", created_at: "2026-11-30T11:00:00Z", started_at: null,
      finished_at: null, cancel_requested: false,
    };
    server.use(http.get("/api/training-runs", () => HttpResponse.json([queued])));
    renderApp("/models");
    expect(await screen.findByText(/No trainer is running: the queued run starts when one does/)).toBeInTheDocument();
    const row = within(await screen.findByTestId("training-runs")).getAllByRole("row")[1];
    expect(row).toHaveTextContent("Queued");
    expect(within(row).getByRole("button", { name: "Cancel run" })).toBeInTheDocument();
  });

  it("says why a run could not start", async () => {
    trainingService();
    server.use(
      http.post("/api/training-runs", () =>
        HttpResponse.json(
          { detail: "Training run 2 is running.", code: "training.already_active", params: { run_id: 2, state: "running" } },
          { status: 409 },
        ),
      ),
    );
    renderApp("/models");
    const form = await screen.findByRole("form", { name: "New training run" });
    await within(form).findByRole("option", { name: "v2 November (12 studies)" });
    await userEvent.click(within(form).getByRole("button", { name: "Start training" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Training run 2 is running: one run at a time.");
  });
});
