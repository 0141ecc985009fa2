// Starts the real service (`rasharp-serve`: embedded PostgreSQL and Redis, a Celery worker and
// the API serving the built UI) on a free port with a temporary data directory.
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./paths.mjs";

export const ADMIN = { username: "admin", password: "e2e-admin-password" };

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rasharp-serve exited with ${child.exitCode}; see its log`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`rasharp-serve did not answer ${url}/api/health within ${timeoutMs / 1000} s`);
}

/** A free port, an empty data directory, the log file and the environment of a service under test. */
async function serviceSetting(artifacts) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "rasharp-e2e-"));
  const log = createWriteStream(join(artifacts, "service.log"));
  const env = { ...process.env, RASHARP_ADMIN_PASSWORD: ADMIN.password };
  // the embedded engines are the ones under test: no outside servers
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  return { port, dataDir, log, env, url: `http://127.0.0.1:${port}` };
}

/** `moreEnv`: settings of the service under test, e.g. { RASHARP_IMPORT_ROOT: folder }. */
export async function startService(artifacts, moreEnv = {}) {
  const { port, dataDir, log, env: baseEnv, url } = await serviceSetting(artifacts);
  const env = { ...baseEnv, ...moreEnv };
  const child = spawn(
    join(REPO, ".venv/bin/rasharp-serve"),
    ["--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDir],
    { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  await waitForHealth(url, child, 180_000);
  return { url, dataDir, stop: () => stopChild(child) };
}

/** Resolves with the JSON line the engines script prints once PostgreSQL, Redis and the worker run. */
function engineSettings(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`the engines did not start within ${timeoutMs / 1000} s; see the log`)), timeoutMs);
    const onData = (chunk) => {
      seen += chunk;
      const line = seen.split("\n").find((l) => l.startsWith("{"));
      if (!line) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      resolve(JSON.parse(line));
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.once("exit", (code) => reject(new Error(`the engines exited with ${code}; see the log`)));
  });
}

function stopChild(child, signalName = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signalName);
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, 90_000);
  return exited.finally(() => clearTimeout(timer));
}

/**
 * The same service, with the API in a process of its own: PostgreSQL, Redis and the worker keep
 * running (e2e/support/engines.py) while `stopApi` and `startApi` stop and start the API
 * (`rasharp-serve --no-worker`) on the same address.
 */
export async function startServiceWithSeparateApi(artifacts) {
  const { port, dataDir, log, env, url } = await serviceSetting(artifacts);
  const engines = spawn(
    join(REPO, ".venv/bin/python"),
    [join(REPO, "frontend/e2e/support/engines.py"), dataDir],
    { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  engines.stderr.pipe(log, { end: false });
  const settings = await engineSettings(engines, 180_000);
  engines.stdout.pipe(log, { end: false });

  let api = null;
  const startApi = async () => {
    api = spawn(
      join(REPO, ".venv/bin/rasharp-serve"),
      ["--no-worker", "--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDir],
      { cwd: REPO, env: { ...env, ...settings }, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    api.stdout.pipe(log, { end: false });
    api.stderr.pipe(log, { end: false });
    await waitForHealth(url, api, 180_000);
  };
  /** Stops the API process only; what it was doing is cut short as by a crash or a redeploy. */
  const stopApi = () => stopChild(api);

  try {
    await startApi();
  } catch (error) {
    await stopChild(engines);
    throw error;
  }
  const stop = async () => {
    await stopApi();
    await stopChild(engines);
  };
  return { url, dataDir, startApi, stopApi, stop };
}
