// End to end, against the real service: the API process stops while a reader edits a grade and
// moves a joint (PostgreSQL, Redis and the worker keep running). The study stays on screen with
// both changes marked as waiting; when the API is back both are saved with no further action.
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { eventually } from "./support/expect.mjs";
import { DisclaimerScreen, LoginScreen, StudyScreen, UploadScreen } from "./support/pages.mjs";
import { ARTIFACTS as ALL_ARTIFACTS } from "./support/paths.mjs";
import { ADMIN, startServiceWithSeparateApi } from "./support/server.mjs";
import { composeTwoHands, reasonNotToScore } from "./support/setup.mjs";

const ARTIFACTS = join(ALL_ARTIFACTS, "outage");
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
  service = await startServiceWithSeparateApi(ARTIFACTS);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

/** "translate(412.3 980.1)" → { x, y } */
const translation = (transform) => {
  const [, x, y] = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(transform);
  return { x: Number(x), y: Number(y) };
};

test("changes made while the service is down are saved by themselves when it is back", { skip: skip ?? false, timeout: 15 * 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: service.url, viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const study = new StudyScreen(page);
  try {
    await page.goto("/");
    await new LoginScreen(page).signIn(ADMIN);
    await new DisclaimerScreen(page).accept();
    await new UploadScreen(page).upload(twoHands, "E2E-OUTAGE");
    await study.waitUntilScored();
    await eventually(async () => (await study.markers().count()) === 30, "30 joint markers on the radiograph", 30_000);

    const { model } = (await study.joint("right", "PIP2")).erosion;
    const typed = ((model ?? 0) + 2) % 6;
    const marker = study.marker("left", "MCP3");
    const original = await study.joint("left", "MCP3");

    await service.stopApi();
    const stoppedAt = Date.now();

    await study.grade("right", "PIP 2", "erosion").focus();
    await page.keyboard.press(String(typed));
    await study.dragMarker("left", "MCP3", 14, 9);
    const movedTo = translation(await marker.getAttribute("transform"));
    assert.ok(Math.hypot(movedTo.x - original.x, movedTo.y - original.y) > 1, "the marker follows the drag");

    const notice = page.getByTestId("save-notice");
    await eventually(async () => /2 changes waiting for the server/.test((await notice.textContent().catch(() => "")) ?? ""),
      "the banner counting two changes waiting for the server", 30_000, 250);
    const cell = study.cell("right", "PIP2", "erosion");
    assert.match(await cell.textContent(), /Waiting to be saved/);
    assert.equal(await study.grade("right", "PIP 2", "erosion").textContent(), String(typed));
    assert.match(await marker.getAttribute("class"), /\bwaiting\b/);
    assert.match(await marker.getAttribute("aria-label"), /^MCP 3, Left — Waiting to be saved$/);
    // coming back to the tab refreshes the study: the refresh fails, and the study stays on screen
    await page.evaluate("window.dispatchEvent(new Event(\"visibilitychange\"))");
    await eventually(async () => /The server is not answering/.test((await notice.textContent().catch(() => "")) ?? ""),
      "the banner saying the study on screen could not be refreshed", 30_000, 250);
    assert.ok(await page.getByTestId("score-table").isVisible(), "the score table still on screen");
    assert.equal(await study.markers().count(), 30);
    assert.deepEqual(translation(await marker.getAttribute("transform")), movedTo, "the marker stays where it was put");
    assert.equal(await page.getByRole("alert").filter({ hasText: "cannot be reached" }).count(), 0, "no error page");
    await page.screenshot({ path: join(ARTIFACTS, "waiting.png") });

    const restartAt = Date.now();
    await service.startApi();
    const answeringAt = Date.now();
    const saved = await eventually(async () => {
      const response = await page.request.get(`/api/studies/${study.id}`);
      if (!response.ok()) return false;
      const joints = (await response.json()).joints;
      const pip2 = joints.find((j) => j.side === "right" && j.joint === "PIP2");
      const mcp3 = joints.find((j) => j.side === "left" && j.joint === "MCP3");
      const moved = mcp3.moved && Math.abs(mcp3.x - movedTo.x) < 0.11 && Math.abs(mcp3.y - movedTo.y) < 0.11;
      return pip2.erosion.value === typed && moved && { savedAt: Date.now() };
    }, "the grade and the move saved by the service", 120_000, 250);
    await eventually(async () => /All changes saved/.test((await notice.textContent().catch(() => "")) ?? ""),
      "the banner saying all changes are saved", 30_000, 250);
    console.log(
      `outage: API down ${((restartAt - stoppedAt) / 1000).toFixed(1)} s; back and answering after ` +
        `${((answeringAt - restartAt) / 1000).toFixed(1)} s; both changes saved ` +
        `${((saved.savedAt - answeringAt) / 1000).toFixed(1)} s after it answered, with no user action`,
    );
    assert.equal(await cell.getByText("Waiting to be saved").count(), 0);
    await page.screenshot({ path: join(ARTIFACTS, "saved.png") });

    await page.reload();
    await study.waitUntilScored(60_000);
    assert.equal(await study.grade("right", "PIP 2", "erosion").textContent(), String(typed));
    assert.match(await study.cell("right", "PIP2", "erosion").getAttribute("class"), /\bedited\b/);
    const afterReload = translation(await study.marker("left", "MCP3").getAttribute("transform"));
    assert.ok(Math.abs(afterReload.x - movedTo.x) < 0.11 && Math.abs(afterReload.y - movedTo.y) < 0.11,
      `the marker at its new place after a reload (${afterReload.x}, ${afterReload.y})`);
    await eventually(async () => /moved MCP 3 \(left\)/.test(await page.getByTestId("history").textContent()),
      "the move in the history after a reload", 30_000);
  } catch (error) {
    await page.screenshot({ path: join(ARTIFACTS, "failure.png") }).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
});
