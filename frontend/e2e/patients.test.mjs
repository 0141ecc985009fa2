// End to end, against the real service: two visits of one patient uploaded and scored, a reader
// raises grades of the later visit, the patient page shows the chart, the change and the
// progression flag, and the cohort CSV holds both visits with the reader's grades.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { checkAccessibility } from "./support/accessibility.mjs";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { eventually } from "./support/expect.mjs";
import { DisclaimerScreen, LoginScreen, StudyScreen, UploadScreen } from "./support/pages.mjs";
import { chainedSteps } from "./support/steps.mjs";
import { ARTIFACTS as ALL_ARTIFACTS } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { composeTwoHands, reasonNotToScore } from "./support/setup.mjs";

const ARTIFACTS = join(ALL_ARTIFACTS, "patients");
const CODE = "E2E-P01";
const VISITS = ["2024-01-15", "2025-01-15"];
const GRADE_MAXIMUM = { erosion: 5, jsn: 4 };

const skip = reasonNotToScore();

let service;
let browser;
let twoHands;

before(async () => {
  if (skip) return;
  rmSync(ARTIFACTS, { recursive: true, force: true }); // only this run's files
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

/** A plain CSV (the cohort's cells hold no commas or quotes) as objects by column. */
function readCsv(path) {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split(/\r?\n/).map((line) => line.split(","));
  return lines.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}

const column = (side, group, finger, kind) =>
  `${side === "left" ? "LH" : "RH"}_${group.toLowerCase()}_${kind === "erosion" ? "E" : "J"}__${finger}`;

test("a patient's two visits: chart, change, progression and the cohort CSV", { skip: skip ?? false, timeout: 20 * 60_000 }, async (t) => {
  const context = await browser.newContext({ baseURL: service.url, acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const study = new StudyScreen(page);
  const step = chainedSteps(t, () => page.screenshot({ path: join(ARTIFACTS, "failure.png") }));
  const studiesOf = async () => (await (await page.request.get("/api/studies")).json()).items;

  try {
    await step("log in and accept the disclaimer", async () => {
      await page.goto("/");
      await new LoginScreen(page).signIn(ADMIN);
      await new DisclaimerScreen(page).accept();
      await page.getByRole("heading", { name: "Worklist" }).waitFor();
    });

    let ids; // study ids, baseline first
    await step("upload two visits of one patient and wait for both to be scored", async () => {
      const files = VISITS.map((_, i) => {
        const path = join(ARTIFACTS, `visit-${i + 1}.png`);
        copyFileSync(twoHands, path);
        return { name: `visit-${i + 1}.png`, path, fields: {} };
      });
      files[1].fields = { visitDate: VISITS[1] };
      await new UploadScreen(page).uploadEach({ patientCode: CODE, visitDate: VISITS[0] }, files);
      const studies = await eventually(async () => {
        const items = await studiesOf();
        return items.length === 2 && items.every((s) => s.status === "done") && items;
      }, "both studies scored", 600_000, 2_000);
      ids = Object.fromEntries(studies.map((s) => [s.visit_date, s.id]));
      ids = VISITS.map((day) => ids[day]);
      assert.ok(ids.every(Number.isInteger), "one study per visit date");
    });

    const raised = []; // the grades a reader raised on the later film
    await step("a reader raises grades of the later visit by more than the SDC", async () => {
      await page.goto(`/studies/${ids[1]}`);
      await study.waitUntilScored();
      const { joints } = await study.studyJson();
      // the lowest grades of finger joints (labelled "PIP 2", "MCP 3"...), raised to the maximum
      const candidates = joints
        .filter((j) => ["DIP", "PIP", "MCP"].some((g) => j.joint.startsWith(g)) && j.joint !== "MCP1")
        .flatMap((j) => ["erosion", "jsn"].map((kind) => ({ side: j.side, joint: j.joint, kind, value: j[kind]?.value })))
        .filter((g) => Number.isInteger(g.value) && g.value <= GRADE_MAXIMUM[g.kind] - 2)
        .sort((a, b) => a.value - b.value);
      let increase = 0;
      for (const grade of candidates) {
        if (increase > 4) break;
        const label = grade.joint.replace(/(\d)$/, " $1");
        await study.chooseGrade(grade.side, label, grade.kind, GRADE_MAXIMUM[grade.kind]);
        raised.push({ ...grade, after: GRADE_MAXIMUM[grade.kind] });
        increase += GRADE_MAXIMUM[grade.kind] - grade.value;
      }
      assert.ok(increase > 4, "grades enough to raise the total past the SDC");
      for (const grade of raised)
        await eventually(
          async () => (await study.joint(grade.side, grade.joint))[grade.kind].value === grade.after,
          `${grade.side} ${grade.joint} ${grade.kind} saved`,
          30_000,
        );
    });

    let change;
    await step("the worklist's patient code opens the patient: chart, visits, change and flag", async () => {
      await page.getByRole("link", { name: "Worklist", exact: true }).click();
      await page.getByTestId("worklist-row").first().getByRole("link", { name: CODE }).click();
      await page.getByRole("heading", { name: `Patient ${CODE}` }).waitFor();
      const patientId = new URL(page.url()).pathname.split("/").pop();
      const chart = page.getByRole("img", { name: /Scores over time/ });
      await chart.waitFor();
      assert.equal(await chart.getByTestId("sdc-band").count(), 1);
      assert.equal(await chart.locator(".series-total circle").count(), 2);
      assert.equal(await page.getByTestId("visit").count(), 2);
      await page.getByTestId("visit").nth(1).getByRole("link", { name: `study ${ids[1]}` }).first().waitFor();

      change = await (await page.request.get(`/api/patients/${patientId}/change?from=${VISITS[0]}&to=${VISITS[1]}`)).json();
      const increase = raised.reduce((sum, g) => sum + g.after - g.value, 0);
      assert.equal(change.totals_change.total, increase);
      const flag = page.getByTestId("progression");
      await flag.waitFor();
      assert.equal(
        await flag.textContent(),
        `Progression: the total rose by +${increase}, more than the smallest detectable change of 3 (the service's default).`,
      );
      assert.equal(await page.getByTestId("joint-changes").locator("tbody tr").count(), new Set(raised.map((g) => `${g.side} ${g.joint}`)).size);
      const compare = page.getByRole("link", { name: "Compare the right hands" });
      assert.equal(await compare.getAttribute("href"), `/compare?before=${ids[0]}&after=${ids[1]}&side=right`);
      await page.screenshot({ path: join(ARTIFACTS, "patient-page.png"), fullPage: true });
      await page.getByText("Chart data").click(); // the chart's data table open too
      await checkAccessibility(page, "the patient page");

      // the two visits of the right hand side by side, with the raised grades' change
      await compare.click();
      await page.getByTestId("compare-table").waitFor();
      assert.equal(await page.getByTestId("viewer-before").count(), 1);
      assert.equal(await page.getByTestId("viewer-after").count(), 1);
      const right = raised.find((g) => g.side === "right");
      if (right) {
        const cell = page.getByTestId(`compare-${right.joint}-${right.kind}-change`);
        assert.match(await cell.textContent(), new RegExp(`\\+${right.after - right.value}`));
      }
      await page.goBack();
      await page.getByRole("heading", { name: `Patient ${CODE}` }).waitFor();
    });

    await step("the patients list flags the progression and downloads the cohort CSV", async () => {
      await page.getByRole("link", { name: "Patients", exact: true }).click();
      const row = page.getByTestId("patient-row").filter({ hasText: CODE });
      await row.getByText("Progressed").waitFor();
      await checkAccessibility(page, "the patients list");
      const csvPath = join(ARTIFACTS, "cohort.csv");
      const [file] = await Promise.all([
        page.waitForEvent("download", { timeout: 60_000 }),
        page.getByRole("button", { name: "Download cohort CSV" }).click(),
      ]);
      await file.saveAs(csvPath);
      assert.match(file.suggestedFilename(), /^rasharp-cohort-\d{4}-\d{2}-\d{2}\.csv$/);
      const rows = readCsv(csvPath);
      assert.deepEqual(rows.map((r) => [r.Patient_ID, r.visit_date, r.visit_number]), [
        [CODE, VISITS[0], "1"],
        [CODE, VISITS[1], "2"],
      ]);
      assert.deepEqual([rows[1].right_study_id, rows[1].left_study_id], [String(ids[1]), String(ids[1])]);
      for (const grade of raised) {
        const name = column(grade.side, grade.joint.slice(0, 3), grade.joint.slice(3), grade.kind);
        assert.deepEqual([rows[0][name], rows[0][`${name}_source`]], [String(grade.value), "model"], name);
        assert.deepEqual([rows[1][name], rows[1][`${name}_source`]], [String(grade.after), "reader"], name);
      }
      assert.equal(rows[0].total_change, "");
      assert.equal(Number(rows[1].total_change), change.totals_change.total);
      assert.equal(Number(rows[1].total), change.after.totals.total);
    });
  } finally {
    await context.close();
  }
});
