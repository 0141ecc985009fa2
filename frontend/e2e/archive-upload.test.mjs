// A clinician uploads a scanner's export as one ZIP: each film becomes a study in the worklist,
// dated by its DICOM study and with a pseudonymous patient code; the report, the note and the
// file cut short are listed with their reason. Needs no models (the studies need not be scored).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { DisclaimerScreen, LoginScreen } from "./support/pages.mjs";
import { FRONTEND, REPO } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { uiNotBuilt } from "./support/setup.mjs";

const ARTIFACTS = join(FRONTEND, "e2e-artifacts", "archive-upload");
const skip = uiNotBuilt();

let service;
let browser;
let archive;

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  archive = join(ARTIFACTS, "scanner-export.zip");
  execFileSync(join(REPO, ".venv/bin/python"), [join(FRONTEND, "e2e/support/dicom_archive.py"), archive], {
    stdio: "inherit",
  });
  ensureChromium();
  service = await startService(ARTIFACTS);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

test("a ZIP of two DICOM studies gives a study per film in the worklist", { skip: skip ?? false, timeout: 5 * 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: service.url, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  try {
    await page.goto("/");
    await new LoginScreen(page).signIn(ADMIN);
    await new DisclaimerScreen(page).accept();
    await page.getByRole("heading", { name: "Worklist" }).waitFor();

    await page.getByRole("link", { name: "Upload", exact: true }).first().click();
    await page.getByTestId("file-input").setInputFiles(archive);
    await page.getByRole("button", { name: "Upload 1 file(s)" }).click();
    const outcome = page.getByTestId("archive-outcome");
    await outcome.getByText("Archive unpacked: 2 studies created, 2 files skipped, 1 refused.").waitFor({ timeout: 60_000 });
    const member = (name) => outcome.getByTestId("archive-member").filter({ hasText: name });
    assert.match(await member("export/STUDY1/SR0001").innerText(), /skipped[\s\S]*not an image \(Basic Text SR Storage\)/);
    assert.match(await member("export/README.txt").innerText(), /not a DICOM, PNG or JPEG file/);
    assert.match(await member("export/STUDY2/IM0002").innerText(), /refused[\s\S]*IM0002/);
    const groups = outcome.getByRole("region");
    assert.equal(await groups.count(), 3); // two DICOM studies, and the note outside them
    assert.match(await groups.nth(0).getByRole("heading").innerText(), /DICOM study 1 · Patient p-\w+ · 2023-01-04/);
    assert.match(await groups.nth(1).getByRole("heading").innerText(), /DICOM study 2 · Patient p-\w+ · 2024-02-11/);
    await page.screenshot({ path: join(ARTIFACTS, "archive-outcome.png"), fullPage: true });

    await page.getByRole("link", { name: "Worklist" }).first().click();
    const rows = page.getByTestId("worklist-row");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 2);
    const texts = await rows.allInnerTexts();
    assert.ok(texts.some((text) => /4 Jan 2023[\s\S]*IM0001/.test(text)), texts.join("\n"));
    assert.ok(texts.some((text) => /11 Feb 2024[\s\S]*IM0001/.test(text)), texts.join("\n"));
    assert.ok(texts.every((text) => !/E2E-A|E2E-B|Patient\^/.test(text)), "an identity reached the worklist");
    await page.screenshot({ path: join(ARTIFACTS, "worklist.png") });
  } catch (error) {
    await page.screenshot({ path: join(ARTIFACTS, "failure.png") }).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
});
