// An administrator promotes a model version registered from the command line, and the next
// upload is analysed with it by the running worker; a roll-back returns to the shipped weights.
// Then every review teaches the model: reviewed studies become a dataset snapshot, a tiny
// training run in the service's trainer process makes a candidate, the Models page shows it
// beside the version in use, and it is promoted and rolled back the same way.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { DisclaimerScreen, LoginScreen, StudyScreen, UploadScreen } from "./support/pages.mjs";
import { chainedSteps } from "./support/steps.mjs";
import { FRONTEND, REPO } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { composeTwoHands, reasonNotToScore } from "./support/setup.mjs";

const ARTIFACTS = join(FRONTEND, "e2e-artifacts", "models");
const WEIGHTS = join(REPO, "models/weights");
const skip = reasonNotToScore();

let service;
let browser;
let twoHands;

before(async () => {
  if (skip) return;
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  twoHands = composeTwoHands(ARTIFACTS);
  ensureChromium();
  service = await startService(ARTIFACTS);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

/** A copy of the shipped weights whose model card differs: a new version with the same models. */
function registerCopyOfShippedWeights() {
  const folder = join(ARTIFACTS, "candidate");
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(WEIGHTS)) copyFileSync(join(WEIGHTS, name), join(folder, name));
  appendFileSync(join(folder, "localizer.md"), "\nRe-registered by the end-to-end test.\n");
  const metrics = join(ARTIFACTS, "metrics.json");
  writeFileSync(metrics, JSON.stringify({ erosion_balanced_accuracy: 0.812, jsn_balanced_accuracy: 0.79 }));
  const out = execFileSync(
    join(REPO, ".venv/bin/rasharp-admin"),
    ["--data-dir", service.dataDir, "register-model", folder, "--metrics", metrics],
    { cwd: REPO, encoding: "utf8" },
  );
  return out.match(/registered model version (\S+)/)[1];
}

async function modelsOfNextUpload(page, patientCode) {
  await new UploadScreen(page).upload(twoHands, patientCode);
  await new StudyScreen(page).waitUntilScored();
  return page.locator(".models").innerText();
}

test("an administrator promotes a candidate model and rolls back", { skip: skip ?? false, timeout: 15 * 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: service.url, viewport: { width: 1500, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  try {
    await page.goto("/");
    await new LoginScreen(page).signIn(ADMIN);
    await new DisclaimerScreen(page).accept();
    await page.getByRole("link", { name: "Models" }).click();
    const versions = page.getByTestId("model-versions");
    const row = (name) => versions.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
    await row("shipped").getByText("Promoted").waitFor();

    const candidate = registerCopyOfShippedWeights();
    await page.reload();
    await row(candidate).getByText("Candidate").waitFor();
    assert.match(await page.getByTestId("model-metrics").innerText(), /erosion_balanced_accuracy\s+0\.812/);
    await row(candidate).getByRole("button", { name: "Promote" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Promote" }).click();
    await page.getByRole("status").getByText(`${candidate} is promoted.`).waitFor();
    await row("shipped").getByText("Retired").waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "promoted.png"), fullPage: true });

    assert.match(await modelsOfNextUpload(page, "MODEL-1"), new RegExp(`registry ${candidate}`));

    await page.getByRole("link", { name: "Models" }).click();
    await row("shipped").getByRole("button", { name: "Roll back" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Roll back" }).click();
    await page.getByRole("status").getByText("Rolled back to shipped.").waitFor();
    const rolledBack = page.getByTestId("model-history").getByRole("row").filter({ hasText: "rolled back" });
    assert.match(await rolledBack.innerText(), new RegExp(`rolled back\\s+shipped\\s+${candidate}\\s+${ADMIN.username}`));
    await page.screenshot({ path: join(ARTIFACTS, "rolled-back.png"), fullPage: true });

    assert.match(await modelsOfNextUpload(page, "MODEL-2"), /registry shipped/);
  } catch (error) {
    await page.screenshot({ path: join(ARTIFACTS, "failure.png") }).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
});

async function reviewedUpload(page, patientCode) {
  await new UploadScreen(page).upload(twoHands, patientCode);
  await new StudyScreen(page).waitUntilScored();
  await page.getByRole("group", { name: "Review" }).getByRole("button", { name: "Mark reviewed" }).click();
  await page.getByTestId("reviewed").waitFor();
}

test("reviewed studies train a candidate that is judged beside the model in use, promoted and rolled back", { skip: skip ?? false, timeout: 20 * 60_000 }, async (t) => {
  const context = await browser.newContext({ baseURL: service.url, viewport: { width: 1500, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const step = chainedSteps(t, () => page.screenshot({ path: join(ARTIFACTS, "training-failure.png"), fullPage: true }));
  let inUse;
  let candidate;
  let runId;
  const runs = () => page.getByTestId("training-runs");

  await step("sign in, review two patients' studies and freeze them as a dataset", async () => {
    await page.goto("/");
    await new LoginScreen(page).signIn(ADMIN);
    // accepted once per account: asked again only when this test runs alone
    const notice = page.getByLabel("I have read and understood this notice");
    await page.getByRole("link", { name: "Models" }).or(notice).first().waitFor();
    if (await notice.isVisible()) await new DisclaimerScreen(page).accept();
    await reviewedUpload(page, "TRAIN-1");
    await reviewedUpload(page, "TRAIN-2");
    await page.getByRole("link", { name: "Datasets" }).click();
    const form = page.getByRole("form", { name: "New dataset snapshot" });
    await form.getByLabel("Name").fill("e2e training");
    await form.getByRole("button", { name: "Make snapshot" }).click();
    await form.getByRole("status").getByText("made from 2 reviewed studies").waitFor();
  });

  await step("start a tiny training run and follow it until it succeeds", async () => {
    await page.getByRole("link", { name: "Models" }).click();
    inUse = (await (await page.request.get("/api/models")).json()).find((v) => v.state === "promoted").version;
    const form = page.getByRole("form", { name: "New training run" });
    await form.getByLabel("Dataset").selectOption({ label: "v1 e2e training (2 studies)" });
    await form.getByLabel("Steps").fill("3");
    await form.getByRole("button", { name: "Start training" }).click();
    await form.getByRole("status").getByText(/Training run #\d+ is queued\./).waitFor();
    const row = runs().getByRole("row").nth(1);
    await row.getByText(/Running|Succeeded/).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(ARTIFACTS, "training-running.png"), fullPage: true });
    await row.getByText("Succeeded").waitFor({ timeout: 12 * 60_000 });
    ({ id: runId, candidate_version: candidate } = (await (await page.request.get("/api/training-runs")).json())[0]);
    assert.ok(candidate, "the succeeded run names its candidate");
    assert.match(await row.innerText(), new RegExp(`${inUse}[\\s\\S]*Succeeded[\\s\\S]*${candidate}`));
  });

  await step("see the candidate's evaluation beside the version in use", async () => {
    const evaluation = page.getByTestId("training-evaluation");
    await evaluation.getByRole("heading", { name: `Evaluation of run #${runId}: ${candidate} beside ${inUse}` }).waitFor();
    const table = evaluation.getByTestId("training-comparison");
    const header = await table.locator("thead").innerText();
    for (const column of ["Balanced accuracy", "Within ±1", "Exact", "QWK", candidate, `${inUse} (in use)`]) {
      assert.ok(header.includes(column), `the comparison has a ${column} column: ${header}`);
    }
    for (const line of ["Erosion · all joints", "Joint space narrowing · all joints"]) {
      assert.match(await table.getByRole("row").filter({ hasText: line }).innerText(), /\d\.\d{3}/, line);
    }
    // one validation film here: an ICC of the totals needs two, so both show none
    const icc = await table.getByRole("row").filter({ hasText: "Total scores: ICC" }).innerText();
    assert.match(icc, new RegExp(`${candidate}: (\\d\\.\\d{3}|–)\\s+${inUse} \\(in use\\): (\\d\\.\\d{3}|–)`));
    await page.getByTestId("model-versions").getByRole("row").filter({ hasText: candidate }).getByText("Candidate").waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "training-evaluation.png"), fullPage: true });
  });

  await step("promote the candidate from its evaluation: the next upload is analysed with it", async () => {
    await page.getByTestId("training-evaluation").getByRole("button", { name: `Promote ${candidate}` }).click();
    const dialog = page.getByRole("alertdialog");
    // the dialog says so when the candidate did worse than the version in use on a headline figure
    const { candidate: mine, in_use: theirs } = (await (await page.request.get("/api/models")).json())
      .find((v) => v.version === candidate).metrics.metrics;
    const lower = (a, b) => typeof a === "number" && typeof b === "number" && a < b - 0.0005;
    const worse = lower(mine.totals_icc, theirs.totals_icc) || ["erosion", "jsn"].some((kind) =>
      ["balanced_accuracy", "within_one"].some((figure) => lower(mine[kind]?.[figure], theirs[kind]?.[figure])));
    const said = await dialog.innerText();
    assert.equal(said.includes("did worse than the version then in use"), worse, said);
    await dialog.getByRole("button", { name: "Promote" }).click();
    await page.getByRole("status").getByText(`${candidate} is promoted.`).waitFor();
    await page.getByTestId("training-evaluation").getByText(`${candidate} is now Promoted.`).waitFor();
    assert.match(await modelsOfNextUpload(page, "TRAIN-3"), new RegExp(`registry ${candidate}`));
  });

  await step("roll back: the next upload is analysed with the version in use before", async () => {
    await page.getByRole("link", { name: "Models" }).click();
    const versions = page.getByTestId("model-versions");
    await versions.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${inUse}`) }) })
      .getByRole("button", { name: "Roll back" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Roll back" }).click();
    await page.getByRole("status").getByText(`Rolled back to ${inUse}.`).waitFor();
    assert.match(await modelsOfNextUpload(page, "TRAIN-4"), new RegExp(`registry ${inUse}`));
  });
  await context.close();
});
