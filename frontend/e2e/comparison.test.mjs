// End to end, against the real service: two films of one patient from different visits are
// uploaded and analysed; a grade of the later one is corrected; the comparison opens from the
// study page's link with both films, steps joint by joint, zooms both at once and shows the change;
// axe-core finds no serious or critical violation on it.
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import AxeBuilder from "@axe-core/playwright";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { eventually } from "./support/expect.mjs";
import { DisclaimerScreen, LoginScreen, StudyScreen, UploadScreen } from "./support/pages.mjs";
import { chainedSteps } from "./support/steps.mjs";
import { FRONTEND } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { composeLaterFilm, composeTwoHands, reasonNotToScore } from "./support/setup.mjs";

// not under e2e-artifacts itself: the study flow empties that folder when it starts
const ARTIFACTS = join(FRONTEND, "e2e-artifacts", "comparison");
const PATIENT = "E2E-CMP-7";
const VISITS = { earlier: "2024-03-01", later: "2025-03-01" };

const skip = reasonNotToScore();
let service;
let browser;
let films;

before(async () => {
  if (skip) return;
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const earlier = composeTwoHands(ARTIFACTS);
  films = { earlier, later: composeLaterFilm(earlier, ARTIFACTS) };
  ensureChromium();
  service = await startService(ARTIFACTS);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

const centreOf = async (locator) => {
  const box = await locator.boundingBox();
  assert.ok(box, "the element is on screen");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};
const distance = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);

test("a clinician compares two visits of one hand", { skip: skip ?? false, timeout: 20 * 60_000 }, async (t) => {
  const context = await browser.newContext({ baseURL: service.url, viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const study = new StudyScreen(page);
  const step = chainedSteps(t, () => page.screenshot({ path: join(ARTIFACTS, "failure.png") }));
  const api = async (path) => {
    const response = await page.request.get(path);
    assert.ok(response.ok(), `GET ${path} answered ${response.status()}`);
    return response.json();
  };
  const viewer = (visit) => page.getByTestId(`viewer-${visit}`);
  const marker = (visit, code) => viewer(visit).locator(`[data-testid="joint-marker"][data-side="right"][data-joint="${code}"]`);
  const canvasCentre = (visit) => centreOf(viewer(visit).locator(".viewer-canvas"));
  const ids = {};
  let grades;

  try {
    await step("log in, upload two visits of one patient and wait for both analyses", async () => {
      await page.goto("/");
      await new LoginScreen(page).signIn(ADMIN);
      await new DisclaimerScreen(page).accept();
      await page.getByRole("heading", { name: "Worklist" }).waitFor();
      await new UploadScreen(page).uploadEach({ patientCode: PATIENT, visitDate: VISITS.earlier }, [
        { path: films.earlier, name: "two-hands.png", fields: {} },
        { path: films.later, name: "later-film.png", fields: { visitDate: VISITS.later } },
      ]);
      const analysed = await eventually(
        async () => {
          const { items } = await api(`/api/studies?patient_code=${PATIENT}`);
          return items.length === 2 && items.every((s) => s.status === "done") && items;
        },
        "both films analysed",
        600_000,
        2000,
      );
      for (const [visit, date] of Object.entries(VISITS)) ids[visit] = analysed.find((s) => s.visit_date === date).id;
      assert.ok(ids.earlier && ids.later, "one study per visit date");
    });

    await step("correct MCP 2's erosion at the later visit", async () => {
      const gradeOf = async (id) => (await api(`/api/studies/${id}`)).joints.find((j) => j.side === "right" && j.joint === "MCP2").erosion.value;
      const earlier = await gradeOf(ids.earlier);
      const corrected = earlier <= 3 ? earlier + 2 : earlier - 2; // the change cannot be 0
      await page.goto(`/studies/${ids.later}`);
      await study.waitUntilScored(60_000);
      await study.chooseGrade("right", "MCP 2", "erosion", corrected);
      await eventually(async () => (await gradeOf(ids.later)) === corrected, "the correction saved by the service", 30_000);
      grades = { earlier, corrected };
    });

    await step("open the comparison from the study page's link: both films show", async () => {
      const links = page.getByRole("navigation", { name: "Compare with" });
      await links.getByRole("link", { name: "visit 1 Mar 2024" }).click();
      await page.getByTestId("compare-table").waitFor();
      assert.equal(new URL(page.url()).search, `?before=${ids.earlier}&after=${ids.later}`);
      assert.equal(await page.getByTestId("visit-before").textContent(), "Before: visit 1 Mar 2024");
      assert.equal(await page.getByTestId("visit-after").textContent(), "After: visit 1 Mar 2025");
      for (const visit of ["before", "after"]) {
        assert.equal(await viewer(visit).getByTestId("joint-marker").count(), 15, `one hand's markers on the ${visit} film`);
        const image = await viewer(visit).getByTestId("radiograph").getAttribute("href");
        assert.equal(image, `/api/studies/${ids[visit === "before" ? "earlier" : "later"]}/image`);
        assert.ok((await page.request.get(image)).ok(), `the ${visit} film's image is served`);
        assert.equal(await viewer(visit).getByText("The radiograph image could not be loaded.").count(), 0);
      }
    });

    await step("the next joint: both films centre on it", async () => {
      await page.getByRole("button", { name: /Next joint/ }).click();
      assert.equal(await page.getByTestId("current-joint").textContent(), "Current joint: DIP 2");
      for (const visit of ["before", "after"]) {
        const [joint, centre] = [await centreOf(marker(visit, "DIP2")), await canvasCentre(visit)];
        assert.ok(distance(joint, centre) < 2, `DIP 2 at the centre of the ${visit} film (${JSON.stringify(joint)} vs ${JSON.stringify(centre)})`);
        assert.match(await marker(visit, "DIP2").getAttribute("class"), /\bhovered\b/, `DIP 2 highlighted on the ${visit} film`);
      }
      assert.equal(await page.getByTestId("compare-row-DIP2").getAttribute("aria-current"), "true");
      await page.keyboard.press("ArrowDown"); // the key does the same
      assert.equal(await page.getByTestId("current-joint").textContent(), "Current joint: DIP 3");
      await page.keyboard.press("ArrowUp");
      assert.equal(await page.getByTestId("current-joint").textContent(), "Current joint: DIP 2");
    });

    await step("zooming one film zooms the other", async () => {
      const spread = async (visit) => distance(await centreOf(marker(visit, "DIP2")), await centreOf(marker(visit, "MCP2")));
      const before = { before: await spread("before"), after: await spread("after") };
      // the same anatomy at the same size, though the later film holds the hands smaller
      assert.ok(Math.abs(before.after / before.before - 1) < 0.15, `one size on screen (${before.before} and ${before.after} px)`);
      await viewer("after").getByRole("button", { name: "Zoom in" }).click();
      for (const visit of ["before", "after"]) {
        const ratio = (await spread(visit)) / before[visit];
        assert.ok(Math.abs(ratio - 1.25) < 0.02, `the ${visit} film zoomed 1.25 times (${ratio})`);
        assert.ok(distance(await centreOf(marker(visit, "DIP2")), await canvasCentre(visit)) < 2, `DIP 2 still centred on the ${visit} film`);
      }
    });

    await step("the table shows both grades and the change", async () => {
      const cell = (kind) => page.getByTestId(`compare-MCP2-erosion-${kind}`).textContent();
      assert.equal(await cell("before"), String(grades.earlier));
      assert.equal(await cell("after"), String(grades.corrected));
      const change = grades.corrected - grades.earlier;
      assert.equal(await cell("change"), change > 0 ? `▲ +${change} (worse)` : `▼ −${-change} (better)`);
      await page.getByTestId("compare-row-MCP2").getByRole("button", { name: "MCP 2" }).click();
      assert.equal(await page.getByTestId("current-joint").textContent(), "Current joint: MCP 2");
      await page.screenshot({ path: join(ARTIFACTS, "comparison.png") });
    });

    await step("no serious or critical accessibility violation (axe-core)", async () => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      const grave = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      const report = grave.map((v) => `${v.impact} ${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
      assert.deepEqual(report, []);
    });
  } finally {
    await context.close();
  }
});
