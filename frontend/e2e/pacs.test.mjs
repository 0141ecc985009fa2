// End to end with a real PACS (Orthanc with DICOMweb): an administrator sets up the connection,
// searches the PACS for a patient's hand film, retrieves it into analysis, sees it scored, and
// sends the results back; the PACS then holds the report and the marked film in that study.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { eventually } from "./support/expect.mjs";
import { orthancMissing, startOrthanc } from "./support/orthanc.mjs";
import { DisclaimerScreen, LoginScreen, StudyScreen } from "./support/pages.mjs";
import { ARTIFACTS, ATLAS, FRONTEND, REPO } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { reasonNotToScore } from "./support/setup.mjs";

const OUT = join(ARTIFACTS, "pacs");
const PATIENT = { id: "E2E-MRN-7781", name: "Ivanova^Olga", date: "20250610" };
const skip = reasonNotToScore() ?? orthancMissing();

let service;
let orthanc;
let browser;
let studyUid;

before(async () => {
  if (skip) return;
  mkdirSync(OUT, { recursive: true });
  const film = join(OUT, "pacs-film.dcm");
  studyUid = execFileSync(
    join(REPO, ".venv/bin/python"),
    [join(FRONTEND, "e2e/support/pacs_film.py"), ATLAS, film, PATIENT.id, PATIENT.name, PATIENT.date],
    { encoding: "utf8" },
  ).trim();
  orthanc = await startOrthanc(OUT);
  await orthanc.store(readFileSync(film));
  ensureChromium();
  service = await startService(OUT);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
  orthanc?.stop();
});

test("an administrator retrieves a film from the PACS and sends its results back", { skip: skip ?? false, timeout: 15 * 60_000 }, async (t) => {
  const context = await browser.newContext({ baseURL: service.url, viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  let failedStep = null;
  const step = (name, fn) =>
    t.test(name, { skip: failedStep ? `"${failedStep}" failed` : false }, async () => {
      try {
        await fn();
      } catch (error) {
        failedStep = name;
        await page.screenshot({ path: join(OUT, "failure.png") }).catch(() => {});
        throw error;
      }
    });

  try {
    await step("log in and open the PACS page", async () => {
      await page.goto("/");
      await new LoginScreen(page).signIn(ADMIN);
      await new DisclaimerScreen(page).accept();
      await page.getByRole("link", { name: "PACS", exact: true }).click();
      await page.getByRole("heading", { name: "Hospital PACS" }).waitFor();
    });

    await step("set up the connection and test it", async () => {
      const form = page.locator("form", { has: page.getByRole("heading", { name: "New PACS connection" }) });
      await form.getByLabel("Name", { exact: true }).fill("Radiology Orthanc");
      await form.getByLabel("DICOMweb base URL").fill(orthanc.dicomwebUrl);
      await form.getByRole("combobox").selectOption("basic");
      await form.getByLabel("Username", { exact: true }).fill(orthanc.credentials.username);
      await form.getByLabel("Password", { exact: true }).fill(orthanc.credentials.password);
      await form.getByRole("button", { name: "Add connection" }).click();
      await page.getByText("PACS connection Radiology Orthanc added.").waitFor();
      await page.getByTestId("pacs-connections").getByRole("button", { name: "Test connection" }).click();
      await page.getByText("Radiology Orthanc answers.").waitFor();
      assert.ok(!(await page.content()).includes(orthanc.credentials.password), "the password is never shown");
    });

    await step("search the PACS by patient ID and see the study", async () => {
      await page.getByLabel("Patient ID").fill(PATIENT.id);
      await page.getByRole("button", { name: "Search", exact: true }).click();
      const results = page.getByTestId("pacs-results");
      await results.waitFor();
      await eventually(async () => (await results.locator("tbody tr").count()) === 1, "one study found");
      assert.match(await results.textContent(), /Ivanova Olga/);
      assert.match(await results.textContent(), /2025-06-10/);
      await page.screenshot({ path: join(OUT, "pacs-search.png") });
    });

    let studyId;
    await step("retrieve it: one study, analysed, dated by the study date", async () => {
      await page.getByRole("checkbox", { name: `Retrieve the study of 2025-06-10 of patient ${PATIENT.id}` }).check();
      await page.getByRole("button", { name: "Retrieve 1 studies" }).click();
      await page.getByText("Done: 1 of 1 films retrieved and sent for analysis.").waitFor({ timeout: 120_000 });
      const link = page.getByRole("link", { name: /^Open study \d+$/ });
      studyId = (await link.textContent()).match(/\d+/)[0];
      await link.click();
      const study = new StudyScreen(page);
      await study.waitUntilScored();
      const detail = await (await page.request.get(`/api/studies/${studyId}`)).json();
      assert.equal(detail.visit_date, "2025-06-10");
      assert.match(detail.patient_code, /^p-/); // the keyed code, not the PACS patient ID
      assert.ok(!JSON.stringify(detail).includes(PATIENT.id));
    });

    await step("send the report and the marked film back to the PACS", async () => {
      const panel = page.locator("section", { has: page.getByRole("heading", { name: "Send results to the PACS" }) });
      await panel.getByRole("button", { name: "Send", exact: true }).click();
      await page.getByText("Sent: the results are in the patient's study in the PACS.").waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join(OUT, "pacs-sent.png"), fullPage: true });
      assert.deepEqual(await orthanc.seriesModalities(studyUid), ["DX", "OT", "SR"]);
    });
  } finally {
    await context.close();
  }
});
