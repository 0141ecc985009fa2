// An administrator promotes a model version registered from the command line, and the next
// upload is analysed with it by the running worker; a roll-back returns to the shipped weights.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { DisclaimerScreen, LoginScreen, StudyScreen, UploadScreen } from "./support/pages.mjs";
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
