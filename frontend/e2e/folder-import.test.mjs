// An administrator imports a folder of the server (a scanner's export copied below the import
// folder): each film becomes a study in the worklist; the report and the note are skipped and
// the file cut short failed, each with its reason. Needs no models (the studies need not be
// scored).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { DisclaimerScreen, LoginScreen } from "./support/pages.mjs";
import { FRONTEND, REPO } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { uiNotBuilt } from "./support/setup.mjs";

const ARTIFACTS = join(FRONTEND, "e2e-artifacts", "folder-import");
const IMPORT_ROOT = join(ARTIFACTS, "import-root");
const skip = uiNotBuilt();

let service;
let browser;

before(async () => {
  if (skip) return;
  rmSync(IMPORT_ROOT, { recursive: true, force: true });
  mkdirSync(join(IMPORT_ROOT, "site1"), { recursive: true });
  const archive = join(ARTIFACTS, "scanner-export.zip");
  const python = join(REPO, ".venv/bin/python");
  execFileSync(python, [join(FRONTEND, "e2e/support/dicom_archive.py"), archive], { stdio: "inherit" });
  execFileSync(python, ["-m", "zipfile", "-e", archive, join(IMPORT_ROOT, "site1")], { stdio: "inherit" });
  ensureChromium();
  service = await startService(ARTIFACTS, { RASHARP_IMPORT_ROOT: IMPORT_ROOT });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

test("a server folder's films become studies in the worklist", { skip: skip ?? false, timeout: 5 * 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: service.url, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  try {
    await page.goto("/");
    await new LoginScreen(page).signIn(ADMIN);
    await new DisclaimerScreen(page).accept();
    await page.getByRole("heading", { name: "Worklist" }).waitFor();

    await page.getByRole("link", { name: "Folder import" }).click();
    const form = page.getByRole("form", { name: "New folder import" });
    await form.getByLabel("Folder").fill("../elsewhere");
    await form.getByRole("button", { name: "Import" }).click();
    assert.match(await form.getByRole("alert").innerText(), /not below the import folder/);

    await form.getByLabel("Folder").fill("site1/export");
    await form.getByRole("button", { name: "Import" }).click();
    const detail = page.getByRole("region", { name: "Import of site1/export" });
    await detail
      .getByText("Finished: 2 studies made, 2 files skipped, 1 failed.")
      .waitFor({ timeout: 60_000 });
    const failures = detail.getByRole("list", { name: "Files that failed" });
    assert.match(await failures.innerText(), /STUDY2\/IM0002/);
    await detail.getByText("Skipped files (2)").click();
    assert.match(await detail.innerText(), /README\.txt: README\.txt is not a DICOM, PNG or JPEG file/);
    assert.match(await detail.innerText(), /SR0001 is not an image \(Basic Text SR Storage\)/);
    const runs = page.getByTestId("folder-imports");
    assert.match(await runs.getByRole("row").nth(1).innerText(), /site1\/export[\s\S]*Done/);
    await page.screenshot({ path: join(ARTIFACTS, "folder-import.png"), fullPage: true });

    await detail.getByRole("link", { name: "Open the worklist" }).click();
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
