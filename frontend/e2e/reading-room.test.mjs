// Every page checked by axe-core (no serious or critical violation) in the light and the dark
// theme, on a 1366 x 768 laptop: the viewer keeps at least 60 % of the width with the table
// beside it (also at 1280 px), the viewer's tools (window/level drag, rotate) and the reader's
// pixel spacing drawn on the film, after which the joint space widths read in millimetres.
// Screenshots go to the folder printed at the start (not committed).
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import AxeBuilder from "@axe-core/playwright";
import { checkAccessibility } from "./support/accessibility.mjs";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { eventually } from "./support/expect.mjs";
import { DisclaimerScreen, LoginScreen, StudyScreen, UploadScreen } from "./support/pages.mjs";
import { chainedSteps } from "./support/steps.mjs";
import { FRONTEND } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { composeTwoHands, reasonNotToScore } from "./support/setup.mjs";

const SCREENSHOTS = join(FRONTEND, "e2e-artifacts-reading-room"); // not under e2e-artifacts: the study flow empties that
const LAPTOP = { width: 1366, height: 768 };

const skip = reasonNotToScore();
let service;
let browser;
let twoHands;

before(async () => {
  if (skip) return;
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  console.log(`screenshots and the service log: ${SCREENSHOTS}`);
  twoHands = composeTwoHands(SCREENSHOTS);
  ensureChromium();
  service = await startService(SCREENSHOTS);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

const shoot = (page, name) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

async function boxOf(locator) {
  const box = await locator.boundingBox();
  assert.ok(box, "the element is on screen");
  return box;
}

test("every page passes axe-core; the laptop layout, the viewer's tools, calibration and the dark theme", { skip: skip ?? false, timeout: 15 * 60_000 }, async (t) => {
  const context = await browser.newContext({ baseURL: service.url, viewport: LAPTOP, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const study = new StudyScreen(page);
  const step = chainedSteps(t, () => shoot(page, "failure"));

  try {
    await step("sign-in, disclaimer, worklist, upload and users pages", async () => {
      await page.goto("/");
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      assert.equal(await page.locator("html").getAttribute("data-theme"), "light", "a light system gets the light theme");
      // first, that the check can fail: an image without a text alternative is a critical violation
      await page.locator("body").evaluate((body) => {
        const probe = body.ownerDocument.createElement("img");
        probe.id = "axe-probe";
        probe.src = "/favicon.ico";
        body.append(probe);
      });
      const probed = await new AxeBuilder({ page }).include("#axe-probe").analyze();
      assert.ok(probed.violations.some((v) => v.id === "image-alt" && v.impact === "critical"), "axe-core reports a missing alt text");
      await page.locator("#axe-probe").evaluate((probe) => probe.remove());
      await checkAccessibility(page, "the sign-in page");
      await new LoginScreen(page).signIn(ADMIN);
      await page.getByRole("button", { name: "Accept and continue" }).waitFor();
      await checkAccessibility(page, "the disclaimer");
      await new DisclaimerScreen(page).accept();
      await page.getByRole("heading", { name: "Worklist" }).waitFor();
      await checkAccessibility(page, "the empty worklist");
      await page.getByRole("link", { name: "Upload", exact: true }).first().click();
      await page.getByTestId("file-input").waitFor({ state: "attached" });
      await checkAccessibility(page, "the upload page");
      await page.getByRole("link", { name: "Users", exact: true }).click();
      await page.getByTestId("account-row").first().waitFor();
      await checkAccessibility(page, "the users page");
    });

    await step("the study at 1366 x 768: viewer at least 60 % of the width, the table beside it", async () => {
      await new UploadScreen(page).upload(twoHands, "A11Y-001");
      await study.waitUntilScored();
      await eventually(async () => (await study.markers().count()) === 30, "30 joint markers", 30_000);
      const viewer = await boxOf(page.getByRole("region", { name: "Radiograph" }));
      const table = await boxOf(page.getByTestId("score-table"));
      const share = viewer.width / LAPTOP.width;
      console.log(`viewer ${Math.round(viewer.width)} x ${Math.round(viewer.height)} px: ${Math.round(share * 100)} % of 1366 px`);
      assert.ok(share >= 0.6, `the viewer has ${Math.round(share * 100)} % of the width`);
      assert.ok(table.x >= viewer.x + viewer.width - 1, "the score table is beside the viewer, not under it");
      const labels = await page.locator(".marker-label").count();
      assert.ok(labels < 30, `crowded markers keep their labels for hover (${labels} of 30 shown)`);
      await shoot(page, "study-1366x768-light");
      await checkAccessibility(page, "the study page");
    });

    await step("at 1280 px the table is still beside the viewer", async () => {
      await page.setViewportSize({ width: 1280, height: 720 });
      const viewer = await boxOf(page.getByRole("region", { name: "Radiograph" }));
      const table = await boxOf(page.getByTestId("score-table"));
      assert.ok(table.x >= viewer.x + viewer.width - 1, "beside, not stacked");
      await page.setViewportSize(LAPTOP);
    });

    await step("window/level by Ctrl + drag shows its values and resets; rotate turns the film, markers follow", async () => {
      const canvas = await boxOf(page.getByTestId("viewer-svg"));
      const [window0, level0] = [await page.getByTestId("window-value").textContent(), await page.getByTestId("level-value").textContent()];
      assert.deepEqual([window0, level0], ["255", "128"]);
      const x = canvas.x + canvas.width / 2;
      const y = canvas.y + 40;
      await page.keyboard.down("Control");
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x - canvas.width / 4, y + canvas.height / 8, { steps: 5 });
      await page.mouse.up();
      await page.keyboard.up("Control");
      const narrowed = Number(await page.getByTestId("window-value").textContent());
      const raised = Number(await page.getByTestId("level-value").textContent());
      assert.ok(narrowed < 255 && raised > 128, `dragging left and down narrowed the window and raised the level (W ${narrowed}, L ${raised})`);
      await page.getByRole("button", { name: "Reset window and level" }).click();
      assert.equal(await page.getByTestId("window-value").textContent(), "255");

      const film = async () => boxOf(page.getByTestId("film"));
      const before = await film();
      const marker = async () => boxOf(study.marker("right", "MCP2").locator("circle").first());
      const markerBefore = await marker();
      await page.getByRole("button", { name: "Rotate 90° clockwise" }).click();
      const turned = await film();
      assert.ok(Math.sign(turned.width - turned.height) !== Math.sign(before.width - before.height), "the film's width and height swapped");
      const markerAfter = await marker();
      assert.ok(Math.abs(markerAfter.x - markerBefore.x) + Math.abs(markerAfter.y - markerBefore.y) > 20, "the marker moved with the film");
      await shoot(page, "study-rotated");
      await page.getByRole("button", { name: "Reset view" }).click();
    });

    await step("the reader draws a known distance: every measured joint space reads in millimetres", async () => {
      const before = await study.studyJson();
      const measured = before.joints.filter((j) => j.jsw_px !== null);
      assert.ok(measured.length > 0, "the service measured some joint spaces in pixels");
      const unitless = before.pixel_spacing_mm === null;
      await page.getByRole("button", { name: "Draw a known distance" }).click();
      const canvas = await boxOf(page.getByTestId("viewer-svg"));
      const y = canvas.y + canvas.height - 60;
      await page.mouse.click(canvas.x + 100, y);
      await page.mouse.click(canvas.x + 400, y);
      await page.getByTestId("known-distance").fill("30");
      await page.getByRole("button", { name: "Set", exact: true }).last().click();
      await eventually(async () => /Reader calibration/.test(await page.getByTestId("calibration-status").textContent()), "the calibration shown");
      const after = await study.studyJson();
      assert.ok(after.reader_pixel_spacing_mm > 0);
      for (const joint of after.joints.filter((j) => j.jsw_px !== null)) {
        assert.equal(joint.jsw_mm_basis, "reader");
        assert.ok(Math.abs(joint.jsw_mm - joint.jsw_px * after.reader_pixel_spacing_mm) < 0.01);
      }
      const sample = measured[0];
      const row = page.locator(`tr[data-joint="${sample.joint}"] td.jsw`).nth(sample.side === "right" ? 0 : 1);
      const text = await row.locator(".jsw-mm").textContent();
      assert.match(text, /^\d+\.\d\d$/, `the ${sample.side} ${sample.joint} width reads in mm (${text})`);
      assert.match(await row.getAttribute("title"), /reader calibration/);
      const history = await (await page.request.get(`/api/studies/${study.id}/history`)).json();
      assert.equal(history[0].field, "pixel_spacing");
      console.log(`calibrated: ${after.reader_pixel_spacing_mm} mm per pixel (the film's own: ${unitless ? "none" : before.pixel_spacing_mm})`);
      await checkAccessibility(page, "the study page, calibrated");
    });

    await step("the dark theme: chosen in the header, remembered, and as accessible", async () => {
      await page.getByTestId("theme-switch").click();
      assert.equal(await page.locator("html").getAttribute("data-theme"), "dark");
      await page.reload();
      await study.waitUntilScored();
      assert.equal(await page.locator("html").getAttribute("data-theme"), "dark", "kept after a reload");
      await page.getByTestId("score-table").locator("tr[data-joint='MCP2'] th").hover();
      await page.getByTestId("joint-heatmap").waitFor({ state: "attached" });
      await page.getByTestId("heatmap-legend").waitFor();
      await shoot(page, "study-1366x768-dark");
      await checkAccessibility(page, "the study page in the dark theme");
      await page.getByRole("link", { name: "Worklist", exact: true }).click();
      await page.getByRole("heading", { name: "Worklist" }).waitFor();
      await checkAccessibility(page, "the worklist in the dark theme");
      await shoot(page, "worklist-dark");
    });

    await step("a dark system gets the dark theme on a first visit", async () => {
      const dark = await browser.newContext({ baseURL: service.url, viewport: LAPTOP, colorScheme: "dark" });
      const first = await dark.newPage();
      await first.goto("/");
      await first.getByRole("heading", { name: "Sign in" }).waitFor();
      assert.equal(await first.locator("html").getAttribute("data-theme"), "dark");
      await checkAccessibility(first, "the sign-in page in the dark theme");
      await first.screenshot({ path: join(SCREENSHOTS, "login-dark.png") });
      await dark.close();
    });
  } finally {
    await context.close();
  }
});
