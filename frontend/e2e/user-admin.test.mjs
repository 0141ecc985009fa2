// An administrator manages accounts in the UI: creates a reader, who signs in and sees no user
// administration; disabling the reader ends their session at once. Needs no models.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureChromium, launchBrowser } from "./support/browser.mjs";
import { DisclaimerScreen, LoginScreen } from "./support/pages.mjs";
import { FRONTEND } from "./support/paths.mjs";
import { ADMIN, startService } from "./support/server.mjs";
import { uiNotBuilt } from "./support/setup.mjs";

const ARTIFACTS = join(FRONTEND, "e2e-artifacts", "user-admin");
const READER = { username: "dr.petrova", password: "amber-lighthouse-2031" };
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

async function signedIn(credentials) {
  const context = await browser.newContext({ baseURL: service.url });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto("/");
  await new LoginScreen(page).signIn(credentials);
  await new DisclaimerScreen(page).accept();
  await page.getByRole("heading", { name: "Worklist" }).waitFor();
  return { context, page };
}

test("an administrator creates a reader in the UI, and disabling them ends their session", { skip: skip ?? false, timeout: 5 * 60_000 }, async () => {
  const admin = await signedIn(ADMIN);
  await admin.page.getByRole("link", { name: "Users" }).click();
  const form = admin.page.getByRole("form", { name: "New account" });
  await form.getByLabel("Username").fill(READER.username);
  await form.getByLabel("First password").fill(READER.password);
  await form.getByRole("button", { name: "Create account" }).click();
  await form.getByRole("status").getByText(`Account ${READER.username} created.`).waitFor();
  const row = admin.page.getByTestId("account-row").filter({ hasText: READER.username });
  assert.match(await row.innerText(), /Reader[\s\S]*Active/);

  const reader = await signedIn(READER);
  assert.equal(await reader.page.getByRole("link", { name: "Users" }).count(), 0, "a reader is offered user administration");
  const refused = await reader.page.request.get("/api/users");
  assert.equal(refused.status(), 403);

  await row.getByRole("button", { name: "Disable" }).click();
  await row.getByRole("button", { name: "Disable" }).click(); // the confirmation
  await row.getByText("Disabled", { exact: true }).waitFor();

  await reader.page.reload();
  await reader.page.getByRole("heading", { name: "Sign in" }).waitFor();
  await new LoginScreen(reader.page).signIn(READER);
  await reader.page.getByRole("alert").waitFor();
  assert.equal(await reader.page.getByRole("heading", { name: "Worklist" }).count(), 0);
  await reader.context.close();
  await admin.context.close();
});
