// End to end, against the real service: log in, accept the disclaimer, upload a two-hand
// radiograph, read and correct the scores, move a joint, reset, export, switch language.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { eventually } from "./support/expect.mjs";
import { DisclaimerScreen, LoginScreen, StudyScreen, UploadScreen } from "./support/pages.mjs";
import { chainedSteps } from "./support/steps.mjs";
import { ARTIFACTS, REPO } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { composeTwoHands, reasonNotToScore } from "./support/setup.mjs";

const PYTHON = join(REPO, ".venv/bin/python");
const shown = (grade) => (grade === null || grade === undefined ? "—" : String(grade)); // as a grade cell shows it

const skip = reasonNotToScore();

let service;
let browser;
let twoHands;

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  // this run's own files only: the other tests keep theirs in folders under it
  for (const entry of readdirSync(ARTIFACTS, { withFileTypes: true })) {
    if (entry.isFile()) rmSync(join(ARTIFACTS, entry.name));
  }
  twoHands = composeTwoHands(ARTIFACTS);
  ensureChromium();
  service = await startService(ARTIFACTS);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

test("a clinician scores, corrects and exports a two-hand radiograph", { skip: skip ?? false, timeout: 20 * 60_000 }, async (t) => {
  const context = await browser.newContext({ baseURL: service.url, acceptDownloads: true, viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const study = new StudyScreen(page);
  const step = chainedSteps(t, () => page.screenshot({ path: join(ARTIFACTS, "failure.png") }));

  try {
    await step("log in and accept the disclaimer", async () => {
      await page.goto("/");
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      assert.match(await page.getByTestId("research-banner").textContent(), /For research use only — not for clinical diagnosis/);
      await new LoginScreen(page).signIn(ADMIN);
      await new DisclaimerScreen(page).accept();
      await page.getByRole("heading", { name: "Worklist" }).waitFor();
    });

    await step("upload a two-hand image: 30 markers and a full table", async () => {
      await new UploadScreen(page).upload(twoHands, "E2E-001");
      await study.waitUntilScored();
      await eventually(async () => (await study.markers().count()) === 30, "30 joint markers on the radiograph", 30_000);
      assert.equal(await page.getByTestId("score-table").getByRole("combobox").count(), 58); // 30 erosion + 28 JSN
      assert.equal(await study.cell("right", "CMC1", "jsn").textContent(), "×");
      for (const kind of ["erosion", "jsn", "total"]) assert.ok(Number.isInteger(await study.total(kind)));
    });

    let edited;
    const gradeSaves = []; // the grade edits the page sends, from here on
    page.on("request", (request) => {
      if (request.method() === "PATCH") gradeSaves.push(new URL(request.url()).pathname.split("/joints/")[1]);
    });
    await step("move through the grades with arrows: no grade changes", async () => {
      const grades = async () => (await study.studyJson()).joints.map((j) => [j.side, j.joint, j.erosion?.value, j.jsn?.value]);
      const before = await grades();
      const shownBefore = await study.grade("right", "DIP 2", "jsn").textContent();
      await study.grade("right", "DIP 2", "jsn").focus();
      // a reader's report: ↑ ↑ → from a native select saved a grade on each key
      for (const key of ["ArrowUp", "ArrowUp", "ArrowRight"]) await page.keyboard.press(key);
      assert.equal(await study.focusedLabel(), "Erosion, 1st IP, Left");
      assert.equal(await study.grade("right", "DIP 2", "jsn").textContent(), shownBefore);
      assert.deepEqual(await grades(), before, "the service holds the same grades");
    });

    await step("edit a grade with the keyboard: the totals follow at once", async () => {
      const cell = study.grade("right", "PIP 2", "erosion");
      const { model } = (await study.joint("right", "PIP2")).erosion;
      assert.equal(await cell.textContent(), shown(model), "the table shows the model's grade");
      const totalBefore = await study.total("erosion");
      const after = ((model ?? 0) + 2) % 6;
      await cell.focus();
      await page.keyboard.press(String(after)); // a focused grade cell takes the typed grade
      assert.equal(await cell.textContent(), String(after));
      assert.equal(await study.focusedLabel(), "Erosion, PIP 3, Right", "the focus moved down");
      assert.equal(await study.total("erosion"), totalBefore + after - (model ?? 0));
      await eventually(async () => (await study.joint("right", "PIP2")).erosion.value === after, "the edit saved by the service", 30_000);
      assert.deepEqual(gradeSaves, ["right/PIP2"], "one save, of the typed grade; none for the arrows before it");
      edited = { model, after };
    });

    await step("choose a grade from the cell's list with the mouse", async () => {
      const { value } = (await study.joint("left", "PIP2")).jsn;
      const chosen = ((value ?? 0) + 1) % 5;
      await study.chooseGrade("left", "PIP 2", "jsn", chosen);
      assert.equal(await study.grade("left", "PIP 2", "jsn").textContent(), String(chosen));
      await eventually(async () => (await study.joint("left", "PIP2")).jsn.value === chosen, "the choice saved by the service", 30_000);
    });

    await step("confirm a grade with Enter, then n goes to the next grade not reviewed", async () => {
      const saves = gradeSaves.length;
      const reviewed = async () => page.getByTestId("reviewed-right").textContent();
      assert.equal(await reviewed(), "Right: 1 / 29 reviewed", "the edited PIP 2 erosion counts");
      await study.grade("right", "DIP 3", "erosion").focus();
      await page.keyboard.press("Enter");
      assert.equal(await study.focusedLabel(), "Erosion, DIP 4, Right");
      await eventually(async () => (await study.joint("right", "DIP3")).erosion.confirmed, "the confirmation saved", 30_000);
      await eventually(async () => (await reviewed()) === "Right: 2 / 29 reviewed", "the count following", 30_000);
      await page.keyboard.press("n");
      assert.equal(await study.focusedLabel(), "JSN, DIP 4, Right");
      await eventually(
        async () => /DIP 3 \(right\) Erosion \d confirmed/.test(await page.getByTestId("history").textContent()),
        "the confirmation in the history (read again after the save)",
        30_000,
      );
      assert.equal(gradeSaves.length, saves, "confirming changed no grade");
    });

    await step("reload: the edit persists and is marked with the model's value", async () => {
      await page.reload();
      await study.waitUntilScored(60_000);
      assert.equal(await study.grade("right", "PIP 2", "erosion").textContent(), String(edited.after));
      const cell = study.cell("right", "PIP2", "erosion");
      assert.match(await cell.getAttribute("class"), /\bedited\b/);
      assert.equal(await cell.getAttribute("title"), `Edited — model value: ${edited.model ?? "—"}`);
      await page.screenshot({ path: join(ARTIFACTS, "study-view.png") });
    });

    await step("overlay the erosion heatmap", async () => {
      const { heatmaps } = await study.studyJson();
      assert.ok(heatmaps.includes("erosion"), `the study has an erosion heatmap (has: ${heatmaps.join(", ")})`);
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === `/api/studies/${study.id}/heatmaps/erosion`),
        page.getByLabel("Heatmap").selectOption("erosion"),
      ]);
      assert.equal(response.status(), 200);
      assert.equal(response.headers()["content-type"], "image/png");
      assert.equal(await page.getByTestId("heatmap").getAttribute("opacity"), "0.5");
      await page.getByLabel("Opacity").fill("0.8");
      assert.equal(await page.getByTestId("heatmap").getAttribute("opacity"), "0.8");
      await page.screenshot({ path: join(ARTIFACTS, "study-heatmap.png") });
      await page.getByLabel("Heatmap").selectOption("none");
    });

    await step("drag a joint: it is re-scored at its new place", async () => {
      const original = await study.joint("left", "MCP3");
      await study.dragMarker("left", "MCP3", 12, 10);
      const moved = await eventually(async () => {
        const joint = await study.joint("left", "MCP3");
        return joint.moved && !joint.pending && joint;
      }, "the moved joint re-scored", 180_000, 1000);
      assert.ok(Math.hypot(moved.x - original.x, moved.y - original.y) > 1, "the joint's position changed");
      await eventually(async () => !(await study.marker("left", "MCP3").getAttribute("class")).includes("pending"),
        "the marker's spinner gone", 30_000);
      await eventually(async () => (await study.grade("left", "MCP 3", "erosion").textContent()) === shown(moved.erosion.value),
        "the table showing the re-scored erosion grade", 30_000);
      assert.equal(await study.grade("left", "MCP 3", "jsn").textContent(), shown(moved.jsn.value));
      await eventually(async () => /moved MCP 3 \(left\)/.test(await page.getByTestId("history").textContent()),
        "the move in the history", 30_000);
    });

    await step("reset the whole study to the model's values", async () => {
      await study.resetAll();
      await eventually(
        async () =>
          !(await study.cell("right", "PIP2", "erosion").getAttribute("class")).includes("edited") &&
          (await study.grade("right", "PIP 2", "erosion").textContent()) === shown(edited.model),
        "the edited cell back to the model's grade and no longer marked",
        60_000,
      );
      // the table shows the reset before the service has it: wait for the service's answer
      await eventually(async () => !(await study.joint("left", "MCP3")).moved, "the moved joint back at the model's place", 30_000);
      const saved = await study.joint("right", "PIP2");
      assert.equal(saved.erosion.value, edited.model);
    });

    await step("download CSV and PDF", async () => {
      const csvPath = join(ARTIFACTS, "study.csv");
      const csvName = await study.download("csv", csvPath);
      assert.match(csvName, /\.csv$/);
      const [header, ...rows] = readFileSync(csvPath, "utf8").trim().split("\n").map((line) => line.split(","));
      assert.equal(rows.length, 30);
      const column = (name) => header.indexOf(name);
      const pip2 = rows.find((r) => r[column("side")] === "right" && r[column("joint")] === "PIP2");
      assert.equal(pip2[column("erosion")], shown(edited.model));
      assert.equal(pip2[column("patient_code")], "E2E-001");
      assert.ok(rows.every((r) => r[column("erosion_edited")] === "0"), "no grade edited after the reset");
      assert.ok(rows.every((r) => r[column("erosion_confirmed")] === "0"), "no grade confirmed after the reset");

      const pdfPath = join(ARTIFACTS, "study.pdf");
      await study.download("pdf", pdfPath);
      assert.equal(readFileSync(pdfPath).subarray(0, 5).toString(), "%PDF-");
      assert.ok(statSync(pdfPath).size > 5_000);
      const text = execFileSync(PYTHON, ["-c",
        "import sys, pypdf; print('\\n'.join(p.extract_text() for p in pypdf.PdfReader(sys.argv[1]).pages))", pdfPath],
        { encoding: "utf8" });
      assert.match(text, /E2E-001/);
      assert.match(text, /PIP2|PIP 2/);
      assert.match(text, /research use only/i);
    });

    await step("switch to Russian: the labels change", async () => {
      await page.getByLabel("Language").selectOption("ru");
      const table = page.getByTestId("score-table");
      for (const label of ["Сустав", "Справа", "Слева"]) await table.getByText(label, { exact: true }).first().waitFor();
      assert.ok((await table.getByText("Эрозии", { exact: true }).count()) >= 2);
      assert.ok((await table.getByText("Сужение щелей", { exact: true }).count()) >= 2);
      await table.getByText("ДМФ 2–5").waitFor();
      await page.getByRole("button", { name: "К исходным значениям" }).waitFor();
      await page.getByText("Скачать").waitFor();
      assert.match(await page.getByTestId("research-banner").textContent(), /Только для исследовательских целей/);
      await page.screenshot({ path: join(ARTIFACTS, "study-view-ru.png") });

      // the report in the reader's language, named after the patient, the visit and the study
      const pdfPath = join(ARTIFACTS, "study-ru.pdf");
      const pdfName = await study.download("pdf", pdfPath);
      assert.match(pdfName, /^rasharp-E2E-001-\d{4}-\d{2}-\d{2}-study-\d+\.pdf$/);
      const text = execFileSync(PYTHON, ["-c",
        "import sys, pypdf; print('\\n'.join(p.extract_text() for p in pypdf.PdfReader(sys.argv[1]).pages))", pdfPath],
        { encoding: "utf8" });
      for (const word of ["Оценки", "Сустав", "Справа", "Слева", "Эрозии", "Сужение щелей", "Только для исследований"])
        assert.ok(text.includes(word), `the Russian PDF says "${word}"`);
      assert.doesNotMatch(text, /Joint space width|Erosion/);
      await page.getByLabel("Язык").selectOption("en");
    });

    await step("the worklist shows the scored study", async () => {
      await page.getByRole("link", { name: "Worklist" }).first().click();
      const row = page.getByTestId("worklist-row").filter({ hasText: "E2E-001" });
      await row.getByText("Done").waitFor();
      await page.screenshot({ path: join(ARTIFACTS, "worklist.png") });
    });

    await step("upload a batch whose files differ: each study gets its own code, hand and visit date", async () => {
      const files = ["visit-a.png", "visit-b.png", "visit-c.png"].map((name) => {
        const path = join(ARTIFACTS, name);
        copyFileSync(twoHands, path);
        return { name, path };
      });
      files[1].fields = { patientCode: "E2E-003", side: "left" };
      files[2].fields = { visitDate: "2019-03-05" };
      files[0].fields = {};
      await new UploadScreen(page).uploadEach({ patientCode: "E2E-002", visitDate: "2025-04-01" }, files);
      const listed = await (await page.request.get("/api/studies?limit=3")).json();
      const byName = Object.fromEntries(listed.items.map((s) => [s.original_name, s]));
      const got = await Promise.all(
        files.map(async ({ name }) => {
          const detail = await (await page.request.get(`/api/studies/${byName[name].id}`)).json();
          return [name, detail.patient_code, detail.requested_side, detail.visit_date];
        }),
      );
      assert.deepEqual(got, [
        ["visit-a.png", "E2E-002", "auto", "2025-04-01"],
        ["visit-b.png", "E2E-003", "left", "2025-04-01"],
        ["visit-c.png", "E2E-002", "auto", "2019-03-05"],
      ]);
      await page.screenshot({ path: join(ARTIFACTS, "upload-batch.png") });
    });

    await step("review a whole two-hand film from the keyboard alone: at most 100 keys, no grade changed by moving", async () => {
      const listed = await (await page.request.get("/api/studies?limit=3")).json();
      await page.goto(`/studies/${listed.items.find((s) => s.original_name === "visit-a.png").id}`);
      await study.waitUntilScored();
      const before = await study.studyJson();
      const keys = [];
      const press = async (key) => {
        keys.push(key);
        await page.keyboard.press(key);
      };
      const focused = () =>
        page.evaluate(() => {
          const active = globalThis.document.activeElement; // in the page
          const cell = active?.closest("td");
          return {
            link: active?.classList.contains("skip-link") ?? false,
            inTable: Boolean(cell?.closest('[data-testid="score-table"]')),
            reviewed: cell?.classList.contains("reviewed") ?? false,
            label: active?.getAttribute("aria-label") ?? "",
            shown: active?.textContent ?? "",
          };
        });
      while (!(await focused()).link) {
        assert.ok(keys.length < 20, "the way into the score table is within 20 Tab presses");
        await press("Tab");
      }
      await press("Enter");
      const reviewedAll = async () =>
        (await page.getByTestId("reviewed-right").textContent()) === "Right: 29 / 29 reviewed" &&
        (await page.getByTestId("reviewed-left").textContent()) === "Left: 29 / 29 reviewed";
      const typed = [];
      let confirmed = 0;
      while (!(await reviewedAll())) {
        assert.ok(keys.length <= 100, `every grade reviewed within 100 keys (${keys.length} so far)`);
        const now = await focused();
        assert.ok(now.inTable, `the focus stays in the score table, not on "${now.label}"`);
        if (now.reviewed) {
          await press("n"); // the next grade nobody has reviewed
        } else if ((confirmed + typed.length) % 10 === 9) {
          const grade = (Number(now.shown.trim()) + 1) % (now.label.startsWith("Erosion") ? 6 : 5);
          typed.push(now.label);
          await press(String(grade)); // the reader's own grade
        } else {
          confirmed += 1;
          await press("Enter"); // the model's grade, as it is
        }
      }
      console.log(
        `keyboard-only review of a two-hand film: ${keys.length} keys for 58 grades ` +
          `(${keys.filter((k) => k === "Tab").length} Tab + 1 Enter to reach the table, ${confirmed} confirmed, ` +
          `${typed.length} typed, ${keys.filter((k) => k === "n").length} n)`,
      );
      assert.ok(keys.length <= 100);
      await eventually(async () => {
        const joints = (await study.studyJson()).joints;
        return joints.every((j) => ["erosion", "jsn"].every((kind) => !j[kind] || j[kind].reviewed));
      }, "every confirmation and typed grade saved by the service", 60_000);
      const after = await study.studyJson();
      const changed = after.joints.flatMap((j, i) =>
        ["erosion", "jsn"].filter((kind) => j[kind] && j[kind].value !== before.joints[i][kind].value).map((kind) => `${kind}:${j.side}:${j.joint}`),
      );
      assert.equal(changed.length, typed.length, "only the typed grades changed");
    });
  } finally {
    await context.close();
  }
});
