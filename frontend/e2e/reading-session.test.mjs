// A reader study end to end, against the real service: an administrator creates a second reader
// and a reading session over two analysed films (two readers, blind to each other, the model's
// grades hidden, random order); both readers, each in a browser of their own, grade every joint
// from the keyboard and finish; the second reader never sees the first one's grades; the
// administrator settles a disagreement and opens the agreement report (agreement-report.png).
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { eventually } from "./support/expect.mjs";
import { DisclaimerScreen, LoginScreen, ReadingScreen, UploadScreen } from "./support/pages.mjs";
import { chainedSteps } from "./support/steps.mjs";
import { FRONTEND } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { composeTwoHands, reasonNotToScore } from "./support/setup.mjs";

const ARTIFACTS = join(FRONTEND, "e2e-artifacts", "reading-session");
const SECOND_READER = { username: "dr.sidorova", password: "violet-harbour-1987" };
const SESSION = "E2E reader study";
const skip = reasonNotToScore();

let service;
let browser;
let films;

before(async () => {
  if (skip) return;
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const twoHands = composeTwoHands(ARTIFACTS);
  films = ["baseline.png", "year-one.png"].map((name) => {
    const path = join(ARTIFACTS, name);
    copyFileSync(twoHands, path);
    return { name, path, fields: {} };
  });
  films[1].fields = { visitDate: "2026-03-01" };
  ensureChromium();
  service = await startService(ARTIFACTS);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

async function signedIn(credentials) {
  const context = await browser.newContext({ baseURL: service.url, acceptDownloads: true, viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto("/");
  await new LoginScreen(page).signIn(credentials);
  await new DisclaimerScreen(page).accept();
  await page.getByRole("heading", { name: "Worklist" }).waitFor();
  return { context, page };
}

/** The grades each reader types, joint by joint down a column: they agree on most joints; on rows
 * 0, 5 and 10 of each column they are two grades apart (within the JSN range: at most 4). */
const FIRST_READER_GRADES = (row) => row % 4;
const SECOND_READER_GRADES = (row) => (row % 5 === 0 ? (row % 4) + 2 : row % 4);

/** Opens the session from the list and reads both films; returns what the reading view showed. */
async function readEveryFilm(page, gradeOf) {
  await page.getByRole("link", { name: "Reading sessions", exact: true }).click();
  const row = page.getByTestId("session-row").filter({ hasText: SESSION });
  await row.getByRole("link", { name: "Read" }).click();
  const reading = new ReadingScreen(page);
  const seen = [];
  for (const position of ["Film 1 of 2", "Film 2 of 2"]) {
    await eventually(async () => (await reading.position()) === position, `the reading view at ${position}`, 30_000);
    await page.getByTestId("score-table").waitFor();
    const header = await page.locator(".study-header").innerText();
    const before = await page.getByTestId("score-table").getByRole("combobox").allTextContents();
    seen.push({ header, before });
    await reading.gradeAll(gradeOf);
    await reading.finish();
  }
  await page.getByText("You have read every film of this session.").waitFor();
  return seen;
}

test("two blinded readers grade a reading session from the keyboard; the administrator reads the agreement report", { skip: skip ?? false, timeout: 20 * 60_000 }, async (t) => {
  const admin = await signedIn(ADMIN);
  const contexts = [admin.context];
  const step = chainedSteps(t, () => admin.page.screenshot({ path: join(ARTIFACTS, "failure.png") }));

  try {
    await step("the administrator creates the second reader", async () => {
      await admin.page.getByRole("link", { name: "Users" }).click();
      const form = admin.page.getByRole("form", { name: "New account" });
      await form.getByLabel("Username").fill(SECOND_READER.username);
      await form.getByLabel("First password").fill(SECOND_READER.password);
      await form.getByRole("button", { name: "Create account" }).click();
      await form.getByRole("status").getByText(`Account ${SECOND_READER.username} created.`).waitFor();
    });

    await step("two films of one patient are uploaded and analysed", async () => {
      await new UploadScreen(admin.page).uploadEach({ patientCode: "E2E-RS1", visitDate: "2025-03-01" }, films);
      await eventually(
        async () => {
          const listed = await (await admin.page.request.get("/api/studies?limit=10")).json();
          return listed.items.filter((s) => s.status === "done").length === 2;
        },
        "both films analysed",
        10 * 60_000,
        2000,
      );
    });

    await step("the administrator sets up a blinded session, model grades hidden, random order", async () => {
      await admin.page.getByRole("link", { name: "Reading sessions", exact: true }).click();
      const form = admin.page.getByRole("form", { name: "New reading session" });
      await form.getByLabel("Session name").fill(SESSION);
      for (const { name } of films) await form.getByTestId("study-choices").getByLabel(name).check();
      for (const reader of [ADMIN.username, SECOND_READER.username])
        await form.getByTestId("reader-choices").getByLabel(reader, { exact: true }).check();
      assert.equal(await form.getByLabel("Readers blind to each other").isChecked(), true);
      assert.equal(await form.getByLabel("Show the model's grades to the readers").isChecked(), false);
      assert.equal(await form.getByLabel(/Visit order random and hidden/).isChecked(), true);
      await form.getByRole("button", { name: "Create session" }).click();
      await form.getByRole("status").getByText(`Session ${SESSION} created.`).waitFor();
      const row = admin.page.getByTestId("session-row").filter({ hasText: SESSION });
      assert.match(await row.innerText(), /0 of 2 read[\s\S]*0 of 2 read/);
    });

    let firstReaderGrades;
    await step("the first reader grades both films from the keyboard: nothing identifies the patient", async () => {
      const seen = await readEveryFilm(admin.page, FIRST_READER_GRADES);
      for (const { header, before } of seen) {
        assert.doesNotMatch(header, /E2E-RS1|baseline|year-one|2025|2026/, "random order shows no patient code, date or file name");
        assert.ok(before.every((grade) => grade === "—"), "the model's grades are hidden: the table starts empty");
      }
      firstReaderGrades = await admin.page.getByTestId("score-table").getByRole("combobox").allTextContents();
      assert.ok(firstReaderGrades.every((grade) => /^[0-3]$/.test(grade)));
    });

    await step("the second reader, in a browser of their own, never sees the first reader's grades", async () => {
      const second = await signedIn(SECOND_READER);
      contexts.push(second.context);
      await second.page.getByRole("link", { name: "Reading sessions", exact: true }).click();
      const row = second.page.getByTestId("session-row").filter({ hasText: SESSION });
      await row.getByTestId("reader-progress").first().waitFor();
      assert.equal(await row.getByTestId("reader-progress").count(), 1, "a blinded reader sees only their own progress");
      assert.doesNotMatch(await row.innerText(), new RegExp(ADMIN.username));
      const seen = await readEveryFilm(second.page, SECOND_READER_GRADES);
      for (const { before } of seen) assert.ok(before.every((grade) => grade === "—"), "the first reader's grades are not shown");
      await second.page.screenshot({ path: join(ARTIFACTS, "second-reader-done.png") });
    });

    await step("the administrator settles a disagreement and opens the agreement report", async () => {
      await admin.page.getByRole("link", { name: "Reading sessions", exact: true }).click();
      const row = admin.page.getByTestId("session-row").filter({ hasText: SESSION });
      await eventually(async () => /2 of 2 read[\s\S]*2 of 2 read/.test(await row.innerText()), "both readers finished", 30_000);
      await row.getByRole("link", { name: "Open session" }).click();

      await admin.page.getByRole("link", { name: "Adjudicate disagreements" }).click();
      const disagreement = admin.page.getByTestId("disagreement").first();
      await disagreement.waitFor();
      const grades = await disagreement.locator("td.num").allTextContents(); // each reader's, then the consensus
      assert.equal(Math.abs(Number(grades[0]) - Number(grades[1])), 2, "the readers are two grades apart");
      await disagreement.getByRole("combobox").selectOption(grades[0]);
      await eventually(async () => (await disagreement.getByRole("combobox").inputValue()) === grades[0], "the final grade recorded", 30_000);

      await admin.page.getByRole("link", { name: "← Session" }).click();
      await admin.page.getByRole("link", { name: "Agreement report" }).click();
      await admin.page.getByTestId("agreement-erosion").waitFor();
      assert.match(await admin.page.getByTestId("icc").innerText(), /^(-?\d\.\d\d|—)$/);
      const pair = await admin.page.getByTestId("agreement-erosion").getByRole("row", { name: new RegExp(SECOND_READER.username) }).innerText();
      assert.match(pair, /\d\.\d\d/, "kappa and QWK of the two readers");
      assert.match(await admin.page.getByTestId("disagreement-count").innerText(), /^[1-9]\d* joint grades differ[\s\S]*1 of them settled/);
      await admin.page.screenshot({ path: join(ARTIFACTS, "agreement-report.png"), fullPage: true });
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});
