// The real UI in a real browser under the service's own protections: the Content-Security-Policy
// (no violation while signing in and opening the worklist) and the refusal of cross-site changes
// (the browser's own same-origin sign-in and disclaimer acceptance pass it). Needs no models.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { DisclaimerScreen, LoginScreen } from "./support/pages.mjs";
import { FRONTEND } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { uiNotBuilt } from "./support/setup.mjs";

const ARTIFACTS = join(FRONTEND, "e2e-artifacts", "browser-security");
const skip = uiNotBuilt();

let service;
let browser;

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  ensureChromium();
  service = await startService(ARTIFACTS);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

test("the UI works under its security policy and its own changes pass the origin check", { skip: skip ?? false, timeout: 5 * 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: service.url });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const violations = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(String(error)));

  const home = await page.goto("/");
  assert.match(home.headers()["content-security-policy"], /frame-ancestors 'none'/);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await new LoginScreen(page).signIn(ADMIN);
  await new DisclaimerScreen(page).accept();
  await page.getByRole("heading", { name: "Worklist" }).waitFor();
  assert.deepEqual(violations, []);

  // The same change sent by another origin's page is refused, with the reason.
  const forged = await page.request.post("/api/auth/logout", { headers: { Origin: "http://evil.example" } });
  assert.equal(forged.status(), 403);
  assert.match((await forged.json()).detail, /evil\.example/);
  await context.close();
});
